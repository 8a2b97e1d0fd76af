import { LaunchDarklyApiError } from "../client/errors";
import type { Props, ResourceKind } from "../resources/props";

export type ProviderOperation = "check" | "diff" | "create" | "read" | "update" | "delete";

const RESOURCE_NAME: Record<ResourceKind, string> = {
  member: "Member",
  team: "Team",
  teamMembership: "TeamMembership",
  customRole: "CustomRole",
};

/**
 * The resource property to change for an API failure the settings do not explain: a 404 on the team a
 * membership names, an object deleted outside Pulumi, a 400 on references to roles or members that do not
 * exist. Decided by resource kind, operation, status and the request's path, never by the API's message text.
 */
export function propertyFix(kind: ResourceKind, operation: ProviderOperation, id: string, props: Props, error: LaunchDarklyApiError): string | undefined {
  if (error.failure !== "response") return undefined;
  const resource = RESOURCE_NAME[kind];
  if (error.status === 404) {
    if (kind === "teamMembership" && error.path.startsWith("/api/v2/teams/")) {
      const teamKey = String(props.teamKey ?? id.split("/")[0] ?? "");
      return (
        `${resource} property teamKey is "${teamKey}", and LaunchDarkly has no team with that key: declare the team with a Team resource ` +
        `and pass its \`key\` output (so Pulumi creates it first), or correct teamKey`
      );
    }
    if ((operation === "update" || operation === "delete") && ownPath(kind, id, props) === error.path) {
      return `this ${resource} (${describe(kind, id, props)}) no longer exists in LaunchDarkly: run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again`;
    }
    return undefined;
  }
  if (error.status === 400 && (operation === "create" || operation === "update")) {
    if (kind === "member" && error.path.startsWith("/api/v2/members")) {
      return `check ${resource} property customRoles (${list(props.customRoles)}): each must be the key of an existing custom role; pass a CustomRole's \`key\` output so Pulumi creates it first`;
    }
    if (kind === "team" && error.path.startsWith("/api/v2/teams")) {
      return (
        `check ${resource} properties customRoleKeys (${list(props.customRoleKeys)}), maintainers (${list(props.maintainers)}) and memberIds (${list(props.memberIds)}): ` +
        `every custom role key and member id must exist in the account; pass CustomRole \`key\` and Member \`id\` outputs so Pulumi creates them first`
      );
    }
  }
  return undefined;
}

/** The error with the property fix, when one applies; otherwise unchanged. */
export function withPropertyFix(kind: ResourceKind, operation: ProviderOperation, id: string, props: Props, error: LaunchDarklyApiError): LaunchDarklyApiError {
  const fix = propertyFix(kind, operation, id, props, error);
  return fix ? error.withFix(fix) : error;
}

function ownPath(kind: ResourceKind, id: string, props: Props): string | undefined {
  switch (kind) {
    case "member":
      return `/api/v2/members/${encodeURIComponent(id)}`;
    case "team":
      return `/api/v2/teams/${encodeURIComponent(String(props.key ?? id))}`;
    case "customRole":
      return `/api/v2/roles/${encodeURIComponent(String(props.key ?? id))}`;
    case "teamMembership":
      return undefined;
  }
}

function describe(kind: ResourceKind, id: string, props: Props): string {
  if (kind === "member") return typeof props.email === "string" ? `${props.email}, id ${id}` : `id ${id}`;
  return `key "${String(props.key ?? id)}"`;
}

function list(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.map((v) => `"${String(v)}"`).join(", ") : "none";
}
