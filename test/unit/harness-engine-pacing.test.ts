import { describe, expect, it } from "vitest";
import { HarnessEngine, type DesiredResource, type EngineOptions } from "../../src/harnesses/engine/harness-engine";
import type { ProviderCalls } from "../../src/harnesses/engine/provider-calls";
import type { ResourceKind } from "../../src/core/resources/props";

/**
 * The harness engine's opt-in `pacing` models when the real engine hands work to the provider (docs/decisions/0032):
 * serial checks, a serial checkpoint write around every provider call, a membership only after its member, and
 * deletes in a seeded shuffle. A recording provider stands in; what is asserted is the engine's order and spacing.
 */
interface Call {
  op: "check" | "create" | "delete";
  name: string;
  start: number;
  end: number;
}

function recordingProvider() {
  const calls: Call[] = [];
  const began = Date.now();
  const timed = async <T>(op: Call["op"], name: string, work: () => T): Promise<T> => {
    const start = Date.now() - began;
    await new Promise((r) => setTimeout(r, 2));
    const result = work();
    calls.push({ op, name, start, end: Date.now() - began });
    return result;
  };
  const provider: ProviderCalls = {
    check: (_ref, _olds, news) => timed("check", String(news.name), () => ({ inputs: news, failures: [] })),
    diff: async () => ({ changes: false, replaces: [], deleteBeforeReplace: false }),
    create: (_ref, inputs) => timed("create", String(inputs.name), () => ({ id: String(inputs.name), outputs: { ...inputs, memberId: inputs.name } })),
    read: async (_ref, id, outputs) => ({ id, outputs, inputs: undefined }),
    update: async (_ref, _id, _olds, news) => ({ outputs: news }),
    delete: (_ref, id) => timed("delete", id, () => undefined),
  };
  return { provider, calls };
}

function plain(urn: string, kind: ResourceKind, dependsOn: string[] = []): DesiredResource {
  return { urn, kind, dependsOn, inputs: () => ({ name: urn }) };
}

/** Members m0..m3 and team t, then one membership per member (each needs its member and the team). */
function org(): DesiredResource[] {
  const members = ["m0", "m1", "m2", "m3"].map((m) => plain(m, "member"));
  const memberships = members.map((m) => plain(`t-${m.urn}`, "teamMembership", ["t", m.urn]));
  return [...members, plain("t", "team"), ...memberships];
}

function callsOf(calls: Call[], op: Call["op"]): Call[] {
  return calls.filter((c) => c.op === op).sort((a, b) => a.start - b.start);
}

describe("HarnessEngine pacing", () => {
  it("checks one resource at a time, spaces provider calls by checkpoint writes, and creates a membership after its member", async () => {
    const { provider, calls } = recordingProvider();
    const report = await new HarnessEngine(provider, { parallel: 8, pacing: { checkpointMs: 15 } }).up(org());
    expect(report.failures).toEqual([]);
    expect(report.steps.filter((s) => s.op === "create")).toHaveLength(9);

    const checks = callsOf(calls, "check");
    expect(checks).toHaveLength(9);
    for (let i = 1; i < checks.length; i++) expect(checks[i]!.start).toBeGreaterThanOrEqual(checks[i - 1]!.end);

    const creates = callsOf(calls, "create");
    // Each create waits for its own checkpoint write, and those are written one at a time.
    for (let i = 1; i < creates.length; i++) expect(creates[i]!.start - creates[i - 1]!.start).toBeGreaterThanOrEqual(14);

    const createdAt = new Map(creates.map((c) => [c.name, c]));
    for (const m of ["m0", "m1", "m2", "m3"]) expect(createdAt.get(`t-${m}`)!.start).toBeGreaterThanOrEqual(createdAt.get(m)!.end);
  });

  it("without pacing, independent creates run at the same time (the ideal engine)", async () => {
    const { provider, calls } = recordingProvider();
    await new HarnessEngine(provider, { parallel: 8 }).up(org().slice(0, 5));
    const creates = callsOf(calls, "create");
    expect(creates).toHaveLength(5);
    // The last create started before the first one ended: all five were in flight together.
    expect(creates[4]!.start).toBeLessThan(creates[0]!.end);
  });

  it("paced, a destroy sends independent deletes in one seeded shuffle, the same every run, instead of urn order", async () => {
    const pairs = Array.from({ length: 12 }, (_, i) => plain(`t${i % 3}-m${String(i).padStart(2, "0")}`, "teamMembership"));
    const deleteOrder = async (options: EngineOptions) => {
      const { provider, calls } = recordingProvider();
      const engine = new HarnessEngine(provider, options);
      expect((await engine.up(pairs)).failures).toEqual([]);
      calls.length = 0;
      expect((await engine.destroy()).failures).toEqual([]);
      return callsOf(calls, "delete").map((c) => c.name);
    };
    const unpaced = await deleteOrder({ parallel: 1 });
    expect(unpaced).toEqual(pairs.map((p) => p.urn).sort());
    const paced = await deleteOrder({ parallel: 1, pacing: { checkpointMs: 1, seed: 7 } });
    expect([...paced].sort()).toEqual(unpaced);
    expect(paced).not.toEqual(unpaced);
    expect(await deleteOrder({ parallel: 1, pacing: { checkpointMs: 1, seed: 7 } })).toEqual(paced);
  });
});
