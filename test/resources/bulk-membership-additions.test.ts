import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorProfile } from "../../src/emulator";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { UnknownMemberError } from "../../src/core/session/membership-batcher";
import { teamMembershipProvider as provider } from "../../src/core/resources/team-membership";
import type { Session } from "../../src/core/session/session";
import { emulatorSession } from "../support/emulator-session";

/**
 * TeamMembership creates of several teams at once go out as one bulk `PATCH /teams` (docs/decisions/0036):
 * through the resource, against the emulator, under both profiles and under each adverse reading of the bulk
 * route. Whatever the reading, every pair ends up on its team exactly once, or its own create fails with its
 * own error.
 */
const GHOST = "0123456789abcdef01234567";
const TEAMS = ["api", "ops", "web"];
const started: Emulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((emu) => emu.close()));
});

async function account(profile: EmulatorProfile, options: Partial<EmulatorOptions> = {}) {
  const emu = await startEmulator({ profile, options });
  started.push(emu);
  for (const key of TEAMS) emu.store.addTeam({ key, name: key });
  const ids = Array.from({ length: 6 }, (_, i) => emu.store.addMember({ email: `m${i}@example.com` })._id);
  const session = emulatorSession(emu);
  // As after a create of the teams in this process: their (empty) members are known, so a create asks nothing first.
  for (const key of TEAMS) session.teamMembers.seed(key, []);
  emu.resetRequestLog();
  return { emu, ids, session };
}

/** Two members per team, none shared: a batch of three teams that needs three instructions. */
function pairsOf(ids: readonly string[]) {
  return TEAMS.flatMap((teamKey, t) => [ids[2 * t]!, ids[2 * t + 1]!].map((memberId) => ({ teamKey, memberId })));
}

/** As the engine does: every pair is checked (announced to the batcher) before the creates run concurrently. */
function create(session: Session, pairs: ReadonlyArray<{ teamKey: string; memberId: string }>) {
  for (const pair of pairs) session.memberships.announce(pair.teamKey, pair.memberId);
  return Promise.allSettled(pairs.map((pair) => provider.create(session, pair)));
}

/** Per-team PATCHes sent concurrently arrive in any order: compare them sorted, after the first `leading` writes. */
function inSendOrderThenAnyOrder(lines: readonly string[], leading: number): string[] {
  return [...lines.slice(0, leading), ...lines.slice(leading).sort()];
}

