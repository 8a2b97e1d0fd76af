import * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../../core/resources/props";
import type { Props } from "../host/dynamic-provider-host";
import { fieldChanges, type FieldChange } from "./field-changes";
import { CheckpointWriter, seededShuffle, type Pacing } from "./pacing";
import { PartialCreateError, type ProviderCalls, type ResourceRef } from "./provider-calls";
import { Semaphore } from "./semaphore";

/**
 * A small stand-in for the Pulumi engine's resource walk (docs/decisions/0025). It makes the engine's
 * calls (Check, then Diff and Update/Replace for a resource in state or Create for a new one; Read for a
 * refresh; Delete for what is no longer declared) with at most `parallel` provider operations in flight,
 * as `pulumi up --parallel N` does, and keeps a state with checkpoint hooks, as Pulumi writes its own.
 * With `pacing` it also keeps the real engine's pace (serial checks, checkpoint writes around each provider
 * call, interleaved deletes: see `Pacing`); without it, every ready step starts at once.
 *
 * What to apply comes from either
 * - a real Pulumi program (`run`), under `pulumi.runtime.setMocks`, so every `new Resource` reaches the
 *   engine with its serialized `__provider` and dependent resources get real ids; or
 * - a list of resources with explicit dependencies (`up`), for thousands of resources without a program.
 *
 * It is not the engine: no aliases, no protect, no secrets encryption; `npm run test:e2e` runs the real one.
 */
export interface StateEntry {
  urn: string;
  /** The Pulumi type token (program) or the resource kind (resource list). */
  type: string;
  name: string;
  kind?: ResourceKind;
  id: string;
  inputs: Props;
  outputs: Props;
  /**
   * Urns this resource depends on; deletes go dependents first. A program's registrations carry no edges
   * (the mocks do not see them), so for those every earlier entry of another type counts as a dependency:
   * deletes go in reverse creation order, consecutive entries of one type (siblings) together.
   */
  dependsOn?: string[];
}

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh-changed" | "refresh-deleted";

export interface Step {
  op: StepOp;
  urn: string;
  type: string;
  name: string;
  /** Field-level changes of the inputs, as a reviewer reads them. */
  changes: FieldChange[];
  replaces?: string[];
}

export interface Failure {
  urn: string;
  op: "check" | "create" | "diff" | "update" | "replace" | "delete" | "read" | "skipped";
  message: string;
}

export interface EngineReport {
  steps: Step[];
  failures: Failure[];
}

export type Mode = "preview" | "up";

/** One resource of a resource list; `inputs` may read the outputs of the resources it depends on. */
export interface DesiredResource {
  urn: string;
  kind: ResourceKind;
  dependsOn: string[];
  inputs: (outputsOf: (urn: string) => Props) => Props;
}

/** Checkpoint hooks, called when Pulumi writes its checkpoint: a pending create before the call, the result after. */
export interface Journal {
  pending?(entry: Omit<StateEntry, "id" | "outputs">): void;
  done?(entry: StateEntry): void;
  removed?(urn: string): void;
}

export interface EngineOptions {
  /** At most this many provider operations at once (`pulumi up --parallel N`); `Infinity` is the CLI's default. */
  parallel: number;
  journal?: Journal;
  /** The state to start from (e.g. read back from a journal); it is updated in place. */
  state?: Map<string, StateEntry>;
  /** Opt-in: model when the real engine hands work to the provider (`Pacing`). */
  pacing?: Pacing;
  project?: string;
  stack?: string;
}

export function countSteps(report: EngineReport): Record<StepOp, number> {
  const counts: Record<StepOp, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0, "refresh-changed": 0, "refresh-deleted": 0 };
  for (const step of report.steps) counts[step.op]++;
  return counts;
}

export class HarnessEngine {
  readonly state: Map<string, StateEntry>;
  private readonly limit: Semaphore;
  private readonly journal: Journal;
  private readonly pacing: Pacing | undefined;
  /** Paced: the engine's step generator, which checks one registration at a time. */
  private readonly checks = new Semaphore(1);
  private readonly checkpoints: CheckpointWriter | undefined;
  private readonly project: string;
  private readonly stack: string;

