import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { planFromPreview, type ExplainPlan } from "../../src/tools/explain/plan";
import { parsePreviewJson } from "../../src/tools/explain/preview-json";
import { summaryLine } from "../../src/tools/explain/render-markdown";
import { snapshotFromStateExport } from "../../src/tools/account/state-snapshot";
import { accessWorldsFromPreview } from "../../src/tools/explain/access-worlds";
import { accessChangeLines } from "../../src/tools/explain/render-access-changes";
import { accessDeltas } from "../../src/tools/access-analysis/access-delta";
import { parseDiffText, type DiffBlock } from "./diff-text";
import { createE2eProject, REPO_ROOT, type E2eProject } from "./e2e-project";
import { comparePlanWithWrites, isWrite } from "./plan-vs-requests";
import { missingCliBinaries, PulumiCli } from "./pulumi-cli";
import { expectTokenNowhere, filesUnder } from "./token-leaks";
import { DEMO_CHANGE_ACCESS_LINES } from "../support/demo-change-access-lines";

/**
 * examples/access through the real Pulumi CLI (built by scripts/install-pulumi-cli.sh) against the loopback
 * emulator: preview, up, a code change, out-of-band drift + refresh, a no-op up, destroy. Asserts on the CLI's
 * own output, on the requests the emulator received, and that `explain` planned exactly those requests.
 * UPDATE_PREVIEW_FIXTURES=1 writes the previews to test/fixtures/preview-*.json for the explain unit tests.
 */
const TOKEN = "api-e2e-0f1e2d3c-RECOGNISABLE-TOKEN-4b5a6978";
const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");

const missing = missingCliBinaries();
if (missing.length > 0) {
  throw new Error(`the Pulumi CLI is not installed (${missing.join(", ")} missing in .pulumi-cli/bin): run \`bash scripts/install-pulumi-cli.sh\` first`);
}

let emulator: Emulator;
let project: E2eProject;
let cli: PulumiCli;
let lastPreviewJson = "";
const startedAt = Date.now();

beforeAll(async () => {
  emulator = await startEmulator({ owner: { email: "owner@example.com" }, token: TOKEN });
  project = createE2eProject();
  project.writeProgram("initial");
  cli = new PulumiCli({ cwd: project.projectDir, backendDir: project.backendDir, homeDir: project.homeDir, passphrase: "e2e-passphrase" });
  await cli.run(["stack", "init", "dev", "--non-interactive"]);
  await cli.run(["config", "set", "launchdarkly:apiHost", emulator.url]);
  await cli.run(["config", "set", "--secret", "launchdarkly:accessToken", TOKEN]);
});

afterAll(async () => {
  await emulator?.close();
  if (process.env.KEEP_E2E_DIR === "1") console.log(`e2e project kept in ${project?.root}`);
  else project?.remove();
  console.log(`e2e lifecycle: ${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${cli?.transcript.length ?? 0} CLI runs`);
});

/** `pulumi preview --json` (or another command's --json preview), saved as a fixture when asked, and planned. */
async function previewPlan(args: string[], fixture: string): Promise<ExplainPlan> {
  const run = await cli.run(args);
  lastPreviewJson = run.stdout;
  if (process.env.UPDATE_PREVIEW_FIXTURES === "1") writeFileSync(path.join(FIXTURES, fixture), run.stdout);
  const digest = parsePreviewJson(run.stdout);
  expect(digest.errors).toEqual([]);
  return planFromPreview(digest.steps);
}

function byName(blocks: DiffBlock[]): Record<string, { op: string; marked: Record<string, string> }> {
  return Object.fromEntries(blocks.map((b) => [`${b.typeName} ${b.name}`, { op: b.op, marked: b.marked }]));
}

function member(email: string) {
  return [...emulator.store.members.values()].find((m) => m.email === email);
}

function expectPlanMatchesWrites(plan: ExplainPlan, stage: string): void {
  const comparison = comparePlanWithWrites(plan, emulator.requests);
  console.log(`${stage}: explain planned ${plan.requestRange.min}–${plan.requestRange.max} write requests, up sent ${comparison.writeCount}`);
  expect(comparison.unmatchedPlanned).toEqual([]);
  expect(comparison.unexpectedWrites).toEqual([]);
  expect(comparison.membershipMismatches).toEqual([]);
  expect(comparison.writeCount).toBeGreaterThanOrEqual(plan.requestRange.min);
  expect(comparison.writeCount).toBeLessThanOrEqual(plan.requestRange.max);
}

