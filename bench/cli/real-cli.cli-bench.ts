import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";
import type { OrgSpec } from "../../examples/access/org";
import { missingCliBinaries } from "../../test/e2e/pulumi-cli";
import { terraformOrgRequests, type TerraformOrgOperation, type TerraformOrgRequests } from "../terraform-model";
import { CliBenchStack } from "./cli-bench-stack";
import { generatedOrg, resourceCount, THOUSAND_RESOURCES, THREE_HUNDRED_RESOURCES, type OrgSize } from "./generated-org";
import { modelArrivals } from "./engine-model-arrivals";
import { membershipArrivals, type MembershipArrivals } from "./membership-arrivals";
import { summarizeOperation, type BenchOperation, type OperationSummary } from "./operation-summary";

/**
 * `npm run bench:cli`: the real Pulumi CLI (.pulumi-cli) against the emulator. Not a test: it records wall
 * times, requests, the provider's share of the time and the membership arrival pattern, merges them into
 * bench/results.json under `realCli.<BENCH_CLI_LABEL>` (default "current"), and prints the tables.
 *
 * BENCH_CLI_PARALLEL (default "8,16,1000"): the parallelism of the 1,000-resource runs; 8 is the CLI's
 * default here (4 × CPUs), 1000 stands for unbounded. BENCH_CLI_ARRIVAL_PARALLEL (default "8,64"): the
 * 300-resource arrival runs. BENCH_CLI_ONLY=scale|arrival runs one half.
 */
const RESULTS = path.join(__dirname, "..", "results.json");
const requireJs = createRequire(__filename);
const { renderRealCliTables } = requireJs("../print-tables") as { renderRealCliTables: (realCli: unknown) => string };

const list = (value: string | undefined, fallback: number[]) => (value ? value.split(",").map(Number) : fallback);
const SCALE_PARALLEL = list(process.env.BENCH_CLI_PARALLEL, [8, 16, 1000]);
const ARRIVAL_PARALLEL = list(process.env.BENCH_CLI_ARRIVAL_PARALLEL, [8, 64]);
const ONLY = process.env.BENCH_CLI_ONLY;
const LABEL = process.env.BENCH_CLI_LABEL ?? "current";
const DEFAULT_PARALLEL = 4 * availableParallelism();
const MODEL_CHECKPOINT_CAP_MS = 60;

const missing = missingCliBinaries();
if (missing.length > 0) throw new Error(`the Pulumi CLI is not installed (${missing.join(", ")} missing): run \`bash scripts/install-pulumi-cli.sh\``);

function terraformCounts(org: OrgSpec) {
  return {
    roles: org.roles.length,
    teams: org.teams.length,
    memberships: org.people.reduce((n, p) => n + p.teams.length, 0),
    memberCustomRoles: org.people.map((p) => p.roles?.length ?? 0),
  };
}

const TERRAFORM_OPERATION: Record<BenchOperation, TerraformOrgOperation> = { up: "create", "no-op up": "noopApply", refresh: "refresh", destroy: "destroy" };

/** up, no-op up, refresh, destroy of the 1,000-resource org at `parallel` (the CLI's own flag, or none at the default). */
type ScaleRow = OperationSummary & { terraform: TerraformOrgRequests };

async function scaleRun(size: OrgSize, parallel: number): Promise<ScaleRow[]> {
  const org = generatedOrg(size);
  const stack = await CliBenchStack.create(org);
  const flag = parallel === DEFAULT_PARALLEL ? undefined : parallel;
  try {
    const summaries: ScaleRow[] = [];
    const steps: Array<[BenchOperation, "up" | "refresh" | "destroy"]> = [["up", "up"], ["no-op up", "up"], ["refresh", "refresh"], ["destroy", "destroy"]];
    for (const [operation, command] of steps) {
      process.stderr.write(`bench:cli: ${resourceCount(size)} resources, ${operation} at --parallel ${parallel}…\n`);
      const summary = summarizeOperation(org, operation, parallel, await stack.run(command, flag));
      summaries.push({ ...summary, terraform: terraformOrgRequests(terraformCounts(org), TERRAFORM_OPERATION[operation]) });
      process.stderr.write(`  ${summary.wallMs} ms, ${summary.requests} requests, provider busy ${Math.round(summary.providerShare * 100)}%\n`);
    }
    return summaries;
  } finally {
    await stack.close();
  }
}

