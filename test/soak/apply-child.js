"use strict";
/**
 * One `pulumi up` (or destroy) as a separate process: engine and providers in one node process, state in a
 * journal file, so that the parent can SIGKILL it mid-apply and start another. Reads its settings from the
 * environment (never argv, which `ps` shows): SOAK_API_HOST, SOAK_TOKEN, SOAK_JOURNAL, SOAK_SIZE, SOAK_MODE
 * ("up" | "destroy"). Prints one JSON report line on stdout when it finishes.
 */
const { desiredOrg, SIZES } = require("./desired-org");
const { loadDist, runtimeEngine, startProviderProcess, summarize } = require("./dist-modules");
const { resolvePendingCreates } = require("./pending-creates");
const { loadJournal, openJournal } = require("./state-journal");

async function main() {
  const env = process.env;
  const dist = loadDist();
  startProviderProcess(dist, { url: env.SOAK_API_HOST, token: env.SOAK_TOKEN });
  const journal = openJournal(env.SOAK_JOURNAL);
  const { state, pendingCreates } = loadJournal(env.SOAK_JOURNAL);
  const pending = await resolvePendingCreates(dist.runtime, pendingCreates, state);
  for (const urn of pendingCreates.map((p) => p.urn)) if (state.has(urn)) journal.done(state.get(urn));

  const engine = runtimeEngine(dist, { parallel: Number(env.SOAK_CONCURRENCY ?? 16), journal, state });
  const report = summarize(dist, env.SOAK_MODE === "destroy" ? await engine.destroy() : await engine.up(desiredOrg(SIZES[env.SOAK_SIZE], env.SOAK_PREFIX ?? "soak")));
  process.stdout.write(`${JSON.stringify({ pendingFromLastRun: pendingCreates.length, ...pending, ...report })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
