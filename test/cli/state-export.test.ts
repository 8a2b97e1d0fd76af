import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "ld-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dynamic = "pulumi-nodejs:dynamic:Resource";
const exported = {
  version: 3,
  deployment: {
    resources: [
      { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack", outputs: {} },
      { type: dynamic, id: "ops", outputs: { key: "ops", name: "Ops", policy: [{ effect: "allow", resources: ["proj/*:env/production"], actions: ["*"] }], basePermissions: "no_access", roleId: "r1" } },
      { type: dynamic, id: "sre", outputs: { key: "sre", name: "SRE", customRoleKeys: ["ops"], maintainers: ["m1"], version: 3, memberCount: 1 } },
      { type: dynamic, id: "m1", outputs: { email: "ada@example.com", role: "admin", customRoles: [], memberId: "m1", pendingInvite: false, verified: true } },
      { type: dynamic, id: "m2", outputs: { email: "bob@example.com", role: "reader", customRoles: ["ops"], memberId: "m2", pendingInvite: false, verified: true } },
      { type: dynamic, id: "sre/m1", outputs: { teamKey: "sre", memberId: "m1" } },
    ],
  },
};

describe("review --state", () => {
  it("reviews what a stack manages from `pulumi stack export`, without a token", async () => {
    const file = join(dir, "state.json");
    writeFileSync(file, JSON.stringify(exported));
    const run = await cli(["review", "--state", file, "--format", "json"], {});
    expect(run.code).toBe(0);
    const review = JSON.parse(run.stdout);
    expect(review.source).toBe("state");
    expect(review.members.map((m: { email: string; teams: string[]; roles: unknown[] }) => [m.email, m.teams, m.roles])).toEqual([
      ["ada@example.com", ["sre"], [{ key: "ops", via: ["team:sre"] }]],
      ["bob@example.com", [], [{ key: "ops", via: ["direct"] }]],
    ]);
    expect(review.flags.adminsAndOwners).toEqual([{ email: "ada@example.com", role: "admin" }]);
    expect(review.flags.productionWildcardRoles.map((r: { key: string }) => r.key)).toEqual(["ops"]);
    expect(review.flags.membersWithoutTeam.map((m: { email: string }) => m.email)).toEqual(["bob@example.com"]);
  });

  it("says clearly when the file is missing or not a state export", async () => {
    const missing = await cli(["review", "--state", join(dir, "nope.json")], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the state export .*nope\.json: no such file \(create it with `pulumi stack export --file/);
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ hello: "world" }));
    const wrong = await cli(["review", "--state", other], {});
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("not a `pulumi stack export` document");
  });
});
