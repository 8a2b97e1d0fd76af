import { z } from "zod";

/**
 * The 13 instruction kinds of `PATCH /api/v2/teams/{teamKey}` (semantic patch), with the exact parameter
 * names of the API. Strict schemas: an unknown parameter is an error, as the real API answers
 * `unknown field "<name>"`.
 */
const values = z.array(z.string());
const roleAttributeValues = z.array(z.string());

export const teamInstructionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("addCustomRoles"), values }),
  z.strictObject({ kind: z.literal("removeCustomRoles"), values }),
  z.strictObject({ kind: z.literal("addMembers"), values }),
  z.strictObject({ kind: z.literal("removeMembers"), values }),
  z.strictObject({ kind: z.literal("replaceMembers"), values }),
  z.strictObject({ kind: z.literal("addPermissionGrants"), memberIDs: values, actionSet: z.string().optional(), actions: values.optional() }),
  z.strictObject({ kind: z.literal("removePermissionGrants"), memberIDs: values, actionSet: z.string().optional(), actions: values.optional() }),
  z.strictObject({ kind: z.literal("addRoleAttribute"), key: z.string(), values: roleAttributeValues }),
  z.strictObject({ kind: z.literal("updateRoleAttribute"), key: z.string(), values: roleAttributeValues }),
  z.strictObject({ kind: z.literal("removeRoleAttribute"), key: z.string() }),
  z.strictObject({ kind: z.literal("replaceRoleAttributes"), value: z.record(z.string(), roleAttributeValues) }),
  z.strictObject({ kind: z.literal("updateName"), value: z.string() }),
  z.strictObject({ kind: z.literal("updateDescription"), value: z.string() }),
]);

export type TeamInstruction = z.infer<typeof teamInstructionSchema>;
export type TeamInstructionKind = TeamInstruction["kind"];

export const TEAM_INSTRUCTION_KINDS = [
  "addCustomRoles",
  "removeCustomRoles",
  "addMembers",
  "removeMembers",
  "replaceMembers",
  "addPermissionGrants",
  "removePermissionGrants",
  "addRoleAttribute",
  "updateRoleAttribute",
  "removeRoleAttribute",
  "replaceRoleAttributes",
  "updateName",
  "updateDescription",
] as const satisfies readonly TeamInstructionKind[];

/** Semantic patch body for one team. */
export interface TeamSemanticPatch {
  comment?: string;
  instructions: TeamInstruction[];
}

export const SEMANTIC_PATCH_CONTENT_TYPE = "application/json; domain-model=launchdarkly.semanticpatch";
