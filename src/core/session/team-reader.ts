import type { ExpandOf } from "../api/documented-expands";
import type { Member as ApiMember } from "../api/members";
import { getTeam, teamsPage, type Team as ApiTeam } from "../api/teams";
import type { LaunchDarklyClient } from "../client/http";
import { PAGE_SIZE } from "../client/paginate";
import { AccountSnapshot } from "./account-snapshot";
import { CoalescingReader } from "./coalescing-reader";

/**
 * What a team read shows: its roles and maintainers (first 25 embedded, each with its `totalCount`; the
 * dedicated listings are paged only past that), role attributes and member count.
 */
export const TEAM_READ_EXPAND: ExpandOf<"getTeam">[] = ["roles", "maintainers", "roleAttributes", "members"];

/** All teams of the account, `GET /teams?limit=100` with the same expands as a single team read. */
export function createTeamSnapshot(client: LaunchDarklyClient): AccountSnapshot<ApiTeam> {
  return new AccountSnapshot((offset) => teamsPage(client, offset, { expand: TEAM_READ_EXPAND, pageSize: PAGE_SIZE.teams }), (team) => team.key);
}

/**
 * Team reads of one session. Concurrent reads are answered from the account's team snapshot when it is worth
 * taking (see `AccountSnapshot`); what it leaves, and a lone read while no snapshot was taken, cost one
 * `GET /teams/{key}` each (teams cannot be filtered by a list of keys).
 *
 * The team listing does not expand `roles` (20240415 changelog), but every member lists each of its teams
 * with the team's `customRoleKeys`: a listed team with members takes its roles from the member snapshot when
 * that is worth taking too (one `GET /teams/{key}/roles` per team is the demand it weighs). A team without
 * members, or one the member snapshot does not answer for, keeps no `roles`, and its read pages them.
 */
export function createTeamReader(client: LaunchDarklyClient, snapshot: AccountSnapshot<ApiTeam>, members: AccountSnapshot<ApiMember>): CoalescingReader<ApiTeam> {
  const one = (key: string): Promise<ApiTeam | undefined> => getTeam(client, key, TEAM_READ_EXPAND);
  return new CoalescingReader<ApiTeam>(
    {
      one: async (key) => {
        if (snapshot.taken()) {
          const { answered } = await snapshot.answer([key], 1);
          const team = answered.get(key);
          if (answered.has(key)) return team && (await withRolesFromMembers([team], members))[0];
        }
        return one(key);
      },
      many: async (keys) => {
        const { answered, unanswered } = await snapshot.answer(keys, keys.length);
        const found = await withRolesFromMembers([...answered.values()].filter((team): team is ApiTeam => team !== undefined), members);
        const rest = await Promise.all(unanswered.map(one));
        return [...found, ...rest.filter((team): team is ApiTeam => team !== undefined)];
      },
      keyOf: (team) => team.key,
    },
    { maxKeysPerRequest: Number.MAX_SAFE_INTEGER },
  );
}

async function withRolesFromMembers(teams: ApiTeam[], members: AccountSnapshot<ApiMember>): Promise<ApiTeam[]> {
  const lacking = teams.filter((team) => team.roles === undefined && (team.members?.totalCount ?? 1) > 0);
  if (lacking.length === 0) return teams;
  const everyone = await members.wholeFor(lacking.length);
  if (!everyone) return teams;
  const roleKeysByTeam = new Map<string, string[]>();
  for (const member of everyone.values()) {
    for (const team of member.teams ?? []) if (team.customRoleKeys) roleKeysByTeam.set(team.key, team.customRoleKeys);
  }
  return teams.map((team) => {
    const keys = team.roles === undefined ? roleKeysByTeam.get(team.key) : undefined;
    return keys ? { ...team, roles: { totalCount: keys.length, items: keys.map((key) => ({ key })) } } : team;
  });
}
