import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * The mini engine's `pacing` models when the real engine hands work to the provider (docs/decisions/0032):
 * serial checks, a serial checkpoint write around every provider call, a membership only after its member.
 * A recording runtime stands in for the provider; what is asserted is the engine's order and spacing.
 */
const requireSoak = createRequire(__filename);
const { MiniEngine } = requireSoak("./mini-engine.js");

interface Call {
  op: "check" | "create";
  name: string;
  start: number;
  end: number;
}

function recordingRuntime() {
  const calls: Call[] = [];
  const began = Date.now();
  const timed = async <T>(op: Call["op"], name: string, work: () => T): Promise<T> => {
    const start = Date.now() - began;
    await new Promise((r) => setTimeout(r, 2));
    const result = work();
    calls.push({ op, name, start, end: Date.now() - began });
    return result;
  };
  const runtime = {
    check: (_kind: string, _olds: object, news: { name: string }) => timed("check", news.name, () => ({ inputs: news })),
    create: (_kind: string, inputs: { name: string }) => timed("create", inputs.name, () => ({ id: inputs.name, outs: { ...inputs, memberId: inputs.name } })),
  };
  return { runtime, calls };
}

/** Members m0..m3 and team t, then one membership per member (each needs its member and the team). */
function org() {
  const plain = (urn: string, kind: string, dependsOn: string[] = []) => ({ urn, kind, dependsOn, inputs: () => ({ name: urn }) });
  const members = ["m0", "m1", "m2", "m3"].map((m) => plain(m, "member"));
  const memberships = members.map((m) => plain(`t-${m.urn}`, "teamMembership", ["t", m.urn]));
  return [...members, plain("t", "team"), ...memberships];
}

describe("MiniEngine pacing", () => {
  it("checks one resource at a time, spaces provider calls by checkpoint writes, and creates a membership after its member", async () => {
    const { runtime, calls } = recordingRuntime();
    const report = await new MiniEngine({ runtime, concurrency: 8, pacing: { checkpointMs: 15 } }).up(org());
    expect(report.failures).toEqual([]);
    expect(report.create).toBe(9);

    const checks = calls.filter((c) => c.op === "check").sort((a, b) => a.start - b.start);
    for (let i = 1; i < checks.length; i++) expect(checks[i]!.start).toBeGreaterThanOrEqual(checks[i - 1]!.end);

    const creates = calls.filter((c) => c.op === "create").sort((a, b) => a.start - b.start);
    // Each create waits for its own checkpoint write, and those are written one at a time.
    for (let i = 1; i < creates.length; i++) expect(creates[i]!.start - creates[i - 1]!.start).toBeGreaterThanOrEqual(14);

    const createdAt = new Map(creates.map((c) => [c.name, c]));
    for (const m of ["m0", "m1", "m2", "m3"]) expect(createdAt.get(`t-${m}`)!.start).toBeGreaterThanOrEqual(createdAt.get(m)!.end);
  });

  it("without pacing, independent creates run at the same time (the ideal engine)", async () => {
    const { runtime, calls } = recordingRuntime();
    await new MiniEngine({ runtime, concurrency: 8 }).up(org().slice(0, 5));
    const creates = calls.filter((c) => c.op === "create").sort((a, b) => a.start - b.start);
    expect(creates).toHaveLength(5);
    // The last create started before the first one ended: all five were in flight together.
    expect(creates[4]!.start).toBeLessThan(creates[0]!.end);
  });
});
