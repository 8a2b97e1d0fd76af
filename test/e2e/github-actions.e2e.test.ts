import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { consumerProject, TEMPLATE_COMPILER_OPTIONS } from "../package/consumer-project";
import { REPO_ROOT } from "./e2e-project";
import { isWrite } from "./plan-vs-requests";
import { PullRequestComments } from "./pull-request-comments";
import { missingCliBinaries, PULUMI_BIN_DIR, PulumiCli } from "./pulumi-cli";
import { readWorkflow, type Workflow } from "./workflow-file";
import { runJob, type ActionHandler, type JobRun } from "./workflow-runner";

/**
 * examples/github-actions as a repository would run them: a TypeScript project holding examples/access with the
 * packed package installed, the real Pulumi CLI, the emulator as LaunchDarkly, and every `run:` step of the
 * workflows executed as written (workflow-runner.ts). The `uses:` steps are played locally: checkout is the
 * workspace as the test leaves it, setup-node is this Node, pulumi/actions puts .pulumi-cli/bin (the same Pulumi
 * version) on PATH, and github-script runs its script against an in-memory pull request (the one stub). The
 * story: main is deployed; a pull request first fails `check`, then is fixed; the one sticky comment follows
 * both pushes; the merge's pulumi-up.yml sends exactly the requests the comment listed.
 */
const execFileAsync = promisify(execFile);
const TOKEN = "api-actions-e2e-RECOGNISABLE-TOKEN-5d31";
const WORKFLOWS = path.join(REPO_ROOT, "examples", "github-actions");
const EXAMPLE = path.join(REPO_ROOT, "examples", "access");
const REPOSITORY = { owner: "acme", repo: "launchdarkly-access" };
const PR_NUMBER = 42;

const missing = missingCliBinaries();
if (missing.length > 0) {
  throw new Error(`the Pulumi CLI is not installed (${missing.join(", ")} missing in .pulumi-cli/bin): run \`bash scripts/install-pulumi-cli.sh\` first`);
}
const CLI_VERSION = execFileSync(path.join(PULUMI_BIN_DIR, "pulumi"), ["version"], { encoding: "utf8" }).trim().replace(/^v/, "");
const SDK_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
const ENGINES = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
const NODE_MIN_MAJOR = Number(/^>=(\d+)$/.exec(ENGINES)![1]);

const previewWorkflow = readWorkflow(path.join(WORKFLOWS, "pulumi-preview.yml"));
const upWorkflow = readWorkflow(path.join(WORKFLOWS, "pulumi-up.yml"));

let emulator: Emulator;
let workspace = "";
let scratch = "";
let machineEnv: Record<string, string> = {};
const pullRequest = new PullRequestComments({ ...REPOSITORY, number: PR_NUMBER });
const jobLogs: string[] = [];

/** The local stand-ins for the workflows' `uses:` steps. */
function actionStandIns(): Record<string, ActionHandler> {
  return {
    "actions/checkout": async () => ({}),
    "actions/setup-node": async ({ inputs }) => {
      // A Node major the package supports; this Node stands in for it.
      expect(Number(inputs["node-version"])).toBeGreaterThanOrEqual(NODE_MIN_MAJOR);
      return {};
    },
    "pulumi/actions": async ({ inputs }) => {
      // Install only (no `command`), at the version the project's @pulumi/pulumi and this CLI have.
      expect(inputs).toEqual({ "pulumi-version": CLI_VERSION });
      return { path: [PULUMI_BIN_DIR] };
    },
    "actions/github-script": pullRequest.githubScript(),
  };
}

function jobLog(run: JobRun): string {
  return run.steps.map((s) => `--- ${s.name}: ${s.outcome}${s.exitCode !== undefined ? ` (exit ${s.exitCode})` : ""}, ${s.ms} ms\n${s.stdout}${s.stderr}`).join("\n");
}

async function runWorkflow(workflow: Workflow, job: string, eventName: "push" | "pull_request", sha: string): Promise<JobRun> {
  const event = eventName === "pull_request" ? { pull_request: { number: PR_NUMBER, head: { sha } } } : { ref: "refs/heads/main", after: sha };
  const run = await runJob(workflow, job, {
    workspace,
    eventName,
    event,
    repository: `${REPOSITORY.owner}/${REPOSITORY.repo}`,
    sha,
    secrets: { LAUNCHDARKLY_ACCESS_TOKEN: TOKEN },
    machineEnv,
    actions: actionStandIns(),
  });
  jobLogs.push(jobLog(run));
  console.log(`${workflow.name} (${eventName} ${sha.slice(0, 7)}): ${run.conclusion}; ${run.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join(", ")}`);
  if (process.env.SHOW_WORKFLOW_LOGS === "1") console.log(jobLogs.at(-1));
  return run;
}

