"use strict";
/**
 * The fault soak: a desired organisation applied through the providers against the emulator with seeded
 * faults on every route and a scaled-down rate-limit window; then a second apply (must send no writes) and a
 * destroy (must leave only the owner). Each phase runs as a fresh provider process would (new client, empty
 * caches). Returns a report; the callers (vitest, `npm run soak`) assert on it.
 */
const { differences, resolveDesired } = require("./convergence");
const { countByKind, desiredOrg } = require("./desired-org");
const { loadDist, runtimeEngine, startProviderProcess, summarize } = require("./dist-modules");
const { SOAK_RATE_LIMIT, soakFaults } = require("./fault-plan");
const { trackInvites } = require("./invite-tracker");

function requestSummary(requests) {
  const writes = requests.filter((r) => r.method !== "GET");
  return { requests: requests.length, writes: writes.length, resets: requests.filter((r) => r.status === 0).length };
}

function subtractCounts(after, before) {
  return Object.fromEntries(Object.entries(after).map(([kind, n]) => [kind, n - (before[kind] ?? 0)]));
}

/**
 * @param {{size:object, seed?:number, concurrency?:number, faultRate?:number, log?:(line:string)=>void}} options
 */
async function runFaultSoak({ size, seed = 7, concurrency = 16, faultRate = 0.2, log = () => {} }) {
  const dist = loadDist();
  const emu = await dist.emulator.startEmulator({ faults: soakFaults(faultRate), seed, rateLimit: SOAK_RATE_LIMIT });
  const invites = trackInvites(emu);
  const resources = desiredOrg(size, "soak");
  const engine = runtimeEngine(dist, { parallel: concurrency });
  const phases = [];
  try {
    const phase = async (name, run) => {
      startProviderProcess(dist, emu);
      emu.resetRequestLog();
      const faultsBefore = emu.faultCounts;
      const started = Date.now();
      const result = await run();
      const entry = { name, ms: Date.now() - started, ...requestSummary(emu.requests), faults: subtractCounts(emu.faultCounts, faultsBefore), ...result };
      phases.push(entry);
      log(`${name}: ${entry.ms} ms, ${entry.requests} requests (${entry.writes} writes), ${result.failures.length} failures`);
      return entry;
    };

    const apply = await phase("apply", async () => {
      const report = summarize(dist, await engine.up(resources));
      const refused = invites.refusedInvites();
      const { resolved, unresolved } = resolveDesired(resources, (urn) => engine.outputsOf(urn));
      const diffs = [...unresolved.map((urn) => `${urn}: not applied`), ...differences(emu.store, resolved, engine.state)];
      const teamPatches = emu.requests.filter((r) => r.method === "PATCH" && r.path.startsWith("/api/v2/teams/")).length;
      return { ...report, refusedInvites: refused, teamPatches, differences: diffs };
    });
    const reapply = await phase("second apply", async () => summarize(dist, await engine.up(resources)));
    const destroy = await phase("destroy", async () => {
      const report = summarize(dist, await engine.destroy());
      const left = { members: emu.store.members.size - 1, teams: emu.store.teams.size, roles: emu.store.roles.size };
      return { ...report, left };
    });

    return {
      size,
      resources: countByKind(resources),
      seed,
      concurrency,
      faultRate,
      rateLimit: SOAK_RATE_LIMIT,
      faultCounts: emu.faultCounts,
      duplicateInvites: invites.duplicateInvites(),
      apply,
      reapply,
      destroy,
      phases,
    };
  } finally {
    await emu.close();
  }
}

module.exports = { runFaultSoak };
