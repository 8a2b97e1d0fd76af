import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { runCli } from "../../src/tools/cli/main";
import { parseDiffText, type DiffBlock } from "./diff-text";
import { REPO_ROOT } from "./e2e-project";
import { isWrite } from "./plan-vs-requests";
import { missingCliBinaries, PulumiCli } from "./pulumi-cli";
import { expectTokenNowhere, filesUnder } from "./token-leaks";
import { createYamlProject, PLUGIN_DIR, type YamlProject } from "./yaml-project";

/**
 * examples/yaml/Pulumi.yaml through the real Pulumi CLI, Pulumi's YAML language host (both built by
 * scripts/install-pulumi-cli.sh) and the native provider plugin (bin/pulumi-resource-launchdarkly-access),
 * against the loopback emulator: preview, up, a no-op up, a change, drift + refresh, `pulumi import` of one
 * object of each kind and of a whole account (`generate --import-file`), destroy. Asserts on the CLI's
 * output and on the requests the emulator received; prints requests and wall time per stage.
 */
const TOKEN = "api-yaml-e2e-5c4b3a29-RECOGNISABLE-TOKEN-8d7e6f01";
const PLUGIN = path.join(PLUGIN_DIR, "pulumi-resource-launchdarkly-access");

const missing = [
  ...missingCliBinaries(["pulumi", "pulumi-language-yaml"]).map((name) => `.pulumi-cli/bin/${name} (run \`bash scripts/install-pulumi-cli.sh\`)`),
  ...[PLUGIN, path.join(REPO_ROOT, "dist/core/native/plugin-main.js")].filter((file) => !existsSync(file)).map((file) => `${path.relative(REPO_ROOT, file)} (run \`npm run build\`)`),
];
if (missing.length > 0) throw new Error(`the YAML e2e needs ${missing.join(", ")}`);

interface StageFigures {
  stage: string;
  seconds: number;
  requests: number;
  writes: number;
}

let emulator: Emulator;
let project: YamlProject;
let cli: PulumiCli;
const figures: StageFigures[] = [];
const startedAt = Date.now();

beforeAll(async () => {
  emulator = await startEmulator({ owner: { email: "owner@example.com" }, token: TOKEN });
  project = createYamlProject();
  cli = new PulumiCli({ cwd: project.projectDir, backendDir: project.backendDir, homeDir: project.homeDir, passphrase: "yaml-e2e-passphrase" });
  await cli.run(["stack", "init", "dev", "--non-interactive"]);
  await cli.run(["config", "set", "launchdarkly-access:apiHost", emulator.url]);
  await cli.run(["config", "set", "--secret", "launchdarkly-access:accessToken", TOKEN]);
});

afterAll(async () => {
  await emulator?.close();
  if (process.env.KEEP_E2E_DIR === "1") console.log(`YAML e2e project kept in ${project?.root}`);
  else project?.remove();
  const rows = figures.map((f) => `  ${f.stage.padEnd(34)} ${f.seconds.toFixed(1).padStart(6)} s ${String(f.requests).padStart(4)} requests ${String(f.writes).padStart(3)} writes`);
  console.log(`e2e YAML (native plugin): ${((Date.now() - startedAt) / 1000).toFixed(1)} s, ${cli?.transcript.length ?? 0} CLI runs\n${rows.join("\n")}`);
});

/** Runs one stage with a fresh request log, and records its wall time and the requests the emulator received. */
async function stage<T>(name: string, body: () => Promise<T>): Promise<T> {
  emulator.resetRequestLog();
  const started = Date.now();
  const result = await body();
  figures.push({ stage: name, seconds: (Date.now() - started) / 1000, requests: emulator.requests.length, writes: emulator.requests.filter(isWrite).length });
  return result;
}

function byName(blocks: DiffBlock[]): Record<string, { op: string; marked: Record<string, string> }> {
  return Object.fromEntries(blocks.map((b) => [`${b.typeName} ${b.name}`, { op: b.op, marked: b.marked }]));
}

