import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cli } from "../cli/run-cli";
import { describe, expect, it } from "vitest";
import { snapshotFromStateExport } from "../../src/tools/account/state-snapshot";
import { accessWorldsFromPreview } from "../../src/tools/explain/access-worlds";
import { parsePreviewJson } from "../../src/tools/explain/preview-json";
import { accessChangeLines, renderAccessChanges } from "../../src/tools/explain/render-access-changes";
import { accessDeltas } from "../../src/tools/access-analysis/access-delta";
import { emptyWorld, type AccessWorld } from "../../src/tools/access-analysis/access-world";
import { DEMO_CHANGE_ACCESS_LINES } from "../support/demo-change-access-lines";

const fixtureText = (name: string) => readFileSync(path.join(__dirname, "..", "fixtures", `preview-${name}.json`), "utf8");
const PRODUCTION = { productionEnvs: ["production"] };

/**
 * The stack's state before the demo's change stage, as `pulumi stack export` holds it: every resource of the
 * real create preview with the inputs it was created from, and the ids the real change preview shows (ada,
 * ken, linus; grace and barbara never appear in the change, so theirs are made up here).
 */
function stateBeforeChange(): unknown {
  const change = JSON.parse(fixtureText("change"));
  const idOf = (name: string) => change.steps.find((s: any) => s.urn.endsWith(`::${name}`))?.oldState?.outputs?.memberId;
  const linusId = change.steps.find((s: any) => s.urn.endsWith("::platform-linus")).newState.inputs.memberId;
  const ids: Record<string, string> = { ada: idOf("ada"), ken: idOf("ken"), linus: linusId, grace: "6f1d00000000000000000001", barbara: "6f1d00000000000000000002" };
  const create = JSON.parse(fixtureText("create"));
  const resources = create.steps
    .filter((s: any) => s.op === "create" && !s.newState.type.startsWith("pulumi:"))
    .map((s: any) => {
      const { __provider: _p, ...inputs } = s.newState.inputs;
      const name = s.urn.slice(s.urn.lastIndexOf("::") + 2);
      const type = s.newState.type as string;
      if (type.endsWith(":Member")) return { urn: s.urn, type, id: ids[name], outputs: { ...inputs, memberId: ids[name], pendingInvite: true, verified: false } };
      if (type.endsWith(":TeamMembership")) {
        const member = s.newState.propertyDependencies.memberId[0].split("::").pop();
        return { urn: s.urn, type, id: `${inputs.teamKey}/${ids[member]}`, outputs: { teamKey: inputs.teamKey, memberId: ids[member] } };
      }
      if (type.endsWith(":Team")) return { urn: s.urn, type, id: inputs.key, outputs: { ...inputs, maintainers: [], version: 1, memberCount: 0 } };
      return { urn: s.urn, type, id: inputs.key, outputs: { ...inputs, roleId: `role-${inputs.key}` } };
    });
  return { version: 3, deployment: { resources } };
}

describe("Access changes of the demo's change stage (real preview JSON)", () => {
  const steps = parsePreviewJson(fixtureText("change")).steps;

  it("with --state: every member who gains or loses, by email, production first — exactly", () => {
    const state = snapshotFromStateExport(stateBeforeChange(), { readAt: "2026-12-01T00:00:00.000Z", source: "state.json" });
    const worlds = accessWorldsFromPreview(steps, state);
    expect(accessChangeLines(accessDeltas(worlds.before, worlds.after, PRODUCTION))).toEqual(DEMO_CHANGE_ACCESS_LINES);
    const section = renderAccessChanges(worlds, accessDeltas(worlds.before, worlds.after, PRODUCTION), true);
    expect(section).toContain(
      "```diff\n- allow updateOn, updateFallthrough, updateTargets, updateRules, updateOffVariation on proj/${roleAttribute/projects}:env/production:flag/*\n" +
        "+ allow updateOn, updateFallthrough, updateTargets, updateRules on proj/${roleAttribute/projects}:env/production:flag/*\n" +
        "+ deny * on proj/*:env/production:flag/*;critical\n```",
    );
    expect(section).not.toContain("completes the picture");
  });

  it("without --state: what the plan alone knows, and says what is missing", () => {
    const worlds = accessWorldsFromPreview(steps);
    expect(accessChangeLines(accessDeltas(worlds.before, worlds.after, PRODUCTION))).toEqual([
      "ada@example.com (Ada Lovelace) loses every role: deployer-production, deployer-staging (the member is deleted)",
      "ada@example.org (Ada Lovelace) joins with base role writer",
      "ada@example.org gains updateOn, updateFallthrough, updateTargets, updateRules on proj/checkout:env/production:flag/*, proj/web:env/production:flag/*",
      "ada@example.org is newly denied * on proj/*:env/production:flag/*;critical",
      "member b7a58346c89a3fc252a93279 gains updateOn, updateFallthrough, updateTargets, updateRules on proj/${roleAttribute/projects}:env/production:flag/*",
      "member b7a58346c89a3fc252a93279 is newly denied * on proj/*:env/production:flag/*;critical",
      "ken@example.com (Ken Thompson) loses every role: auditor (the member is deleted)",
    ]);
    const section = renderAccessChanges(worlds, accessDeltas(worlds.before, worlds.after, PRODUCTION), false);
    expect(section).toContain("other holders of custom role `deployer-production` are not shown");
    expect(section).toContain("the policies of `auditor`, `deployer-staging` (unchanged) are not in it");
    expect(section).toContain("`explain --state <(pulumi stack export)` completes the picture");
  });
});

