import { afterEach, describe, expect, it, vi } from "vitest";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { BulkMembershipRoute } from "../../src/core/session/bulk-membership-route";
import { MembershipBatcher, UnknownMemberError, type BulkTeamOutcome, type MembershipTransport } from "../../src/core/session/membership-batcher";
import { bulkRequestPairs } from "../../src/core/resources/team-membership-plan";

interface SentPatch {
  teamKey: string;
  add: string[];
  remove: string[];
}

function apiError(status: number): LaunchDarklyApiError {
  return new LaunchDarklyApiError({ status, code: status === 404 ? "not_found" : "invalid_request", message: "rejected", method: "PATCH", path: "/api/v2/teams/t" });
}

/** For transports of batchers built without a bulk route: the batcher must never call it. */
const noBulk: Pick<MembershipTransport, "sendBulk"> = {
  async sendBulk() {
    throw new Error("a batcher without a bulk route sent a bulk request");
  },
};

/** How the fake bulk `PATCH /teams` answers where the documentation is silent. */
interface FakeBulkApi {
  /** "one": a request of several instructions is a 400. */
  instructions?: "several" | "one";
  /** Not served: the status the route answers. */
  refusedWith?: 403 | 405;
  /** Teams answered in neither `teamKeys` nor `errors`. */
  unsaid?: string[];
}

interface SentBulk {
  instructions: Array<{ memberIDs: string[]; teamKeys: string[] }>;
}
/**
 * A fake API: members that exist, teams that exist; a patch naming an unknown member is rejected whole (400),
 * or with `unknownMemberIds: "ignore"` accepted without that member (the transport's verification reports it).
 */
function fakeTransport(
  options: { existing?: string[]; teams?: string[]; poison?: string[]; failWith?: unknown; unknownMemberIds?: "reject" | "ignore"; bulk?: FakeBulkApi } = {},
) {
  const existing = new Set(options.existing ?? Array.from({ length: 300 }, (_, i) => `m${i}`));
  const teams = new Set(options.teams ?? ["t", "u"]);
  const sent: SentPatch[] = [];
  const bulkSent: SentBulk[] = [];
  const lookups: string[][] = [];
  const transport: MembershipTransport = {
    async sendBulk(request) {
      const instructions = request.body.instructions.map((i) => (i.kind === "addMembersToTeams" ? { memberIDs: [...i.memberIDs], teamKeys: [...i.teamKeys] } : { memberIDs: [], teamKeys: [] }));
      bulkSent.push({ instructions });
      await new Promise((r) => setTimeout(r, 2));
      if (options.failWith) throw options.failWith;
      if (options.bulk?.refusedWith) throw apiError(options.bulk.refusedWith);
      if (instructions.length > 1 && options.bulk?.instructions === "one") throw apiError(400);
      const pairs = bulkRequestPairs(request);
      const ids = [...pairs.values()].flat();
      if (options.unknownMemberIds !== "ignore" && ids.some((id) => !existing.has(id))) throw apiError(400);
      if (ids.some((id) => options.poison?.includes(id))) throw apiError(400);
      const outcomes = new Map<string, BulkTeamOutcome>();
      for (const [teamKey, teamIds] of pairs) {
        if (!teams.has(teamKey)) outcomes.set(teamKey, { kind: "failed", message: "team not found" });
        else if (options.bulk?.unsaid?.includes(teamKey)) outcomes.set(teamKey, { kind: "unknown" });
        else outcomes.set(teamKey, { kind: "added", unknownMembers: teamIds.filter((id) => !existing.has(id)) });
      }
      return outcomes;
    },
    async send(teamKey, add, remove) {
      sent.push({ teamKey, add: [...add], remove: [...remove] });
      await new Promise((r) => setTimeout(r, 2));
      if (options.failWith) throw options.failWith;
      if (!teams.has(teamKey)) throw apiError(404);
      if (options.unknownMemberIds === "ignore") return { notAdded: add.filter((id) => !existing.has(id)) };
      if ([...add, ...remove].some((id) => !existing.has(id))) throw apiError(400);
      if ([...add].some((id) => options.poison?.includes(id))) throw apiError(400);
      return { notAdded: [] };
    },
    async unknownMembers(ids) {
      lookups.push([...ids]);
      return new Set(ids.filter((id) => !existing.has(id)));
    },
  };
  return { transport, sent, bulkSent, lookups };
}

