import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerProject, runIn, TEMPLATE_COMPILER_OPTIONS, versionsInPeerRange } from "../package/consumer-project";
import { missingCliBinaries, PulumiCli } from "./pulumi-cli";

/**
 * The package as a new user meets it: `npm pack`, a fresh project of Pulumi's TypeScript template with the
 * tarball next to the newest @pulumi/pulumi, the emulator started with the package's own bin, and the real
 * Pulumi CLI (TypeScript compiled by the project's own compiler) running preview, up, export and destroy.
 */
const TOKEN = "api-packed-e2e-RECOGNISABLE-TOKEN-77c1";

const PROGRAM = `import * as ld from "pulumi-launchdarkly-access";

const auditor = new ld.CustomRole("auditor", {
  key: "auditor",
  name: "Auditor (read-only)",
  basePermissions: "reader",
  policy: [{ effect: "deny", resources: ["proj/*:env/*:flag/*"], actions: ["*"] }],
});
const ada = new ld.Member("ada", { email: "ada@example.com", firstName: "Ada", role: "writer", customRoles: [auditor.key] });
const platform = new ld.Team("platform", { key: "platform", name: "Platform", customRoleKeys: [auditor.key], maintainers: [ada.id] });
new ld.TeamMembership("platform-ada", { teamKey: platform.key, memberId: ada.id });
export const adaId = ada.memberId;
`;

const missing = missingCliBinaries();
if (missing.length > 0) {
  throw new Error(`the Pulumi CLI is not installed (${missing.join(", ")} missing in .pulumi-cli/bin): run \`bash scripts/install-pulumi-cli.sh\` first`);
}
const registry = versionsInPeerRange();
const skip = "skip" in registry ? registry.skip : undefined;

describe.skipIf(skip !== undefined)(`the packed package in a fresh template project${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "ld-packed-e2e-"));
  let dir = "";
  let emulator: ChildProcess;
  let emulatorUrl = "";
  let pulumi: PulumiCli;
  const bin = () => path.join(dir, "node_modules", ".bin", "pulumi-launchdarkly-access");

  beforeAll(async () => {
    const newest = "versions" in registry ? registry.versions.at(-1)! : "";
    dir = await consumerProject(`e2e-${newest}`, { pulumiVersion: newest, devDependencies: { typescript: "^5.0.0", "@types/node": "^22.0.0" } });
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: TEMPLATE_COMPILER_OPTIONS, files: ["index.ts"] }, null, 2));
    writeFileSync(path.join(dir, "index.ts"), PROGRAM);
    rmSync(path.join(dir, "Pulumi.dev.yaml"), { force: true });

    emulator = spawn(bin(), ["emulator", "--port", "0", "--token", TOKEN], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    emulatorUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the emulator printed no URL")), 60_000);
      readline.createInterface({ input: emulator.stdout! }).on("line", (line) => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });

    const backendDir = path.join(scratch, "backend");
    const homeDir = path.join(scratch, "home");
    for (const d of [backendDir, homeDir]) mkdirSync(d, { recursive: true });
    pulumi = new PulumiCli({ cwd: dir, backendDir, homeDir, passphrase: "packed-e2e" });
    await pulumi.run(["stack", "init", "dev", "--non-interactive"]);
    await pulumi.run(["config", "set", "launchdarkly:apiHost", emulatorUrl]);
    await pulumi.run(["config", "set", "--secret", "launchdarkly:accessToken", TOKEN]);
  }, 900_000);

  afterAll(async () => {
    if (pulumi) await pulumi.run(["destroy", "--yes", "--skip-preview", "--non-interactive"], { allowFailure: true });
    emulator?.kill("SIGTERM");
    rmSync(scratch, { recursive: true, force: true });
  }, 300_000);

  it("previews the program against the emulator", async () => {
    const preview = await pulumi.run(["preview", "--non-interactive"]);
    expect(preview.stdout).toContain("+ 5 to create");
  });

  it("creates everything, records sourcePositions of files that exist in the installed package, and no token", async () => {
    await pulumi.run(["up", "--yes", "--skip-preview", "--non-interactive"]);
    const exportFile = path.join(scratch, "state.json");
    await pulumi.run(["stack", "export", "--file", exportFile]);
    const state = readFileSync(exportFile, "utf8");
    expect(state).not.toContain(TOKEN);
    const resources = (JSON.parse(state).deployment.resources as { type: string; sourcePosition?: string }[]).filter((r) => r.type.includes("launchdarkly:"));
    expect(resources).toHaveLength(4);
    for (const resource of resources) {
      const match = /^project:\/\/\/(.+)#\d+,\d+$/.exec(resource.sourcePosition ?? "");
      expect(match?.[1], resource.type).toMatch(/^node_modules\/pulumi-launchdarkly-access\/dist\/core\/resources\/[a-z-]+\.js$/);
      expect(existsSync(path.join(dir, match![1]!)), match![1]).toBe(true);
    }

    const review = await runIn(bin(), ["review", "--state", exportFile, "--fail-on-flags"], dir);
    expect(review).toContain("| ada@example.com | unknown | unknown |");
  });

  it("the package's CLI reads the live account with the token and host from the stack", async () => {
    const env = { ...pulumi.env, PATH: pulumi.env.PATH! };
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin(), ["review", "--stack", "dev", "--format", "json", "--quiet"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`review --stack exited ${code}: ${stderr}`))));
    });
    expect(out).not.toContain(TOKEN);
    const emails = (JSON.parse(out).members as { email: string }[]).map((m) => m.email);
    expect(emails).toContain("ada@example.com");
  });
});
