"use strict";
/**
 * The large org (20 roles, 500 members, 50 teams, 2,000 memberships) applied through the providers by the
 * harness engine at `--parallel` 8 (the CLI's default on a 2-CPU runner: 4 × CPUs), 16 (its default on 4 CPUs)
 * and unbounded. At each: the initial apply's writes per kind beside their floor, a no-op `up`, a `refresh`
 * (each in a fresh provider process), adding 200 members to one team, and the destroy's writes, against the
 * default (strict) emulator; and the initial apply again against the lenient one. The floor of
 * a write kind is ⌈objects ÷ min(P, the API's batch cap)⌉; LaunchDarkly's Terraform provider's requests for the
 * same org come from bench/terraform-model.js.
 */
const { desiredOrg, countByKind } = require("../test/soak/desired-org");
const { loadDist, runtimeEngine, startProviderProcess, summarize } = require("../test/soak/dist-modules");
const { terraformOrgRequests } = require("./terraform-model");

const LARGE = { roles: 20, members: 500, teams: 50, membershipsPerTeam: 40 };
const PARALLELISM = [
  { label: "8 (CLI default, 2 CPUs)", parallel: 8 },
  { label: "16 (CLI default, 4 CPUs)", parallel: 16 },
  { label: "unbounded", parallel: Number.POSITIVE_INFINITY },
];
/** Ids per membership PATCH (the provider's cap; the API documents none) and invites per `POST /members`. */
const MEMBERSHIP_BATCH_CAP = 100;
const INVITE_BATCH_CAP = 50;

