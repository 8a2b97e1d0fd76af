import { listMembers, listTeamMembers, type Member } from "../../core/api/members";
import { getRole, listRoles, type CustomRole } from "../../core/api/roles";
import { listTeamMaintainers, listTeamRoles, listTeams, type Team } from "../../core/api/teams";
import type { LaunchDarklyClient } from "../../core/client/http";
import { collect, PAGE_SIZE } from "../../core/client/paginate";
import type { AccountSnapshot, PolicyStatement, SnapshotMember, SnapshotRole, SnapshotTeam } from "./snapshot-types";

export type { AccountSnapshot, PolicyStatement, SnapshotMember, SnapshotRole, SnapshotTeam } from "./snapshot-types";

export interface ReadSnapshotOptions {
  /** Recorded in the snapshot (the client does not expose it). */
  apiHost: string;
  /** One line per step, for stderr; large accounts report every page of members. */
  onProgress?: (message: string) => void;
  now?: () => Date;
}

/**
 * Reads the account with as few requests as the data allows: one listing each of roles, teams (with
 * maintainers, member counts and role attributes expanded) and members (1000 a page, role attributes
 * expanded). Team membership and team roles come from each member's `teams[]`; a team is queried on its
 * own only when that cannot be trusted: its roles when it has no members, its members when the count on
 * the team disagrees with what the members say, its maintainers beyond the 25 embedded.
 */
export async function readAccountSnapshot(client: LaunchDarklyClient, options: ReadSnapshotOptions): Promise<AccountSnapshot> {
  const progress = options.onProgress ?? (() => undefined);
  const readAt = (options.now?.() ?? new Date()).toISOString();

  progress("Reading custom roles…");
  const apiRoles = await collect(listRoles(client));
  const roles = apiRoles.map(toSnapshotRole);
  const roleKeyById = new Map(roles.map((role) => [role.id, role.key]));

  progress(`Read ${roles.length} custom role${plural(roles.length)}. Reading teams…`);
  const apiTeams = await collect(listTeams(client, { expand: ["members", "maintainers", "roleAttributes"] }));

  progress(`Read ${apiTeams.length} team${plural(apiTeams.length)}. Reading members…`);
  const apiMembers: Member[] = [];
  for await (const member of listMembers(client, { expand: ["roleAttributes"], pageSize: PAGE_SIZE.members })) {
    apiMembers.push(member);
    if (apiMembers.length % PAGE_SIZE.members === 0) progress(`Read ${apiMembers.length} members…`);
  }
  progress(`Read ${apiMembers.length} member${plural(apiMembers.length)}.`);

  const unknownRoleIds = [...new Set(apiMembers.flatMap((m) => m.customRoles))].filter((id) => !roleKeyById.has(id));
  for (const id of unknownRoleIds) {
    // Not in the listing (e.g. created meanwhile): ask for it by id; a vanished role keeps its id as key.
    const role = await getRole(client, id);
    if (role) {
      roles.push(toSnapshotRole(role));
      roleKeyById.set(id, role.key);
    } else {
      roleKeyById.set(id, id);
    }
  }

  const teams: SnapshotTeam[] = [];
  for (const team of apiTeams) teams.push(await resolveTeam(client, team, apiMembers, progress));

  const teamKeysByMember = new Map<string, string[]>();
  for (const team of teams) {
    for (const id of team.memberIds) teamKeysByMember.set(id, [...(teamKeysByMember.get(id) ?? []), team.key]);
  }
  const members = apiMembers.map((member) =>
    toSnapshotMember(member, member.customRoles.map((id) => roleKeyById.get(id) ?? id).sort(), teamKeysByMember.get(member._id) ?? []),
  );

  return {
    readAt,
    apiHost: options.apiHost,
    roles: roles.sort((a, b) => a.key.localeCompare(b.key)),
    teams: teams.sort((a, b) => a.key.localeCompare(b.key)),
    members: members.sort((a, b) => a.email.localeCompare(b.email)),
    source: "api",
  };
}

async function resolveTeam(client: LaunchDarklyClient, team: Team, members: readonly Member[], progress: (message: string) => void): Promise<SnapshotTeam> {
  const entries = members.flatMap((member) => (member.teams ?? []).filter((t) => t.key === team.key).map((entry) => ({ member, entry })));

  let memberIds = entries.map(({ member }) => member._id);
  const expectedCount = team.members?.totalCount;
  if (expectedCount === undefined || expectedCount !== memberIds.length) {
    progress(`Team ${team.key}: listing its members (the member list shows ${memberIds.length}, the team ${expectedCount ?? "no count"}).`);
    memberIds = (await collect(listTeamMembers(client, team.key))).map((member) => member._id);
  }

  const embeddedRoleKeys = entries.find(({ entry }) => entry.customRoleKeys !== undefined)?.entry.customRoleKeys;
  const roleKeys = embeddedRoleKeys ?? (await collect(listTeamRoles(client, team.key))).map((role) => role.key);

  const embedded = team.maintainers?.items;
  const maintainerCount = team.maintainers?.totalCount;
  const maintainerIds =
    embedded !== undefined && (maintainerCount === undefined || maintainerCount <= embedded.length)
      ? embedded.map((m) => m._id)
      : (await collect(listTeamMaintainers(client, team.key))).map((m) => m._id);

  const snapshot: SnapshotTeam = {
    key: team.key,
    name: team.name ?? team.key,
    roleKeys: [...roleKeys].sort(),
    maintainerIds,
    memberIds: [...new Set(memberIds)],
  };
  if (team.description !== undefined && team.description !== "") snapshot.description = team.description;
  if (team.roleAttributes && Object.keys(team.roleAttributes).length > 0) snapshot.roleAttributes = team.roleAttributes;
  return snapshot;
}

function toSnapshotRole(role: CustomRole): SnapshotRole {
  const snapshot: SnapshotRole = {
    id: role._id,
    key: role.key,
    name: role.name,
    policy: role.policy.map(toStatement),
    preset: "_presetBundleVersion" in role && role._presetBundleVersion !== undefined,
  };
  if (role.description !== undefined && role.description !== "") snapshot.description = role.description;
  if (role.basePermissions !== undefined) snapshot.basePermissions = role.basePermissions;
  if (role.resourceCategory !== undefined) snapshot.resourceCategory = role.resourceCategory;
  return snapshot;
}

function toStatement(statement: CustomRole["policy"][number]): PolicyStatement {
  const out: PolicyStatement = { effect: statement.effect };
  if (statement.resources !== undefined) out.resources = [...statement.resources];
  if (statement.notResources !== undefined) out.notResources = [...statement.notResources];
  if (statement.actions !== undefined) out.actions = [...statement.actions];
  if (statement.notActions !== undefined) out.notActions = [...statement.notActions];
  return out;
}

function toSnapshotMember(member: Member, customRoleKeys: string[], teamKeys: string[]): SnapshotMember {
  const snapshot: SnapshotMember = {
    id: member._id,
    email: member.email,
    role: member.role,
    customRoleKeys,
    teamKeys: [...teamKeys].sort(),
    pendingInvite: member._pendingInvite,
    verified: member._verified,
    creationDate: member.creationDate,
    lastSeen: member._lastSeen,
    mfa: member.mfa,
  };
  if (member.firstName) snapshot.firstName = member.firstName;
  if (member.lastName) snapshot.lastName = member.lastName;
  if (member.roleAttributes && Object.keys(member.roleAttributes).length > 0) snapshot.roleAttributes = member.roleAttributes;
  return snapshot;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
