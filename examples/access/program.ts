import * as ld from "pulumi-launchdarkly-access";
import type { OrgSpec } from "./org";

/**
 * Maps the org data to resources: one CustomRole per role, one Member per person, one Team per team
 * (roles and maintainers on the team), and one additive TeamMembership per (team, person) pair.
 */
export function defineOrg(org: OrgSpec) {
  const roles = new Map(
    org.roles.map((r) => [
      r.key,
      new ld.CustomRole(r.key, {
        key: r.key,
        name: r.name,
        description: r.description,
        basePermissions: r.basePermissions ?? "no_access",
        policy: r.policy,
      }),
    ]),
  );
  const roleKey = (key: string) => {
    const role = roles.get(key);
    if (!role) throw new Error(`unknown role "${key}": add it to org.roles`);
    return role.key;
  };

  const members = new Map(
    org.people.map((p) => [
      p.email,
      new ld.Member(p.email.split("@")[0], {
        email: p.email,
        firstName: p.firstName,
        lastName: p.lastName,
        role: p.role,
        customRoles: (p.roles ?? []).map(roleKey),
        ...(p.roleAttributes ? { roleAttributes: p.roleAttributes } : {}),
      }),
    ]),
  );

  const teams = new Map(
    org.teams.map((t) => [
      t.key,
      new ld.Team(t.key, {
        key: t.key,
        name: t.name,
        description: t.description,
        customRoleKeys: t.roles.map(roleKey),
        maintainers: org.people.filter((p) => p.maintains?.includes(t.key)).map((p) => members.get(p.email)!.id),
      }),
    ]),
  );

  for (const person of org.people) {
    for (const teamKey of person.teams) {
      const team = teams.get(teamKey);
      if (!team) throw new Error(`${person.email}: unknown team "${teamKey}"`);
      new ld.TeamMembership(`${teamKey}-${person.email.split("@")[0]}`, {
        teamKey: team.key,
        memberId: members.get(person.email)!.id,
      });
    }
  }

  return {
    memberIds: Object.fromEntries([...members].map(([email, m]) => [email, m.id])),
    roleIds: Object.fromEntries([...roles].map(([key, r]) => [key, r.roleId])),
  };
}
