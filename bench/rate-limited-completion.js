"use strict";
/**
 * 1,000 member updates (one PATCH each) under an emulated rate limit, with at most `parallel` in flight:
 * through the provider (its client paces on X-Ratelimit-* and waits out 429s) and through the naive client
 * (no pacing, fixed 1 s backoff), side by side on identical emulators. The lower bound is
 * requests ÷ allowed per window × window length; the ratio is completion time over that bound.
 */
const { loadDist, startProviderProcess } = require("../test/soak/dist-modules");
const { Semaphore } = require("../dist/harnesses/engine/semaphore");
const { naiveClient } = require("./naive-client");

const OPERATIONS = 1000;
// LaunchDarkly's windows are 10 s; scaled down 5× so that 1,000 operations take about 10 s.
const RATE_LIMIT = { limit: 200, windowMs: 2000 };

async function seededEmulator(dist) {
  const emu = await dist.emulator.startEmulator({ rateLimit: RATE_LIMIT });
  const ids = Array.from({ length: OPERATIONS }, (_, i) => emu.store.addMember({ email: `rl-${i}@example.com` })._id);
  return { emu, ids };
}

function lowerBoundMs(requests) {
  return (requests / RATE_LIMIT.limit) * RATE_LIMIT.windowMs;
}

async function timed(parallel, ids, operation) {
  const limit = new Semaphore(parallel);
  let failures = 0;
  const started = Date.now();
  let firstFailure;
  await Promise.all(
    ids.map((id, i) =>
      limit.run(() =>
        operation(id, i).catch((err) => {
          failures++;
          firstFailure ??= err instanceof Error ? err.message : String(err);
        }),
      ),
    ),
  );
  return { ms: Date.now() - started, failures, extra: firstFailure === undefined ? {} : { firstFailure } };
}

async function run(label, parallel, dist, drive) {
  const { emu, ids } = await seededEmulator(dist);
  try {
    const { ms, failures, extra } = await drive(emu, ids, parallel);
    const patched = [...emu.store.members.values()].filter((m) => m.role === "writer").length;
    const sent = emu.requests.length;
    const rejected = emu.requests.filter((r) => r.status === 429).length;
    return { client: label, parallel: Number.isFinite(parallel) ? parallel : "unbounded", operations: OPERATIONS, ms, lowerBoundMs: lowerBoundMs(OPERATIONS), ratio: ms / lowerBoundMs(OPERATIONS), failures, applied: patched, requestsSent: sent, rateLimited429: rejected, ...extra };
  } finally {
    await emu.close();
  }
}

async function rateLimitedCompletion() {
  const dist = loadDist();
  const olds = (i) => ({ email: `rl-${i}@example.com`, role: "reader", customRoles: [], adoptExisting: false, replaceOnNameChange: false });
  const provider = (emu, ids, parallel) => {
    startProviderProcess(dist, emu, { operationTimeoutMs: 120_000 });
    return timed(parallel, ids, (id, i) => dist.runtime.update("member", id, { ...olds(i), memberId: id }, { ...olds(i), role: "writer" }));
  };
  const naive = async (emu, ids, parallel) => {
    const client = naiveClient({ apiHost: emu.url, token: emu.token });
    try {
      return await timed(parallel, ids, (id) => client.send("PATCH", `/api/v2/members/${id}`, [{ op: "replace", path: "/role", value: "writer" }]));
    } finally {
      await client.close();
    }
  };
  return {
    rateLimit: RATE_LIMIT,
    runs: [
      await run("provider (paced)", 16, dist, provider),
      await run("naive (fixed 1 s backoff)", 16, dist, naive),
      await run("provider (paced)", Number.POSITIVE_INFINITY, dist, provider),
      await run("naive (fixed 1 s backoff)", Number.POSITIVE_INFINITY, dist, naive),
    ],
  };
}

module.exports = { rateLimitedCompletion, RATE_LIMIT, OPERATIONS };