const writes = (emu: Emulator) => emu.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path} ${r.status}`);
const membersOf = (emu: Emulator, teamKey: string) => emu.store.teams.get(teamKey)?.memberIds ?? [];

function expectHeldOnce(emu: Emulator, pairs: ReadonlyArray<{ teamKey: string; memberId: string }>) {
  for (const team of TEAMS) {
    const held = membersOf(emu, team);
    expect(new Set(held).size, team).toBe(held.length);
    expect([...held].sort(), team).toEqual(pairs.filter((p) => p.teamKey === team).map((p) => p.memberId).sort());
  }
}

describe.each(["strict", "lenient"] as EmulatorProfile[])("%s profile", (profile) => {
  it("additions of three teams: one bulk request where several instructions are accepted; otherwise refused once, then per team", async () => {
    const { emu, ids, session } = await account(profile);
    const pairs = pairsOf(ids);
    expect((await create(session, pairs)).map((r) => r.status)).toEqual(Array(6).fill("fulfilled"));
    expectHeldOnce(emu, pairs);
    if (emu.options.bulkTeamInstructions === "several") expect(writes(emu)).toEqual(["PATCH /api/v2/teams 200"]);
    else {
      // One instruction a request would cost one request per team: the GA per-team PATCH goes instead.
      expect(inSendOrderThenAnyOrder(writes(emu), 1)).toEqual(["PATCH /api/v2/teams 400", ...TEAMS.map((t) => `PATCH /api/v2/teams/${t} 200`)]);
      expect(session.bulkMembershipRoute.instructionsPerRequest).toBe("one");
      // Remembered: a member joining two teams (one instruction) goes in bulk, with no refused request.
      emu.resetRequestLog();
      expect((await create(session, [{ teamKey: "api", memberId: ids[5]! }, { teamKey: "ops", memberId: ids[5]! }])).map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      expect(writes(emu)).toEqual(["PATCH /api/v2/teams 200"]);
    }
  });

  it.each(["forbidden", "method-not-allowed"] as const)("route not served (%s): per team, and no bulk request again in the session", async (bulkTeamPatch) => {
    const { emu, ids, session } = await account(profile, { bulkTeamPatch });
    const pairs = pairsOf(ids);
    expect((await create(session, pairs)).every((r) => r.status === "fulfilled")).toBe(true);
    expectHeldOnce(emu, pairs);
    expect(inSendOrderThenAnyOrder(writes(emu), 1)).toEqual([`PATCH /api/v2/teams ${bulkTeamPatch === "forbidden" ? 403 : 405}`, ...TEAMS.map((t) => `PATCH /api/v2/teams/${t} 200`)]);
    emu.resetRequestLog();
    await create(session, [{ teamKey: "api", memberId: ids[5]! }, { teamKey: "ops", memberId: ids[5]! }]);
    expect(inSendOrderThenAnyOrder(writes(emu), 0)).toEqual(["PATCH /api/v2/teams/api 200", "PATCH /api/v2/teams/ops 200"]);
  });

  it("a team the answer leaves out of teamKeys and errors (already holding the member) is proven with its own PATCH", async () => {
    const { emu, ids, session } = await account(profile, { bulkUnchangedTeams: "omitted" });
    const pairs = [{ teamKey: "api", memberId: ids[0]! }, { teamKey: "ops", memberId: ids[0]! }];
    const creating = create(session, pairs);
    // After the creates checked the team (empty) and before the batch goes out: someone adds the member to ops.
    await new Promise((resolve) => setTimeout(resolve, 5));
    emu.store.addTeamMembers("ops", [ids[0]!]);
    expect((await creating).map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(writes(emu)).toEqual(["PATCH /api/v2/teams 200", "PATCH /api/v2/teams/ops 200"]);
    expect(membersOf(emu, "api")).toEqual([ids[0]]);
    expect(membersOf(emu, "ops")).toEqual([ids[0]]);
  });

  it("a team in errors: its pair goes per team and fails with that team's own error; the other team's pair holds", async () => {
    const { emu, ids, session } = await account(profile, { bulkTeamInstructions: "several" });
    const creating = create(session, [{ teamKey: "api", memberId: ids[0]! }, { teamKey: "ops", memberId: ids[1]! }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    emu.store.teams.delete("ops");
    const [api, ops] = await creating;
    expect(api!.status).toBe("fulfilled");
    expect(ops!.status).toBe("rejected");
    const error = (ops as PromiseRejectedResult).reason as LaunchDarklyApiError;
    expect(error.status).toBe(404);
    expect(error.path).toBe("/api/v2/teams/ops");
    expect(writes(emu)).toEqual(["PATCH /api/v2/teams 200", "PATCH /api/v2/teams/ops 404"]);
    expect(membersOf(emu, "api")).toEqual([ids[0]]);
  });

  it("an unknown member id fails its own create only, however LaunchDarkly treats it", async () => {
    const { emu, ids, session } = await account(profile, { bulkTeamInstructions: "several" });
    const pairs = [{ teamKey: "api", memberId: ids[0]! }, { teamKey: "ops", memberId: GHOST }, { teamKey: "ops", memberId: ids[1]! }];
    const results = await create(session, pairs);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UnknownMemberError);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toMatch(new RegExp(`"${GHOST}".*team "ops"`));
    expect(membersOf(emu, "api")).toEqual([ids[0]]);
    expect(membersOf(emu, "ops")).toEqual([ids[1]]);
    const lookups = emu.requests.filter((r) => r.method === "GET" && r.query.filter?.startsWith("id:"));
    expect(lookups).toHaveLength(1);
    expect(writes(emu)).toEqual(emu.options.unknownMemberIds === "reject" ? ["PATCH /api/v2/teams 400", "PATCH /api/v2/teams 200"] : ["PATCH /api/v2/teams 200"]);
  });

  it("a lost response (reset after the write): the retry finds the pairs there; each is held once", async () => {
    const { emu, ids, session } = await account(profile, { bulkTeamInstructions: "several" });
    emu.setFaults([{ kind: "reset-after", method: "PATCH", path: "/api/v2/teams", count: 1 }]);
    const pairs = [{ teamKey: "api", memberId: ids[0]! }, { teamKey: "ops", memberId: ids[1]! }];
    expect((await create(session, pairs)).map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expectHeldOnce(emu, pairs);
    // Under "omitted", the retry changed nothing, so both teams are unsaid and proven per team.
    expect(writes(emu)).toEqual(
      emu.options.bulkUnchangedTeams === "omitted"
        ? ["PATCH /api/v2/teams 0", "PATCH /api/v2/teams 200", "PATCH /api/v2/teams/api 200", "PATCH /api/v2/teams/ops 200"]
        : ["PATCH /api/v2/teams 0", "PATCH /api/v2/teams 200"],
    );
  });

  it("no answer at all (503 on every attempt): every create of the batch fails with it, and nothing is recorded", async () => {
    const { emu, ids, session } = await account(profile, { bulkTeamInstructions: "several" });
    emu.setFaults([{ kind: "503", method: "PATCH", path: "/api/v2/teams", count: 100 }]);
    const results = await create(session, [{ teamKey: "api", memberId: ids[0]! }, { teamKey: "ops", memberId: ids[1]! }]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    for (const result of results) expect(((result as PromiseRejectedResult).reason as LaunchDarklyApiError).status, String((result as PromiseRejectedResult).reason)).toBe(503);
    expect(writes(emu).every((line) => line === "PATCH /api/v2/teams 503")).toBe(true);
    // The cache forgot both teams: the next read lists them again.
    expect(session.teamMembers.cached("api")).toBeUndefined();
    expect(session.teamMembers.cached("ops")).toBeUndefined();
  }, 30_000);
});