describe("MembershipBatcher", () => {
  it("coalesces concurrent additions to one team into one patch", async () => {
    const { transport, sent } = fakeTransport();
    const batcher = new MembershipBatcher(transport, { quietMs: 10 });
    await Promise.all(["m1", "m2", "m3"].map((id) => batcher.add("t", id)));
    expect(sent).toEqual([{ teamKey: "t", add: ["m1", "m2", "m3"], remove: [] }]);
  });

  it("sends ⌈N / maxBatchSize⌉ patches for N pairs, and keeps teams apart", async () => {
    const { transport, sent } = fakeTransport();
    const batcher = new MembershipBatcher(transport, { quietMs: 10, maxBatchSize: 50 });
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await Promise.all([...ids.map((id) => batcher.add("t", id)), batcher.add("u", "m1")]);
    expect(sent.filter((p) => p.teamKey === "t")).toHaveLength(4);
    expect(sent.filter((p) => p.teamKey === "u")).toEqual([{ teamKey: "u", add: ["m1"], remove: [] }]);
    expect(new Set(sent.flatMap((p) => (p.teamKey === "t" ? p.add : [])))).toEqual(new Set(ids));
  });

  it("carries additions and removals in the same patch", async () => {
    const { transport, sent } = fakeTransport();
    const batcher = new MembershipBatcher(transport, { quietMs: 10 });
    await Promise.all([batcher.add("t", "m1"), batcher.remove("t", "m2")]);
    expect(sent).toEqual([{ teamKey: "t", add: ["m1"], remove: ["m2"] }]);
  });

  it("never puts two changes of one member in one patch, and keeps their order", async () => {
    const { transport, sent } = fakeTransport();
    const batcher = new MembershipBatcher(transport, { quietMs: 5 });
    await Promise.all([batcher.add("t", "m1"), batcher.remove("t", "m1")]);
    expect(sent).toEqual([
      { teamKey: "t", add: ["m1"], remove: [] },
      { teamKey: "t", add: [], remove: ["m1"] },
    ]);
  });

  it("isolates an unknown member: fails only that caller and applies the rest with one more patch", async () => {
    const { transport, sent, lookups } = fakeTransport({ existing: ["m1", "m2", "m3"] });
    const batcher = new MembershipBatcher(transport, { quietMs: 10 });
    const results = await Promise.allSettled(["m1", "ghost", "m2", "m3"].map((id) => batcher.add("t", id)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const failure = (results[1] as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(UnknownMemberError);
    expect(String(failure.message)).toMatch(/"ghost".*team "t"/);
    expect(sent).toEqual([
      { teamKey: "t", add: ["m1", "ghost", "m2", "m3"], remove: [] },
      { teamKey: "t", add: ["m1", "m2", "m3"], remove: [] },
    ]);
    expect(lookups).toEqual([["m1", "ghost", "m2", "m3"]]);
  });

  it("when LaunchDarkly ignores an unknown member, fails exactly that pair with no further patch", async () => {
    const { transport, sent, lookups } = fakeTransport({ existing: ["m1", "m2", "m3"], unknownMemberIds: "ignore" });
    const batcher = new MembershipBatcher(transport, { quietMs: 10 });
    const results = await Promise.allSettled(["m1", "ghost", "m2", "m3"].map((id) => batcher.add("t", id)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    const failure = (results[1] as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(UnknownMemberError);
    expect(String(failure.message)).toMatch(/accepted the request but left this id out.*Fix: .*"ghost".*team "t".*no member with this id.*`id` output/);
    expect(sent).toEqual([{ teamKey: "t", add: ["m1", "ghost", "m2", "m3"], remove: [] }]);
    expect(lookups).toEqual([["ghost"]]);
  });

  it("an ignored addition of a member that exists fails with a message that does not blame the id", async () => {
    const transport: MembershipTransport = {
      ...noBulk,
      async send(_team, add) {
        return { notAdded: add.filter((id) => id === "m2") };
      },
      async unknownMembers() {
        return new Set();
      },
    };
    const batcher = new MembershipBatcher(transport, { quietMs: 5 });
    const results = await Promise.allSettled(["m1", "m2"].map((id) => batcher.add("t", id)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    const failure = (results[1] as PromiseRejectedResult).reason as Error;
    expect(failure).not.toBeInstanceOf(UnknownMemberError);
    expect(failure.message).toMatch(/member "m2" was not added to team "t".*does not list the member/);
  });

  it("treats removing a member that no longer exists as done", async () => {
    const { transport } = fakeTransport({ existing: ["m1"] });
    const batcher = new MembershipBatcher(transport, { quietMs: 5 });
    const results = await Promise.allSettled([batcher.remove("t", "gone"), batcher.remove("t", "m1")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
  });

  it("bisects a rejected batch whose members all exist, failing only the bad pair", async () => {
    const { transport, sent } = fakeTransport({ poison: ["m5"] });
    const batcher = new MembershipBatcher(transport, { quietMs: 10 });
    const ids = Array.from({ length: 8 }, (_, i) => `m${i}`);
    const results = await Promise.allSettled(ids.map((id) => batcher.add("t", id)));
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(results[5]!.status).toBe("rejected");
    expect(LaunchDarklyApiError.is((results[5] as PromiseRejectedResult).reason)).toBe(true);
    expect(sent.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(8)));
  });

  it("on a missing team, fails additions and accepts removals", async () => {
    const { transport } = fakeTransport({ teams: [] });
    const batcher = new MembershipBatcher(transport, { quietMs: 5 });
    const [added, removed] = await Promise.allSettled([batcher.add("t", "m1"), batcher.remove("t", "m2")]);
    expect(added!.status).toBe("rejected");
    expect(removed!.status).toBe("fulfilled");
  });

  it("hands other failures to every caller of the batch", async () => {
    const boom = new LaunchDarklyApiError({ status: 503, code: "unavailable", message: "down", method: "PATCH", path: "/x" });
    const { transport, sent } = fakeTransport({ failWith: boom });
    const batcher = new MembershipBatcher(transport, { quietMs: 5 });
    const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("t", "m2")]);
    expect(results.map((r) => (r.status === "rejected" ? r.reason : undefined))).toEqual([boom, boom]);
    expect(sent).toHaveLength(1);
  });

  it("sends one batch per team at a time; pairs arriving meanwhile form the next batch", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const sent: string[][] = [];
    const batcher = new MembershipBatcher(
      {
        ...noBulk,
        async send(_team, add) {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          sent.push([...add]);
          await new Promise((r) => setTimeout(r, 20));
          inFlight--;
          return { notAdded: [] };
        },
        async unknownMembers() {
          return new Set();
        },
      },
      { quietMs: 1, maxBatchSize: 2 },
    );
    await Promise.all(["a", "b", "c", "d", "e"].map((id) => batcher.add("t", id)));
    expect(maxInFlight).toBe(1);
    expect(sent).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  describe("adaptive window (fake clock)", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A transport that records when (fake clock, ms since the test began) each patch was sent, and with what. */
    function clockedTransport() {
      const began = Date.now();
      const sent: Array<{ at: number; teamKey: string; add: string[]; remove: string[] }> = [];
      const transport: MembershipTransport = {
        ...noBulk,
        async send(teamKey, add, remove) {
          sent.push({ at: Date.now() - began, teamKey, add: [...add], remove: [...remove] });
          return { notAdded: [] };
        },
        async unknownMembers() {
          return new Set();
        },
      };
      return { transport, sent };
    }

    type Event = [at: number, what: "add" | "remove" | "announce", teamKey: string, memberId: string];

    /** Replays `events` on the fake clock (ms since the test began), then lets every batch go out. */
    async function replay(batcher: MembershipBatcher, events: Event[]): Promise<void> {
      const calls: Promise<void>[] = [];
      let now = 0;
      for (const [at, what, teamKey, memberId] of events) {
        await vi.advanceTimersByTimeAsync(at - now);
        now = at;
        if (what === "announce") batcher.announce(teamKey, memberId);
        else calls.push(batcher[what](teamKey, memberId));
      }
      await vi.advanceTimersByTimeAsync(5_000);
      await Promise.all(calls);
    }

    const options = { quietMs: 30, maxStreamQuietMs: 1_000 };

    it("a lone pair waits only quietMs", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      await replay(new MembershipBatcher(transport, options), [[0, "add", "t", "m1"]]);
      expect(sent).toEqual([{ at: 30, teamKey: "t", add: ["m1"], remove: [] }]);
    });

    it("holds a batch for announced pairs however far apart they arrive, and sends it quietMs after the last", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      // The engine checks the team's new pairs first, then hands their creates over one by one.
      await replay(new MembershipBatcher(transport, options), [
        [0, "announce", "t", "m1"],
        [5, "announce", "t", "m2"],
        [10, "announce", "t", "m3"],
        [100, "add", "t", "m1"],
        [400, "add", "t", "m2"],
        [700, "add", "t", "m3"],
      ]);
      expect(sent).toEqual([{ at: 730, teamKey: "t", add: ["m1", "m2", "m3"], remove: [] }]);
    });

    it("stops waiting for announced pairs once the team has been silent for twice its pace (the engine's slots are full)", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      const announced: Event[] = ["m1", "m2", "m3", "m4"].map((id, i) => [i, "announce", "t", id]);
      await replay(new MembershipBatcher(transport, options), [...announced, [100, "add", "t", "m1"], [300, "add", "t", "m2"]]);
      // m3 and m4 never come (as when every --parallel slot holds a waiting pair): out at 300 + 2 × 200.
      expect(sent).toEqual([{ at: 700, teamKey: "t", add: ["m1", "m2"], remove: [] }]);
    });

    it("an announced pair that never comes delays a lone change by at most maxStreamQuietMs", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      await replay(new MembershipBatcher(transport, options), [
        [0, "announce", "t", "ghost"],
        [10, "announce", "t", "m1"],
        [20, "add", "t", "m1"],
      ]);
      expect(sent).toEqual([{ at: 1_020, teamKey: "t", add: ["m1"], remove: [] }]);
    });

    it("deletes (unannounced): the first goes alone; then every team's batch waits while the process's deletes keep their pace", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      // The engine interleaves the teams' deletes, one every 200 ms, then stops.
      await replay(new MembershipBatcher(transport, options), [
        [0, "remove", "t", "m1"],
        [200, "remove", "u", "m2"],
        [400, "remove", "t", "m3"],
        [600, "remove", "u", "m4"],
      ]);
      expect([...sent].sort((a, b) => a.at - b.at || a.teamKey.localeCompare(b.teamKey))).toEqual([
        { at: 30, teamKey: "t", add: [], remove: ["m1"] },
        { at: 1_000, teamKey: "t", add: [], remove: ["m3"] },
        { at: 1_000, teamKey: "u", add: [], remove: ["m2", "m4"] },
      ]);
    });

    it("learns the engine's parallelism when it falls silent with announced pairs left, then sends as soon as that many are open", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      const ids = ["m1", "m2", "m3", "m4", "m5", "m6", "m7"];
      // An engine with 3 slots: it checked all seven, but stops sending while our 3 waiting pairs hold its slots.
      await replay(new MembershipBatcher(transport, options), [
        ...ids.map((id, i): Event => [i, "announce", "t", id]),
        [100, "add", "t", "m1"],
        [200, "add", "t", "m2"],
        [300, "add", "t", "m3"],
        [600, "add", "t", "m4"],
        [700, "add", "t", "m5"],
        [800, "add", "t", "m6"],
        [900, "add", "t", "m7"],
      ]);
      expect(sent.map(({ at, add }) => ({ at, add }))).toEqual([
        { at: 500, add: ["m1", "m2", "m3"] },
        { at: 800, add: ["m4", "m5", "m6"] },
        { at: 930, add: ["m7"] },
      ]);
    });

    it("a burst followed by a pause teaches nothing: without announcements a silence is not taken for full slots", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      const burst = (at: number, teamKey: string): Event[] => ["a", "b", "c"].map((id) => [at, "add", teamKey, `${teamKey}-${id}`]);
      await replay(new MembershipBatcher(transport, options), [...burst(0, "t"), ...burst(100, "u")]);
      expect(sent.map(({ at, teamKey, add }) => ({ at, teamKey, ids: add.length }))).toEqual([
        { at: 30, teamKey: "t", ids: 3 },
        { at: 130, teamKey: "u", ids: 3 },
      ]);
    });

    it("announced pairs of one team do not wait for another team's announcements", async () => {
      vi.useFakeTimers();
      const { transport, sent } = clockedTransport();
      await replay(new MembershipBatcher(transport, options), [
        [0, "announce", "t", "m1"],
        [0, "announce", "u", "m2"],
        [0, "announce", "u", "m3"],
        [10, "add", "t", "m1"],
      ]);
      expect(sent).toEqual([{ at: 40, teamKey: "t", add: ["m1"], remove: [] }]);
    });
  });

  describe("additions of several teams (bulk PATCH /teams)", () => {
    const bulkBatcher = (transport: MembershipTransport, route = new BulkMembershipRoute(), options = {}) =>
      ({ batcher: new MembershipBatcher(transport, { quietMs: 5, bulk: route, ...options }), route });

    it("sends concurrent additions of two teams as one bulk request, one instruction per team", async () => {
      const { transport, sent, bulkSent } = fakeTransport();
      const { batcher } = bulkBatcher(transport);
      await Promise.all([batcher.add("u", "m1"), batcher.add("t", "m2"), batcher.add("u", "m3")]);
      expect(sent).toEqual([]);
      expect(bulkSent).toEqual([{ instructions: [{ memberIDs: ["m2"], teamKeys: ["t"] }, { memberIDs: ["m1", "m3"], teamKeys: ["u"] }] }]);
    });

    it("one instruction covers a member joining several teams (an exact product of what is pending)", async () => {
      const { transport, bulkSent } = fakeTransport({ teams: ["t", "u", "v"] });
      const { batcher } = bulkBatcher(transport);
      await Promise.all(["t", "u", "v"].map((team) => batcher.add(team, "m1")));
      expect(bulkSent).toEqual([{ instructions: [{ memberIDs: ["m1"], teamKeys: ["t", "u", "v"] }] }]);
    });

    it("a batch of one team keeps the per-team PATCH, and a team with removals pending keeps its own", async () => {
      const { transport, sent, bulkSent } = fakeTransport({ teams: ["t", "u", "v"] });
      const { batcher } = bulkBatcher(transport);
      await Promise.all([batcher.add("t", "m1"), batcher.add("t", "m2")]);
      expect(sent).toEqual([{ teamKey: "t", add: ["m1", "m2"], remove: [] }]);
      sent.length = 0;
      await Promise.all([batcher.add("t", "m3"), batcher.add("u", "m4"), batcher.add("v", "m5"), batcher.remove("v", "m6")]);
      expect(bulkSent).toEqual([{ instructions: [{ memberIDs: ["m3"], teamKeys: ["t"] }, { memberIDs: ["m4"], teamKeys: ["u"] }] }]);
      expect(sent).toEqual([{ teamKey: "v", add: ["m5"], remove: ["m6"] }]);
    });

    it("caps a bulk request at maxBatchSize pairs; the rest goes next", async () => {
      const { transport, bulkSent, sent } = fakeTransport();
      const { batcher } = bulkBatcher(transport, undefined, { maxBatchSize: 4 });
      await Promise.all([...[..."0123"].map((i) => batcher.add("t", `m${i}`)), ...[..."456"].map((i) => batcher.add("u", `m${i}`))]);
      const pairs = [...bulkSent.flatMap((b) => b.instructions.flatMap((i) => i.teamKeys.flatMap((t) => i.memberIDs.map((m) => `${t}/${m}`)))), ...sent.flatMap((p) => p.add.map((m) => `${p.teamKey}/${m}`))];
      expect(pairs.sort()).toEqual(["t/m0", "t/m1", "t/m2", "t/m3", "u/m4", "u/m5", "u/m6"]);
      expect(bulkSent.every((b) => b.instructions.reduce((n, i) => n + i.memberIDs.length * i.teamKeys.length, 0) <= 4)).toBe(true);
    });

    it("a route that is not served (403 or 405) sends the teams per team, now and for the rest of the session", async () => {
      for (const refusedWith of [403, 405] as const) {
        const { transport, sent, bulkSent } = fakeTransport({ bulk: { refusedWith } });
        const { batcher, route } = bulkBatcher(transport);
        await Promise.all([batcher.add("t", "m1"), batcher.add("u", "m2")]);
        expect(route.usable).toBe(false);
        await Promise.all([batcher.add("t", "m3"), batcher.add("u", "m4")]);
        expect(bulkSent).toHaveLength(1);
        expect(sent.map((p) => `${p.teamKey}:${p.add.join(",")}`).sort()).toEqual(["t:m1", "t:m3", "u:m2", "u:m4"]);
      }
    });

    it("several instructions refused (400, every member exists): one instruction per request, remembered", async () => {
      const { transport, sent, bulkSent, lookups } = fakeTransport({ teams: ["t", "u", "v"], bulk: { instructions: "one" } });
      const { batcher, route } = bulkBatcher(transport);
      await Promise.all([batcher.add("t", "m1"), batcher.add("u", "m2"), batcher.add("v", "m2")]);
      expect(bulkSent).toEqual([
        { instructions: [{ memberIDs: ["m1"], teamKeys: ["t"] }, { memberIDs: ["m2"], teamKeys: ["u", "v"] }] },
        { instructions: [{ memberIDs: ["m1"], teamKeys: ["t"] }] },
        { instructions: [{ memberIDs: ["m2"], teamKeys: ["u", "v"] }] },
      ]);
      expect(lookups).toEqual([["m1", "m2"]]);
      expect(route.instructionsPerRequest).toBe("one");
      bulkSent.length = 0;
      await Promise.all([batcher.add("t", "m3"), batcher.add("u", "m3")]);
      expect(bulkSent).toEqual([{ instructions: [{ memberIDs: ["m3"], teamKeys: ["t", "u"] }] }]);
      expect(sent).toEqual([]);
      // Pairs that form as many products as teams: no bulk request, each team's batch on its own.
      bulkSent.length = 0;
      await Promise.all([batcher.add("t", "m4"), batcher.add("u", "m5")]);
      expect(bulkSent).toEqual([]);
      expect(sent.map((p) => `${p.teamKey}:${p.add.join(",")}`).sort()).toEqual(["t:m4", "u:m5"]);
    });

    it("an unknown member refused (400): fails that pair alone, the rest goes again in bulk", async () => {
      const { transport, sent, bulkSent, lookups } = fakeTransport({ existing: ["m1", "m2"] });
      const { batcher, route } = bulkBatcher(transport);
      const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("t", "ghost"), batcher.add("u", "m2")]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      const failure = (results[1] as PromiseRejectedResult).reason;
      expect(failure).toBeInstanceOf(UnknownMemberError);
      expect(String(failure.message)).toMatch(/"ghost".*team "t"/);
      expect(lookups).toEqual([["m1", "ghost", "m2"]]);
      expect(bulkSent.at(-1)).toEqual({ instructions: [{ memberIDs: ["m1"], teamKeys: ["t"] }, { memberIDs: ["m2"], teamKeys: ["u"] }] });
      expect(sent).toEqual([]);
      expect(route.instructionsPerRequest).toBe("several");
    });

    it("an unknown member left out (200): fails exactly that pair", async () => {
      const { transport, sent } = fakeTransport({ existing: ["m1", "m2"], unknownMemberIds: "ignore" });
      const { batcher } = bulkBatcher(transport);
      const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("u", "ghost"), batcher.add("u", "m2")]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UnknownMemberError);
      expect(sent).toEqual([]);
    });

    it("a 400 whose members all exist, on one instruction, goes per team, where the bad pair stands alone", async () => {
      const { transport, sent } = fakeTransport({ poison: ["m2"] });
      const { batcher } = bulkBatcher(transport);
      const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("u", "m1"), batcher.add("u", "m2")]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
      expect(sent.filter((p) => p.teamKey === "u").at(-1)).toEqual({ teamKey: "u", add: ["m2"], remove: [] });
    });

    it("a team in errors, or in neither list, goes per team: the missing team's pairs get its 404, the other's are proven", async () => {
      const { transport, sent } = fakeTransport({ teams: ["t", "u"], bulk: { unsaid: ["u"] } });
      const { batcher } = bulkBatcher(transport);
      const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("u", "m2"), batcher.add("gone", "m3")]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
      expect((results[2] as PromiseRejectedResult).reason.status).toBe(404);
      expect(sent.map((p) => p.teamKey).sort()).toEqual(["gone", "u"]);
    });

    it("no answer (503): every caller gets the error, with no per-team write", async () => {
      const boom = new LaunchDarklyApiError({ status: 503, code: "unavailable", message: "down", method: "PATCH", path: "/api/v2/teams" });
      const { transport, sent, bulkSent } = fakeTransport({ failWith: boom });
      const { batcher } = bulkBatcher(transport);
      const results = await Promise.allSettled([batcher.add("t", "m1"), batcher.add("u", "m2")]);
      expect(results.map((r) => (r.status === "rejected" ? r.reason : undefined))).toEqual([boom, boom]);
      expect(bulkSent).toHaveLength(1);
      expect(sent).toEqual([]);
    });

    it("a lone change still waits only quietMs", async () => {
      vi.useFakeTimers();
      try {
        const { transport, sent } = fakeTransport();
        const batcher = new MembershipBatcher(transport, { quietMs: 30, bulk: new BulkMembershipRoute() });
        const began = Date.now();
        let doneAt = -1;
        const done = batcher.add("t", "m1").then(() => (doneAt = Date.now() - began));
        await vi.advanceTimersByTimeAsync(29);
        expect(sent).toEqual([]);
        await vi.advanceTimersByTimeAsync(10);
        await done;
        expect(sent).toEqual([{ teamKey: "t", add: ["m1"], remove: [] }]);
        expect(doneAt).toBeLessThanOrEqual(40);
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
