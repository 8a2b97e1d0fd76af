import { listTeamMaintainers, type Team as ApiTeam } from "../api/teams";
import { collect } from "../client/paginate";
import type { LaunchDarklyClient } from "../client/http";
import type { TeamInstruction } from "../patch/team-instructions";
import type { Session } from "../session/session";

/**
 * Whether a team write really added the member ids it named. Whether LaunchDarkly rejects an unknown member
 * id in `memberIDs` / `addMembers` / `replaceMembers` / `addPermissionGrants` or silently leaves it out is
 * undocumented; in the second case the write "succeeds" and only its result can tell. Each check is proven
 * from the write's response (`members.totalCount`, the embedded first page of `maintainers`) when it can be,
 * and costs one listing only when it cannot.
 */
export interface UnheldMembers {
  memberIds: string[];
  maintainers: string[];
}

export interface TeamMemberExpectation {
  /** Member ids the write added (create: all of them). */
  addedMembers: readonly string[];
  /** How many members the team has after the write when every addition held (authoritative `memberIds`). */
  expectedMemberCount: number;
  /** Member ids the write granted `maintainTeam`. */
  addedMaintainers: readonly string[];
  /** How many maintainers the team has after the write when every grant held (`maintainers` is a whole set). */
  expectedMaintainerCount: number;
}

export async function unheldMembers(session: Session, team: ApiTeam, expected: TeamMemberExpectation): Promise<UnheldMembers> {
  const [memberIds, maintainers] = await Promise.all([
    membersNotHeld(session, team, expected.addedMembers, expected.expectedMemberCount),
    maintainersNotHeld(session.client, team, expected.addedMaintainers, expected.expectedMaintainerCount),
  ]);
  return { memberIds, maintainers };
}

async function membersNotHeld(session: Session, team: ApiTeam, added: readonly string[], expectedCount: number): Promise<string[]> {
  if (added.length === 0 || team.members?.totalCount === expectedCount) return [];
  const live = await session.teamMembers.reload(team.key);
  return added.filter((id) => !live.has(id));
}

async function maintainersNotHeld(client: LaunchDarklyClient, team: ApiTeam, added: readonly string[], expectedCount: number): Promise<string[]> {
  if (added.length === 0 || team.maintainers?.totalCount === expectedCount) return [];
  const embedded = team.maintainers?.items?.map((member) => member._id);
  if (embedded) {
    const missing = added.filter((id) => !embedded.includes(id));
    const complete = team.maintainers?.totalCount === undefined || team.maintainers.totalCount <= embedded.length;
    if (missing.length === 0 || complete) return missing;
  }
  const held = new Set((await collect(listTeamMaintainers(client, team.key))).map((member) => member._id));
  return added.filter((id) => !held.has(id));
}

/** The member ids a team patch adds and grants, read from its instructions. */
export function addedByInstructions(instructions: readonly TeamInstruction[]): { members: string[]; maintainers: string[] } {
  const members: string[] = [];
  const maintainers: string[] = [];
  for (const instruction of instructions) {
    if (instruction.kind === "addMembers" || instruction.kind === "replaceMembers") members.push(...instruction.values);
    if (instruction.kind === "addPermissionGrants") maintainers.push(...instruction.memberIDs);
  }
  return { members, maintainers };
}

export function hasUnheld(unheld: UnheldMembers): boolean {
  return unheld.memberIds.length > 0 || unheld.maintainers.length > 0;
}

export function unheldMembersError(teamKey: string, unheld: UnheldMembers): Error {
  const parts: string[] = [];
  const list = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(", ");
  if (unheld.memberIds.length > 0) parts.push(`member(s) ${list(unheld.memberIds)} (memberIds)`);
  if (unheld.maintainers.length > 0) parts.push(`maintainer(s) ${list(unheld.maintainers)} (maintainers)`);
  return new Error(
    `team "${teamKey}" did not receive ${parts.join(" and ")}: LaunchDarkly accepted the request but left them out, which it ` +
      `does for ids that name no member. Pass ids of existing members (e.g. a Member resource's \`id\` output) or remove them.`,
  );
}
