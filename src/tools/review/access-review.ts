import type { AccountSnapshot, PolicyStatement, SnapshotMember, SnapshotRole } from "../account/snapshot-types";
import { grantsWildcardOnProduction } from "./production-wildcard";
import { lintPolicies, type PolicyFinding } from "../access-analysis/lint";

/** How a member holds a custom role: `direct`, or `team:<key>` for each team that grants it. */
export type Grant = "direct" | `team:${string}`;

export type MemberFlag = "admin" | "owner" | "no-team" | "stale-invite" | "production-wildcard";

export interface HeldRole {
  key: string;
  via: Grant[];
}

export interface EffectiveStatement {
  roleKey: string;
  via: Grant[];
  statement: PolicyStatement;
}

export interface MemberAccess {
  id: string;
  email: string;
  displayName: string;
  baseRole: string;
  pendingInvite: boolean;
  /** ISO date of the invite/creation; null when the source does not record it (a stack state export). */
  createdAt: string | null;
  teams: string[];
  maintains: string[];
  directRoles: string[];
  /** Custom roles from teams, with the teams granting each. */
  teamRoles: { key: string; teams: string[] }[];
  roles: HeldRole[];
  statements: EffectiveStatement[];
  flags: MemberFlag[];
}

export interface RoleHolder {
  email: string;
  via: Grant[];
}

export interface RoleAccess {
  key: string;
  name: string;
  description?: string;
  basePermissions?: string;
  policy: PolicyStatement[];
  /** Teams granting the role. */
  teams: string[];
  holders: RoleHolder[];
  /** Indexes of statements that allow `*` on production. */
  productionWildcardStatements: number[];
}

export interface ReviewFlags {
  adminsAndOwners: { email: string; role: string }[];
  productionWildcardRoles: { key: string; statements: PolicyStatement[]; holders: number }[];
  membersWithoutTeam: { email: string; role: string }[];
  staleInvites: { email: string; invitedAt: string; ageDays: number }[];
}

/** Pending invites whose date the source does not record: listed, never flagged. */
export interface UndatedInvite {
  email: string;
  invitedAt: "unknown";
}

export interface AccessReview {
  readAt: string;
  apiHost: string;
  source: AccountSnapshot["source"];
  staleInviteDays: number;
  counts: { members: number; teams: number; roles: number; pendingInvites: number };
  flags: ReviewFlags;
  /** Pending invites of unknown age (from a state export): not flagged as stale, since their age is not known. */
  undatedInvites: UndatedInvite[];
  /** Role lint (src/tools/access-analysis/lint.ts); counted by `--fail-on-flags` like the flags. */
  policyFindings: PolicyFinding[];
  members: MemberAccess[];
  roles: RoleAccess[];
  teams: { key: string; name: string; roles: string[]; members: number; maintainers: string[] }[];
}

