import type { AccountSnapshot, SnapshotRole } from "../account/snapshot-types";

export type MembershipStyle = "team-membership" | "authoritative";

/** The data written to the generated `org.ts`, in the shape of `examples/access/org.ts`. */
export type OrgRole = Omit<SnapshotRole, "id" | "preset">;

export interface OrgTeam {
  key: string;
  name: string;
  description?: string;
  roles: string[];
  roleAttributes?: Record<string, string[]>;
}

export interface OrgPerson {
  /** Only for people the program cannot manage (owners): their team links need the id. */
  id?: string;
  email: string;
  firstName?: string;
  lastName?: string;
  role: string;
  roles: string[];
  teams: string[];
  maintains: string[];
  roleAttributes?: Record<string, string[]>;
}

export interface OrgData {
  roles: OrgRole[];
  /** Role keys referenced but not managed: LaunchDarkly preset roles. */
  externalRoles: string[];
  teams: OrgTeam[];
  people: OrgPerson[];
}

export class SelectionError extends Error {}

/**
 * What the generated program adopts. With `teamKeys`, only those teams, the people on them or maintaining
 * them, and the custom roles those teams and people hold; otherwise the whole account.
 */
export function selectOrg(snapshot: AccountSnapshot, teamKeys?: readonly string[]): OrgData {
  let teams = snapshot.teams;
  if (teamKeys !== undefined) {
    const known = new Set(snapshot.teams.map((t) => t.key));
    const unknown = teamKeys.filter((key) => !known.has(key));
    if (unknown.length > 0) {
      const available = snapshot.teams.length > 0 ? snapshot.teams.map((t) => t.key).join(", ") : "none";
      throw new SelectionError(`unknown team${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}; the account's teams: ${available}`);
    }
    const wanted = new Set(teamKeys);
    teams = snapshot.teams.filter((t) => wanted.has(t.key));
  }
  const selectedTeamKeys = new Set(teams.map((t) => t.key));
  const involvedIds = new Set(teams.flatMap((t) => [...t.memberIds, ...t.maintainerIds]));
  const members = teamKeys === undefined ? snapshot.members : snapshot.members.filter((m) => involvedIds.has(m.id));

  const usedRoleKeys = new Set([...teams.flatMap((t) => t.roleKeys), ...members.flatMap((m) => m.customRoleKeys)]);
  const roles = teamKeys === undefined ? snapshot.roles : snapshot.roles.filter((r) => usedRoleKeys.has(r.key));
  const managedRoleKeys = new Set(roles.filter((r) => !r.preset).map((r) => r.key));
  const externalRoles = [...usedRoleKeys].filter((key) => !managedRoleKeys.has(key)).sort();

  return {
    roles: roles
      .filter((r) => !r.preset)
      .map((r) => {
        const role: OrgRole = { key: r.key, name: r.name, policy: r.policy };
        if (r.description !== undefined) role.description = r.description;
        if (r.basePermissions !== undefined) role.basePermissions = r.basePermissions;
        if (r.resourceCategory !== undefined) role.resourceCategory = r.resourceCategory;
        return role;
      }),
    externalRoles,
    teams: teams.map((t) => {
      const team: OrgTeam = { key: t.key, name: t.name, roles: t.roleKeys };
      if (t.description !== undefined) team.description = t.description;
      if (t.roleAttributes !== undefined) team.roleAttributes = t.roleAttributes;
      return team;
    }),
    people: members.map((m) => {
      const person: OrgPerson = {
        ...(m.role === "owner" ? { id: m.id } : {}),
        email: m.email,
        ...(m.firstName !== undefined ? { firstName: m.firstName } : {}),
        ...(m.lastName !== undefined ? { lastName: m.lastName } : {}),
        role: m.role,
        roles: m.customRoleKeys,
        teams: m.teamKeys.filter((key) => selectedTeamKeys.has(key)),
        maintains: teams.filter((t) => t.maintainerIds.includes(m.id)).map((t) => t.key),
      };
      if (m.roleAttributes !== undefined) person.roleAttributes = m.roleAttributes;
      return person;
    }),
  };
}

/** True when there is nothing to adopt: no roles, no teams, nobody but owners. */
export function isEmptyOrg(org: OrgData): boolean {
  return org.roles.length === 0 && org.teams.length === 0 && org.people.every((p) => p.role === "owner");
}
