import type { OrgSpec, PersonSpec, RoleSpec, TeamSpec } from "../../examples/access/org";

/** How many of each object a generated program declares. */
export interface OrgSize {
  roles: number;
  members: number;
  teams: number;
  memberships: number;
}

/** 20 + 300 + 30 + 650 = 1,000 resources: the "1,000-resource program" for `npm run bench:cli`. */
export const THOUSAND_RESOURCES: OrgSize = { roles: 20, members: 300, teams: 30, memberships: 650 };
/** 5 + 140 + 5 + 150 = 300 resources, 30 memberships per team: the arrival-timing program. */
export const THREE_HUNDRED_RESOURCES: OrgSize = { roles: 5, members: 140, teams: 5, memberships: 150 };

export function resourceCount(size: OrgSize): number {
  return size.roles + size.members + size.teams + size.memberships;
}

/**
 * A deterministic org of `size`, in examples/access's OrgSpec shape (so the program is that example's
 * `defineOrg`). Membership k pairs person k mod members with team (person + round × stride) mod teams,
 * round = ⌊k / members⌋: every pair is distinct while memberships ≤ members × teams, and one person's
 * teams are declared together, as a hand-written org file would.
 */
export function generatedOrg(size: OrgSize, prefix = "bench"): OrgSpec {
  if (size.memberships > size.members * size.teams) throw new Error(`${size.memberships} memberships need more than ${size.members} × ${size.teams} pairs`);
  const roles: RoleSpec[] = Array.from({ length: size.roles }, (_, i) => ({
    key: `${prefix}-role-${i}`,
    name: `Bench role ${i}`,
    description: `Generated role ${i}`,
    basePermissions: "no_access",
    policy: [{ effect: "allow", resources: [`proj/p${i}:env/*:flag/*`], actions: ["updateOn", "updateTargets"] }],
  }));
  const teams: TeamSpec[] = Array.from({ length: size.teams }, (_, t) => ({
    key: `${prefix}-team-${t}`,
    name: `Bench team ${t}`,
    description: `Generated team ${t}`,
    roles: size.roles > 0 ? [roles[t % size.roles]!.key] : [],
  }));
  const people: PersonSpec[] = Array.from({ length: size.members }, (_, i) => ({
    email: `${prefix}-user-${i}@example.com`,
    firstName: "Bench",
    lastName: `User ${i}`,
    role: "reader",
    // A quarter of the members hold a custom role directly (the rest only through teams).
    roles: i % 4 === 0 && size.roles > 0 ? [roles[i % size.roles]!.key] : [],
    teams: [],
  }));
  const stride = Math.max(1, Math.floor(size.teams / Math.ceil(size.memberships / size.members)));
  for (let k = 0; k < size.memberships; k++) {
    const person = k % size.members;
    const round = Math.floor(k / size.members);
    people[person]!.teams.push(teams[(person + round * stride) % size.teams]!.key);
  }
  return { roles, teams, people };
}