export interface ReviewOptions {
  /** Pending invites older than this many days are flagged. */
  staleInviteDays: number;
  now: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function buildAccessReview(snapshot: AccountSnapshot, options: ReviewOptions): AccessReview {
  const rolesByKey = new Map(snapshot.roles.map((role) => [role.key, role]));
  const teamsByKey = new Map(snapshot.teams.map((team) => [team.key, team]));
  const emailById = new Map(snapshot.members.map((member) => [member.id, member.email]));
  const wildcardStatements = new Map(snapshot.roles.map((role) => [role.key, productionWildcardIndexes(role)]));
  const nowMs = options.now.getTime();

  const members = snapshot.members.map((member): MemberAccess => {
    const roles = heldRoles(member, (teamKey) => teamsByKey.get(teamKey)?.roleKeys ?? []);
    const statements = roles.flatMap((held) =>
      (rolesByKey.get(held.key)?.policy ?? []).map((statement) => ({ roleKey: held.key, via: held.via, statement })),
    );
    const ageDays = member.creationDate === undefined ? undefined : Math.floor((nowMs - member.creationDate) / DAY_MS);
    const flags: MemberFlag[] = [];
    if (member.role === "admin" || member.role === "owner") flags.push(member.role);
    if (member.teamKeys.length === 0) flags.push("no-team");
    if (member.pendingInvite && ageDays !== undefined && ageDays > options.staleInviteDays) flags.push("stale-invite");
    if (roles.some((held) => (wildcardStatements.get(held.key) ?? []).length > 0)) flags.push("production-wildcard");
    return {
      id: member.id,
      email: member.email,
      displayName: displayName(member),
      baseRole: member.role,
      pendingInvite: member.pendingInvite,
      createdAt: member.creationDate === undefined ? null : new Date(member.creationDate).toISOString(),
      teams: member.teamKeys,
      maintains: snapshot.teams.filter((team) => team.maintainerIds.includes(member.id)).map((team) => team.key),
      directRoles: member.customRoleKeys,
      teamRoles: roles
        .map((held) => ({ key: held.key, teams: held.via.filter((g) => g !== "direct").map((g) => g.slice("team:".length)) }))
        .filter((entry) => entry.teams.length > 0),
      roles,
      statements,
      flags,
    };
  });

  const roles = snapshot.roles.map((role): RoleAccess => {
    const holders = members.flatMap((member) => {
      const held = member.roles.find((r) => r.key === role.key);
      return held ? [{ email: member.email, via: held.via }] : [];
    });
    const access: RoleAccess = {
      key: role.key,
      name: role.name,
      policy: role.policy,
      teams: snapshot.teams.filter((team) => team.roleKeys.includes(role.key)).map((team) => team.key),
      holders,
      productionWildcardStatements: wildcardStatements.get(role.key) ?? [],
    };
    if (role.description !== undefined) access.description = role.description;
    if (role.basePermissions !== undefined) access.basePermissions = role.basePermissions;
    return access;
  });

  const flags: ReviewFlags = {
    adminsAndOwners: members.filter((m) => m.flags.includes("admin") || m.flags.includes("owner")).map((m) => ({ email: m.email, role: m.baseRole })),
    productionWildcardRoles: roles
      .filter((role) => role.productionWildcardStatements.length > 0)
      .map((role) => ({ key: role.key, statements: role.productionWildcardStatements.map((i) => role.policy[i]!), holders: role.holders.length })),
    membersWithoutTeam: members.filter((m) => m.flags.includes("no-team")).map((m) => ({ email: m.email, role: m.baseRole })),
    staleInvites: members
      .filter((m) => m.flags.includes("stale-invite"))
      .map((m) => ({ email: m.email, invitedAt: m.createdAt!, ageDays: Math.floor((nowMs - Date.parse(m.createdAt!)) / DAY_MS) }))
      .sort((a, b) => b.ageDays - a.ageDays || a.email.localeCompare(b.email)),
  };

  return {
    readAt: snapshot.readAt,
    apiHost: snapshot.apiHost,
    source: snapshot.source,
    staleInviteDays: options.staleInviteDays,
    counts: {
      members: members.length,
      teams: snapshot.teams.length,
      roles: snapshot.roles.length,
      pendingInvites: members.filter((m) => m.pendingInvite).length,
    },
    flags,
    undatedInvites: members.filter((m) => m.pendingInvite && m.createdAt === null).map((m) => ({ email: m.email, invitedAt: "unknown" as const })),
    policyFindings: lintPolicies(snapshot, roles.map((role) => ({ roleKey: role.key, memberEmails: role.holders.map((h) => h.email) }))),
    members,
    roles,
    teams: snapshot.teams.map((team) => ({
      key: team.key,
      name: team.name,
      roles: team.roleKeys,
      members: team.memberIds.length,
      maintainers: team.maintainerIds.map((id) => emailById.get(id) ?? id),
    })),
  };
}

/** Direct roles first in the grant list, then the teams in key order; roles sorted by key. */
function heldRoles(member: SnapshotMember, roleKeysOfTeam: (teamKey: string) => string[]): HeldRole[] {
  const via = new Map<string, Grant[]>();
  for (const key of member.customRoleKeys) via.set(key, ["direct"]);
  for (const teamKey of [...member.teamKeys].sort()) {
    for (const key of roleKeysOfTeam(teamKey)) via.set(key, [...(via.get(key) ?? []), `team:${teamKey}`]);
  }
  return [...via].sort(([a], [b]) => a.localeCompare(b)).map(([key, grants]) => ({ key, via: grants }));
}

function productionWildcardIndexes(role: SnapshotRole): number[] {
  return role.policy.flatMap((statement, index) => (grantsWildcardOnProduction(statement) ? [index] : []));
}

export function displayName(member: Pick<SnapshotMember, "email" | "firstName" | "lastName">): string {
  const name = [member.firstName, member.lastName].filter((part) => part !== undefined && part !== "").join(" ");
  return name === "" ? member.email : name;
}
