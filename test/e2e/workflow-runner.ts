import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { containsExpression, interpolate, type ExpressionContexts } from "./workflow-expressions";
import { actionName, type Workflow, type WorkflowStep } from "./workflow-file";

/**
 * Runs one job of a workflow on this machine the way a GitHub-hosted runner would: steps in order, each `run:`
 * with `bash --noprofile --norc -eo pipefail` in the workspace, `$GITHUB_OUTPUT` read back into
 * `steps.<id>.outputs`, `$GITHUB_STEP_SUMMARY` collected, env layered runner < workflow < job < step, and the
 * job stopping at the first failed step. `uses:` steps are played by handlers the caller supplies (the local
 * stand-in for that action); a step whose action has no handler fails the run.
 */
export interface ActionInvocation {
  step: WorkflowStep;
  inputs: Record<string, string>;
  env: NodeJS.ProcessEnv;
  log(line: string): void;
}

export interface ActionResult {
  /** Directories the action put on PATH for later steps (`$GITHUB_PATH`). */
  path?: string[];
  outputs?: Record<string, string>;
}

export type ActionHandler = (invocation: ActionInvocation) => Promise<ActionResult>;

export interface JobRunOptions {
  /** The checked-out repository: every step runs here. */
  workspace: string;
  /** `github.event_name` and `github.event` (the webhook payload). */
  eventName: string;
  event: Record<string, unknown>;
  repository: string;
  sha: string;
  secrets: Record<string, string>;
  vars?: Record<string, string>;
  /** What the runner machine itself has in its environment (below the workflow's `env`). */
  machineEnv: Record<string, string>;
  /** By action name without the ref: `actions/checkout`. */
  actions: Record<string, ActionHandler>;
}

export type StepOutcome = "success" | "failure" | "skipped";

export interface StepRun {
  name: string;
  id?: string;
  outcome: StepOutcome;
  exitCode?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  ms: number;
}

export interface JobRun {
  conclusion: "success" | "failure";
  steps: StepRun[];
  /** Everything the steps appended to `$GITHUB_STEP_SUMMARY`. */
  summary: string;
  runnerTemp: string;
}

/** The runner's own variables, the caller's and the developer's are not passed to steps. */
const HOST_ONLY = /^(LAUNCHDARKLY_|PULUMI_|GITHUB_|RUNNER_|npm_|VITEST|NODE_ENV$|INIT_CWD$)/;

function stepName(step: WorkflowStep): string {
  return step.name ?? step.uses ?? step.run!.split("\n")[0]!;
}

/** `name=value` lines and `name<<DELIMITER … DELIMITER` blocks, as GitHub reads `$GITHUB_OUTPUT`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end === -1) throw new Error(`$GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`$GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

function interpolateAll(values: Record<string, string> | undefined, contexts: ExpressionContexts): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, interpolate(value, contexts)]));
}

export async function runJob(workflow: Workflow, jobId: string, options: JobRunOptions): Promise<JobRun> {
  const job = workflow.jobs[jobId];
  if (!job) throw new Error(`no job "${jobId}" in workflow "${workflow.name}"`);
  const runnerTemp = mkdtempSync(path.join(tmpdir(), "ld-actions-runner-"));
  const summaryFile = path.join(runnerTemp, "step-summary.md");
  writeFileSync(summaryFile, "");
  const contexts: ExpressionContexts = {
    secrets: options.secrets,
    vars: options.vars ?? {},
    github: { event_name: options.eventName, event: options.event, repository: options.repository, sha: options.sha, workspace: options.workspace },
    runner: { temp: runnerTemp },
    steps: {},
  };
  const hostEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !HOST_ONLY.test(key)));
  const addedPath: string[] = [];
  const runs: StepRun[] = [];
  let failed = false;

  for (const [index, step] of job.steps.entries()) {
    const name = stepName(step);
    if (failed) {
      runs.push({ name, ...(step.id ? { id: step.id } : {}), outcome: "skipped", stdout: "", stderr: "", outputs: {}, ms: 0 });
      continue;
    }
    const stepDir = path.join(runnerTemp, `step-${index}`);
    mkdirSync(stepDir);
    const outputFile = path.join(stepDir, "output");
    const envFile = path.join(stepDir, "env");
    writeFileSync(outputFile, "");
    writeFileSync(envFile, "");
    const env: NodeJS.ProcessEnv = {
      ...hostEnv,
      ...options.machineEnv,
      PATH: [...addedPath, hostEnv.PATH ?? ""].join(path.delimiter),
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_SHA: options.sha,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ENV: envFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: runnerTemp,
      ...interpolateAll(workflow.env, contexts),
      ...interpolateAll(job.env, contexts),
      ...interpolateAll(step.env, contexts),
    };

    const started = Date.now();
    let run: StepRun;
    if (step.run !== undefined) {
      // Expressions inside a script are pasted in before bash reads it (script injection); values go through env.
      if (containsExpression(step.run)) throw new Error(`step "${name}": \${{ … }} inside run:; pass the value through env instead`);
      const script = path.join(stepDir, "run.sh");
      writeFileSync(script, step.run);
      const result = await runBash(script, options.workspace, env);
      run = { name, outcome: result.exitCode === 0 ? "success" : "failure", exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, outputs: {}, ms: 0 };
    } else {
      const handler = options.actions[actionName(step.uses!)];
      if (!handler) throw new Error(`step "${name}": no local stand-in for ${step.uses}`);
      const log: string[] = [];
      try {
        const result = await handler({ step, inputs: interpolateAll(step.with, contexts), env, log: (line) => log.push(line) });
        addedPath.unshift(...(result.path ?? []));
        run = { name, outcome: "success", stdout: log.join("\n"), stderr: "", outputs: result.outputs ?? {}, ms: 0 };
      } catch (error) {
        run = { name, outcome: "failure", stdout: log.join("\n"), stderr: error instanceof Error ? (error.stack ?? error.message) : String(error), outputs: {}, ms: 0 };
      }
    }
    run.ms = Date.now() - started;
    if (readFileSync(envFile, "utf8") !== "") throw new Error(`step "${name}" wrote $GITHUB_ENV, which the local runner does not carry to later steps`);
    if (run.outcome === "success") run.outputs = { ...run.outputs, ...parseOutputFile(readFileSync(outputFile, "utf8")) };
    if (step.id) {
      run.id = step.id;
      contexts.steps[step.id] = { outputs: run.outputs, outcome: run.outcome };
    }
    runs.push(run);
    failed = run.outcome === "failure";
  }
  return { conclusion: failed ? "failure" : "success", steps: runs, summary: readFileSync(summaryFile, "utf8"), runnerTemp };
}
