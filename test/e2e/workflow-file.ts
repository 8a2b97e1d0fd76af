import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";

/**
 * The part of GitHub Actions' workflow syntax that the local job runner (workflow-runner.ts) executes. The
 * schemas are strict: a key the runner does not implement (`if`, `continue-on-error`, `working-directory`,
 * `services`, …) is a parse error here instead of being silently ignored, so a workflow that relies on it
 * cannot pass the local run by accident.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const envSchema = z.record(z.string(), scalar);

const stepSchema = z
  .strictObject({
    name: z.string().optional(),
    id: z.string().optional(),
    uses: z.string().optional(),
    with: z.record(z.string(), scalar).optional(),
    run: z.string().optional(),
    env: envSchema.optional(),
  })
  .refine((step) => (step.uses === undefined) !== (step.run === undefined), { message: "a step has exactly one of `uses` and `run`" });

const jobSchema = z.strictObject({
  "runs-on": z.string(),
  env: envSchema.optional(),
  steps: z.array(stepSchema).min(1),
});

const workflowSchema = z.strictObject({
  name: z.string(),
  // Read by GitHub to decide when to run, and by actionlint; the runner is told which event it plays.
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.enum(["read", "write", "none"])).optional(),
  concurrency: z.unknown().optional(),
  env: envSchema.optional(),
  // `shell: bash` is `bash --noprofile --norc -eo pipefail {0}` on GitHub's runners; the runner runs exactly that.
  defaults: z.strictObject({ run: z.strictObject({ shell: z.literal("bash") }) }),
  jobs: z.record(z.string(), jobSchema),
});

export type WorkflowStep = z.output<typeof stepSchema>;
export type WorkflowJob = z.output<typeof jobSchema>;
export type Workflow = z.output<typeof workflowSchema>;

export function readWorkflow(file: string): Workflow {
  const parsed = workflowSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file} uses workflow syntax the local runner does not implement:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** `actions/setup-node@v5` → `actions/setup-node`. */
export function actionName(uses: string): string {
  const at = uses.indexOf("@");
  return at === -1 ? uses : uses.slice(0, at);
}
