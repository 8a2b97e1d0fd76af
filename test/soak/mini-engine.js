"use strict";
/**
 * A small stand-in for the Pulumi engine's resource walk, driving the providers in-process through the
 * built runtime entry (`dist/core/provider/runtime.js`, the module every serialized `__provider` loads):
 * Check, then Diff and Update/Replace for resources in state or Create for new ones, with dependencies
 * respected and at most `concurrency` provider operations in flight, as `pulumi up --parallel N` would.
 * Resources no longer desired, and `destroy`, delete dependents first.
 *
 * It is not the engine: no previews, no aliases. It exists so the soak and the benchmark can apply
 * thousands of resources in seconds and count every request.
 *
 * With `pacing` it models when the real engine (pulumi 3.248, measured by `npm run bench:cli`) hands work to
 * the provider, which is what decides how much the provider can coalesce:
 * - registrations are checked one at a time (the engine's step generator is serial), and the next check waits
 *   until the previous step has a `--parallel` slot (the hand-off to the step executor does not queue);
 * - each create/update/delete writes the checkpoint before and after its provider call, one write at a time
 *   (`checkpointMs` each): steps start one by one, a few hundred milliseconds apart on a busy runner;
 * - a membership is registered only when its member and team exist (their outputs are its inputs);
 * - deletes of independent resources come in no particular order: teams interleave (a seeded shuffle).
 * Without `pacing` every ready step starts at once, up to `concurrency`: the ideal engine.
 */

const { isDeepStrictEqual } = require("node:util");

