"use strict";
/**
 * `npm run bench`: request economy and timing of the provider, measured on the emulator through the built
 * package (run `npm run build` first; the npm script does). Writes bench/results.json and prints the tables.
 */
const fs = require("node:fs");
const path = require("node:path");
const { diffTiming } = require("./diff-timing");
const { hostLatency } = require("./host-latency");
const { largeOrg } = require("./large-org");
const { renderTables } = require("./print-tables");
const { providerSizes } = require("./provider-size");
const { rateLimitedCompletion, RATE_LIMIT, OPERATIONS } = require("./rate-limited-completion");
const { requestCounts } = require("./request-counts");

/** Each section of results.json and how it is measured. */
const SECTIONS = {
  requestCounts: ["requests per operation", requestCounts],
  largeOrg: ["large org at --parallel 8, 16 and unbounded", largeOrg],
  rateLimitedCompletion: [
    "1,000 operations under a rate limit (provider and naive client)",
    async () => ({ ...(await rateLimitedCompletion()), tightLowerBoundMs: (Math.ceil(OPERATIONS / RATE_LIMIT.limit) - 1) * RATE_LIMIT.windowMs }),
  ],
  diffTiming: ["diff time on a 5,000-member team", diffTiming],
  providerSizes: ["__provider sizes", providerSizes],
  hostLatency: ["warm per-RPC latency through the dynamic-provider host", hostLatency],
};

/**
 * BENCH_SECTIONS=largeOrg,diffTiming re-measures only those and keeps the others from results.json;
 * `realCli` (written by `npm run bench:cli`) is always kept.
 */
async function main() {
  const started = Date.now();
  const file = path.join(__dirname, "results.json");
  const previous = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const only = process.env.BENCH_SECTIONS ? process.env.BENCH_SECTIONS.split(",") : Object.keys(SECTIONS);
  const results = { generatedAt: new Date().toISOString(), node: process.version };
  for (const [key, [name, run]] of Object.entries(SECTIONS)) {
    if (only.includes(key)) {
      process.stderr.write(`bench: ${name}…\n`);
      results[key] = await run();
    } else {
      results[key] = previous[key];
    }
  }
  results.totalMs = Date.now() - started;
  // Read again: `npm run bench:cli` may have saved while this ran.
  const { realCli } = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, `${JSON.stringify({ ...results, ...(realCli ? { realCli } : {}) }, null, 2)}\n`);
  console.log(renderTables(results));
  console.log(`\nWrote bench/results.json in ${(results.totalMs / 1000).toFixed(1)} s.`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
