"use strict";
/**
 * The built package, loaded through CommonJS exactly as the dynamic-provider host loads it: the runtime
 * entry every `__provider` requires, its per-process context, and the emulator. Run `npm run build` first.
 */
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const fromDist = (file) => require(path.join(ROOT, "dist", file));

function loadDist() {
  return {
    runtime: fromDist("core/provider/runtime.js"),
    context: fromDist("core/provider/context.js"),
    emulator: fromDist("emulator/index.js"),
  };
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

module.exports = { ROOT, loadDist, startProviderProcess };
