"use strict";
/**
 * On a large org (20 roles, 500 members, 50 teams, 2,000 memberships) applied through the providers:
 * the requests of a no-op `up` and of a `refresh`, each in a fresh provider process; then adding 200
 * members to one team, at the engine's default (unbounded) parallelism and at `--parallel 16`.
 */
const { desiredOrg } = require("../test/soak/desired-org");
const { loadDist, runtimeEngine, startProviderProcess, summarize } = require("../test/soak/dist-modules");

const LARGE = { roles: 20, members: 500, teams: 50, membershipsPerTeam: 40 };
const UNBOUNDED = Number.POSITIVE_INFINITY;

function routeOf(r) {
  return `${r.method} ${r.path.replace("/api/v2", "").replace(/\/[^/]+$/, (last) => (r.path.split("/").length > 4 ? "/:id" : last))}`;
}

function byRoute(requests) {
  const counts = {};
  for (const r of requests) counts[routeOf(r)] = (counts[routeOf(r)] ?? 0) + 1;
  return counts;
}

function failIf(report, what) {
  if (report.failures.length > 0) throw new Error(`${what}: ${report.failures.length} failures, first: ${JSON.stringify(report.failures[0])}`);
}

/** A team "big" and, when `withMemberships`, 200 memberships of members 0..199 in it. */
function bigTeam(count, withMemberships) {
  const team = { urn: "team-big", kind: "team", dependsOn: [], inputs: () => ({ key: "big", name: "Big team" }) };
  if (!withMemberships) return [team];
  const pairs = Array.from({ length: count }, (_, m) => ({
    urn: `membership-big-${m}`,
    kind: "teamMembership",
    dependsOn: ["team-big", `member-${m}`],
    inputs: (outputsOf) => ({ teamKey: "big", memberId: outputsOf(`member-${m}`).memberId }),
  }));
  return [team, ...pairs];
}

async function largeOrg() {
  const dist = loadDist();
  const emu = await dist.emulator.startEmulator({});
  try {
    const org = desiredOrg(LARGE, "large");
    const state = new Map();
    const engine = (parallel) => {
      const harness = runtimeEngine(dist, { parallel, state });
      return { up: async (resources) => summarize(dist, await harness.up(resources)), refresh: async () => summarize(dist, await harness.refresh()) };
    };
    startProviderProcess(dist, emu);
    let started = Date.now();
    const applied = await engine(UNBOUNDED).up([...org, ...bigTeam(0, false)]);
    failIf(applied, "initial apply");
    const initial = { ms: Date.now() - started, requests: emu.requests.length, resources: state.size };

    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    started = Date.now();
    const noop = await engine(UNBOUNDED).up([...org, ...bigTeam(0, false)]);
    failIf(noop, "no-op up");
    const noopUp = { ms: Date.now() - started, requests: emu.requests.length, writes: emu.requests.filter((r) => r.method !== "GET").length, same: noop.same };

    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    started = Date.now();
    const refreshed = await engine(UNBOUNDED).refresh();
    failIf(refreshed, "refresh");
    const refresh = {
      ms: Date.now() - started,
      requests: emu.requests.length,
      writes: emu.requests.filter((r) => r.method !== "GET").length,
      byRoute: byRoute(emu.requests),
      changed: refreshed["refresh-changed"],
      deleted: refreshed["refresh-deleted"],
    };

    const addToOneTeam = [];
    for (const [label, concurrency] of [["unbounded (pulumi default)", UNBOUNDED], ["--parallel 16", 16]]) {
      startProviderProcess(dist, emu);
      emu.resetRequestLog();
      started = Date.now();
      const added = await engine(concurrency).up([...org, ...bigTeam(200, true)]);
      failIf(added, `add 200 (${label})`);
      const patches = emu.requests.filter((r) => r.method === "PATCH" && r.path === "/api/v2/teams/big");
      addToOneTeam.push({ parallelism: label, ms: Date.now() - started, created: added.create, patches: patches.length, requests: emu.requests.length, batchSizes: patches.map((p) => p.body.instructions.reduce((n, i) => n + i.values.length, 0)) });
      startProviderProcess(dist, emu);
      failIf(await engine(UNBOUNDED).up([...org, ...bigTeam(0, false)]), "remove the 200 again");
    }
    return { size: { ...LARGE, memberships: LARGE.teams * LARGE.membershipsPerTeam }, initial, noopUp, refresh, addToOneTeam };
  } finally {
    await emu.close();
  }
}

module.exports = { largeOrg };
