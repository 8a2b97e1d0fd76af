"use strict";
/**
 * A deterministic desired organisation for the soak and the benchmark: custom roles, members, teams and
 * team memberships, described as resources the harness engine applies (`up`). Plain CommonJS so that `npm run soak`
 * and `npm run bench` run it with node, and vitest loads it through `createRequire`.
 *
 * Members and custom roles set `adoptExisting: true`: after an interrupted apply the next run has no id for
 * a create that was in flight, and adoption (by email / by key) is how it finds that object again.
 */

const BASE_ROLES = ["reader", "writer", "admin", "no_access"];
const ACTIONS = ["updateOn", "updateRules", "updateTargets", "updateFallthrough", "createFlag", "deleteFlag"];

/** The sizes the issue asks for; `short` keeps `npm test` well under a minute. */
const SIZES = {
  full: { roles: 20, members: 200, teams: 30, membershipsPerTeam: 34 },
  short: { roles: 5, members: 40, teams: 6, membershipsPerTeam: 25 },
};

function roleUrn(i) {
  return `role-${i}`;
}
function memberUrn(i) {
  return `member-${i}`;
}
function teamUrn(i) {
  return `team-${i}`;
}

function roleKey(prefix, i) {
  return `${prefix}-role-${i}`;
}

function policyFor(i) {
  const policy = [{ effect: "allow", resources: [`proj/${i % 3 === 0 ? "*" : `p${i}`}:env/*:flag/*`], actions: ACTIONS.slice(0, 1 + (i % ACTIONS.length)) }];
  if (i % 2 === 1) policy.push({ effect: "deny", resources: ["proj/*:env/production:flag/*"], notActions: ["updateTargets"] });
  return policy;
}

/**
 * @param {{roles:number, members:number, teams:number, membershipsPerTeam:number}} size
 * @param {string} prefix distinguishes runs sharing one emulator
 * @returns {Array<{urn:string, kind:string, dependsOn:string[], inputs:(outputsOf:(urn:string)=>any)=>Record<string, unknown>}>}
 */
function desiredOrg(size, prefix = "soak") {
  const resources = [];
  for (let i = 0; i < size.roles; i++) {
    resources.push({
      urn: roleUrn(i),
      kind: "customRole",
      dependsOn: [],
      inputs: () => ({
        key: roleKey(prefix, i),
        name: `Soak role ${i}`,
        ...(i % 4 === 0 ? {} : { description: `Role number ${i}` }),
        policy: policyFor(i),
        basePermissions: i % 5 === 0 ? "reader" : "no_access",
        adoptExisting: true,
      }),
    });
  }
  for (let i = 0; i < size.members; i++) {
    const roles = Array.from({ length: i % 4 }, (_, j) => (i + j * 7) % size.roles);
    resources.push({
      urn: memberUrn(i),
      kind: "member",
      dependsOn: roles.map(roleUrn),
      inputs: () => ({
        email: `${prefix}-member-${i}@example.com`,
        firstName: `First${i}`,
        lastName: `Last${i}`,
        role: BASE_ROLES[i % BASE_ROLES.length],
        customRoles: [...new Set(roles.map((r) => roleKey(prefix, r)))],
        ...(i % 3 === 0 ? { roleAttributes: { projects: [`p${i % 7}`, "shared"] } } : {}),
        adoptExisting: true,
      }),
    });
  }
  const memberships = [];
  for (let t = 0; t < size.teams; t++) {
    const roles = Array.from({ length: t % 3 }, (_, j) => (t * 3 + j) % size.roles);
    const maintainers = t % 2 === 0 ? [(t * 11) % size.members] : [];
    resources.push({
      urn: teamUrn(t),
      kind: "team",
      dependsOn: [...roles.map(roleUrn), ...maintainers.map(memberUrn)],
      inputs: (outputsOf) => ({
        key: `${prefix}-team-${t}`,
        name: `Soak team ${t}`,
        description: `Team number ${t}`,
        customRoleKeys: [...new Set(roles.map((r) => roleKey(prefix, r)))],
        maintainers: maintainers.map((m) => outputsOf(memberUrn(m)).memberId),
      }),
    });
    // Distinct members per team (a step of 3 is coprime with every size used), spread over the teams.
    const picked = new Set();
    for (let j = 0; j < Math.min(size.membershipsPerTeam, size.members); j++) picked.add((t * 13 + j * 3) % size.members);
    for (const m of picked) {
      memberships.push({
        urn: `membership-${t}-${m}`,
        kind: "teamMembership",
        dependsOn: [teamUrn(t), memberUrn(m)],
        inputs: (outputsOf) => ({ teamKey: outputsOf(teamUrn(t)).key, memberId: outputsOf(memberUrn(m)).memberId }),
      });
    }
  }
  return [...resources, ...memberships];
}

function countByKind(resources) {
  const counts = { customRole: 0, member: 0, team: 0, teamMembership: 0 };
  for (const r of resources) counts[r.kind]++;
  return counts;
}

module.exports = { SIZES, desiredOrg, countByKind };