/**
 * A preview asks LaunchDarkly only what `check` needs to make a green preview a green up (issue 13): whether
 * new emails and keys are taken. At most one listing per kind, and no write.
 */
function expectOnlyExistenceListings(): void {
  // Under the strict profile the process's first role listing asks for 100 roles a page and is refused once (rolePageCap 20).
  const refused = emulator.requests.filter(
    (r) => r.status === 400 && r.method === "GET" && r.path === "/api/v2/roles" && Number(r.query.limit) > emulator.options.rolePageCap,
  );
  expect(refused.length).toBeLessThanOrEqual(1);
  const sent = emulator.requests.filter((r) => !refused.includes(r)).map((r) => `${r.method} ${r.path}`);
  expect(new Set(sent).size).toBe(sent.length);
  for (const request of sent) expect(["GET /api/v2/members", "GET /api/v2/teams", "GET /api/v2/roles"]).toContain(request);
}

describe("examples/access with the real Pulumi CLI", () => {
  let plan: ExplainPlan;

  it("preview --diff of a new stack shows 17 creates and sends no write (one listing per kind at most)", async () => {
    emulator.resetRequestLog();
    const run = await cli.run(["preview", "--diff", "--non-interactive"]);
    const blocks = parseDiffText(run.stdout);
    expect(blocks.every((b) => b.op === "create")).toBe(true);
    const perType = blocks.reduce<Record<string, number>>((acc, b) => ({ ...acc, [b.typeName]: (acc[b.typeName] ?? 0) + 1 }), {});
    expect(perType).toEqual({ CustomRole: 4, Member: 5, Team: 3, TeamMembership: 5 });
    expect(run.stdout).toMatch(/\+ 18 to create/);
    expectOnlyExistenceListings();

    plan = await previewPlan(["preview", "--json", "--non-interactive"], "preview-create.json");
    expect(plan.counts).toEqual({ creates: 17, updates: 0, deletes: 0, replaces: 0 });
    expect(plan.skipped).toEqual([]);
  });

  it("up creates the org with exactly the requests explain planned", async () => {
    emulator.resetRequestLog();
    const run = await cli.run(["up", "--yes", "--non-interactive"]);
    expect(run.stdout).toMatch(/\+ 18 created/);
    expectPlanMatchesWrites(plan, "initial up");
    expect(emulator.store.roles.size).toBe(4);
    expect(emulator.store.teams.size).toBe(3);
    expect(emulator.store.members.size).toBe(6);
    expect(emulator.store.teams.get("platform")!.memberIds.sort()).toEqual([member("ada@example.com")!._id, member("grace@example.com")!._id].sort());
  });

  it("preview --refresh right after up shows no change at all, and the state names people by email", async () => {
    // Before: `memberCount 0 => 2`, `version 1 => 2` on every team (memberships are written after the team)
    // and `+ roleAttributes: {}` on members (invite responses omit them, reads return {}).
    emulator.resetRequestLog();
    const run = await cli.run(["preview", "--refresh", "--diff", "--non-interactive"]);
    expect(parseDiffText(run.stdout)).toEqual([]);
    expect(run.stdout).not.toMatch(/memberCount|version|roleAttributes/);
    expect(run.stdout).toMatch(/18 unchanged/);
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const state = JSON.parse((await cli.run(["stack", "export"])).stdout);
    const outputs = (type: string, name: string) =>
      (state.deployment.resources as Array<Record<string, any>>).find((r) => r.type.endsWith(`:${type}`) && r.urn.endsWith(`::${name}`))!.outputs;
    expect(outputs("TeamMembership", "platform-ada").memberEmail).toBe("ada@example.com");
    expect(outputs("Team", "platform").maintainerEmails).toEqual(["ada@example.com"]);
    expect(outputs("Team", "platform")).not.toHaveProperty("memberCount");
  });

  it("a code change previews exactly the changed fields, and replaces as replaces", async () => {
    project.writeProgram("changed");
    emulator.resetRequestLog();
    const run = await cli.run(["preview", "--diff", "--non-interactive"]);
    const blocks = byName(parseDiffText(run.stdout));
    expect(Object.keys(blocks).sort()).toEqual(
      ["CustomRole deployer-production", "Member ada", "Member ken", "Team platform", "TeamMembership platform-ada", "TeamMembership platform-linus"].sort(),
    );
    expect(blocks["CustomRole deployer-production"]).toEqual({ op: "update", marked: { policy: "~" } });
    expect(blocks["Team platform"]).toEqual({ op: "update", marked: { maintainers: "~" } });
    // memberId is the changed input; like the Member's output-only fields below, the old pair's memberEmail
    // output is listed by the engine as going away (the replacement's outputs exist only once it is created).
    expect(blocks["TeamMembership platform-ada"]).toEqual({ op: "replace", marked: { memberId: "~", memberEmail: "-" } });
    expect(blocks["TeamMembership platform-linus"]!.op).toBe("create");
    expect(blocks["Member ken"]!.op).toBe("delete");
    // The email is the one changed input; the engine lists the old member's output-only fields as going away.
    const ada = blocks["Member ada"]!;
    expect(ada.op).toBe("replace");
    expect(Object.entries(ada.marked).filter(([, mark]) => mark !== "-")).toEqual([["email", "~"]]);
    expect(Object.keys(ada.marked).filter((p) => ada.marked[p] === "-").sort()).toEqual(["memberId", "pendingInvite", "verified"]);
    expect(run.stdout).toMatch(/\+ 1 to create/);
    expect(run.stdout).toMatch(/~ 2 to update/);
    expect(run.stdout).toMatch(/- 1 to delete/);
    expect(run.stdout).toMatch(/\+-2 to replace/);
    expect(run.stdout).not.toMatch(/__provider/);
    expectOnlyExistenceListings();

    plan = await previewPlan(["preview", "--json", "--non-interactive"], "preview-change.json");
    expect(plan.counts).toEqual({ creates: 1, updates: 2, deletes: 1, replaces: 2 });

    // explain's Access changes from this preview and the real `pulumi stack export`: who gains and loses what.
    const exported = await cli.run(["stack", "export"]);
    const state = snapshotFromStateExport(JSON.parse(exported.stdout), { readAt: new Date().toISOString(), source: "pulumi stack export" });
    const worlds = accessWorldsFromPreview(parsePreviewJson(lastPreviewJson).steps, state);
    expect(accessChangeLines(accessDeltas(worlds.before, worlds.after, { productionEnvs: ["production"] }))).toEqual(DEMO_CHANGE_ACCESS_LINES);
  });

  it("up applies the change with exactly the requests explain planned", async () => {
    emulator.resetRequestLog();
    const oldAdaId = member("ada@example.com")!._id;
    const run = await cli.run(["up", "--yes", "--non-interactive"]);
    expect(run.stdout).toMatch(/6 changes/);
    expectPlanMatchesWrites(plan, "change up");
    const newAda = member("ada@example.org")!;
    expect(member("ada@example.com")).toBeUndefined();
    expect(member("ken@example.com")).toBeUndefined();
    expect(emulator.store.members.has(oldAdaId)).toBe(false);
    expect(emulator.store.teams.get("platform")!.memberIds.sort()).toEqual([newAda._id, member("grace@example.com")!._id, member("linus@example.com")!._id].sort());
    expect(emulator.store.roles.get("deployer-production")!.policy.map((s) => s.effect)).toEqual(["allow", "deny"]);
  });

  it("refresh records out-of-band changes, and the next preview and up undo exactly them", async () => {
    // Someone makes Ada an admin, renames Payments and takes Grace off it, in the LaunchDarkly UI.
    member("ada@example.org")!.role = "admin";
    const payments = emulator.store.teams.get("payments")!;
    const grace = member("grace@example.com")!._id;
    emulator.store.commitTeam("payments", { ...structuredClone(payments), name: "Payments & Billing", memberIds: payments.memberIds.filter((id) => id !== grace) });

    emulator.resetRequestLog();
    const refresh = await cli.run(["refresh", "--yes", "--diff", "--non-interactive"]);
    const refreshed = byName(parseDiffText(refresh.stdout));
    expect(refreshed["Member ada"]).toEqual({ op: "update", marked: { role: "~" } });
    // Only what changed in LaunchDarkly: the name (the team keeps no version or member count to go stale).
    expect(refreshed["Team payments"]).toEqual({ op: "update", marked: { name: "~" } });
    expect(refreshed["TeamMembership payments-grace"]!.op).toBe("delete");
    expect(Object.keys(refreshed).sort()).toEqual(["Member ada", "Team payments", "TeamMembership payments-grace"]);
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const preview = await cli.run(["preview", "--diff", "--non-interactive"]);
    expect(byName(parseDiffText(preview.stdout))).toEqual({
      "Member ada": { op: "update", marked: { role: "~" } },
      "Team payments": { op: "update", marked: { name: "~" } },
      "TeamMembership payments-grace": { op: "create", marked: {} },
    });
    expect(preview.stdout).toMatch(/"admin" => "writer"/);

    plan = await previewPlan(["preview", "--json", "--non-interactive"], "preview-drift.json");
    expect(JSON.stringify(plan.steps)).not.toContain("<id of");
    expect(summaryLine(plan)).toBe("1 create, 2 updates, 0 deletes, 3 requests");

    emulator.resetRequestLog();
    await cli.run(["up", "--yes", "--non-interactive"]);
    expectPlanMatchesWrites(plan, "drift up");
    expect(member("ada@example.org")!.role).toBe("writer");
    expect(emulator.store.teams.get("payments")!.name).toBe("Payments");
    expect(emulator.store.teams.get("payments")!.memberIds).toContain(grace);
  });

  it("up with no change sends no write request", async () => {
    emulator.resetRequestLog();
    const run = await cli.run(["up", "--yes", "--non-interactive"]);
    expect(run.stdout).toMatch(/18 unchanged/);
    expect(run.stdout).not.toMatch(/created|updated|deleted|replaced/);
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const noop = await previewPlan(["preview", "--json", "--non-interactive"], "preview-no-change.json");
    expect(summaryLine(noop)).toBe("0 creates, 0 updates, 0 deletes, 0 requests");
  });

  it("the access token is in no state, CLI output or log, and __provider carries no secret", async () => {
    const exported = await cli.run(["stack", "export"]);
    expect(exported.stdout).not.toContain(TOKEN);
    const state = JSON.parse(exported.stdout);
    const resources = (state.deployment.resources as Array<Record<string, any>>).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
    expect(resources).toHaveLength(17);
    for (const resource of resources) {
      for (const bag of [resource.inputs, resource.outputs]) {
        const provider = bag.__provider as string;
        expect(typeof provider).toBe("string");
        expect(provider).not.toContain(TOKEN);
        expect(provider).not.toMatch(/accessToken|LAUNCHDARKLY_ACCESS_TOKEN|secret/i);
        expect(provider.length).toBeLessThan(8_000);
      }
    }
    // Stack config keeps the token encrypted.
    const stackConfig = readFileSync(path.join(project.projectDir, "Pulumi.dev.yaml"), "utf8");
    expect(stackConfig).toMatch(/launchdarkly:accessToken:\s*\n\s*secure:/);

    // A verbose run writes the engine's, the language host's and the providers' logs to stderr. At -v=7 and
    // above the engine itself logs the decrypted provider config it sends to CheckConfig/Configure (Pulumi's
    // own lines, whatever the provider); no other line, and no line of this provider, may hold the token.
    const verbose = await cli.run(["preview", "--non-interactive", "--logtostderr", "--logflow", "-v=9"]);
    const engineConfigLine =
      /"msg":"(Marshaling property for RPC\[Provider\[0x[0-9a-f]+\]\.(CheckConfig|Configure|DiffConfig)\(|Planner decided (not )?to \w+ 'urn:pulumi:dev::launchdarkly-access-e2e::pulumi:providers:pulumi-nodejs::default')/;
    expectTokenNowhere({ cli, verbose, token: TOKEN, root: project.root, engineConfigLine });
  });

  it("destroy --preview-only explains the deletes; destroy leaves only the account owner", async () => {
    plan = await previewPlan(["destroy", "--preview-only", "--json", "--non-interactive"], "preview-destroy.json");
    expect(plan.counts).toEqual({ creates: 0, updates: 0, deletes: 17, replaces: 0 });

    emulator.resetRequestLog();
    const run = await cli.run(["destroy", "--yes", "--non-interactive"]);
    expect(run.stdout).toMatch(/- 18 deleted/);
    expectPlanMatchesWrites(plan, "destroy");
    expect(emulator.store.roles.size).toBe(0);
    expect(emulator.store.teams.size).toBe(0);
    expect([...emulator.store.members.values()].map((m) => m.email)).toEqual(["owner@example.com"]);
    // Nothing was downloaded: the language host and the dynamic-provider plugin are the local ones.
    expect(filesUnder(path.join(project.homeDir)).filter((f) => f.includes(`${path.sep}plugins${path.sep}`))).toEqual([]);
  });
});

/** Every regular file below `dir`, not following symlinks (the project's node_modules link). */
