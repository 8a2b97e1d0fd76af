import type { EmulatorStore } from "../../src/emulator/store";

/** Fixed clock for reviews of the seeded account: invite ages are measured from here. */
export const REVIEW_NOW = new Date("2026-06-01T12:00:00.000Z");
const DAY_MS = 24 * 60 * 60 * 1000;

const FIRST = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Edsger", "Radia", "Alan", "Hedy"];
const LAST = ["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen", "Dijkstra", "Perlman", "Turing", "Lamarr", "Knuth"];

export const SEEDED = { members: 120, teams: 15, roles: 10 } as const;

/**
 * A realistic account with everything each review flag looks for, deterministic apart from ids:
 * 10 custom roles (one allowing `*` on every environment, one on production via a role attribute),
 * 15 teams (with roles, maintainers, role attributes; one empty), 120 members besides the owner
 * (3 admins, every 20th on no team, 4 pending invites of which 2 are 45 and 90 days old).
 */
export function seedAccount(store: EmulatorStore): void {
  const roles = [
    { key: "deployer-staging", name: "Deployer (staging)", policy: [{ effect: "allow" as const, resources: ["proj/*:env/staging:flag/*"], actions: ["*"] }], basePermissions: "reader" as const },
    { key: "deployer-production", name: "Deployer (production)", description: "Toggles flags in production", policy: [{ effect: "allow" as const, resources: ["proj/${roleAttribute/projects}:env/production:flag/*"], actions: ["updateOn", "updateRules"] }], basePermissions: "reader" as const },
    { key: "env-admin", name: "Environment admin", description: "Everything in every environment", policy: [{ effect: "allow" as const, resources: ["proj/*:env/*"], actions: ["*"] }, { effect: "allow" as const, resources: ["proj/*:env/*:flag/*"], actions: ["*"] }] },
    { key: "prod-by-attribute", name: "Owner of own projects", policy: [{ effect: "allow" as const, resources: ["proj/${roleAttribute/projects}:env/${roleAttribute/envs}:flag/*"], actions: ["*"] }] },
    { key: "auditor", name: "Auditor (read-only)", basePermissions: "reader" as const, policy: [{ effect: "deny" as const, resources: ["proj/*:env/*:flag/*"], actions: ["*"] }] },
    { key: "team-admin", name: "Team administrator", policy: [{ effect: "allow" as const, resources: ["team/*"], actions: ["*"] }] },
    { key: "member-admin", name: "Member administrator", policy: [{ effect: "allow" as const, resources: ["member/*"], actions: ["createMember", "updateRole"] }] },
    { key: "flag-reader", name: "Flag reader", basePermissions: "reader" as const, policy: [{ effect: "allow" as const, resources: ["proj/*"], actions: ["viewProject"] }] },
    { key: "segment-editor", name: "Segment editor", policy: [{ effect: "allow" as const, resources: ["proj/*:env/test:segment/*"], actions: ["*"] }] },
    { key: "no-delete", name: "Everything but deletes", policy: [{ effect: "allow" as const, resources: ["proj/web:env/dev:flag/*"], notActions: ["deleteFlag"] }], resourceCategory: "project" },
  ];
  for (const role of roles) store.addRole(role);

  const members = [];
  for (let i = 1; i <= SEEDED.members; i++) {
    const n = String(i).padStart(3, "0");
    const role = i <= 3 ? "admin" : i % 7 === 0 ? "writer" : i % 11 === 0 ? "no_access" : "reader";
    const direct = i % 9 === 0 ? ["member-admin"] : i % 13 === 0 ? ["flag-reader", "auditor"] : [];
    const member = store.addMember({
      email: `person${n}@example.com`,
      firstName: FIRST[i % FIRST.length]!,
      lastName: LAST[i % LAST.length]!,
      role,
      customRoleKeys: direct,
      pendingInvite: i % 30 === 5,
      ...(i % 4 === 0 ? { roleAttributes: { projects: ["checkout", i % 8 === 0 ? "web" : "mobile"] } } : {}),
    });
    if (!member._pendingInvite) member._verified = true;
    members.push(member);
  }
  // Two stale invites (45 and 90 days before REVIEW_NOW), two recent ones (the seeded clock is "now").
  members[4]!.creationDate = REVIEW_NOW.getTime() - 45 * DAY_MS;
  members[34]!.creationDate = REVIEW_NOW.getTime() - 90 * DAY_MS;
  members[64]!.creationDate = REVIEW_NOW.getTime() - 2 * DAY_MS;
  members[94]!.creationDate = REVIEW_NOW.getTime() - 29 * DAY_MS;

  const teamRoles: string[][] = [
    ["deployer-staging", "deployer-production"], ["deployer-staging"], ["auditor"], ["team-admin"], ["env-admin"],
    ["flag-reader"], ["segment-editor"], ["deployer-staging", "segment-editor"], ["prod-by-attribute"], ["no-delete"],
    [], ["flag-reader", "auditor"], ["deployer-production"], ["member-admin"], [],
  ];
  const names = ["Platform", "Payments", "Security", "People Ops", "SRE", "Mobile", "Growth", "Web", "Data", "Design", "Support", "Compliance", "Release", "IT", "Empty"];
  for (let t = 0; t < SEEDED.teams; t++) {
    const key = names[t]!.toLowerCase().replace(/\s+/g, "-");
    const memberIds = t === SEEDED.teams - 1 ? [] : members.filter((_, i) => (i + 1) % 20 !== 0 && (i % 14 === t || (i % 3 === 0 && (i / 3) % 14 === t))).map((m) => m._id);
    store.addTeam({
      key,
      name: names[t]!,
      ...(t % 2 === 0 ? { description: `${names[t]} team` } : {}),
      customRoleKeys: teamRoles[t]!,
      memberIds,
      permissionGrants: memberIds.length > 0 ? [{ actionSet: "maintainTeam", memberIds: [memberIds[0]!] }] : [],
      ...(t === 0 ? { roleAttributes: { projects: ["checkout"] } } : {}),
    });
  }
}

/** `n` members, spread over 15 teams, for the large-account measurements. */
export function seedLargeAccount(store: EmulatorStore, n: number): void {
  store.addRole({ key: "deployer", name: "Deployer", policy: [{ effect: "allow", resources: ["proj/*:env/staging:flag/*"], actions: ["*"] }] });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const member = store.addMember({ email: `user${String(i).padStart(5, "0")}@example.com`, role: "reader", customRoleKeys: i % 10 === 0 ? ["deployer"] : [], pendingInvite: false });
    ids.push(member._id);
  }
  for (let t = 0; t < 15; t++) {
    store.addTeam({ key: `team-${t}`, name: `Team ${t}`, customRoleKeys: t % 3 === 0 ? ["deployer"] : [], memberIds: ids.filter((_, i) => i % 15 === t), permissionGrants: [{ actionSet: "maintainTeam", memberIds: [ids[t]!] }] });
  }
}
