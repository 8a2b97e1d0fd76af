"use strict";
/**
 * `npm run bench:open-questions`: what each emulator switch (the places LaunchDarkly's documentation is
 * silent) costs in requests. For the strict and lenient profiles, and for each switch set to its strict
 * value on top of the lenient profile, it counts the requests of:
 *   - the demo org's `up` (examples/access, through the dynamic-provider host and the demo's harness engine);
 *   - a refresh of 130 roles / 200 members / 10 teams in a new provider process;
 *   - one team holding 30 custom roles: its create and a refresh of it.
 * Every run also checks that nothing failed and the refresh saw no drift, so a count is a correct run's count.
 */
const path = require("node:path");
const { desiredOrg } = require("../test/soak/desired-org");
const { loadDist, runtimeEngine, startProviderProcess, ROOT } = require("../test/soak/dist-modules");

const fromDist = (file) => require(path.join(ROOT, "dist", file));
const REFRESH_ORG = { roles: 130, members: 200, teams: 10, membershipsPerTeam: 20 };

function failIf(report, what) {
  if (report.failures.length > 0) throw new Error(`${what}: ${report.failures.length} failures, first: ${JSON.stringify(report.failures[0])}`);
}

async function demoOrgUp(start) {
  const { DynamicProviderHost, PACKAGE_ROOT } = fromDist("harnesses/host/dynamic-provider-host.js");
  const { HarnessEngine } = fromDist("harnesses/engine/harness-engine.js");
  const { hostCalls } = fromDist("harnesses/engine/provider-calls.js");
  const exampleDir = path.join(PACKAGE_ROOT, "dist", "examples", "access");
  const { org } = require(path.join(exampleDir, "org.js"));
  const { defineOrg } = require(path.join(exampleDir, "program.js"));
  const emu = await start();
  const host = await DynamicProviderHost.start({ cwd: PACKAGE_ROOT });
  try {
    await host.configure({ "launchdarkly:accessToken": emu.token, "launchdarkly:apiHost": emu.url });
    const engine = new HarnessEngine(hostCalls(host), { parallel: Number.POSITIVE_INFINITY });
    await engine.run("up", () => defineOrg(org));
    return emu.requests.length;
  } finally {
    await host.close();
    await emu.close();
  }
}

async function refreshOfLargeOrg(dist, start) {
  const emu = await start();
  try {
    const state = new Map();
    startProviderProcess(dist, emu);
    failIf(await runtimeEngine(dist, { parallel: 16, state }).up(desiredOrg(REFRESH_ORG, "oq")), "apply");
    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    const refreshed = await runtimeEngine(dist, { parallel: 16, state }).refresh();
    failIf(refreshed, "refresh");
    if (refreshed.steps.length > 0) throw new Error(`refresh saw drift: ${JSON.stringify(refreshed.steps)}`);
    return emu.requests.length;
  } finally {
    await emu.close();
  }
}

async function teamOfThirtyRoles(dist, start) {
  const emu = await start();
  try {
    const roles = Array.from({ length: 30 }, (_, i) => emu.store.addRole({ key: `oq-role-${i}`, name: `Role ${i}`, policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }] }));
    const team = [{ urn: "team", kind: "team", dependsOn: [], inputs: () => ({ key: "thirty", name: "Thirty roles", customRoleKeys: roles.map((r) => r.key) }) }];
    const state = new Map();
    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    failIf(await runtimeEngine(dist, { parallel: 16, state }).up(team), "create");
    const create = emu.requests.length;
    startProviderProcess(dist, emu);
    emu.resetRequestLog();
    const refreshed = await runtimeEngine(dist, { parallel: 16, state }).refresh();
    failIf(refreshed, "refresh");
    if (refreshed.steps.length > 0) throw new Error(`refresh saw drift: ${JSON.stringify(refreshed.steps)}`);
    return { create, refresh: emu.requests.length };
  } finally {
    await emu.close();
  }
}

async function measure(dist, label, emulatorOptions) {
  const start = () => dist.emulator.startEmulator(emulatorOptions);
  const team = await teamOfThirtyRoles(dist, start);
  return {
    setting: label,
    demoOrgUp: await demoOrgUp(start),
    refresh130Roles200Members10Teams: await refreshOfLargeOrg(dist, start),
    teamOf30RolesCreate: team.create,
    teamOf30RolesRefresh: team.refresh,
  };
}

async function openQuestions() {
  const dist = loadDist();
  const { EMULATOR_PROFILES } = dist.emulator;
  const rows = [await measure(dist, "profile strict", { profile: "strict" }), await measure(dist, "profile lenient", { profile: "lenient" })];
  for (const [name, strictValue] of Object.entries(EMULATOR_PROFILES.strict)) {
    if (EMULATOR_PROFILES.lenient[name] === strictValue) continue;
    rows.push(await measure(dist, `lenient + ${name}: ${JSON.stringify(strictValue)}`, { profile: "lenient", options: { [name]: strictValue } }));
  }
  return rows;
}

function renderTable(rows) {
  const lines = [
    "| setting | demo org `up` | refresh 130 roles / 200 members / 10 teams | team of 30 roles: create | team of 30 roles: refresh |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.setting} | ${r.demoOrgUp} | ${r.refresh130Roles200Members10Teams} | ${r.teamOf30RolesCreate} | ${r.teamOf30RolesRefresh} |`),
  ];
  return lines.join("\n");
}

module.exports = { openQuestions, renderTable };

if (require.main === module) {
  openQuestions()
    .then((rows) => {
      require("node:fs").writeFileSync(path.join(__dirname, "open-questions.json"), `${JSON.stringify(rows, null, 2)}\n`);
      console.log(renderTable(rows));
    })
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    });
}
