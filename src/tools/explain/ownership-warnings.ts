import { UNKNOWN_VALUE } from "../../core/resources/common-schemas";
import { resourceName, type PreviewStep } from "./preview-json";
import { typeNameOfUrn } from "./unknown-values";

/**
 * A plan that creates one resource and deletes another pointing at the same LaunchDarkly object (a member's
 * email, a team's or role's key, a team membership's pair) is almost always a renamed resource. Without
 * `aliases` that costs a create and a delete, and without `adoptExisting` the create fails on the taken
 * email or key. The reviewer sees it before `up`.
 */
const IDENTITY: Record<string, { label: string; of: (props: Record<string, unknown>) => string | undefined }> = {
  Member: { label: "email", of: (p) => (typeof p.email === "string" ? p.email.toLowerCase() : undefined) },
  Team: { label: "key", of: (p) => (typeof p.key === "string" ? p.key : undefined) },
  CustomRole: { label: "key", of: (p) => (typeof p.key === "string" ? p.key : undefined) },
  TeamMembership: {
    label: "team and member",
    of: (p) => (typeof p.teamKey === "string" && typeof p.memberId === "string" ? `${p.teamKey}/${p.memberId}` : undefined),
  },
};

interface Side {
  typeName: string;
  name: string;
  identity: string;
  adoptExisting: boolean;
}

export function ownershipWarnings(previewSteps: readonly PreviewStep[]): string[] {
  const created: Side[] = [];
  const deleted: Side[] = [];
  for (const step of previewSteps) {
    const typeName = typeNameOfUrn(step.urn);
    const identity = IDENTITY[typeName];
    if (!identity) continue;
    if (["create", "create-replacement"].includes(step.op) && step.newState) {
      const value = identity.of(step.newState.inputs);
      if (value !== undefined && !value.includes(UNKNOWN_VALUE)) {
        created.push({ typeName, name: resourceName(step.urn), identity: value, adoptExisting: step.newState.inputs.adoptExisting === true });
      }
    }
    if (["delete", "delete-replaced"].includes(step.op) && step.oldState) {
      const value = identity.of(step.oldState.outputs);
      if (value !== undefined) deleted.push({ typeName, name: resourceName(step.urn), identity: value, adoptExisting: false });
    }
  }
  const warnings: string[] = [];
  for (const gone of deleted) {
    const taker = created.find((c) => c.typeName === gone.typeName && c.identity === gone.identity && c.name !== gone.name);
    if (!taker) continue;
    const label = IDENTITY[gone.typeName]!.label;
    const outcome =
      taker.adoptExisting || gone.typeName === "TeamMembership"
        ? `\`up\` hands the object over to \`${taker.name}\` instead of deleting it`
        : `\`up\` fails: the ${label} is taken until \`${gone.name}\` is deleted, which Pulumi does last`;
    warnings.push(
      `${gone.typeName} \`${gone.name}\` is deleted and ${taker.typeName} \`${taker.name}\` is created with the same ${label} \`${gone.identity}\`. ` +
        `If this is a rename, add \`aliases: [{ name: "${gone.name}" }]\` to \`${taker.name}\`'s options: then nothing is sent. As planned, ${outcome}.`,
    );
  }
  return warnings;
}