  constructor(
    private readonly providers: ProviderCalls,
    options: EngineOptions,
  ) {
    this.limit = new Semaphore(options.parallel);
    this.journal = options.journal ?? {};
    this.state = options.state ?? new Map();
    this.pacing = options.pacing;
    this.checkpoints = options.pacing ? new CheckpointWriter(options.pacing.checkpointMs) : undefined;
    this.project = options.project ?? "launchdarkly-access";
    this.stack = options.stack ?? "dev";
  }

  /**
   * Runs `program` and converges (mode "up") or only reports what would change (mode "preview"). A failed
   * registration fails the program, as under the CLI: the first error is thrown once the program settles.
   */
  async run(mode: Mode, program: () => unknown): Promise<EngineReport> {
    const report: EngineReport = { steps: [], failures: [] };
    const seen = new Set<string>();
    const errors: unknown[] = [];
    pulumi.runtime.setMocks(
      {
        newResource: async (args: pulumi.runtime.MockResourceArgs) => {
          const urn = `urn:pulumi:${this.stack}::${this.project}::${args.type}::${args.name}`;
          seen.add(urn);
          try {
            const entry = await this.stepInSlot(mode, { urn, type: args.type, name: args.name }, args.inputs as Props, report);
            return { id: entry.id, state: entry.outputs };
          } catch (err) {
            errors.push(err);
            throw err;
          }
        },
        call: () => ({}),
      },
      this.project,
      this.stack,
      mode === "preview",
    );
    await runProgram(program);
    if (errors.length) throw errors[0];
    const gone = [...this.state.values()].filter((entry) => !seen.has(entry.urn));
    if (mode === "preview") report.steps.push(...gone.map((entry) => deleteStep(entry)));
    else await this.deleteDependentsFirst(gone, report);
    if (report.failures.length) throw new Error(report.failures.map((f) => `${f.urn}: ${f.op} failed: ${f.message}`).join("\n"));
    return report;
  }

  /** Converges the state to `resources`. Never throws: failures are in the report. */
  async up(resources: readonly DesiredResource[]): Promise<EngineReport> {
    const report: EngineReport = { steps: [], failures: [] };
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const finished = new Map<string, Promise<boolean>>();
    const applyOne = (resource: DesiredResource): Promise<boolean> => {
      let promise = finished.get(resource.urn);
      if (promise) return promise;
      promise = (async () => {
        const deps = await Promise.all(resource.dependsOn.map((urn) => (byUrn.has(urn) ? applyOne(byUrn.get(urn)!) : true)));
        if (deps.includes(false)) {
          report.failures.push({ urn: resource.urn, op: "skipped", message: "a dependency failed" });
          return false;
        }
        const ref = { urn: resource.urn, type: resource.kind, name: resource.urn, kind: resource.kind, dependsOn: resource.dependsOn };
        try {
          await this.stepInSlot("up", ref, resource.inputs((urn) => this.outputsOf(urn)), report);
          return true;
        } catch (err) {
          report.failures.push({ urn: resource.urn, op: (err as { op?: Failure["op"] }).op ?? "check", message: describe(err) });
          return false;
        }
      })();
      finished.set(resource.urn, promise);
      return promise;
    };
    await Promise.all(resources.map(applyOne));
    await this.deleteDependentsFirst([...this.state.values()].filter((entry) => !byUrn.has(entry.urn)), report);
    return report;
  }

  /** Reads every resource in state, as `pulumi refresh` does: drift and out-of-band deletions become steps. */
  async refresh(): Promise<EngineReport> {
    const report: EngineReport = { steps: [], failures: [] };
    await Promise.all(
      [...this.state.values()].map((entry) =>
        this.limit.run(async () => {
          try {
            const read = await this.providers.read(refOf(entry), entry.id, entry.outputs, entry.inputs);
            if (!read.id) {
              this.state.delete(entry.urn);
              report.steps.push({ op: "refresh-deleted", urn: entry.urn, type: entry.type, name: entry.name, changes: [] });
              return;
            }
            const inputs = read.inputs ?? entry.inputs;
            // Drift a reviewer acts on is in the managed inputs; computed outputs (versions, counts) churn by design.
            const changes = fieldChanges(entry.inputs, inputs);
            if (changes.length) report.steps.push({ op: "refresh-changed", urn: entry.urn, type: entry.type, name: entry.name, changes });
            this.state.set(entry.urn, { ...entry, id: read.id, outputs: read.outputs, inputs });
          } catch (err) {
            report.failures.push({ urn: entry.urn, op: "read", message: describe(err) });
          }
        }),
      ),
    );
    return report;
  }