function routeOf(r) {
  const [collection = "", id, ...rest] = r.path.replace(/^\/api\/v2\//, "").split("/");
  return [`${r.method} /${collection}`, ...(id ? [collection === "members" ? ":id" : ":key"] : []), ...rest].join("/");
}

function byRoute(requests) {
  const counts = {};
  for (const r of requests) counts[routeOf(r)] = (counts[routeOf(r)] ?? 0) + 1;
  return counts;
}

/** A membership write: a team's `addMembers` / `removeMembers` PATCH, or a bulk `PATCH /teams` adding to several teams. */
function isMembershipPatch(r) {
  if (r.method !== "PATCH") return false;
  const instructions = r.body?.instructions ?? [];
  if (routeOf(r) === "PATCH /teams") return instructions.length > 0 && instructions.every((i) => i.kind === "addMembersToTeams");
  return routeOf(r) === "PATCH /teams/:key" && instructions.length > 0 && instructions.every((i) => i.kind === "addMembers" || i.kind === "removeMembers");
}

/** The initial apply's writes of each kind beside their floors. */
function initialWrites(requests, parallel, counts) {
  return writesAgainstFloors(requests, parallel, [
    ["POST /roles", counts.customRole, 1, (r) => routeOf(r) === "POST /roles"],
    ["POST /members (invites)", counts.member, INVITE_BATCH_CAP, (r) => routeOf(r) === "POST /members"],
    ["POST /teams", counts.team, 1, (r) => routeOf(r) === "POST /teams"],
    ["membership PATCH", counts.teamMembership, MEMBERSHIP_BATCH_CAP, isMembershipPatch],
  ]);
}

function floor(objects, parallel, cap) {
  return Math.ceil(objects / Math.min(parallel, cap));
}

/** Writes per kind beside the floor of each. `kinds`: [label, objects, cap, matches(request)]. */
function writesAgainstFloors(requests, parallel, kinds) {
  const rows = kinds.map(([kind, objects, cap, matches]) => ({ kind, objects, sent: requests.filter(matches).length, floor: floor(objects, parallel, cap) }));
  return { rows, sent: rows.reduce((n, r) => n + r.sent, 0), floor: rows.reduce((n, r) => n + r.floor, 0), otherWrites: requests.filter((r) => r.method !== "GET").length - rows.reduce((n, r) => n + r.sent, 0) };
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

async function atParallelism(dist, { label, parallel }) {
  const emu = await dist.emulator.startEmulator({});
  // Counts, not latency: a generous request timeout keeps a loaded machine from adding retries to the counts.
  const freshProcess = () => startProviderProcess(dist, emu, { requestTimeoutMs: 120_000 });
  const timed = async (what, run) => {
    freshProcess();
    emu.resetRequestLog();
    const started = Date.now();
    const report = await run();
    failIf(report, `${what} at ${label}`);
    return { report, ms: Date.now() - started, requests: [...emu.requests] };
  };
  try {
    const org = [...desiredOrg(LARGE, "large"), ...bigTeam(0, false)];
    const counts = countByKind(org);
    const state = new Map();
    const engine = () => {
      const harness = runtimeEngine(dist, { parallel, state });
      return {
        up: async (resources) => summarize(dist, await harness.up(resources)),
        refresh: async () => summarize(dist, await harness.refresh()),
        destroy: async () => summarize(dist, await harness.destroy()),
      };
    };

    const applied = await timed("initial apply", () => engine().up(org));
    const initial = {
      ms: applied.ms,
      requests: applied.requests.length,
      resources: state.size,
      writes: initialWrites(applied.requests, parallel, counts),
    };

    const noop = await timed("no-op up", () => engine().up(org));
    const noopUp = { ms: noop.ms, requests: noop.requests.length, writes: noop.requests.filter((r) => r.method !== "GET").length, same: noop.report.same };

    const refreshed = await timed("refresh", () => engine().refresh());
    const refresh = {
      ms: refreshed.ms,
      requests: refreshed.requests.length,
      writes: refreshed.requests.filter((r) => r.method !== "GET").length,
      byRoute: byRoute(refreshed.requests),
      changed: refreshed.report["refresh-changed"],
      deleted: refreshed.report["refresh-deleted"],
    };

    const added = await timed("add 200 to one team", () => engine().up([...org, ...bigTeam(200, true)]));
    const patches = added.requests.filter((r) => r.method === "PATCH" && r.path === "/api/v2/teams/big");
    const addToOneTeam = {
      ms: added.ms,
      patches: patches.length,
      floor: floor(200, parallel, MEMBERSHIP_BATCH_CAP),
      batchSizes: patches.map((p) => p.body.instructions.reduce((n, i) => n + i.values.length, 0)),
    };
    freshProcess();
    failIf(await engine().up(org), "remove the 200 again");

    const destroyed = await timed("destroy", () => engine().destroy());
    const destroy = {
      ms: destroyed.ms,
      requests: destroyed.requests.length,
      writes: writesAgainstFloors(destroyed.requests, parallel, [
        ["membership PATCH", counts.teamMembership, MEMBERSHIP_BATCH_CAP, isMembershipPatch],
        ["DELETE /teams/:key", counts.team, 1, (r) => routeOf(r) === "DELETE /teams/:key"],
        ["DELETE /members/:id", counts.member, 1, (r) => routeOf(r) === "DELETE /members/:id"],
        ["DELETE /roles/:key", counts.customRole, 1, (r) => routeOf(r) === "DELETE /roles/:key"],
      ]),
    };
    const initialLenient = await lenientInitialApply(dist, parallel, label);
    return { parallelism: label, parallel: Number.isFinite(parallel) ? parallel : "unbounded", initial, initialLenient, noopUp, refresh, addToOneTeam, destroy };
  } finally {
    await emu.close();
  }
}

/**
 * The initial apply again, against the lenient emulator. Its one difference that moves the counts: a bulk
 * `PATCH /teams` may carry several instructions (`bulkTeamInstructions`, undocumented; strict refuses them,
 * and the provider then sends one instruction a request or per team: docs/decisions/0036).
 */
async function lenientInitialApply(dist, parallel, label) {
  const emu = await dist.emulator.startEmulator({ profile: "lenient" });
  try {
    startProviderProcess(dist, emu, { requestTimeoutMs: 120_000 });
    const org = [...desiredOrg(LARGE, "large"), ...bigTeam(0, false)];
    const started = Date.now();
    const report = summarize(dist, await runtimeEngine(dist, { parallel, state: new Map() }).up(org));
    failIf(report, `initial apply (lenient) at ${label}`);
    return { ms: Date.now() - started, requests: emu.requests.length, writes: initialWrites(emu.requests, parallel, countByKind(org)) };
  } finally {
    await emu.close();
  }
}

async function largeOrg() {
  const dist = loadDist();
  const org = [...desiredOrg(LARGE, "large"), ...bigTeam(0, false)];
  const counts = countByKind(org);
  const terraformOrg = {
    roles: counts.customRole,
    teams: counts.team,
    memberships: counts.teamMembership,
    memberCustomRoles: org.filter((r) => r.kind === "member").map((r) => r.inputs().customRoles.length),
  };
  const runs = [];
  for (const p of PARALLELISM) runs.push(await atParallelism(dist, p));
  return {
    size: { ...LARGE, memberships: LARGE.teams * LARGE.membershipsPerTeam, resources: org.length },
    terraform: { create: terraformOrgRequests(terraformOrg, "create"), refresh: terraformOrgRequests(terraformOrg, "refresh"), destroy: terraformOrgRequests(terraformOrg, "destroy") },
    runs,
  };
}

module.exports = { largeOrg };