/** Edits examples/access's org.ts in the workspace the way a pull request would; each edit must apply once. */
function editOrg(edits: Array<[string, string]>): void {
  const file = path.join(workspace, "org.ts");
  let text = readFileSync(path.join(EXAMPLE, "org.ts"), "utf8");
  for (const [from, to] of edits) {
    expect(text.split(from).length - 1, from).toBe(1);
    text = text.replace(from, to);
  }
  writeFileSync(file, text);
}

const TYPO: [string, string] = [`const flagChanges = ["updateOn",`, `const flagChanges = ["updateOnn",`];
const PULL_REQUEST_CHANGE: Array<[string, string]> = [
  // Production deployers may no longer change a flag's off variation.
  [`deployer("production", flagChanges)`, `deployer("production", flagChanges.filter((action) => action !== "updateOffVariation"))`],
  // Linus joins Platform.
  [`teams: ["payments"], maintains: ["payments"]`, `teams: ["payments", "platform"], maintains: ["payments"]`],
];

beforeAll(async () => {
  emulator = await startEmulator({ owner: { email: "owner@example.com" }, token: TOKEN });
  workspace = await consumerProject(`github-actions-${SDK_VERSION}`, {
    pulumiVersion: SDK_VERSION,
    devDependencies: { typescript: "^5.0.0", "@types/node": "^22.0.0" },
  });
  for (const file of ["index.ts", "org.ts", "program.ts"]) copyFileSync(path.join(EXAMPLE, file), path.join(workspace, file));
  writeFileSync(path.join(workspace, "tsconfig.json"), JSON.stringify({ compilerOptions: TEMPLATE_COMPILER_OPTIONS, files: ["index.ts"] }, null, 2));

  scratch = mkdtempSync(path.join(tmpdir(), "ld-actions-e2e-"));
  const backendDir = path.join(scratch, "backend");
  const homeDir = path.join(scratch, "pulumi-home");
  for (const dir of [backendDir, homeDir]) mkdirSync(dir, { recursive: true });
  const stack = previewWorkflow.env!.PULUMI_STACK!;
  expect(upWorkflow.env!.PULUMI_STACK).toBe(stack);
  rmSync(path.join(workspace, `Pulumi.${stack}.yaml`), { force: true });

  // What the repository's maintainer did once: create the stack and commit its config (the API host; the
  // token stays a repository secret). A file backend with a passphrase stands in for Pulumi Cloud.
  const cli = new PulumiCli({ cwd: workspace, backendDir, homeDir, passphrase: "actions-e2e" });
  await cli.run(["stack", "init", stack, "--non-interactive"]);
  await cli.run(["config", "set", "launchdarkly:apiHost", emulator.url]);
  // main as deployed before the pull request (by an earlier pulumi-up.yml run; the merge below runs it for real).
  await execFileAsync(path.join(PULUMI_BIN_DIR, "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive"], {
    cwd: workspace,
    env: { ...cli.env, LAUNCHDARKLY_ACCESS_TOKEN: TOKEN },
    maxBuffer: 16 * 1024 * 1024,
  });
  expect([emulator.store.roles.size, emulator.store.teams.size, emulator.store.members.size]).toEqual([4, 3, 6]);
  machineEnv = {
    ...Object.fromEntries(Object.entries(cli.env).filter(([key]) => key.startsWith("PULUMI_")).map(([key, value]) => [key, value!])),
    NO_COLOR: "1",
    // setup-node's `cache: npm` restores the npm cache: `npm ci` installs from it.
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  };
  pullRequest.addHumanComment("octocat", "Looks good once the preview is green.");
}, 900_000);

