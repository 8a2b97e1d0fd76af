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

async function main() {
  const started = Date.now();
  const step = async (name, run) => {
    process.stderr.write(`bench: ${name}…\n`);
    return run();
  };
  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    requestCounts: await step("requests per operation", requestCounts),
    largeOrg: await step("large org: no-op up, refresh, 200 members to one team", largeOrg),
    rateLimitedCompletion: {
      ...(await step("1,000 operations under a rate limit (provider and naive client)", rateLimitedCompletion)),
      tightLowerBoundMs: (Math.ceil(OPERATIONS / RATE_LIMIT.limit) - 1) * RATE_LIMIT.windowMs,
    },
    diffTiming: await step("diff time on a 5,000-member team", diffTiming),
    providerSizes: await step("__provider sizes", providerSizes),
    hostLatency: await step("warm per-RPC latency through the dynamic-provider host", hostLatency),
  };
  results.totalMs = Date.now() - started;
  const file = path.join(__dirname, "results.json");
  // `npm run bench:cli` owns `realCli`; keep it.
  const { realCli } = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  fs.writeFileSync(file, `${JSON.stringify({ ...results, ...(realCli ? { realCli } : {}) }, null, 2)}\n`);
  console.log(renderTables(results));
  console.log(`\nWrote bench/results.json in ${(results.totalMs / 1000).toFixed(1)} s.`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
