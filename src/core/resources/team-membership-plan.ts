import { patchTeamRequest } from "../api/teams";
import type { TeamInstruction } from "../patch/team-instructions";
import { DEFAULT_MAX_BATCH_SIZE } from "../session/membership-batcher";
import type { TeamPatchRequest } from "./team-plan";

// The requests TeamMemberships send, planned without I/O: the membership batcher sends what these return,
// and `explain` shows them.

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

function membershipInstructions(add: readonly string[], remove: readonly string[]): TeamInstruction[] {
  const instructions: TeamInstruction[] = [];
  if (remove.length > 0) instructions.push({ kind: "removeMembers", values: [...remove] });
  if (add.length > 0) instructions.push({ kind: "addMembers", values: [...add] });
  return instructions;
}