  async destroy(): Promise<EngineReport> {
    const report: EngineReport = { steps: [], failures: [] };
    await this.deleteDependentsFirst([...this.state.values()], report);
    return report;
  }

  outputsOf(urn: string): Props {
    const entry = this.state.get(urn);
    if (!entry) throw new Error(`${urn} has no state yet`);
    return entry.outputs;
  }

  /**
   * One resource's Check and step in a `--parallel` slot. Paced, the Check runs first, one at a time, and the
   * next Check waits until this step holds its slot, as the engine's step generator hands steps over.
   */
  private async stepInSlot(mode: Mode, ref: StepRef, news: Props, report: EngineReport): Promise<StateEntry> {
    if (!this.pacing) return this.limit.run(async () => this.register(mode, ref, await this.check(ref, news), report));
    const checked = await this.checks.run(async (): Promise<{ inputs: Props } | { error: unknown }> => {
      const outcome = await this.check(ref, news).then(
        (inputs) => ({ inputs }),
        (error: unknown) => ({ error }),
      );
      await this.limit.acquire();
      return outcome;
    });
    try {
      if ("error" in checked) throw checked.error;
      return await this.register(mode, ref, checked.inputs, report);
    } finally {
      this.limit.release();
    }
  }

  /** The provider's Check of `news` against the state's inputs: the checked inputs. Throws with `op` "check". */
  private async check(ref: StepRef, news: Props): Promise<Props> {
    const old = this.state.get(ref.urn);
    const checked = await failingAs("check", () => this.providers.check(ref, old?.inputs ?? {}, news));
    if (checked.failures.length) {
      const lines = checked.failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n");
      throw Object.assign(new Error(`${ref.type} "${ref.name}" has invalid inputs:\n${lines}`), { op: "check" });
    }
    return checked.inputs;
  }

  /** One checked resource's Create, or Diff and Update/Replace. Throws with `op` set to the failed call. */
  private async register(mode: Mode, ref: StepRef, inputs: Props, report: EngineReport): Promise<StateEntry> {
    const old = this.state.get(ref.urn);
    const step = (op: StepOp, changes: FieldChange[], replaces?: string[]) =>
      report.steps.push({ op, urn: ref.urn, type: ref.type, name: ref.name, changes, ...(replaces ? { replaces } : {}) });
    if (!old) {
      step("create", fieldChanges({}, inputs));
      if (mode === "preview") return { ...ref, id: `(known after up: ${ref.name})`, inputs, outputs: inputs };
      return failingAs("create", () => this.create(ref, inputs));
    }
    const diff = await failingAs("diff", () => this.providers.diff(ref, old.id, old.outputs, inputs));
    if (!diff.changes) {
      step("same", []);
      return old;
    }
    const changes = fieldChanges(old.inputs, inputs);
    if (diff.replaces.length) {
      step("replace", changes, diff.replaces);
      if (mode === "preview") return { ...old, inputs };
      return failingAs("replace", async () => {
        if (diff.deleteBeforeReplace) await this.betweenCheckpoints(() => this.providers.delete(ref, old.id, old.outputs));
        const created = await this.create(ref, inputs);
        if (!diff.deleteBeforeReplace) await this.betweenCheckpoints(() => this.providers.delete(ref, old.id, old.outputs));
        return created;
      });
    }
    step("update", changes);
    if (mode === "preview") return { ...old, inputs };
    const updated = await failingAs("update", () => this.betweenCheckpoints(() => this.providers.update(ref, old.id, old.outputs, inputs)));
    return this.record({ ...old, ...ref, inputs, outputs: updated.outputs });
  }

  private async create(ref: StepRef, inputs: Props): Promise<StateEntry> {
    this.journal.pending?.({ ...ref, inputs });
    try {
      const created = await this.betweenCheckpoints(() => this.providers.create(ref, inputs));
      return this.record({ ...ref, id: created.id, inputs, outputs: created.outputs });
    } catch (err) {
      // A partial failure keeps the id, as the engine does with ErrorResourceInitFailed.
      if (err instanceof PartialCreateError) this.record({ ...ref, id: err.id, inputs, outputs: err.outputs });
      throw err;
    }
  }

