import { listMembers } from "../api/members";
import { membersWithIds } from "../api/member-filters";
import { sendBulkTeamsPatch, sendTeamWrite, type Team as ApiTeam } from "../api/teams";
import { LaunchDarklyApiError } from "../client/errors";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import { bulkRequestPairs, planMembershipBatch, type BulkMembershipRequest } from "../resources/team-membership-plan";
import type { MemberDirectory } from "./member-directory";
import type { BulkTeamOutcome, MembershipTransport } from "./membership-batcher";
import type { TeamMembersCache } from "./team-members-cache";

/** How many member ids one `filter=id:a|b|…` lookup carries (keeps the URL short). */
const ID_FILTER_CHUNK = 100;

/**
 * How the session's membership batcher writes: one verified semantic patch per team batch, or one bulk
 * `PATCH /teams` for the additions of several teams, keeping the team members cache exact and recording the
 * emails of members it looks up.
 */
export function membershipTransport(client: LaunchDarklyClient, teamMembers: TeamMembersCache, directory: MemberDirectory): MembershipTransport {
  const unknownMembers = async (memberIds: readonly string[]): Promise<ReadonlySet<string>> => {
    const known = new Set<string>();
    for (let start = 0; start < memberIds.length; start += ID_FILTER_CHUNK) {
      const chunk = memberIds.slice(start, start + ID_FILTER_CHUNK);
      const found = await collect(listMembers(client, { filter: membersWithIds(chunk), pageSize: PAGE_SIZE.members }));
      for (const member of found) {
        known.add(member._id);
        directory.remember(member._id, member.email);
      }
    }
    return new Set(memberIds.filter((id) => !known.has(id)));
  };

  return {
    async send(teamKey, add, remove) {
      // Taken before the write: the members the team held, when this session knows them (a create reads them first).
      const before = add.length > 0 ? teamMembers.cached(teamKey) : undefined;
      let team: ApiTeam;
      try {
        team = await sendTeamWrite(client, planMembershipBatch(teamKey, add, remove));
      } catch (error) {
        // A 4xx changed nothing (a semantic patch is all-or-nothing); any other failure may have hidden a write.
        if (!(LaunchDarklyApiError.is(error) && error.status >= 400 && error.status < 500)) teamMembers.invalidate(teamKey);
        throw error;
      }
      if (add.length === 0) {
        // Removing an id the team does not hold (or that names no member) leaves the state asked for: nothing to verify.
        teamMembers.applyWrite(teamKey, add, remove);
        return { notAdded: [] };
      }
      const notAdded = await additionsNotHeld(teamMembers, teamKey, add, remove, team, before);
      teamMembers.applyWrite(teamKey, add.filter((id) => !notAdded.includes(id)), remove);
      return { notAdded };
    },

    async sendBulk(request) {
      return bulkOutcomes(client, teamMembers, directory, request, unknownMembers);
    },

    unknownMembers,
  };
}

/**
 * The additions of a write that the team does not hold afterwards: LaunchDarkly may ignore an unknown member id
 * instead of rejecting it. `expand=members` gives the member count only, so the write is proven when the count is
 * exactly what the members held before, plus additions, minus removals, make; otherwise (or when the earlier
 * members are not known) one listing of the team's members says which additions are missing.
 */
async function additionsNotHeld(
  teamMembers: TeamMembersCache,
  teamKey: string,
  add: readonly string[],
  remove: readonly string[],
  team: ApiTeam,
  before: Promise<ReadonlySet<string>> | undefined,
): Promise<string[]> {
  const held = await before?.catch(() => undefined);
  const count = team.members?.totalCount;
  if (held && count !== undefined) {
    const expected = new Set(held);
    for (const id of remove) expected.delete(id);
    for (const id of add) expected.add(id);
    if (count === expected.size) return [];
  }
  const live = await teamMembers.reload(teamKey);
  return add.filter((id) => !live.has(id));
}

/**
 * Sends one bulk `PATCH /teams` and says, per team it names, what became of the team's additions, keeping the
 * team members cache as the per-team write does: a team LaunchDarkly lists as updated gets the additions it holds;
 * a team it leaves out of both lists is dropped from the cache (its outcome is unknown); a team it lists in
 * `errors` was not updated. The answer names no per-team member count, so the additions of an updated team are
 * proven by the members existing: LaunchDarkly may leave an unknown member id out instead of refusing it, and
 * does nothing else to an existing one. Members this session has seen (written, listed) are known to exist;
 * the others cost one `filter=id:` lookup per 100 ids, which also records their emails.
 */
async function bulkOutcomes(
  client: LaunchDarklyClient,
  teamMembers: TeamMembersCache,
  directory: MemberDirectory,
  request: BulkMembershipRequest,
  unknownMembers: (memberIds: readonly string[]) => Promise<ReadonlySet<string>>,
): Promise<ReadonlyMap<string, BulkTeamOutcome>> {
  const pairs = bulkRequestPairs(request);
  let result;
  try {
    result = await sendBulkTeamsPatch(client, request);
  } catch (error) {
    if (!(LaunchDarklyApiError.is(error) && error.status >= 400 && error.status < 500)) for (const teamKey of pairs.keys()) teamMembers.invalidate(teamKey);
    throw error;
  }
  const failed = new Map<string, string>();
  for (const entry of result.errors ?? []) for (const [teamKey, message] of Object.entries(entry)) failed.set(teamKey, message);
  const updated = new Set(result.teamKeys ?? []);
  const outcomes = new Map<string, BulkTeamOutcome>();
  const toProve = new Set<string>();
  for (const [teamKey, ids] of pairs) {
    if (failed.has(teamKey)) outcomes.set(teamKey, { kind: "failed", message: failed.get(teamKey)! });
    else if (!updated.has(teamKey)) {
      teamMembers.invalidate(teamKey);
      outcomes.set(teamKey, { kind: "unknown" });
    } else for (const id of ids) if (directory.emailOf(id) === undefined) toProve.add(id);
  }
  let nobody: ReadonlySet<string> | undefined = new Set<string>();
  if (toProve.size > 0) nobody = await unknownMembers([...toProve]).catch(() => undefined);
  for (const [teamKey, ids] of pairs) {
    if (outcomes.has(teamKey)) continue;
    if (nobody === undefined) {
      // The lookup failed: the team's write stands, but which additions it holds is unproven.
      teamMembers.invalidate(teamKey);
      outcomes.set(teamKey, { kind: "unknown" });
      continue;
    }
    const unknown = ids.filter((id) => nobody.has(id));
    teamMembers.applyWrite(teamKey, ids.filter((id) => !nobody.has(id)), []);
    outcomes.set(teamKey, { kind: "added", unknownMembers: unknown });
  }
  return outcomes;
}
