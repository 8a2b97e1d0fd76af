import { describe, expect, test } from "vitest";
import { EMULATOR_PROFILES } from "../../src/emulator";
import { SEMANTIC_PATCH, useEmulators } from "./emulator-fixture";

/** The open-question switches of the beta bulk `PATCH /teams`: `bulkTeamInstructions`, `bulkUnchangedTeams`, `bulkTeamPatch`. */
const start = useEmulators();
const BETA = { "LD-API-Version": "beta", "Content-Type": SEMANTIC_PATCH };

async function seeded(options: Parameters<typeof start>[0]) {
  const started = await start(options);
  const [a, b] = ["a", "b"].map((name) => started.emu.store.addMember({ email: `${name}@example.com` })._id) as [string, string];
  started.emu.store.addTeam({ key: "core" });
  started.emu.store.addTeam({ key: "ops", memberIds: [a] });
  return { ...started, a, b };
}

describe("bulkTeamInstructions: several addMembersToTeams in one request", () => {
  const body = (a: string, b: string) => ({
    instructions: [
      { kind: "addMembersToTeams", memberIDs: [a], teamKeys: ["core"] },
      { kind: "addMembersToTeams", memberIDs: [b], teamKeys: ["ops"] },
    ],
  });

  test('"one": refused with 400 and nothing changes; one instruction is served', async () => {
    const { emu, call, a, b } = await seeded({ options: { bulkTeamInstructions: "one" } });
    const refused = await call("PATCH", "/api/v2/teams", { headers: BETA, body: body(a, b) });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("invalid_request");
    expect(emu.store.teams.get("core")?.memberIds).toEqual([]);
    const one = await call("PATCH", "/api/v2/teams", { headers: BETA, body: { instructions: [body(a, b).instructions[0]] } });
    expect(one.status).toBe(200);
    expect(emu.store.teams.get("core")?.memberIds).toEqual([a]);
  });

  test('"several": each instruction applies, teams listed once each', async () => {
    const { emu, call, a, b } = await seeded({ options: { bulkTeamInstructions: "several" } });
    const served = await call("PATCH", "/api/v2/teams", { headers: BETA, body: body(a, b) });
    expect(served.status).toBe(200);
    expect(served.body.teamKeys).toEqual(["core", "ops"]);
    expect(emu.store.teams.get("core")?.memberIds).toEqual([a]);
    expect(emu.store.teams.get("ops")?.memberIds).toEqual([a, b]);
  });
});

describe("bulkUnchangedTeams: a team the request leaves as it was", () => {
  const body = (a: string) => ({ instructions: [{ kind: "addMembersToTeams", memberIDs: [a], teamKeys: ["core", "ops", "ghost"] }] });

  test('"omitted": in neither teamKeys nor errors', async () => {
    const { call, a } = await seeded({ options: { bulkUnchangedTeams: "omitted" } });
    const response = await call("PATCH", "/api/v2/teams", { headers: BETA, body: body(a) });
    expect(response.body).toEqual({ memberIDs: [a], teamKeys: ["core"], errors: [{ ghost: expect.any(String) }] });
  });

  test('"listed": in teamKeys', async () => {
    const { emu, call, a } = await seeded({ options: { bulkUnchangedTeams: "listed" } });
    const version = emu.store.teams.get("ops")!._version;
    const response = await call("PATCH", "/api/v2/teams", { headers: BETA, body: body(a) });
    expect(response.body).toEqual({ memberIDs: [a], teamKeys: ["core", "ops"], errors: [{ ghost: expect.any(String) }] });
    expect(emu.store.teams.get("ops")!._version).toBe(version);
  });
});

describe("bulkTeamPatch: whether the account serves the beta route", () => {
  const body = (a: string) => ({ instructions: [{ kind: "addMembersToTeams", memberIDs: [a], teamKeys: ["core"] }] });

  test('"forbidden" → 403 and "method-not-allowed" → 405, even with the beta header; the per-team PATCH still works', async () => {
    for (const [bulkTeamPatch, status, code] of [
      ["forbidden", 403, "forbidden"],
      ["method-not-allowed", 405, "method_not_allowed"],
    ] as const) {
      const { emu, call, a } = await seeded({ options: { bulkTeamPatch } });
      const refused = await call("PATCH", "/api/v2/teams", { headers: BETA, body: body(a) });
      expect(refused.status, bulkTeamPatch).toBe(status);
      expect(refused.body.code, bulkTeamPatch).toBe(code);
      expect(emu.store.teams.get("core")?.memberIds).toEqual([]);
      const single = await call("PATCH", "/api/v2/teams/core", { headers: { "Content-Type": SEMANTIC_PATCH }, body: { instructions: [{ kind: "addMembers", values: [a] }] } });
      expect(single.status).toBe(200);
    }
  });
});

test("profiles: strict takes the adverse readings; the route is served in both (an account property, set per test)", () => {
  expect(EMULATOR_PROFILES.strict).toMatchObject({ bulkTeamInstructions: "one", bulkUnchangedTeams: "omitted", bulkTeamPatch: "served" });
  expect(EMULATOR_PROFILES.lenient).toMatchObject({ bulkTeamInstructions: "several", bulkUnchangedTeams: "listed", bulkTeamPatch: "served" });
});
