import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { cli, envFor } from "./run-cli";
import { seedLargeAccount } from "./seed-account";

const MEMBERS = 2_500;
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ owner: { email: "owner@example.com" } });
  seedLargeAccount(emu.store, MEMBERS);
});
afterAll(async () => {
  await emu.close();
});

describe(`an account of ${MEMBERS} members`, () => {
  it("is read in six requests (1000 members a page; one refused roles page under strict), with progress on stderr", { timeout: 120_000 }, async () => {
    emu.resetRequestLog();
    const started = performance.now();
    const run = await cli(["review", "--format", "json"], envFor(emu));
    const ms = Math.round(performance.now() - started);
    expect(run.code).toBe(0);
    // The emulator runs the strict profile: GET /roles refuses a page of 100 (rolePageCap 20, limitAboveCap
    // "reject") and the fresh CLI process pays that one 400 before falling back to the documented 20.
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.query.offset ?? ""} ${r.status}`)).toEqual([
      "GET /api/v2/roles 0 400",
      "GET /api/v2/roles 0 200",
      "GET /api/v2/teams 0 200",
      "GET /api/v2/members 0 200",
      "GET /api/v2/members 1000 200",
      "GET /api/v2/members 2000 200",
    ]);
    expect(run.stderr).toContain("Read 1000 members…");
    expect(run.stderr).toContain("Read 2000 members…");
    expect(run.stderr).toContain(`Read ${MEMBERS + 1} members, 15 teams and 1 custom role in 6 requests`);
    const review = JSON.parse(run.stdout);
    expect(review.counts.members).toBe(MEMBERS + 1);
    expect(review.teams.reduce((n: number, t: { members: number }) => n + t.members, 0)).toBe(MEMBERS);
    console.log(`[large account] review of ${MEMBERS + 1} members: ${emu.requests.length} requests, ${ms} ms end to end`);
  });

  it("generate writes every person and membership", { timeout: 120_000 }, async () => {
    const { mkdtempSync, rmSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "ld-large-"));
    try {
      const started = performance.now();
      const run = await cli(["generate", "--quiet", "--out", dir], envFor(emu));
      const ms = Math.round(performance.now() - started);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`1 custom role, 15 teams, ${MEMBERS + 1} people, ${MEMBERS} team memberships`);
      const org = readFileSync(join(dir, "org.ts"), "utf8");
      expect(org.match(/^    \{ email: "user\d+@example\.com"/gm)).toHaveLength(MEMBERS);
      console.log(`[large account] generate of ${MEMBERS + 1} members: ${ms} ms, org.ts ${(org.length / 1024).toFixed(0)} KiB`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("waits out the rate limit instead of failing, and says how often", { timeout: 120_000 }, async () => {
    const limited = await startEmulator({ rateLimit: { limit: 2, windowMs: 400 } });
    try {
      seedLargeAccount(limited.store, 2_000);
      const started = performance.now();
      const run = await cli(["review", "--format", "csv"], envFor(limited));
      const ms = Math.round(performance.now() - started);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/Read 2001 members, 15 teams and 1 custom role in \d+ requests, \d+ rate-limit waits?/);
      console.log(`[large account, 2 requests / 400 ms] ${run.stderr.trim().split("\n").at(-1)} (${ms} ms end to end)`);
    } finally {
      await limited.close();
    }
  });
});
