import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { REPO_ROOT } from "./e2e-project";
import { missingCliBinaries, PulumiCli } from "./pulumi-cli";

/**
 * Issue 13 with the real Pulumi CLI: renaming a resource. Before, following the conflict error's advice
 * (`adoptExisting`) made the old resource's delete remove the person (`DELETE /members/…` 204) and the next
 * `up` re-invited them with a new id. Now: a rename with `aliases` makes 0 requests, a rename with neither
 * fails in `preview` with the alias advice first, and a rename with `adoptExisting` hands the person over
 * without a DELETE. Also: after rotating the token, `refresh` says why it used the old one, and
 * `refresh --run-program` uses the config's token.
 */
const TOKEN = "api-e2e-rename-OLD-TOKEN-5a4b3c2d";
const ROTATED = "api-e2e-rename-NEW-TOKEN-9f8e7d6c";

const missing = missingCliBinaries();
if (missing.length > 0) {
  throw new Error(`the Pulumi CLI is not installed (${missing.join(", ")} missing in .pulumi-cli/bin): run \`bash scripts/install-pulumi-cli.sh\` first`);
}

let emulator: Emulator;
let root: string;
let projectDir: string;
let cli: PulumiCli;

function writeProgram(body: string): void {
  writeFileSync(path.join(projectDir, "index.js"), `const ld = require("pulumi-launchdarkly-access");\n${body}\n`);
}

function requests(method?: string): string[] {
  return emulator.requests.filter((r) => method === undefined || r.method === method).map((r) => `${r.method} ${r.path}`);
}

function linus() {
  return [...emulator.store.members.values()].find((m) => m.email === "linus@example.com");
}

function output(run: { stdout: string; stderr: string }): string {
  return `${run.stdout}\n${run.stderr}`;
}

beforeAll(async () => {
  emulator = await startEmulator({ token: TOKEN, profile: "lenient" });
  root = mkdtempSync(path.join(tmpdir(), "ld-access-rename-"));
  projectDir = path.join(root, "project");
  for (const dir of ["project", "backend", "home"]) mkdirSync(path.join(root, dir), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
  writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: rename-e2e\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n");
  writeFileSync(path.join(projectDir, "package.json"), JSON.stringify({ name: "rename-e2e", private: true }));
  cli = new PulumiCli({ cwd: projectDir, backendDir: path.join(root, "backend"), homeDir: path.join(root, "home"), passphrase: "e2e" });
  await cli.run(["stack", "init", "dev", "--non-interactive"]);
  await cli.run(["config", "set", "launchdarkly:apiHost", emulator.url]);
  await cli.run(["config", "set", "--secret", "launchdarkly:accessToken", TOKEN]);
});

afterAll(async () => {
  await emulator?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("renaming a resource with the real Pulumi CLI", () => {
  let linusId: string;

  it("the first up creates Linus, the platform team and his membership", async () => {
    writeProgram(`
const linus = new ld.Member("linus", { email: "linus@example.com", role: "writer" });
const platform = new ld.Team("platform", { key: "platform", name: "Platform" });
new ld.TeamMembership("platform-linus", { teamKey: platform.key, memberId: linus.id });`);
    await cli.run(["up", "--yes", "--skip-preview"]);
    linusId = linus()!._id;
    expect(emulator.store.teams.get("platform")!.memberIds).toContain(linusId);
  });

  it("a rename with aliases: preview and up make 0 requests", async () => {
    writeProgram(`
const linus = new ld.Member("linus-torvalds", { email: "linus@example.com", role: "writer" }, { aliases: [{ name: "linus" }] });
const platform = new ld.Team("platform-team", { key: "platform", name: "Platform" }, { aliases: [{ name: "platform" }] });
new ld.TeamMembership("platform-linus", { teamKey: platform.key, memberId: linus.id });`);
    emulator.resetRequestLog();
    const run = await cli.run(["up", "--yes"]);
    expect(requests()).toEqual([]);
    expect(output(run)).not.toMatch(/created|deleted/);
    expect(linus()!._id).toBe(linusId);
  });

  it("a rename with neither aliases nor adoptExisting fails in preview, the alias advice first, and changes nothing", async () => {
    writeProgram(`
const linus = new ld.Member("torvalds", { email: "linus@example.com", role: "writer" });
const platform = new ld.Team("platform-team", { key: "platform", name: "Platform" });
new ld.TeamMembership("platform-linus", { teamKey: platform.key, memberId: linus.id });`);
    emulator.resetRequestLog();
    const run = await cli.run(["preview"], { allowFailure: true });
    expect(run.code).not.toBe(0);
    const text = output(run);
    expect(text).toMatch(/linus@example\.com is already a member of this LaunchDarkly account\. If you renamed this Member resource/);
    expect(text.indexOf("aliases: [{ name:")).toBeLessThan(text.indexOf("adoptExisting: true"));
    expect(requests().every((r) => r.startsWith("GET "))).toBe(true);
  });

  it("a rename with adoptExisting hands Linus over: no DELETE, same id, still on the team, and up says so", async () => {
    writeProgram(`
const linus = new ld.Member("torvalds", { email: "linus@example.com", role: "writer", adoptExisting: true });
const platform = new ld.Team("platform-team", { key: "platform", name: "Platform" });
new ld.TeamMembership("platform-torvalds", { teamKey: platform.key, memberId: linus.id });`);
    emulator.resetRequestLog();
    const run = await cli.run(["up", "--yes"]);
    expect(requests("DELETE")).toEqual([]);
    expect(requests("PATCH")).toEqual([]);
    expect(linus()!._id).toBe(linusId);
    expect(emulator.store.teams.get("platform")!.memberIds).toContain(linusId);
    expect(output(run)).toContain("Member linus@example.com was not deleted: it was handed over");
    // The next up is a no-op: nothing to re-invite.
    emulator.resetRequestLog();
    await cli.run(["up", "--yes"]);
    expect(requests().filter((r) => !r.startsWith("GET "))).toEqual([]);
  });

  it("after rotating the token, refresh names the stale configuration; refresh --run-program uses the config's token", async () => {
    emulator.rotateToken(ROTATED);
    await cli.run(["config", "set", "--secret", "launchdarkly:accessToken", ROTATED]);
    emulator.resetRequestLog();
    const stale = await cli.run(["refresh", "--yes"], { allowFailure: true });
    expect(stale.code).not.toBe(0);
    expect(output(stale)).toMatch(/401.*`pulumi refresh` uses the configuration saved in the state by that `up`.*pulumi refresh --run-program/s);
    expect(emulator.requests.every((r) => r.status === 401)).toBe(true);

    emulator.resetRequestLog();
    await cli.run(["refresh", "--yes", "--run-program"]);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
    const all = cli.transcript.map(output).join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(ROTATED);
  });
});