afterAll(async () => {
  await emulator?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("examples/github-actions, their shell steps run locally against the emulator with the real CLI", () => {
  it("a pull request whose policy fails check: the job fails, and the comment says why", async () => {
    editOrg([TYPO]);
    emulator.resetRequestLog();
    const run = await runWorkflow(previewWorkflow, "preview", "pull_request", "b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1");

    expect(run.conclusion).toBe("failure");
    const outcomes = Object.fromEntries(run.steps.map((s) => [s.name, s.outcome]));
    expect(outcomes).toMatchObject({
      "pulumi preview --diff": "success",
      "pulumi preview --json": "success",
      "Explain the requests and access changes": "success",
      "Post or update the pull-request comment": "success",
      "Fail when the preview failed": "failure",
    });
    const exitCode = run.steps.find((s) => s.id === "preview")!.outputs["exit-code"]!;
    expect(exitCode).toMatch(/^[1-9]\d*$/);
    expect(run.steps.at(-1)!.stdout).toContain(`::error::pulumi preview failed (--json exited ${exitCode}, --diff exited ${exitCode})`);
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    const [comment, ...others] = pullRequest.botComments();
    expect(others).toEqual([]);
    if (process.env.SHOW_PR_COMMENT === "1") console.log(comment!.body);
    const lines = comment!.body.split("\n");
    expect(lines[0]).toBe(previewWorkflow.env!.COMMENT_MARKER);
    expect(lines).toContain("## LaunchDarkly access preview failed");
    expect(lines).toContain(`**\`pulumi preview\` exited with ${exitCode}: nothing is planned, and \`pulumi up\` would fail the same way.**`);
    expect(lines).toContain(
      `error: pulumi-nodejs:dynamic/launchdarkly:CustomRole resource 'deployer-production' has a problem: policy[0].actions[0]: "updateOnn" is not a LaunchDarkly action; did you mean "updateOn"?`,
    );
    expect(lines.at(-2)).toBe("<sub>Preview of b1b1b1b against stack `production`; this comment is updated on every push.</sub>");
    expect(run.summary).toBe(comment!.body);
  });

  let requestLines: string[] = [];

  it("the fixed push: the same comment now holds the summary line, the exact requests and the access changes", async () => {
    const [before] = pullRequest.botComments();
    editOrg(PULL_REQUEST_CHANGE);
    emulator.resetRequestLog();
    const run = await runWorkflow(previewWorkflow, "preview", "pull_request", "c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2");
    expect(run.conclusion, jobLogs.at(-1)).toBe("success");
    expect(emulator.requests.filter(isWrite)).toEqual([]);

    // Updated in place: one comment of the workflow's, the same id, and the reviewer's comment untouched.
    expect(pullRequest.botComments().map((c) => c.id)).toEqual([before!.id]);
    expect(pullRequest.comments.find((c) => c.user.login === "octocat")!.body).toBe("Looks good once the preview is green.");
    expect(pullRequest.calls).toEqual(["listComments", "createComment", "listComments", `updateComment ${before!.id}`]);

    const body = pullRequest.botComments()[0]!.body;
    if (process.env.SHOW_PR_COMMENT === "1") console.log(body);
    const lines = body.split("\n");
    expect(lines[0]).toBe(previewWorkflow.env!.COMMENT_MARKER);
    // One TeamMembership created (Linus on Platform), one CustomRole updated; one PATCH each.
    expect(lines).toContain("**1 create, 1 update, 0 deletes, 2 requests**");
    expect(lines).toContain("### update CustomRole `deployer-production`");
    expect(lines).toContain("### add members to Team `platform` (TeamMembership)");
    requestLines = lines.filter((line) => /^`(GET|POST|PATCH|PUT|DELETE) \//.test(line));
    expect(requestLines).toEqual(["`PATCH /api/v2/roles/deployer-production`", "`PATCH /api/v2/teams/platform?expand=members`"]);

    const access = lines.slice(lines.indexOf("### Access changes"));
    expect(access.length).toBeGreaterThan(1);
    expect(access).toContain("- linus@example.com gains updateOn, updateFallthrough, updateTargets, updateRules on proj/checkout:env/production:flag/*");
    expect(access).toContain("- grace@example.com loses updateOffVariation on proj/checkout:env/production:flag/*");
    expect(access).toContain("- ada@example.com loses updateOffVariation on proj/checkout:env/production:flag/*, proj/web:env/production:flag/*");
    expect(lines.at(-2)).toBe("<sub>Preview of c2c2c2c against stack `production`; this comment is updated on every push.</sub>");
    expect(run.summary).toBe(body);
  });

  it("merge: pulumi-up.yml sends exactly the requests the comment listed", async () => {
    expect(requestLines).not.toEqual([]);
    emulator.resetRequestLog();
    const run = await runWorkflow(upWorkflow, "up", "push", "d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3");
    expect(run.conclusion, jobLogs.at(-1)).toBe("success");
    const writes = emulator.requests.filter(isWrite).map((r) => `\`${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ""}\``);
    expect(writes.sort()).toEqual([...requestLines].sort());
    expect(emulator.store.teams.get("platform")!.memberIds).toHaveLength(3);
  });

  it("the token is in no log, no comment and no file the workflows left in the workspace", () => {
    expect(jobLogs.join("\n")).not.toContain(TOKEN);
    for (const comment of pullRequest.comments) expect(comment.body).not.toContain(TOKEN);
    const stackConfig = readFileSync(path.join(workspace, `Pulumi.${previewWorkflow.env!.PULUMI_STACK}.yaml`), "utf8");
    expect(stackConfig).not.toContain(TOKEN);
    expect(stackConfig).not.toContain("accessToken");
  });
});