function writes(): string[] {
  return emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`);
}

function member(email: string) {
  return [...emulator.store.members.values()].find((m) => m.email === email);
}

describe("examples/yaml with the real Pulumi CLI, the YAML language host and the native plugin", () => {
  it("preview --diff shows the four creates and sends no write", async () => {
    const run = await stage("preview --diff (new stack)", () => cli.run(["preview", "--diff", "--non-interactive"]));
    expect(byName(parseDiffText(run.stdout))).toEqual({
      "CustomRole stagingToggler": expect.objectContaining({ op: "create" }),
      "Member sam": expect.objectContaining({ op: "create" }),
      "Team qa": expect.objectContaining({ op: "create" }),
      "TeamMembership qaSam": expect.objectContaining({ op: "create" }),
    });
    expect(run.stdout).toMatch(/\+ 5 to create/);
    expect(writes()).toEqual([]);
  });

  it("up creates them", async () => {
    const run = await stage("up (create)", () => cli.run(["up", "--yes", "--non-interactive"]));
    expect(run.stdout).toMatch(/\+ 5 created/);
    const sam = member("sam@example.com")!;
    expect(sam).toMatchObject({ role: "reader", firstName: "Sam", lastName: "Rivera" });
    expect(sam.customRoles).toEqual([emulator.store.roles.get("staging-toggler")!._id]);
    expect(emulator.store.teams.get("qa")).toMatchObject({ name: "QA", customRoleKeys: ["staging-toggler"], memberIds: [sam._id] });
    expect(emulator.store.roles.get("staging-toggler")!.policy).toEqual([{ effect: "allow", resources: ["proj/*:env/staging:flag/*"], actions: ["updateOn"] }]);
    const outputs = JSON.parse((await cli.run(["stack", "output", "--json"])).stdout);
    expect(outputs).toEqual({ memberId: sam._id, teamKey: "qa" });
  });

  it("up with no change sends no write", async () => {
    const run = await stage("up (no change)", () => cli.run(["up", "--yes", "--non-interactive"]));
    expect(run.stdout).toMatch(/5 unchanged/);
    expect(run.stdout).not.toMatch(/created|updated|deleted|replaced/);
    expect(writes()).toEqual([]);
  });

  it("a change previews element-level diffs and up sends one request per changed resource", async () => {
    project.program.setIn(["resources", "stagingToggler", "properties", "policy", 0, "actions"], project.program.createNode(["updateOn", "updateOffVariation"]));
    project.program.setIn(["resources", "sam", "properties", "role"], "writer");
    project.program.setIn(["resources", "qa", "properties", "name"], "Quality assurance");
    project.save();

    const preview = await stage("preview --diff (change)", () => cli.run(["preview", "--diff", "--non-interactive"]));
    expect(byName(parseDiffText(preview.stdout))).toEqual({
      "CustomRole stagingToggler": { op: "update", marked: { policy: "~" } },
      "Member sam": { op: "update", marked: { role: "~" } },
      "Team qa": { op: "update", marked: { name: "~" } },
    });
    // The policy diff names the added action, not the whole list.
    expect(preview.stdout).toMatch(/\+ \[1\]: "updateOffVariation"/);
    expect(preview.stdout).toMatch(/"reader" => "writer"/);
    expect(writes()).toEqual([]);

    const up = await stage("up (change: 3 resources)", () => cli.run(["up", "--yes", "--non-interactive"]));
    expect(up.stdout).toMatch(/~ 3 updated/);
    const sam = member("sam@example.com")!;
    expect(writes().sort()).toEqual(["PATCH /api/v2/members/" + sam._id, "PATCH /api/v2/roles/staging-toggler", "PATCH /api/v2/teams/qa"].sort());
    expect(sam.role).toBe("writer");
    expect(emulator.store.teams.get("qa")!.name).toBe("Quality assurance");
    expect(emulator.store.roles.get("staging-toggler")!.policy[0]!.actions).toEqual(["updateOn", "updateOffVariation"]);
  });

  it("refresh records out-of-band changes with no write, and the next up undoes exactly them", async () => {
    // Someone makes Sam an admin and renames QA in the LaunchDarkly UI.
    member("sam@example.com")!.role = "admin";
    const qa = emulator.store.teams.get("qa")!;
    emulator.store.commitTeam("qa", { ...structuredClone(qa), name: "QA & Release" });

    const refresh = await stage("refresh (drift)", () => cli.run(["refresh", "--yes", "--diff", "--non-interactive"]));
    expect(byName(parseDiffText(refresh.stdout))).toEqual({
      "Member sam": { op: "update", marked: { role: "~" } },
      "Team qa": { op: "update", marked: { name: "~" } },
    });
    expect(writes()).toEqual([]);

    const preview = await stage("preview --diff (after refresh)", () => cli.run(["preview", "--diff", "--non-interactive"]));
    expect(byName(parseDiffText(preview.stdout))).toEqual({
      "Member sam": { op: "update", marked: { role: "~" } },
      "Team qa": { op: "update", marked: { name: "~" } },
    });
    expect(preview.stdout).toMatch(/"admin" => "writer"/);

    await stage("up (undo drift)", () => cli.run(["up", "--yes", "--non-interactive"]));
    expect(writes()).toHaveLength(2);
    expect(member("sam@example.com")!.role).toBe("writer");
    expect(emulator.store.teams.get("qa")!.name).toBe("Quality assurance");
  });

  it("pulumi import brings in a team, a member, a role and a membership made out of band; the generated YAML previews with no change", async () => {
    const auditor = emulator.store.addRole({
      key: "auditor",
      name: "Auditor",
      description: "Reads everything, changes no flag",
      basePermissions: "reader",
      policy: [{ effect: "deny", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }],
    });
    const grace = emulator.store.addMember({ email: "grace@example.com", firstName: "Grace", lastName: "Hopper", role: "writer", customRoleKeys: [auditor.key] });
    emulator.store.addTeam({ key: "platform", name: "Platform", description: "Runs the deploy pipeline", customRoleKeys: ["auditor"], memberIds: [grace._id] });

    const imports: Array<[string, string, string]> = [
      ["launchdarkly-access:index:Team", "platform", "platform"],
      ["launchdarkly-access:index:Member", "grace", grace._id],
      ["launchdarkly-access:index:CustomRole", "auditor", "auditor"],
      ["launchdarkly-access:index:TeamMembership", "platformGrace", `platform/${grace._id}`],
    ];
    const added: string[] = [];
    await stage("import (4 single imports)", async () => {
      for (const [type, name, id] of imports) {
        const out = path.join(project.root, `import-${name}.yaml`);
        const run = await cli.run(["import", type, name, id, "--yes", "--non-interactive", "--protect=false", "--out", out]);
        expect(run.stdout).toMatch(/= 1 imported/);
        added.push(...project.addGeneratedResources(readFileSync(out, "utf8")));
      }
    });
    expect(added).toEqual(["platform", "grace", "auditor", "platformGrace"]);
    expect(writes()).toEqual([]);
    // The generated code carries what LaunchDarkly holds, by the types' tokens.
    const generated = project.program.toJSON().resources as Record<string, { type: string; properties: Record<string, unknown> }>;
    expect(generated.platformGrace).toEqual({ type: "launchdarkly-access:TeamMembership", properties: { teamKey: "platform", memberId: grace._id } });
    expect(generated.grace!.properties).toMatchObject({ email: "grace@example.com", firstName: "Grace", lastName: "Hopper", role: "writer", customRoles: ["auditor"] });
    expect(generated.auditor!.properties).toMatchObject({ key: "auditor", basePermissions: "reader", policy: [{ effect: "deny", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }] });
    expect(generated.platform!.properties).toMatchObject({ key: "platform", name: "Platform", customRoleKeys: ["auditor"] });

    const preview = await stage("preview --diff (after import)", () => cli.run(["preview", "--diff", "--non-interactive"]));
    expect(parseDiffText(preview.stdout)).toEqual([]);
    expect(preview.stdout).toMatch(/9 unchanged/);
    expect(writes()).toEqual([]);
  });

  it("generate --import-file and pulumi import --file adopt the whole account into an empty YAML program that then previews with no change", async () => {
    const bulk = createYamlProject({ empty: { projectName: "launchdarkly-access-yaml-import" } });
    try {
      const bulkCli = new PulumiCli({ cwd: bulk.projectDir, backendDir: bulk.backendDir, homeDir: bulk.homeDir, passphrase: "yaml-e2e-passphrase" });
      await bulkCli.run(["stack", "init", "adopted", "--non-interactive"]);
      await bulkCli.run(["config", "set", "launchdarkly-access:apiHost", emulator.url]);
      await bulkCli.run(["config", "set", "--secret", "launchdarkly-access:accessToken", TOKEN]);

      const importFile = path.join(bulk.root, "launchdarkly-import.json");
      let stderr = "";
      const code = await stage("generate --import-file", () =>
        runCli(["generate", "--out", path.join(bulk.root, "typescript"), "--import-file", importFile], {
          stdout: () => undefined,
          stderr: (text) => void (stderr += text),
          env: { LAUNCHDARKLY_ACCESS_TOKEN: TOKEN, LAUNCHDARKLY_API_HOST: emulator.url },
          cwd: bulk.root,
          now: () => new Date(),
        }),
      );
      expect(code, stderr).toBe(0);
      const listed = (JSON.parse(readFileSync(importFile, "utf8")).resources as Array<{ type: string; id: string }>).map((r) => `${r.type.split(":").pop()} ${r.id}`);
      const sam = member("sam@example.com")!._id;
      const grace = member("grace@example.com")!._id;
      expect(listed.sort()).toEqual(
        ["CustomRole auditor", "CustomRole staging-toggler", `Member ${grace}`, `Member ${sam}`, "Team platform", "Team qa", `TeamMembership platform/${grace}`, `TeamMembership qa/${sam}`].sort(),
      );

      const out = path.join(bulk.root, "imported.yaml");
      const run = await stage("import --file (8 resources)", () => bulkCli.run(["import", "--file", importFile, "--yes", "--non-interactive", "--protect=false", "--out", out]));
      expect(run.stdout).toMatch(/= 8 imported/);
      expect(writes()).toEqual([]);
      expect(bulk.addGeneratedResources(readFileSync(out, "utf8"))).toHaveLength(8);

      const preview = await stage("preview --diff (after import --file)", () => bulkCli.run(["preview", "--diff", "--non-interactive"]));
      expect(parseDiffText(preview.stdout)).toEqual([]);
      expect(preview.stdout).toMatch(/9 unchanged/);
      expect(writes()).toEqual([]);
      // Forget the adopted stack without touching LaunchDarkly: the first stack still manages these objects.
      await bulkCli.run(["stack", "rm", "--force", "--yes", "--non-interactive"]);
      for (const run of bulkCli.transcript) expect(`${run.stdout}${run.stderr}`, `pulumi ${run.args.join(" ")}`).not.toContain(TOKEN);
    } finally {
      bulk.remove();
    }
  });

  it("the access token is in no state file, CLI output or plugin log", async () => {
    const exported = JSON.parse((await cli.run(["stack", "export"])).stdout);
    const provider = (exported.deployment.resources as Array<Record<string, any>>).find((r) => r.type === "pulumi:providers:launchdarkly-access")!;
    // The provider's configuration is in state, with the token as a secret (ciphertext), not in the clear.
    expect(provider.inputs.accessToken).toHaveProperty("ciphertext");
    expect(provider.inputs.apiHost).toBe(emulator.url);
    const stackConfig = readFileSync(path.join(project.projectDir, "Pulumi.dev.yaml"), "utf8");
    expect(stackConfig).toMatch(/launchdarkly-access:accessToken:\s*\n\s*secure:/);

    // At -v=7 and above the engine itself logs the decrypted provider configuration it sends to
    // CheckConfig/DiffConfig/Configure (Pulumi's own lines, whatever the provider). No other line may hold
    // the token: not the plugin's logs (--logflow passes the verbosity on), not the language host's.
    const verbose = await cli.run(["preview", "--non-interactive", "--logtostderr", "--logflow", "-v=9"]);
    const engineConfigLine =
      /"msg":"((Un)?[Mm]arshaling property for RPC\[Provider\[0x[0-9a-f]+\]\.(CheckConfig|Configure|DiffConfig)\(|Planner decided (not )?to \w+ 'urn:pulumi:dev::launchdarkly-access-yaml::pulumi:providers:launchdarkly-access::default')/;
    expect(verbose.stderr).toMatch(/launchdarkly-access/);
    expectTokenNowhere({ cli, verbose, token: TOKEN, root: project.root, engineConfigLine });
  });

  it("destroy deletes everything the stack holds, imported objects too, leaving only the account owner", async () => {
    const run = await stage("destroy", () => cli.run(["destroy", "--yes", "--non-interactive"]));
    expect(run.stdout).toMatch(/- 9 deleted/);
    expect(emulator.store.roles.size).toBe(0);
    expect(emulator.store.teams.size).toBe(0);
    expect([...emulator.store.members.values()].map((m) => m.email)).toEqual(["owner@example.com"]);
    // Nothing was downloaded: the language host and the provider plugin are the local ones.
    expect(filesUnder(project.homeDir).filter((f) => f.includes(`${path.sep}plugins${path.sep}`))).toEqual([]);
  });
});

/** Every regular file below `dir`. */
