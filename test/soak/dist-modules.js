"use strict";
/**
 * The built package, loaded through CommonJS exactly as the dynamic-provider host loads it: the runtime
 * entry every `__provider` requires, the session it serves calls with, the emulator, and the harness engine
 * that drives the runtime (docs/decisions/0025). Run `npm run build` first.
 */
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const fromDist = (file) => require(path.join(ROOT, "dist", file));
const CALLS = ["check", "diff", "create", "read", "update", "delete"];

/**
 * `runtime` takes the runtime entry's calls (`check(kind, olds, news)`, …) and sends each to the stand-in
 * provider process that `startProviderProcess` started last: engines hold `runtime` across processes, as
 * the real engine holds its `__provider`. Before any start, to the runtime entry itself (its own process session).
 */
function loadDist() {
  const dist = {
    runtimeEntry: fromDist("core/provider/runtime.js"),
    session: fromDist("core/session/session.js"),
    resourceCalls: fromDist("core/provider/resource-calls.js"),
    emulator: fromDist("emulator/index.js"),
    providerProcess: undefined,
    engine: fromDist("harnesses/engine/harness-engine.js"),
    providerCalls: fromDist("harnesses/engine/provider-calls.js"),
  };
  dist.runtime = Object.fromEntries(CALLS.map((name) => [name, (...args) => (dist.providerProcess ?? dist.runtimeEntry)[name](...args)]));
  return dist;
}

/**
 * The harness engine over the in-process runtime. `parallel` is `pulumi up --parallel N` (Infinity: the
 * CLI's default); `journal`, `state` and the opt-in `pacing` as in HarnessEngine's options. `runtime`: the
 * runtime calls to drive instead of `dist.runtime` (e.g. one that records them).
 */
function runtimeEngine(dist, { parallel, journal, state, pacing, runtime = dist.runtime }) {
  return new dist.engine.HarnessEngine(dist.providerCalls.runtimeCalls(runtime), { parallel, journal, state, pacing });
}

/** The engine's report with its steps counted by kind: `{create, update, replace, same, delete, …, failures}`. */
function summarize(dist, report) {
  return { ...dist.engine.countSteps(report), failures: report.failures };
}

/** A fresh provider process, as far as the runtime can tell: a new session (new client, empty caches, new ledger). */
function startProviderProcess(dist, emu, overrides = {}) {
  const session = dist.session.createSession({
    accessToken: emu.token,
    apiHost: emu.url,
    requestTimeoutMs: 5_000,
    operationTimeoutMs: 120_000,
    ...overrides,
  });
  dist.providerProcess = dist.resourceCalls.resourceCalls(session);
}

module.exports = { ROOT, loadDist, runtimeEngine, startProviderProcess, summarize };
