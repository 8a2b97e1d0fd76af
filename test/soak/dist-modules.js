"use strict";
/**
 * The built package, loaded through CommonJS exactly as the dynamic-provider host loads it: the runtime
 * entry every `__provider` requires, its per-process context, the emulator, and the harness engine that
 * drives the runtime (docs/decisions/0025). Run `npm run build` first.
 */
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const fromDist = (file) => require(path.join(ROOT, "dist", file));

function loadDist() {
  return {
    runtime: fromDist("core/provider/runtime.js"),
    context: fromDist("core/provider/context.js"),
    emulator: fromDist("emulator/index.js"),
    engine: fromDist("harnesses/engine/harness-engine.js"),
    providerCalls: fromDist("harnesses/engine/provider-calls.js"),
  };
}

/**
 * The harness engine over the in-process runtime. `parallel` is `pulumi up --parallel N` (Infinity: the
 * CLI's default); `journal` and `state` as in HarnessEngine's options.
 */
function runtimeEngine(dist, { parallel, journal, state }) {
  return new dist.engine.HarnessEngine(dist.providerCalls.runtimeCalls(dist.runtime), { parallel, journal, state });
}

/** The engine's report with its steps counted by kind: `{create, update, replace, same, delete, …, failures}`. */
function summarize(dist, report) {
  return { ...dist.engine.countSteps(report), failures: report.failures };
}

/** A fresh provider process, as far as the runtime can tell: new client, empty caches. */
function startProviderProcess(dist, emu, overrides = {}) {
  dist.context.resetRuntime();
  dist.context.configureRuntime({
    accessToken: emu.token,
    apiHost: emu.url,
    requestTimeoutMs: 5_000,
    operationTimeoutMs: 120_000,
    ...overrides,
  });
}

module.exports = { ROOT, loadDist, runtimeEngine, startProviderProcess, summarize };
