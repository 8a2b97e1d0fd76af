import type * as runtime from "../../core/provider/runtime";
import type { ResourceKind } from "../../core/resources/props";
import type { CheckFailure, DynamicProviderHost, HostCallError, Props } from "../host/dynamic-provider-host";

/**
 * The six provider calls the engine makes, one shape for the two ways the harness engine reaches the
 * providers: Pulumi's dynamic-provider host over gRPC (the demo and the engine-level tests: closure
 * serialization and Struct encoding included), or the built runtime entry in-process (the soak and the
 * benchmarks: thousands of resources in seconds, every request counted, the process killable mid-apply).
 */
export interface ResourceRef {
  urn: string;
  /** The resource kind (`member`, `team`, …) for the runtime; the host reads the provider from the inputs. */
  kind?: ResourceKind;
}

export interface ProviderCalls {
  check(ref: ResourceRef, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }>;
  diff(ref: ResourceRef, id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }>;
  /** Throws `PartialCreateError` when the provider reports an object it created but could not finish. */
  create(ref: ResourceRef, inputs: Props): Promise<{ id: string; outputs: Props }>;
  /** `id` empty: the object is gone. */
  read(ref: ResourceRef, id: string, outputs: Props, inputs: Props): Promise<{ id: string; outputs: Props; inputs: Props | undefined }>;
  update(ref: ResourceRef, id: string, olds: Props, news: Props): Promise<{ outputs: Props }>;
  delete(ref: ResourceRef, id: string, outputs: Props): Promise<void>;
}

/** A create that left an object behind (the engine's ErrorResourceInitFailed): the state keeps its id. */
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outputs: Props,
  ) {
    super(message);
    this.name = "PartialCreateError";
  }
}

export function hostCalls(host: DynamicProviderHost): ProviderCalls {
  return {
    check: (ref, olds, news) => host.check(ref.urn, olds, news),
    diff: async (ref, id, olds, news) => {
      const diff = await host.diff(id, ref.urn, olds, news);
      return { changes: diff.changes !== "none", replaces: diff.replaces, deleteBeforeReplace: diff.deleteBeforeReplace };
    },
    create: async (ref, inputs) => {
      try {
        const created = await host.create(ref.urn, inputs);
        return { id: created.id, outputs: created.properties };
      } catch (err) {
        const partial = (err as HostCallError).initFailure;
        if (partial && partial.id !== "") throw new PartialCreateError((err as Error).message, partial.id, partial.properties);
        throw err;
      }
    },
    read: async (ref, id, outputs, inputs) => {
      const read = await host.read(id, ref.urn, outputs, inputs);
      return { id: read.id, outputs: read.properties, inputs: read.inputs };
    },
    update: async (ref, id, olds, news) => ({ outputs: (await host.update(id, ref.urn, olds, news)).properties }),
    delete: (ref, id, outputs) => host.delete(id, ref.urn, outputs),
  };
}

/** The built runtime entry (`dist/core/provider/runtime.js`), configured by the caller as a fresh process would be. */
export function runtimeCalls(entry: typeof runtime): ProviderCalls {
  const kindOf = (ref: ResourceRef): ResourceKind => {
    if (!ref.kind) throw new Error(`${ref.urn}: the in-process runtime needs the resource kind`);
    return ref.kind;
  };
  return {
    check: async (ref, olds, news) => {
      const checked = await entry.check(kindOf(ref), olds, news);
      return { inputs: checked.inputs ?? news, failures: (checked.failures ?? []).map((f) => ({ property: String(f.property), reason: f.reason })) };
    },
    diff: async (ref, id, olds, news) => {
      const diff = await entry.diff(kindOf(ref), id, olds, news);
      return { changes: diff.changes === true, replaces: diff.replaces ?? [], deleteBeforeReplace: diff.deleteBeforeReplace === true };
    },
    create: async (ref, inputs) => {
      try {
        const created = await entry.create(kindOf(ref), inputs);
        return { id: created.id, outputs: created.outs ?? {} };
      } catch (err) {
        const partial = err as { id?: unknown; properties?: Props };
        if (typeof partial.id === "string" && partial.id !== "") throw new PartialCreateError((err as Error).message, partial.id, partial.properties ?? {});
        throw err;
      }
    },
    read: async (ref, id, outputs) => {
      const read = await entry.read(kindOf(ref), id, outputs);
      return { id: read.id ?? "", outputs: read.props ?? {}, inputs: read.inputs };
    },
    update: async (ref, id, olds, news) => ({ outputs: (await entry.update(kindOf(ref), id, olds, news)).outs ?? {} }),
    delete: (ref, id, outputs) => entry.delete(kindOf(ref), id, outputs),
  };
}
