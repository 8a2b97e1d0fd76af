"use strict";
/**
 * Requests per operation for each resource, measured on the emulator, next to what LaunchDarkly's Terraform
 * provider is documented to send for the same operation (N = custom roles on the member). Each operation
 * runs in a fresh provider process ("cold": caches empty, as in one `pulumi up` touching one resource) and
 * again in the same process ("warm": as the 2nd..Nth resource of an `up`).
 */
const { loadDist, startProviderProcess } = require("../test/soak/dist-modules");
const { perOperationLabel } = require("./terraform-model");

function describeRequests(requests) {
  return requests.map((r) => `${r.method} ${r.path.replace("/api/v2", "").replace(/[0-9a-f]{24}/g, ":id")}`);
}

async function measure(dist, emu, fresh, call) {
  if (fresh) startProviderProcess(dist, emu);
  emu.resetRequestLog();
  const result = await call();
  return { requests: emu.requests.length, sent: describeRequests(emu.requests), result };
}

async function requestCounts() {
  const dist = loadDist();
  const rt = dist.runtime;
  const emu = await dist.emulator.startEmulator({});
  const rows = [];
  const row = (resource, op, n, cold, warm) =>
    rows.push({ resource, op, n, terraform: perOperationLabel(resource, op, n), cold: cold.requests, warm: warm?.requests, coldRequests: cold.sent });
  const checked = async (kind, inputs) => (await rt.check(kind, {}, inputs)).inputs;
  try {
    const policy = [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }];
    const roleKeys = ["r0", "r1", "r2", "r3", "r4", "r5"];
    for (const key of roleKeys) emu.store.addRole({ key, name: key, policy });

    // CustomRole: create, read, update, delete.
    const role = await measure(dist, emu, true, async () => rt.create("customRole", await checked("customRole", { key: "bench", name: "Bench", policy })));
    const roleWarm = await measure(dist, emu, false, async () => rt.create("customRole", await checked("customRole", { key: "bench2", name: "Bench", policy })));
    row("customRole", "create", 0, role, roleWarm);
    const outs = role.result.outs;
    row("customRole", "read", 0, await measure(dist, emu, true, () => rt.read("customRole", "bench", outs)), await measure(dist, emu, false, () => rt.read("customRole", "bench", outs)));
    const renamed = await checked("customRole", { key: "bench", name: "Bench renamed", policy });
    row("customRole", "update", 0, await measure(dist, emu, true, () => rt.update("customRole", "bench", outs, renamed)), await measure(dist, emu, false, () => rt.update("customRole", "bench2", roleWarm.result.outs, { ...renamed, key: "bench2" })));
    row("customRole", "delete", 0, await measure(dist, emu, true, () => rt.delete("customRole", "bench", outs)), await measure(dist, emu, false, () => rt.delete("customRole", "bench2", roleWarm.result.outs)));

    // Member with N custom roles: create, read, update (to N other roles), delete.
    for (const n of [0, 1, 3]) {
      const inputs = (i) => checked("member", { email: `m${n}-${i}@example.com`, customRoles: roleKeys.slice(0, n) });
      const cold = await measure(dist, emu, true, async () => rt.create("member", await inputs(0)));
      const warm = await measure(dist, emu, false, async () => rt.create("member", await inputs(1)));
      row("member", "create", n, cold, warm);
      const [a, b] = [cold.result, warm.result];
      row("member", "read", n, await measure(dist, emu, true, () => rt.read("member", a.id, a.outs)), await measure(dist, emu, false, () => rt.read("member", b.id, b.outs)));
      const changed = async (i) => ({ ...(await inputs(i)), role: "writer", customRoles: roleKeys.slice(3, 3 + n) });
      const upCold = await measure(dist, emu, true, async () => rt.update("member", a.id, a.outs, await changed(0)));
      const upWarm = await measure(dist, emu, false, async () => rt.update("member", b.id, b.outs, await changed(1)));
      row("member", "update", n, upCold, upWarm);
      row("member", "delete", n, await measure(dist, emu, true, () => rt.delete("member", a.id, a.outs)), await measure(dist, emu, false, () => rt.delete("member", b.id, b.outs)));
    }

    // Team with 2 custom roles and a maintainer: create, read, update (name + roles), delete.
    const maintainer = emu.store.addMember({ email: "maintainer@example.com" })._id;
    const teamInputs = (key) => checked("team", { key, name: "Bench team", description: "d", customRoleKeys: ["r0", "r1"], maintainers: [maintainer] });
    const team = await measure(dist, emu, true, async () => rt.create("team", await teamInputs("bench-team")));
    const team2 = await measure(dist, emu, false, async () => rt.create("team", await teamInputs("bench-team-2")));
    row("team", "create", 0, team, team2);
    row("team", "read", 0, await measure(dist, emu, true, () => rt.read("team", "bench-team", team.result.outs)), await measure(dist, emu, false, () => rt.read("team", "bench-team-2", team2.result.outs)));
    const teamChange = async (key) => ({ ...(await teamInputs(key)), name: "Renamed", customRoleKeys: ["r1", "r2"] });
    row("team", "update", 0, await measure(dist, emu, true, async () => rt.update("team", "bench-team", team.result.outs, await teamChange("bench-team"))), await measure(dist, emu, false, async () => rt.update("team", "bench-team-2", team2.result.outs, await teamChange("bench-team-2"))));

    // TeamMembership: create, read, delete (one pair at a time; batching is measured separately).
    const m1 = emu.store.addMember({ email: "pair1@example.com" })._id;
    const m2 = emu.store.addMember({ email: "pair2@example.com" })._id;
    const p1 = await measure(dist, emu, true, () => rt.create("teamMembership", { teamKey: "bench-team", memberId: m1 }));
    const p2 = await measure(dist, emu, false, () => rt.create("teamMembership", { teamKey: "bench-team", memberId: m2 }));
    row("teamMembership", "create", 0, p1, p2);
    row("teamMembership", "read", 0, await measure(dist, emu, true, () => rt.read("teamMembership", p1.result.id, p1.result.outs)), await measure(dist, emu, false, () => rt.read("teamMembership", p2.result.id, p2.result.outs)));
    row("teamMembership", "delete", 0, await measure(dist, emu, true, () => rt.delete("teamMembership", p1.result.id, p1.result.outs)), await measure(dist, emu, false, () => rt.delete("teamMembership", p2.result.id, p2.result.outs)));

    row("team", "delete", 0, await measure(dist, emu, true, () => rt.delete("team", "bench-team", team.result.outs)), await measure(dist, emu, false, () => rt.delete("team", "bench-team-2", team2.result.outs)));
    return rows;
  } finally {
    await emu.close();
  }
}

module.exports = { requestCounts };
