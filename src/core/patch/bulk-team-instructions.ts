import { z } from "zod";

/**
 * The two instruction kinds of the beta bulk `PATCH /api/v2/teams` (operation `patchTeams`, tag "Teams (beta)"),
 * with the exact parameter names of the API. Strict schemas, as for the single-team instructions.
 */
export const bulkTeamInstructionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("addMembersToTeams"), memberIDs: z.array(z.string()), teamKeys: z.array(z.string()) }),
  z.strictObject({
    kind: z.literal("addAllMembersToTeams"),
    teamKeys: z.array(z.string()),
    filterLastSeen: z.record(z.string(), z.unknown()).optional(),
    filterQuery: z.string().optional(),
    filterRoles: z.union([z.string(), z.array(z.string())]).optional(),
    filterTeamKey: z.string().optional(),
    ignoredMemberIDs: z.array(z.string()).optional(),
  }),
]);

export type BulkTeamInstruction = z.infer<typeof bulkTeamInstructionSchema>;
export type BulkTeamInstructionKind = BulkTeamInstruction["kind"];
export type AddMembersToTeams = Extract<BulkTeamInstruction, { kind: "addMembersToTeams" }>;

export const BULK_TEAM_INSTRUCTION_KINDS = ["addMembersToTeams", "addAllMembersToTeams"] as const satisfies readonly BulkTeamInstructionKind[];

/** Semantic patch body of `PATCH /teams` (`teamsPatchInput`). */
export interface BulkTeamsSemanticPatch {
  comment?: string;
  instructions: BulkTeamInstruction[];
}