describe("explain --state --production-env (the CLI)", () => {
  it("prints the Access changes section before the footer, production globs first", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ld-access-"));
    try {
      writeFileSync(path.join(dir, "state.json"), JSON.stringify(stateBeforeChange()));
      writeFileSync(path.join(dir, "preview.json"), fixtureText("change"));
      const run = await cli(["explain", "--input", "preview.json", "--state", "state.json", "--production-env", "staging"], {}, { cwd: dir });
      expect(run.code).toBe(0);
      const section = run.stdout.slice(run.stdout.indexOf("### Access changes"), run.stdout.indexOf("<sub>"));
      const ada = section.split("\n").filter((line) => line.startsWith("- ada@example.org"));
      // With staging declared production, staging grants come first.
      expect(ada).toEqual([
        "- ada@example.org (Ada Lovelace) joins with base role writer",
        "- ada@example.org gains * on proj/checkout:env/staging:flag/*, proj/web:env/staging:flag/*",
        "- ada@example.org gains updateOn, updateFallthrough, updateTargets, updateRules on proj/checkout:env/production:flag/*, proj/web:env/production:flag/*",
        "- ada@example.org is newly denied * on proj/*:env/production:flag/*;critical",
      ]);
      expect(section).toContain("- ken@example.com (Ken Thompson) loses every role: auditor (the member is deleted)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("access deltas", () => {
  function world(partial: Partial<AccessWorld>): AccessWorld {
    return { ...emptyWorld(), ...partial };
  }
  const roles = new Map([
    ["flags", [{ effect: "allow" as const, resources: ["proj/${roleAttribute/projects}:env/${roleAttribute/envs}:flag/*"], actions: ["updateOn"] }]],
    ["safe", [{ effect: "allow" as const, resources: ["proj/*:env/*:flag/*"], notActions: ["deleteFlag"] }]],
  ]);

  it("expands placeholders per member, puts production (--production-env globs) first, and reports base-role changes", () => {
    const member = { email: "ada@example.com", customRoles: ["flags"], roleAttributes: { projects: ["web"], envs: ["live-eu", "dev"] }, baseRole: "reader", known: true };
    const before = world({ roles, members: new Map([["m1", { ...member, customRoles: [] }]]) });
    const after = world({ roles, members: new Map([["m1", { ...member, baseRole: "writer" }], ["m2", { email: "bob@example.com", customRoles: ["safe"], known: true }]]) });
    const deltas = accessDeltas(before, after, { productionEnvs: ["live-*"] });
    expect(accessChangeLines(deltas)).toEqual([
      "ada@example.com base role reader → writer",
      "ada@example.com gains updateOn on proj/web:env/live-eu:flag/*, proj/web:env/dev:flag/*",
      "bob@example.com gains all except deleteFlag on proj/*:env/*:flag/*",
    ]);
    expect(deltas[0]!.production).toBe(true);
  });

  it("a member without the attribute a placeholder needs gains nothing from it; leaving a team loses its roles", () => {
    const teams = new Map([["ops", { roleKeys: ["safe", "flags"], memberIds: ["m1"] }]]);
    const member = { email: "ken@example.com", customRoles: [], known: true };
    const before = world({ roles, teams, members: new Map([["m1", member]]) });
    const after = world({ roles, teams: new Map([["ops", { roleKeys: ["safe", "flags"], memberIds: [] }]]), members: new Map([["m1", member]]) });
    expect(accessChangeLines(accessDeltas(before, after, PRODUCTION))).toEqual(["ken@example.com loses all except deleteFlag on proj/*:env/*:flag/*"]);
  });
});
