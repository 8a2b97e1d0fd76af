import type { ApiRequest } from "../client/http";
import { patchTeamRequest, patchTeamsRequest } from "../api/teams";
import type { AddMembersToTeams, BulkTeamsSemanticPatch } from "../patch/bulk-team-instructions";
import type { TeamInstruction } from "../patch/team-instructions";
import type { TeamPatchRequest } from "./team-plan";

// The requests TeamMemberships send, planned without I/O: the membership batcher sends what these return,
// and `explain` shows them.

/** Member ids per membership PATCH (pairs per bulk request). The API documents no limit; 100 keeps a request small and a bisection short. */
export const DEFAULT_MAX_BATCH_SIZE = 100;

export const MEMBERSHIP_COMMENT = "Team membership managed by Pulumi (pulumi-launchdarkly-access)";

/**
 * The `PATCH /teams/{key}` of one coalesced batch: removals first, then additions. A batch that adds asks for
 * `expand=members` (documented for this operation): the member count verifies that every addition held.
 */
export function planMembershipBatch(teamKey: string, add: readonly string[], remove: readonly string[]): TeamPatchRequest {
  return patchTeamRequest(teamKey, { comment: MEMBERSHIP_COMMENT, instructions: membershipInstructions(add, remove) }, add.length > 0 ? ["members"] : undefined);
}

/**
 * The fewest requests the pairs of one team cost when they reach the batcher together: one batch per
 * `maxBatchSize` ids, in the order given.
 */
export function planMembershipBatches(
  teamKey: string,
  operation: "add" | "remove",
  memberIds: readonly string[],
  maxBatchSize = DEFAULT_MAX_BATCH_SIZE,
): TeamPatchRequest[] {
  const requests: TeamPatchRequest[] = [];
  for (let start = 0; start < memberIds.length; start += maxBatchSize) {
    const ids = memberIds.slice(start, start + maxBatchSize);
    requests.push(operation === "add" ? planMembershipBatch(teamKey, ids, []) : planMembershipBatch(teamKey, [], ids));
  }
  return requests;
}

export type BulkMembershipRequest = ApiRequest & { body: BulkTeamsSemanticPatch };

/** Additions of several teams: team key → member ids, in arrival order. */
export type TeamAdditions = ReadonlyMap<string, readonly string[]>;

/**
 * Whether one bulk request may carry several `addMembersToTeams` instructions. The spec types `instructions` as
 * an array but shows one; where LaunchDarkly refuses more, each request carries one (docs/decisions/0036).
 */
export type BulkInstructionsPerRequest = "several" | "one";

/**
 * The additions as `addMembersToTeams` instructions, each an exact member × team product (it adds every listed
 * member to every listed team, so a product may not cover a pair that is not pending): teams with the same member
 * ids share an instruction, or members with the same teams do, whichever makes fewer. Teams in key order.
 */
export function additionInstructions(additions: TeamAdditions): AddMembersToTeams[] {
  const teams = [...additions.keys()].filter((key) => additions.get(key)!.length > 0).sort((a, b) => a.localeCompare(b));
  const byMembers = new Map<string, AddMembersToTeams>();
  for (const teamKey of teams) {
    const ids = [...new Set(additions.get(teamKey)!)];
    const group = [...ids].sort().join("\n");
    const instruction = byMembers.get(group);
    if (instruction) instruction.teamKeys.push(teamKey);
    else byMembers.set(group, { kind: "addMembersToTeams", memberIDs: ids, teamKeys: [teamKey] });
  }
  const teamsOf = new Map<string, string[]>();
  for (const teamKey of teams) {
    for (const id of new Set(additions.get(teamKey)!)) teamsOf.set(id, [...(teamsOf.get(id) ?? []), teamKey]);
  }
  const byTeams = new Map<string, AddMembersToTeams>();
  for (const [id, teamKeys] of teamsOf) {
    const group = teamKeys.join("\n");
    const instruction = byTeams.get(group);
    if (instruction) instruction.memberIDs.push(id);
    else byTeams.set(group, { kind: "addMembersToTeams", memberIDs: [id], teamKeys });
  }
  return [...(byTeams.size < byMembers.size ? byTeams : byMembers).values()];
}

/**
 * The bulk `PATCH /teams` requests of one batch of additions: one request holding every instruction, or one
 * request per instruction where LaunchDarkly refuses several.
 */
export function planBulkMembershipAdditions(additions: TeamAdditions, instructionsPerRequest: BulkInstructionsPerRequest): BulkMembershipRequest[] {
  const instructions = additionInstructions(additions);
  if (instructions.length === 0) return [];
  const groups = instructionsPerRequest === "several" ? [instructions] : instructions.map((instruction) => [instruction]);
  return groups.map((group) => patchTeamsRequest({ comment: MEMBERSHIP_COMMENT, instructions: group }));
}

/** The (team, member) pairs a bulk request adds, per team in the order its instructions name them. */
export function bulkRequestPairs(request: BulkMembershipRequest): Map<string, string[]> {
  const pairs = new Map<string, string[]>();
  for (const instruction of request.body.instructions) {
    if (instruction.kind !== "addMembersToTeams") continue;
    for (const teamKey of instruction.teamKeys) {
      const ids = pairs.get(teamKey) ?? [];
      for (const id of instruction.memberIDs) if (!ids.includes(id)) ids.push(id);
      pairs.set(teamKey, ids);
    }
  }
  return pairs;
}

function membershipInstructions(add: readonly string[], remove: readonly string[]): TeamInstruction[] {
  const instructions: TeamInstruction[] = [];
  if (remove.length > 0) instructions.push({ kind: "removeMembers", values: [...remove] });
  if (add.length > 0) instructions.push({ kind: "addMembers", values: [...add] });
  return instructions;
}
