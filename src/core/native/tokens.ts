import type { ResourceKind } from "../resources/props";

/** The Pulumi package name of the native plugin (`pulumi-resource-launchdarkly-access`). */
export const PACKAGE_NAME = "launchdarkly-access";

/** Resource type tokens of the native plugin, one per resource kind of the core. */
export const RESOURCE_TOKENS: Record<ResourceKind, string> = {
  customRole: `${PACKAGE_NAME}:index:CustomRole`,
  member: `${PACKAGE_NAME}:index:Member`,
  team: `${PACKAGE_NAME}:index:Team`,
  teamMembership: `${PACKAGE_NAME}:index:TeamMembership`,
};

const KIND_BY_TOKEN = new Map(Object.entries(RESOURCE_TOKENS).map(([kind, token]) => [token, kind as ResourceKind]));

/** The resource kind a URN's type names (`urn:pulumi:stack::project::launchdarkly-access:index:Team::name`). */
export function kindOfUrn(urn: string): ResourceKind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = KIND_BY_TOKEN.get(type);
  if (!kind) throw new Error(`${PACKAGE_NAME}: unknown resource type "${type}" (this provider serves ${[...KIND_BY_TOKEN.keys()].join(", ")})`);
  return kind;
}
