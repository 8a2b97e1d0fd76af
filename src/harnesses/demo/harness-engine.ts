import { compare, getValueByPointer } from "fast-json-patch";
import * as pulumi from "@pulumi/pulumi";
import { DynamicProviderHost, type Props } from "../host/dynamic-provider-host";

/**
 * A small stand-in for the Pulumi engine, used when the `pulumi` CLI is not installed: it runs a real
 * Pulumi program (under `pulumi.runtime.setMocks`, so every `new Resource` reaches us with its serialized
 * `__provider`) and performs each registration through Pulumi's own dynamic-provider host over gRPC,
 * exactly the calls the engine makes: Check, Diff, Create/Update/Delete, Read. State is a plain list.
 *
 * It orders work as the program awaits ids (dependencies resolve to real ids), deletes what the program no
 * longer declares in reverse creation order, and handles replaces. It is not the engine: no parallelism
 * limits, no aliases, no protect, no secrets encryption; the real CLI path of the demo covers those.
 */
export interface StateEntry {
  urn: string;
  type: string;
  name: string;
  id: string;
  inputs: Props;
  outputs: Props;
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

export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

export type Mode = "preview" | "up";

export class HarnessEngine {
  state: StateEntry[] = [];

  constructor(
    private readonly host: DynamicProviderHost,
    private readonly project = "launchdarkly-access",
    private readonly stack = "dev",
  ) {}

  /** Runs `program` and converges (mode "up") or only reports what would change (mode "preview"). */
  async run(mode: Mode, program: () => unknown): Promise<Step[]> {
    const steps: Step[] = [];
    const seen = new Set<string>();
    const next: StateEntry[] = [];
    const errors: Error[] = [];

    pulumi.runtime.setMocks(
      {
        newResource: async (args: pulumi.runtime.MockResourceArgs) => {
          const urn = this.urn(args.type, args.name);
          seen.add(urn);
          try {
            const entry = await this.register(mode, urn, args.type, args.name, args.inputs as Props, steps);
            next.push(entry);
            return { id: entry.id, state: entry.outputs };
          } catch (err) {
            errors.push(err as Error);
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

    const gone = this.state.filter((e) => !seen.has(e.urn)).reverse();
    for (const entry of gone) {
      steps.push({ op: "delete", urn: entry.urn, type: entry.type, name: entry.name, changes: fieldChanges(entry.inputs, {}) });
    }
    if (mode === "up") await this.deleteInReverse(gone);
    if (mode === "up") {
      // Keep creation order: survivors first in their old order, then the new ones.
      const byUrn = new Map(next.map((e) => [e.urn, e]));
      const kept = this.state.filter((e) => byUrn.has(e.urn)).map((e) => byUrn.get(e.urn)!);
      const added = next.filter((e) => !this.state.some((s) => s.urn === e.urn));
      this.state = [...kept, ...added];
    }
    return steps;
  }

  /** Reads every resource in state; records drift and out-of-band deletions. */
  async refresh(): Promise<Step[]> {
    const steps: Step[] = [];
    const kept: StateEntry[] = [];
    for (const entry of this.state) {
      const read = await this.host.read(entry.id, entry.urn, entry.outputs, entry.inputs);
      if (!read.id) {
        steps.push({ op: "refresh-deleted", urn: entry.urn, type: entry.type, name: entry.name, changes: [] });
        continue;
      }
      const inputs = read.inputs ?? entry.inputs;
      // Drift a reviewer acts on is in the managed inputs; computed outputs (versions, counts) churn by design.
      const changes = fieldChanges(entry.inputs, inputs);
      if (changes.length) steps.push({ op: "refresh-changed", urn: entry.urn, type: entry.type, name: entry.name, changes });
      kept.push({ ...entry, id: read.id, outputs: read.properties, inputs });
    }
    this.state = kept;
    return steps;
  }

  async destroy(): Promise<Step[]> {
    const entries = [...this.state].reverse();
    await this.deleteInReverse(entries);
    this.state = [];
    return entries.map((e) => ({ op: "delete" as const, urn: e.urn, type: e.type, name: e.name, changes: fieldChanges(e.inputs, {}) }));
  }

  /**
   * Deletes in reverse creation order. Consecutive entries of one type are siblings (the program created
   * them together), so they go concurrently, as the engine's parallel walk would send them.
   */
  private async deleteInReverse(entries: StateEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; ) {
      let j = i;
      while (j < entries.length && entries[j]!.type === entries[i]!.type) j++;
      await Promise.all(entries.slice(i, j).map((e) => this.host.delete(e.id, e.urn, e.outputs)));
      i = j;
    }
  }

  private urn(type: string, name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
  }

  private async register(mode: Mode, urn: string, type: string, name: string, news: Props, steps: Step[]): Promise<StateEntry> {
    const old = this.state.find((e) => e.urn === urn);
    const checked = await this.host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length) {
      const lines = checked.failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n");
      throw new Error(`${type} "${name}" has invalid inputs:\n${lines}`);
    }
    const inputs = checked.inputs;
    if (!old) {
      steps.push({ op: "create", urn, type, name, changes: fieldChanges({}, inputs) });
      if (mode === "preview") return { urn, type, name, id: `(known after up: ${name})`, inputs, outputs: inputs };
      const created = await this.host.create(urn, inputs);
      return { urn, type, name, id: created.id, inputs, outputs: created.properties };
    }
    const diff = await this.host.diff(old.id, urn, old.outputs, inputs);
    if (diff.changes === "none") {
      steps.push({ op: "same", urn, type, name, changes: [] });
      return old;
    }
    const changes = fieldChanges(old.inputs, inputs);
    if (diff.replaces.length) {
      steps.push({ op: "replace", urn, type, name, changes, replaces: diff.replaces });
      if (mode === "preview") return { ...old, inputs };
      if (diff.deleteBeforeReplace) await this.host.delete(old.id, urn, old.outputs);
      const created = await this.host.create(urn, inputs);
      if (!diff.deleteBeforeReplace) await this.host.delete(old.id, urn, old.outputs);
      return { urn, type, name, id: created.id, inputs, outputs: created.properties };
    }
    steps.push({ op: "update", urn, type, name, changes });
    if (mode === "preview") return { ...old, inputs };
    const updated = await this.host.update(old.id, urn, old.outputs, inputs);
    return { ...old, inputs, outputs: updated.properties };
  }
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

const HIDDEN_FIELDS = new Set(["__provider"]);

/**
 * Input changes at the depth a reviewer needs: `policy[0].actions[4]` rather than two whole policies.
 * Built on fast-json-patch's `compare`; paths are rendered the way check failures name properties.
 */
export function fieldChanges(before: Props, after: Props): FieldChange[] {
  const visible = (props: Props) => Object.fromEntries(Object.entries(props).filter(([k]) => !HIDDEN_FIELDS.has(k)));
  const old = visible(before);
  return compare(old, visible(after)).map((op) => {
    const pointer = op.path;
    const change: FieldChange = { field: propertyPath(pointer) };
    if (op.op !== "add") change.before = getValueByPointer(old, pointer);
    if (op.op !== "remove") change.after = (op as { value: unknown }).value;
    return change;
  });
}

function propertyPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
