"use strict";
/**
 * Warm per-RPC latency through Pulumi's dynamic-provider host (the process the engine runs for dynamic
 * resources): Check, Diff (no change, so no request), and Read of a CustomRole against the emulator, each
 * repeated after the host has deserialized and configured the provider once.
 */
const path = require("node:path");
const { ROOT } = require("../test/soak/dist-modules");

const WARMUP = 20;
const SAMPLES = 200;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: round(at(0.5)), p95: round(at(0.95)), samples: sorted.length };
}

function round(ms) {
  return Math.round(ms * 100) / 100;
}

async function timeRpc(call) {
  for (let i = 0; i < WARMUP; i++) await call();
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return stats(samples);
}

async function hostLatency() {
  const { startEmulator } = require(path.join(ROOT, "dist", "emulator"));
  const { DynamicProviderHost } = require(path.join(ROOT, "dist", "harnesses", "host", "dynamic-provider-host.js"));
  const { providerShim } = require(path.join(ROOT, "dist", "core", "provider", "shim.js"));
  const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [ROOT] }));

  const emulator = await startEmulator({});
  const host = await DynamicProviderHost.start({ cwd: ROOT });
  try {
    await host.configure({ "launchdarkly:accessToken": emulator.token, "launchdarkly:apiHost": emulator.url });
    const provider = providerShim("customRole");
    const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const urn = "urn:pulumi:bench::bench::pulumi-nodejs:dynamic/launchdarkly:CustomRole::latency";
    const news = { __provider: text, key: "latency", name: "Latency", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }] };
    const { inputs } = await host.check(urn, {}, news);
    const created = await host.create(urn, inputs);
    const result = {
      check: await timeRpc(() => host.check(urn, inputs, news)),
      diffNoChange: await timeRpc(() => host.diff(created.id, urn, created.properties, inputs)),
      readOneRequest: await timeRpc(() => host.read(created.id, urn, created.properties, inputs)),
    };
    await host.delete(created.id, urn, created.properties);
    return result;
  } finally {
    await host.close();
    await emulator.close();
  }
}

module.exports = { hostLatency };
