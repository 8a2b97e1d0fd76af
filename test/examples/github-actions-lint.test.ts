import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * examples/github-actions/*.yml pass actionlint 1.7.12 (built from its Go module by scripts/install-actionlint.sh,
 * which this test runs: a no-op once built). Without Go the script exits 3 and the test skips, saying so.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOW_DIR = path.join(ROOT, "examples", "github-actions");
const ACTIONLINT = path.join(ROOT, ".pulumi-cli", "bin", "actionlint");
const NO_GO = 3;

const install = spawnSync("bash", [path.join(ROOT, "scripts", "install-actionlint.sh")], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
const skip = install.status === NO_GO ? `skipped: ${install.stderr.trim()}; install Go and run \`bash scripts/install-actionlint.sh\`` : undefined;
if (skip) console.log(`actionlint: ${skip}`);

interface LintFinding {
  message: string;
  filepath: string;
  line: number;
  kind: string;
}

function actionlint(files: string[]): { status: number | null; findings: LintFinding[]; stderr: string } {
  const result = spawnSync(ACTIONLINT, ["-no-color", "-format", "{{json .}}", ...files], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, findings: result.stdout.trim() === "" ? [] : (JSON.parse(result.stdout) as LintFinding[]), stderr: result.stderr };
}

describe.skipIf(skip !== undefined)(`actionlint on examples/github-actions${skip ? ` (${skip})` : ""}`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "ld-actionlint-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("builds (or finds) actionlint 1.7.12", () => {
    expect(install.status, install.stderr).toBe(0);
    expect(spawnSync(ACTIONLINT, ["-version"], { encoding: "utf8" }).stdout.split("\n")[0]).toBe("1.7.12");
  });

  it("finds no problem in either workflow", () => {
    const files = readdirSync(WORKFLOW_DIR).filter((f) => f.endsWith(".yml")).sort();
    expect(files).toEqual(["pulumi-preview.yml", "pulumi-up.yml"]);
    const { status, findings, stderr } = actionlint(files.map((f) => path.join(WORKFLOW_DIR, f)));
    expect(findings.map((f) => `${path.basename(f.filepath)}:${f.line} ${f.kind}: ${f.message}`)).toEqual([]);
    expect(status, stderr).toBe(0);
  });

  it("does read them: a misspelt pulumi/actions input and a wrong step id are reported", () => {
    const broken = path.join(scratch, "pulumi-preview.yml");
    copyFileSync(path.join(WORKFLOW_DIR, "pulumi-preview.yml"), broken);
    const text = readFileSync(broken, "utf8");
    writeFileSync(broken, text.replace("pulumi-version: ", "pulumi-versoin: ").replace("steps.preview.outputs", "steps.previwe.outputs"));
    const { status, findings } = actionlint([broken]);
    expect(status).toBe(1);
    const messages = findings.map((f) => f.message);
    expect(messages.some((m) => m.startsWith('input "pulumi-versoin" is not defined in action "pulumi/actions@v6"'))).toBe(true);
    expect(messages.some((m) => m.startsWith('property "previwe" is not defined'))).toBe(true);
  });
});
