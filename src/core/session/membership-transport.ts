import { listMembers } from "../api/members";
import { membersWithIds } from "../api/member-filters";
import { sendTeamWrite, type Team as ApiTeam } from "../api/teams";
import { LaunchDarklyApiError } from "../client/errors";
import type { LaunchDarklyClient } from "../client/http";
import { collect, PAGE_SIZE } from "../client/paginate";
import { planMembershipBatch } from "../resources/team-membership-plan";
import type { MemberDirectory } from "./member-directory";
import type { MembershipTransport } from "./membership-batcher";
import type { TeamMembersCache } from "./team-members-cache";

/** How many member ids one `filter=id:a|b|…` lookup carries (keeps the URL short). */
const ID_FILTER_CHUNK = 100;

/**
 * How the session's membership batcher writes: one verified semantic patch per batch, keeping the team
 * members cache exact and recording the emails of members it looks up.
 */
export function membershipTransport(client: LaunchDarklyClient, teamMembers: TeamMembersCache, directory: MemberDirectory): MembershipTransport {
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

    async unknownMembers(memberIds) {
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
    },
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
