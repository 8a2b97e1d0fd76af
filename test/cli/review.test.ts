import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { cli, envFor } from "./run-cli";
import { SEEDED, seedAccount } from "./seed-account";

let emu: Emulator;
const normalize = (text: string) => text.split(emu.url).join("http://emulator");

beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
  seedAccount(emu.store);
});
afterAll(async () => {
  await emu.close();
});

describe("review of the seeded account", () => {
  it("prints the Markdown review (snapshot) with a few requests", async () => {
    emu.resetRequestLog();
    const run = await cli(["review"], envFor(emu));
    expect(run.stderr).toMatch(/Read 121 members, 15 teams and 10 custom roles in \d+ requests/);
    expect(run.code).toBe(0);
    await expect(normalize(run.stdout)).toMatchFileSnapshot("__snapshots__/seeded-review.md");
    // roles, teams, members (one page each), and the roles of the one team without members. The emulator runs
    // the strict profile, so GET /roles first refuses the page of 100 (rolePageCap 20, limitAboveCap "reject").
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /api/v2/roles 400",
      "GET /api/v2/roles 200",
      "GET /api/v2/teams 200",
      "GET /api/v2/members 200",
      "GET /api/v2/teams/empty/roles 200",
    ]);
    expect(emu.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("flags admins and owners", async () => {
    const review = JSON.parse((await cli(["review", "--format", "json", "--quiet"], envFor(emu))).stdout);
    expect(review.flags.adminsAndOwners).toEqual([
      { email: "owner@example.com", role: "owner" },
      { email: "person001@example.com", role: "admin" },
      { email: "person002@example.com", role: "admin" },
      { email: "person003@example.com", role: "admin" },
    ]);
  });

  it("flags roles allowing every action on production (env/*, an env role attribute), not staging, deny or notActions on a dev env", async () => {
    const review = JSON.parse((await cli(["review", "--format", "json", "--quiet"], envFor(emu))).stdout);
    const keys = review.flags.productionWildcardRoles.map((r: { key: string }) => r.key);
    expect(keys).toEqual(["env-admin", "prod-by-attribute"]);
    const envAdmin = review.flags.productionWildcardRoles.find((r: { key: string }) => r.key === "env-admin");
    expect(envAdmin.holders).toBeGreaterThan(0);
    const holder = review.members.find((m: { flags: string[] }) => m.flags.includes("production-wildcard"));
    expect(holder).toBeDefined();
  });

  it("flags members with no team", async () => {
    const review = JSON.parse((await cli(["review", "--format", "json", "--quiet"], envFor(emu))).stdout);
    const emails = review.flags.membersWithoutTeam.map((m: { email: string }) => m.email);
    expect(emails).toContain("owner@example.com");
    expect(emails).toEqual(expect.arrayContaining(["person020@example.com", "person040@example.com", "person120@example.com"]));
    for (const email of emails) expect(review.members.find((m: { email: string }) => m.email === email).teams).toEqual([]);
  });

  it("flags pending invites older than --stale-invite-days (default 30)", async () => {
    const byDefault = JSON.parse((await cli(["review", "--format", "json", "--quiet"], envFor(emu))).stdout);
    expect(byDefault.staleInviteDays).toBe(30);
    expect(byDefault.flags.staleInvites.map((f: { email: string; ageDays: number }) => [f.email, f.ageDays])).toEqual([
      ["person035@example.com", 90],
      ["person005@example.com", 45],
    ]);
    const stricter = JSON.parse((await cli(["review", "--format", "json", "--quiet", "--stale-invite-days", "20"], envFor(emu))).stdout);
    expect(stricter.flags.staleInvites.map((f: { email: string }) => f.email)).toEqual(["person035@example.com", "person005@example.com", "person095@example.com"]);
    const md = (await cli(["review", "--quiet", "--stale-invite-days", "20"], envFor(emu))).stdout;
    expect(md).toContain("### Pending invites older than 20 days (3)");
  });

  it("explains per member how each custom role is held (direct and via teams) and per role who holds it", async () => {
    const review = JSON.parse((await cli(["review", "--format", "json", "--quiet"], envFor(emu))).stdout);
    expect(review.counts).toEqual({ members: SEEDED.members + 1, teams: SEEDED.teams, roles: SEEDED.roles, pendingInvites: 4 });
    const both = review.members.find((m: { directRoles: string[]; teamRoles: unknown[] }) => m.directRoles.length > 0 && m.teamRoles.length > 0);
    expect(both).toBeDefined();
    for (const statement of both.statements) expect(statement.via.length).toBeGreaterThan(0);
    const auditor = review.roles.find((r: { key: string }) => r.key === "auditor");
    expect(auditor.teams).toEqual(["compliance", "security"]);
    expect(auditor.holders.some((h: { via: string[] }) => h.via.includes("direct"))).toBe(true);
    expect(auditor.holders.some((h: { via: string[] }) => h.via.includes("team:security"))).toBe(true);
  });

  it("writes CSV for spreadsheets: one row per member and statement (snapshot)", async () => {
    const run = await cli(["review", "--format", "csv", "--quiet"], envFor(emu));
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe("email,name,base_role,pending_invite,teams,maintains,custom_role,granted_via,effect,actions,resources,flags,policy_finding");
    await expect(run.stdout).toMatchFileSnapshot("__snapshots__/seeded-review.csv");
  });

  it("exits 3 with --fail-on-flags when something is flagged", async () => {
    const run = await cli(["review", "--quiet", "--fail-on-flags"], envFor(emu));
    expect(run.code).toBe(3);
  });
});