/**
 * Create then destroy the 300-resource org at `parallel`, recording when membership calls arrive; then the same
 * with the paced harness engine, its checkpoint write calibrated to half the real engine's gap between creates
 * (capped, so a loaded machine's slowness does not make the model run as long).
 */
async function arrivalRun(size: OrgSize, parallel: number): Promise<MembershipArrivals[]> {
  const org = generatedOrg(size, "arrival");
  const real = await realArrivals(org, parallel);
  // Half the real gap, at most MODEL_CHECKPOINT_CAP_MS: the pattern, not the machine's slowness, is what is compared.
  const checkpointMs = Math.max(1, Math.min(MODEL_CHECKPOINT_CAP_MS, Math.round(real[0]!.medianGlobalGapMs / 2)));
  process.stderr.write(`bench:cli: the engine model at --parallel ${parallel}, checkpoint ${checkpointMs} ms…\n`);
  const model = await modelArrivals(org, parallel, checkpointMs);
  return [...real.map((r) => ({ ...r, source: "real CLI" })), ...model.map((r) => ({ ...r, source: `engine model (checkpoint ${checkpointMs} ms)` }))];
}

async function realArrivals(org: OrgSpec, parallel: number): Promise<MembershipArrivals[]> {
  const stack = await CliBenchStack.create(org);
  const flag = parallel === DEFAULT_PARALLEL ? undefined : parallel;
  try {
    process.stderr.write(`bench:cli: arrivals at --parallel ${parallel}…\n`);
    const up = await stack.run("up", flag);
    const created = membershipArrivals("Create", parallel, up.calls, up.requests);
    const destroyed = await stack.run("destroy", flag);
    const deleted = membershipArrivals("Delete", parallel, destroyed.calls, destroyed.requests);
    process.stderr.write(`  create: ${created.patches} PATCHes (floor ${created.floor}), destroy: ${deleted.patches} (floor ${deleted.floor})\n`);
    return [created, deleted];
  } finally {
    await stack.close();
  }
}

/** Merges `section` into bench/results.json's `realCli.<LABEL>` now, so a long run keeps what it has measured. */
function save(section: Record<string, unknown>): Record<string, unknown> {
  const results = JSON.parse(readFileSync(RESULTS, "utf8"));
  results.realCli = { ...results.realCli, [LABEL]: { ...results.realCli?.[LABEL], ...section } };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  return results.realCli;
}

it("real CLI benchmark", async () => {
  const section: Record<string, unknown> = { generatedAt: new Date().toISOString(), defaultParallel: DEFAULT_PARALLEL };
  if (ONLY !== "arrival") {
    const scale = { size: THOUSAND_RESOURCES, runs: [] as ScaleRow[] };
    section.scale = scale;
    for (const parallel of SCALE_PARALLEL) {
      const summaries = await scaleRun(THOUSAND_RESOURCES, parallel);
      expect(summaries.find((s) => s.operation === "no-op up")!.writes).toBe(0);
      // Runs of other parallelisms measured earlier under this label stay.
      const earlier = ((JSON.parse(readFileSync(RESULTS, "utf8")).realCli?.[LABEL]?.scale?.runs ?? []) as ScaleRow[]).filter((r) => !SCALE_PARALLEL.includes(r.parallel));
      scale.runs.push(...summaries);
      save({ ...section, scale: { ...scale, runs: [...earlier, ...scale.runs] } });
    }
  }
  if (ONLY !== "scale") {
    const arrivals = { size: THREE_HUNDRED_RESOURCES, runs: [] as MembershipArrivals[] };
    for (const parallel of ARRIVAL_PARALLEL) {
      const runs = await arrivalRun(THREE_HUNDRED_RESOURCES, parallel);
      for (const run of runs) expect(run.memberships).toBe(THREE_HUNDRED_RESOURCES.memberships);
      arrivals.runs.push(...runs);
      save({ ...section, arrivals });
    }
  }
  console.log(renderRealCliTables(save({})));
});
