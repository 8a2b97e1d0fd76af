import { describe, expect, it } from "vitest";
import { TeamMembersCache } from "../../src/core/session/team-members-cache";

describe("TeamMembersCache", () => {
  it("loads a team once and shares the load between concurrent readers", async () => {
    const loads: string[] = [];
    const cache = new TeamMembersCache(async (team) => {
      loads.push(team);
      await new Promise((r) => setTimeout(r, 5));
      return team === "t" ? ["m1", "m2"] : [];
    });
    const sets = await Promise.all([cache.memberIds("t"), cache.memberIds("t"), cache.memberIds("u"), cache.memberIds("t")]);
    expect(loads).toEqual(["t", "u"]);
    expect([...sets[0]!]).toEqual(["m1", "m2"]);
    expect(sets[2]!.size).toBe(0);
    await cache.memberIds("t");
    expect(loads).toEqual(["t", "u"]);
  });

  it("reloads a team after this process wrote to it", async () => {
    let members = ["m1"];
    const cache = new TeamMembersCache(async () => members);
    expect((await cache.memberIds("t")).has("m2")).toBe(false);
    members = ["m1", "m2"];
    expect((await cache.memberIds("t")).has("m2")).toBe(false);
    cache.invalidate("t");
    expect((await cache.memberIds("t")).has("m2")).toBe(true);
  });

  it("does not keep a failed load", async () => {
    let calls = 0;
    const cache = new TeamMembersCache(async () => {
      calls++;
      if (calls === 1) throw new Error("boom");
      return ["m1"];
    });
    await expect(cache.memberIds("t")).rejects.toThrow("boom");
    expect((await cache.memberIds("t")).has("m1")).toBe(true);
  });

  it("a seeded team (created by this process) answers without a load", async () => {
    const loads: string[] = [];
    const cache = new TeamMembersCache(async (team) => (loads.push(team), []));
    cache.seed("new", ["m1"]);
    expect([...(await cache.memberIds("new"))]).toEqual(["m1"]);
    expect(loads).toEqual([]);
  });

  it("applies an accepted write in place, and only to a team it holds", async () => {
    const loads: string[] = [];
    const cache = new TeamMembersCache(async (team) => (loads.push(team), ["m1", "m2"]));
    await cache.memberIds("t");
    cache.applyWrite("t", ["m3"], ["m1"]);
    expect([...(await cache.memberIds("t"))].sort()).toEqual(["m2", "m3"]);
    cache.applyWrite("other", ["m9"], []);
    expect([...(await cache.memberIds("other"))].sort()).toEqual(["m1", "m2"]); // loaded, not invented
    expect(loads).toEqual(["t", "other"]);
  });

  it("reload always goes to the API, for reads that must show drift", async () => {
    let members = ["m1"];
    const cache = new TeamMembersCache(async () => members);
    cache.seed("t", ["m1"]);
    members = ["m1", "m2"];
    expect([...(await cache.reload("t"))].sort()).toEqual(["m1", "m2"]);
  });
});