  /** A provider call that changes something; paced, the engine writes its checkpoint before and after it. */
  private async betweenCheckpoints<T>(call: () => Promise<T>): Promise<T> {
    await this.checkpoints?.write();
    const result = await call();
    await this.checkpoints?.write();
    return result;
  }

  private record(entry: StateEntry): StateEntry {
    this.state.set(entry.urn, entry);
    this.journal.done?.(entry);
    return entry;
  }

  /**
   * Deletes `entries`, each only after every entry that depends on it is gone. Sorted by urn first, so that
   * siblings (the memberships of one team) are deleted together and coalesce; paced, in a seeded shuffle
   * instead, as the real engine sends independent deletes in no particular order (teams interleave).
   */
  private async deleteDependentsFirst(entries: StateEntry[], report: EngineReport): Promise<void> {
    const byUrn = [...entries].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    const ordered = this.pacing ? seededShuffle(byUrn, this.pacing.seed ?? 1) : byUrn;
    const deleting = new Map(ordered.map((e) => [e.urn, e]));
    const dependents = dependentsIn([...this.state.values()]);
    const finished = new Map<string, Promise<boolean>>();
    const deleteOne = (entry: StateEntry): Promise<boolean> => {
      let promise = finished.get(entry.urn);
      if (promise) return promise;
      promise = (async () => {
        const waits = (dependents.get(entry.urn) ?? []).filter((urn) => deleting.has(urn)).map((urn) => deleteOne(deleting.get(urn)!));
        if ((await Promise.all(waits)).includes(false)) {
          report.failures.push({ urn: entry.urn, op: "skipped", message: "a dependent could not be deleted" });
          return false;
        }
        return this.limit.run(async () => {
          try {
            await this.betweenCheckpoints(() => this.providers.delete(refOf(entry), entry.id, entry.outputs));
            this.state.delete(entry.urn);
            this.journal.removed?.(entry.urn);
            report.steps.push(deleteStep(entry));
            return true;
          } catch (err) {
            report.failures.push({ urn: entry.urn, op: "delete", message: describe(err) });
            return false;
          }
        });
      })();
      finished.set(entry.urn, promise);
      return promise;
    };
    await Promise.all([...deleting.values()].map(deleteOne));
  }
}

/** What a step knows of its resource before the provider has answered. */
type StepRef = Omit<StateEntry, "id" | "inputs" | "outputs">;

/** urn → the urns that depend on it; entries without edges (a program's) depend on every earlier entry of another type. */
function dependentsIn(ordered: StateEntry[]): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  const add = (dependency: string, dependent: string) => dependents.set(dependency, [...(dependents.get(dependency) ?? []), dependent]);
  ordered.forEach((entry, index) => {
    if (entry.dependsOn) for (const dep of entry.dependsOn) add(dep, entry.urn);
    else for (const earlier of ordered.slice(0, index)) if (earlier.type !== entry.type) add(earlier.urn, entry.urn);
  });
  return dependents;
}

function refOf(entry: StateEntry): ResourceRef {
  return entry.kind ? { urn: entry.urn, kind: entry.kind } : { urn: entry.urn };
}

function deleteStep(entry: StateEntry): Step {
  return { op: "delete", urn: entry.urn, type: entry.type, name: entry.name, changes: fieldChanges(entry.inputs, {}) };
}

async function failingAs<T>(op: Failure["op"], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Error && !("op" in err)) Object.assign(err, { op });
    throw err;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs a program to completion the way the language host does: until every registration has settled. */
async function runProgram(program: () => unknown): Promise<void> {
  const result = await program();
  if (result && typeof result === "object") {
    await Promise.all(Object.values(result).map((v) => (pulumi.Output.isInstance(v) ? outputPromise(v) : v)));
  }
  // Registrations are chained through outputs; wait until the runtime has no outstanding RPCs.
  await (pulumi.runtime as any).waitForRPCs?.();
}

function outputPromise(o: pulumi.Output<unknown>): Promise<unknown> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}