class Semaphore {
  constructor(limit) {
    this.free = limit;
    this.waiting = [];
  }
  async acquire() {
    if (this.free > 0) this.free--;
    else await new Promise((resolve) => this.waiting.push(resolve));
  }
  release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
  async run(task) {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}

/** Deterministic shuffle (mulberry32), so a paced destroy interleaves teams the same way every run. */
function shuffled(items, seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function byUrnOrder(a, b) {
  return a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
}

function describe(err) {
  return err instanceof Error ? err.message : String(err);
}

class MiniEngine {
  /**
   * @param {object} options
   * @param {any} options.runtime the built runtime entry: check/diff/create/read/update/delete(kind, …)
   * @param {number} [options.concurrency]
   * @param {{pending?:(entry:{urn:string, kind:string, inputs:object, dependsOn:string[]})=>void, done?:(entry:object)=>void, removed?:(urn:string)=>void}} [options.journal]
   *   checkpoint hooks, called as the engine would write its checkpoint (a pending create before the call)
   * @param {Map<string, object>} [options.state] entries `{urn, kind, id, inputs, outputs, dependsOn}`
   * @param {{checkpointMs: number, seed?: number}} [options.pacing] model the real engine's pace (see above)
   */
  constructor({ runtime, concurrency = 16, journal = {}, state = new Map(), pacing }) {
    this.runtime = runtime;
    this.limit = new Semaphore(concurrency);
    this.journal = journal;
    this.state = state;
    this.pacing = pacing;
    this.checks = new Semaphore(1);
    this.checkpoints = new Semaphore(1);
  }

  /** A checkpoint write around a paced step's provider call; nothing without pacing. */
  checkpoint() {
    return this.pacing ? this.checkpoints.run(() => sleep(this.pacing.checkpointMs)) : undefined;
  }

  /** Runs `resource`'s step in a `--parallel` slot; paced, its check runs first, serially, and holds the next check until the slot is free. */
  async stepInSlot(resource, report) {
    if (!this.pacing) return this.limit.run(() => this.step(resource, report));
    let checked;
    await this.checks.run(async () => {
      checked = await this.check(resource).catch((err) => ({ err }));
      await this.limit.acquire();
    });
    try {
      return await this.step(resource, report, checked);
    } finally {
      this.limit.release();
    }
  }

  async check(resource) {
    const old = this.state.get(resource.urn);
    const news = resource.inputs((urn) => this.outputsOf(urn));
    const checked = await this.runtime.check(resource.kind, old ? old.inputs : {}, news);
    if (checked.failures && checked.failures.length > 0) {
      throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    }
    return { inputs: checked.inputs };
  }

  /** Converges the state (and LaunchDarkly) to `resources`. Never throws: failures are returned. */
  async up(resources) {
    const report = { create: 0, update: 0, replace: 0, same: 0, delete: 0, failures: [] };
    const finished = new Map();
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const applyOne = (resource) => {
      if (finished.has(resource.urn)) return finished.get(resource.urn);
      const promise = (async () => {
        const deps = await Promise.all(resource.dependsOn.map((urn) => (byUrn.has(urn) ? applyOne(byUrn.get(urn)) : true)));
        if (deps.includes(false)) {
          report.failures.push({ urn: resource.urn, op: "skipped", message: "a dependency failed" });
          return false;
        }
        return this.stepInSlot(resource, report);
      })();
      finished.set(resource.urn, promise);
      return promise;
    };
    await Promise.all(resources.map(applyOne));
    // Sorted by urn so that the memberships of one team are deleted together (and coalesce), as the engine's
    // unbounded walk would send them all at once.
    const gone = [...this.state.values()].filter((entry) => !byUrn.has(entry.urn)).sort(byUrnOrder);
    await this.deleteDependentsFirst(gone, report);
    return report;
  }

  async destroy() {
    const report = { delete: 0, failures: [] };
    await this.deleteDependentsFirst([...this.state.values()].sort(byUrnOrder), report);
    return report;
  }

  /** Reads every resource in state, as `pulumi refresh` does; returns how many changed or vanished. */
  async refresh() {
    const report = { unchanged: 0, changed: 0, deleted: 0, failures: [] };
    await Promise.all(
      [...this.state.values()].map((entry) =>
        this.limit.run(async () => {
          try {
            const read = await this.runtime.read(entry.kind, entry.id, entry.outputs);
            if (!read.id) {
              this.state.delete(entry.urn);
              report.deleted++;
              return;
            }
            const inputs = read.inputs ?? entry.inputs;
            // The engine compares property values, not their key order.
            if (!isDeepStrictEqual(inputs, entry.inputs)) report.changed++;
            else report.unchanged++;
            this.state.set(entry.urn, { ...entry, id: read.id, outputs: read.props, inputs });
          } catch (err) {
            report.failures.push({ urn: entry.urn, op: "read", message: describe(err) });
          }
        }),
      ),
    );
    return report;
  }

  outputsOf(urn) {
    const entry = this.state.get(urn);
    if (!entry) throw new Error(`${urn} has no state yet`);
    return entry.outputs;
  }

  /** `checked`: the paced engine's earlier check (`{inputs}` or `{err}`); without it the step checks first. */
  async step(resource, report, checked) {
    const old = this.state.get(resource.urn);
    let op = "check";
    try {
      const result = checked ?? (await this.check(resource));
      if (result.err) throw result.err;
      const inputs = result.inputs;
      if (!old) {
        op = "create";
        await this.create(resource, inputs);
        report.create++;
        return true;
      }
      op = "diff";
      const diff = await this.runtime.diff(resource.kind, old.id, old.outputs, inputs);
      if (!diff.changes) {
        report.same++;
        return true;
      }
      if (diff.replaces && diff.replaces.length > 0) {
        op = "replace";
        if (diff.deleteBeforeReplace) await this.runtime.delete(resource.kind, old.id, old.outputs);
        await this.create(resource, inputs);
        if (!diff.deleteBeforeReplace) await this.runtime.delete(resource.kind, old.id, old.outputs);
        report.replace++;
        return true;
      }
      op = "update";
      await this.checkpoint();
      const updated = await this.runtime.update(resource.kind, old.id, old.outputs, inputs);
      await this.checkpoint();
      this.record({ ...old, inputs, outputs: updated.outs ?? {} });
      report.update++;
      return true;
    } catch (err) {
      report.failures.push({ urn: resource.urn, op, message: describe(err) });
      return false;
    }
  }

  async create(resource, inputs) {
    const entry = { urn: resource.urn, kind: resource.kind, inputs, dependsOn: resource.dependsOn };
    if (this.journal.pending) this.journal.pending(entry);
    await this.checkpoint();
    try {
      const created = await this.runtime.create(resource.kind, inputs);
      await this.checkpoint();
      this.record({ ...entry, id: created.id, outputs: created.outs ?? {} });
    } catch (err) {
      // A partial failure keeps the id, as the engine does with ErrorResourceInitFailed.
      if (err && typeof err.id === "string" && err.id !== "") this.record({ ...entry, id: err.id, outputs: err.properties ?? {} });
      throw err;
    }
  }

  record(entry) {
    this.state.set(entry.urn, entry);
    if (this.journal.done) this.journal.done(entry);
  }

  /** Deletes `entries`, each only after every state entry that depends on it is gone. */
  async deleteDependentsFirst(entries, report) {
    const deleting = new Map(entries.map((e) => [e.urn, e]));
    const dependents = new Map();
    for (const entry of this.state.values()) {
      for (const dep of entry.dependsOn ?? []) {
        if (!dependents.has(dep)) dependents.set(dep, []);
        dependents.get(dep).push(entry.urn);
      }
    }
    const finished = new Map();
    const deleteOne = (entry) => {
      if (finished.has(entry.urn)) return finished.get(entry.urn);
      const promise = (async () => {
        const waits = (dependents.get(entry.urn) ?? []).filter((urn) => deleting.has(urn)).map((urn) => deleteOne(deleting.get(urn)));
        const ok = await Promise.all(waits);
        if (ok.includes(false)) {
          report.failures.push({ urn: entry.urn, op: "skipped", message: "a dependent could not be deleted" });
          return false;
        }
        return this.limit.run(async () => {
          try {
            await this.checkpoint();
            await this.runtime.delete(entry.kind, entry.id, entry.outputs);
            await this.checkpoint();
            this.state.delete(entry.urn);
            if (this.journal.removed) this.journal.removed(entry.urn);
            report.delete++;
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
    await Promise.all((this.pacing ? shuffled(entries, this.pacing.seed ?? 1) : entries).map(deleteOne));
  }
}

module.exports = { MiniEngine, Semaphore };
