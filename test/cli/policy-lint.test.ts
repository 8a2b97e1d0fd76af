import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { cli, envFor } from "./run-cli";
import { seedAccount } from "./seed-account";

/**
 * Role lint in `review` on the seeded emulator account, plus roles written before the checks existed
 * (added straight to the emulator's store, as LaunchDarkly accepts them): each kind of finding appears
 * in Markdown, CSV and JSON, and `--fail-on-flags` counts them.
 */
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
  seedAccount(emu.store);
  const legacy = [
    { key: "legacy-toggler", name: "Legacy toggler", policy: [
      { effect: "allow" as const, resources: ["proj/*:env/production:flag/*"], actions: ["updateOn", "updateOnn"] },
      { effect: "allow" as const, resources: ["proj/*:env/*"], actions: ["updateOn"] },
      { effect: "allow" as const, resources: ["proj/*:env/staging:flg/*"], actions: ["*"] },
    ] },
    { key: "shadowed", name: "Shadowed", policy: [
      { effect: "allow" as const, resources: ["proj/checkout:env/production:flag/*"], actions: ["updateOn", "updateRules"] },
      { effect: "deny" as const, resources: ["proj/*:env/production:flag/*"], actions: ["*"] },
    ] },
    { key: "all-denied", name: "All denied", policy: [
      { effect: "allow" as const, resources: ["proj/web:env/*:flag/*", "proj/mobile:env/*:flag/*"], actions: ["updateTargets"] },
      { effect: "deny" as const, resources: ["proj/web:env/*:flag/*"], actions: ["*"] },
      { effect: "deny" as const, resources: ["proj/mobile:env/*"], actions: ["*"] },
      { effect: "deny" as const, resources: ["proj/mobile:env/*:flag/*"], actions: ["update*"] },
    ] },
    { key: "orphan", name: "Held by nobody", policy: [{ effect: "allow" as const, resources: ["proj/*"], actions: ["viewProject"] }] },
    { key: "by-env", name: "By environment", policy: [{ effect: "allow" as const, resources: ["proj/checkout:env/${roleAttribute/envs}:flag/*"], actions: ["updateOn"] }] },
  ];
  for (const role of legacy) emu.store.addRole(role);
  emu.store.addMember({ email: "legacy@example.com", role: "reader", customRoleKeys: ["legacy-toggler", "shadowed", "all-denied", "by-env"], pendingInvite: false, roleAttributes: { projects: ["checkout"] } });
});
afterAll(async () => {
  await emu.close();
});

interface Finding {
  kind: string;
  role: string;
  statement?: number;
  holder?: string;
  detail: string;
}

describe("policy findings in review", () => {
  it("finds every kind, with the role, the statement and what to fix (JSON)", async () => {
    const run = await cli(["review", "--format", "json", "--quiet"], envFor(emu));
    expect(run.code).toBe(0);
    const findings = (JSON.parse(run.stdout) as { policyFindings: Finding[] }).policyFindings;
    const summary = findings.map((f) => `${f.kind} ${f.role}${f.statement !== undefined ? `#${f.statement + 1}` : ""}${f.holder ? ` ${f.holder}` : ""}`);
    expect([...summary].sort()).toEqual([
      "deployer-production team release",
      "prod-by-attribute team data",
      "unknown-action legacy-toggler#1",
      "misplaced-action legacy-toggler#2",
      "invalid-resource legacy-toggler#3",
      "shadowed-statement shadowed#1",
      "grants-nothing all-denied#1",
      "unheld-role orphan",
      "undefined-placeholder by-env member legacy@example.com",
    ].map((line) => (line.startsWith("deployer") || line.startsWith("prod-by") ? `undefined-placeholder ${line}` : line)).sort());
    const detail = (kind: string) => findings.find((f) => f.kind === kind)!.detail;
    expect(detail("unknown-action")).toBe('actions[1]: "updateOnn" is not a LaunchDarkly action; did you mean "updateOn"?');
    expect(detail("misplaced-action")).toMatch(/^actions\[0\]: "updateOn" is not an action on env \(proj\/\*:env\/\*\); it acts on .*flag \(proj\/\*:env\/\*:flag\/\*\)/);
    expect(detail("invalid-resource")).toBe('resources[0]: "proj/*:env/staging:flg/*": segment "flg/*": unknown resource type "flg"; did you mean "flag"?; the closest valid form is "proj/*:env/staging:flag/*"');
    expect(detail("shadowed-statement")).toBe("statement 1 (allow) is shadowed by statement 2 (deny), which denies all its actions on all its resources");
    expect(detail("grants-nothing")).toMatch(/statement 1 \(allow\) grants nothing: every resource it names \(proj\/web:env\/\*:flag\/\*, proj\/mobile:env\/\*:flag\/\*\) is denied/);
    expect(detail("unheld-role")).toBe('no member holds "orphan", directly or through a team');
    expect(findings.find((f) => f.role === "by-env")!.detail).toBe('legacy@example.com holds "by-env" directly without the role attribute envs: the statements using them grant nothing to this member');
  });

  it("prints a Policy findings section in Markdown and rows in CSV", async () => {
    const md = await cli(["review", "--quiet"], envFor(emu));
    expect(md.stdout).toContain("## Policy findings (9)");
    if (process.env.PRINT_POLICY_FINDINGS) console.log(md.stdout.slice(md.stdout.indexOf("## Policy findings"), md.stdout.indexOf("\n## Members\n")));
    expect(md.stdout).toContain("### Statements shadowed by a deny in the same role (1)");
    expect(md.stdout).toContain("| `orphan` |  | no member holds \"orphan\", directly or through a team |");
    const csv = await cli(["review", "--format", "csv", "--quiet"], envFor(emu));
    const rows = csv.stdout.trimEnd().split("\r\n").filter((line) => /,"?(unknown-action|misplaced-action|invalid-resource|shadowed-statement|grants-nothing|unheld-role|undefined-placeholder): /.test(line));
    expect(rows).toHaveLength(9);
    expect(rows.find((r) => r.includes("shadowed-statement"))).toMatch(/^,,,,,,shadowed,,allow,"updateOn, updateRules",proj\/checkout:env\/production:flag\/\*,,"shadowed-statement: statement 1/);
    expect(rows.find((r) => r.includes("by-env"))).toMatch(/^legacy@example.com,/);
  });

  it("--fail-on-flags exits 3 on policy findings", async () => {
    const run = await cli(["review", "--quiet", "--fail-on-flags"], envFor(emu));
    expect(run.code).toBe(3);
  });
});
