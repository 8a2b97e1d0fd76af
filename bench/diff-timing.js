"use strict";
/**
 * Time of one `diff` call on a Team holding 5,000 member ids (authoritative `memberIds`), as the engine makes
 * it on every preview and up: unchanged, and with one member swapped. Median and p95 of 200 calls after a
 * warm-up, through the runtime entry (no requests: diff is pure).
 */
const { loadDist } = require("../test/soak/dist-modules");

const MEMBERS = 5000;
const RUNS = 200;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeDiff(runtime, olds, news) {
  for (let i = 0; i < 20; i++) await runtime.diff("team", "big", olds, news);
  const samples = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    result = await runtime.diff("team", "big", olds, news);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95), changes: result.changes };
}

async function diffTiming() {
  const { runtime } = loadDist();
  const ids = Array.from({ length: MEMBERS }, (_, i) => i.toString(16).padStart(24, "0"));
  const olds = { key: "big", name: "Big", memberIds: [...ids].sort(), version: 7, memberCount: MEMBERS };
  // The program lists members in its own order; the diff compares sets.
  const shuffled = [...ids].reverse();
  const unchanged = await timeDiff(runtime, olds, { key: "big", name: "Big", memberIds: shuffled });
  const oneSwapped = await timeDiff(runtime, olds, { key: "big", name: "Big", memberIds: [...shuffled.slice(1), "f".repeat(24)] });
  if (unchanged.changes !== false || oneSwapped.changes !== true) throw new Error("diff gave the wrong answer");
  return { members: MEMBERS, runs: RUNS, unchanged, oneSwapped };
}

module.exports = { diffTiming };
