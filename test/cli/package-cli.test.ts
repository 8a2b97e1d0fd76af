import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EMULATOR_PORT } from "../../src/tools/cli/emulator-command";
import { startEmulator, type Emulator } from "../../src/emulator";
import { missingCliBinaries, PULUMI_BIN_DIR, PulumiCli } from "../e2e/pulumi-cli";
import { cli } from "./run-cli";

const ROOT = path.resolve(__dirname, "..", "..");
const MAIN = path.join(ROOT, "dist", "tools", "cli", "main.js");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const dir = mkdtempSync(path.join(tmpdir(), "ld-package-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--version", () => {
  it("prints the package.json version", async () => {
    for (const flag of ["--version", "-V"]) {
      const run = await cli([flag], {});
      expect(run).toEqual({ code: 0, stdout: `pulumi-launchdarkly-access ${manifest.version}\n`, stderr: "" });
    }
  });
});

describe("emulator subcommand (the built bin, as package users run it)", () => {
  it("starts on the requested port with the given token and profile, serves the API, and stops on SIGTERM with exit 0", async () => {
    const token = "api-PACKAGE-CLI-EMULATOR";
    const child = spawn(process.execPath, [MAIN, "emulator", "--port", "0", "--token", token, "--profile", "strict"], { stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const lines = readline.createInterface({ input: child.stdout! });
    const output: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output.join("\n")}`)), 60_000);
      lines.on("line", (line) => {
        output.push(line);
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) \(profile strict\)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(output.join("\n")).toContain(`Access token: ${token}`);
    const ok = await fetch(`${url}/api/v2/members`, { headers: { Authorization: token } });
    expect(ok.status).toBe(200);
    const denied = await fetch(`${url}/api/v2/members`, { headers: { Authorization: "api-wrong" } });
    expect(denied.status).toBe(401);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 90_000);

  it("rejects a bad port or profile as a usage error (exit 2)", async () => {
    expect((await cli(["emulator", "--port", "70000"], {})).code).toBe(2);
    const badEnv = await cli(["emulator"], { EMULATOR_PORT: "eighty" });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('EMULATOR_PORT must be a port number from 0 to 65535 (got "eighty")');
    const profile = await cli(["emulator", "--profile", "chaotic"], {});
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain("--profile must be one of strict, lenient");
  });

  it("the README states the default port the emulator uses", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(DEFAULT_EMULATOR_PORT).toBe(8787);
    expect(readme).toContain(`http://127.0.0.1:${DEFAULT_EMULATOR_PORT}`);
    expect(readme).not.toMatch(/emulator[^.\n]*on a free loopback port/);
  });
});

describe("review --state with pending invites", () => {
  const exported = {
    version: 3,
    deployment: {
      resources: [
        { type: "pulumi-nodejs:dynamic/launchdarkly:Team", id: "web", outputs: { key: "web", name: "Web", customRoleKeys: [], maintainers: [], version: 1, memberCount: 2 } },
        { type: "pulumi-nodejs:dynamic/launchdarkly:Member", id: "m1", outputs: { email: "ada@example.com", role: "reader", customRoles: [], memberId: "m1", pendingInvite: true, verified: false } },
        { type: "pulumi-nodejs:dynamic/launchdarkly:Member", id: "m2", outputs: { email: "bob@example.com", role: "writer", customRoles: [], memberId: "m2", pendingInvite: false, verified: true } },
        { type: "pulumi-nodejs:dynamic/launchdarkly:TeamMembership", id: "web/m1", outputs: { teamKey: "web", memberId: "m1" } },
        { type: "pulumi-nodejs:dynamic/launchdarkly:TeamMembership", id: "web/m2", outputs: { teamKey: "web", memberId: "m2" } },
      ],
    },
  };

  it("says the invite date is unknown, flags nothing, and --fail-on-flags exits 0", async () => {
    const file = path.join(dir, "pending.json");
    writeFileSync(file, JSON.stringify(exported));
    const markdown = await cli(["review", "--state", file, "--fail-on-flags"], {}, { now: new Date("2026-12-01T00:00:00Z") });
    expect(markdown.stderr).toBe("");
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("### Pending invites older than 30 days (0)");
    expect(markdown.stdout).toContain("### Pending invites of unknown age (1)");
    expect(markdown.stdout).toContain("| ada@example.com | unknown | unknown |");
    expect(markdown.stdout).not.toMatch(/1970|20788/);

    const json = JSON.parse((await cli(["review", "--state", file, "--format", "json"], {})).stdout);
    expect(json.flags.staleInvites).toEqual([]);
    expect(json.undatedInvites).toEqual([{ email: "ada@example.com", invitedAt: "unknown" }]);
    expect(json.members.find((m: { email: string }) => m.email === "ada@example.com")).toMatchObject({ pendingInvite: true, createdAt: null, flags: [] });
  });

  it("--state and --stack together are a usage error", async () => {
    const run = await cli(["review", "--state", "x.json", "--stack", "dev"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("use one of them");
  });
});

describe("--stack: token and host from a stack's config", () => {
  it("names the missing Pulumi CLI when `pulumi` is not on PATH", async () => {
    const run = await cli(["review", "--stack", "dev", "--cwd", dir], { PATH: path.join(dir, "no-such-bin") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--stack needs the Pulumi CLI, and `pulumi` is not on PATH");
    expect(run.stderr).toContain("LAUNCHDARKLY_ACCESS_TOKEN");
  });

  it("--cwd without --stack, and a --cwd that is not a directory, are reported", async () => {
    expect((await cli(["generate", "--cwd", dir], {})).stderr).toContain("--cwd only applies with --stack");
    const missing = await cli(["review", "--stack", "dev", "--cwd", path.join(dir, "nope")], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("is not a directory");
  });

  const missing = missingCliBinaries();
  describe.skipIf(missing.includes("pulumi"))(`with the real Pulumi CLI${missing.includes("pulumi") ? ` (skipped: no ${PULUMI_BIN_DIR}/pulumi; run scripts/install-pulumi-cli.sh)` : ""}`, () => {
    const token = "api-STACK-CONFIG-TOKEN-9d3f";
    let emulator: Emulator;
    let pulumi: PulumiCli;
    const project = path.join(dir, "stack-project");

    beforeAll(async () => {
      emulator = await startEmulator({ token, owner: { email: "owner@example.com" } });
      emulator.store.addMember({ email: "ada@example.com", role: "writer" });
      rmSync(project, { recursive: true, force: true });
      const backend = path.join(dir, "backend");
      const home = path.join(dir, "pulumi-home");
      for (const d of [project, backend, home]) mkdirSync(d, { recursive: true });
      writeFileSync(path.join(project, "Pulumi.yaml"), "name: stack-config\nruntime: nodejs\n");
      pulumi = new PulumiCli({ cwd: project, backendDir: backend, homeDir: home, passphrase: "stack-config-test" });
      await pulumi.run(["stack", "init", "dev"]);
      await pulumi.run(["config", "set", "--secret", "launchdarkly:accessToken", token]);
      await pulumi.run(["config", "set", "launchdarkly:apiHost", emulator.url]);
    }, 120_000);
    afterAll(async () => {
      await emulator?.close();
    });

    it("reads launchdarkly:accessToken (secret) and launchdarkly:apiHost from the stack, and never prints the token", async () => {
      const env = pulumi.env as Record<string, string>;
      expect(Object.keys(env).some((k) => k.startsWith("LAUNCHDARKLY_"))).toBe(false);
      const run = await cli(["review", "--stack", "dev", "--cwd", project, "--format", "json"], env);
      expect(run.stderr).toContain(`Reading the LaunchDarkly account at ${emulator.url}`);
      expect(run.code).toBe(0);
      const review = JSON.parse(run.stdout);
      expect(review.members.map((m: { email: string }) => m.email)).toEqual(["ada@example.com", "owner@example.com"]);
      expect(run.stdout + run.stderr).not.toContain(token);
      expect(readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8")).not.toContain(token);
    }, 120_000);

    it("an unknown stack names the stack and Pulumi's reason", async () => {
      const run = await cli(["review", "--stack", "nope", "--cwd", project], pulumi.env as Record<string, string>);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/cannot read the config of stack "nope" in .*stack-project with the Pulumi CLI: .*nope/);
    }, 60_000);
  });
});
