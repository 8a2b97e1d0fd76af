import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { resourceCalls } from "../../src/core/provider/resource-calls";
import { countSteps, HarnessEngine, type DesiredResource, type StateEntry } from "../../src/harnesses/engine/harness-engine";
import { runtimeCalls } from "../../src/harnesses/engine/provider-calls";
import { emulatorSession, useEmulatorSession } from "../support/emulator-session";

const { desiredOrg } = createRequire(__filename)("../soak/desired-org.js") as {
  desiredOrg: (size: Record<string, number>, prefix: string) => DesiredResource[];
};

/** bench/large-org.js's org: 20 roles, 500 members, 50 teams, 2,000 memberships. */
const LARGE = { roles: 20, members: 500, teams: 50, membershipsPerTeam: 40 };

const { emulator } = useEmulatorSession();

/** The harness engine over a fresh provider process (a new session) at `--parallel 8`, sharing `state`. */
function engineInNewProcess(state: Map<string, StateEntry>): HarnessEngine {
  const calls = resourceCalls(emulatorSession(emulator(), { operationTimeoutMs: 120_000 }));
  // The runtime entry's calls without `configure`: this process is configured by the session itself.
  return new HarnessEngine(runtimeCalls(calls as Parameters<typeof runtimeCalls>[0]), { parallel: 8, state });
}

describe("refresh of the whole large org through the account snapshots (docs/decisions/0033)", () => {
  it("costs at most 10 requests at --parallel 8, and still shows out-of-band changes exactly", { timeout: 120_000 }, async () => {
    const emu = emulator();
    const state = new Map<string, StateEntry>();
    const applied = await engineInNewProcess(state).up(desiredOrg(LARGE, "large"));
    expect(applied.failures).toEqual([]);
    expect(state.size).toBe(20 + 500 + 50 + 2_000);

    emu.resetRequestLog();
    const quiet = await engineInNewProcess(state).refresh();
    expect(quiet.failures).toEqual([]);
    expect(countSteps(quiet)).toMatchObject({ "refresh-changed": 0, "refresh-deleted": 0 });
    expect(emu.requests.every((r) => r.method === "GET")).toBe(true);
    expect(emu.requests.length).toBeLessThanOrEqual(10);
    // One member listing and one team listing for the whole account.
    expect(emu.requests.filter((r) => r.path === "/api/v2/members")).toHaveLength(1);
    expect(emu.requests.filter((r) => r.path === "/api/v2/teams")).toHaveLength(1);

    // Out of band: a member's base role, one membership gone, a team's description and one of its custom roles.
    const entry = (urn: string) => state.get(urn)!;
    const memberId = entry("member-7").id;
    emu.store.members.get(memberId)!.role = "admin";
    const membership = [...state.values()].find((e) => (e.kind ?? e.type) === "teamMembership")!;
    const [teamKey, removedId] = membership.id.split("/") as [string, string];
    const team = emu.store.teams.get(teamKey)!;
    emu.store.commitTeam(teamKey, { ...team, memberIds: team.memberIds.filter((id) => id !== removedId) });
    const described = entry("team-5").id;
    const teamFive = emu.store.teams.get(described)!;
    emu.store.commitTeam(described, { ...teamFive, description: "changed in the UI", customRoleKeys: teamFive.customRoleKeys.slice(1) });

    emu.resetRequestLog();
    const drift = await engineInNewProcess(state).refresh();
    expect(drift.failures).toEqual([]);
    expect(emu.requests.length).toBeLessThanOrEqual(10);
    const changed = drift.steps.filter((s) => s.op === "refresh-changed").map((s) => ({ urn: s.urn, fields: [...new Set(s.changes.map((c) => c.field.replace(/\[\d+\]$/, "")))].sort() }));
    const deleted = drift.steps.filter((s) => s.op === "refresh-deleted").map((s) => s.urn);
    expect(deleted).toEqual([membership.urn]);
    expect(changed.sort((a, b) => a.urn.localeCompare(b.urn))).toEqual([
      { urn: "member-7", fields: ["role"] },
      { urn: "team-5", fields: ["customRoleKeys", "description"] },
    ]);
    expect(entry("team-5").inputs).toMatchObject({ description: "changed in the UI", customRoleKeys: [...teamFive.customRoleKeys.slice(1)].sort() });
    expect(entry("member-7").inputs).toMatchObject({ role: "admin" });
  });
});
