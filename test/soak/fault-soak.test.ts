import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * The short fault soak (`npm test`); `npm run soak` runs the full sizes. The soak drives the BUILT providers
 * (dist/, loaded through CommonJS as the dynamic-provider host loads them), so run `npm run build` first.
 */
const requireSoak = createRequire(__filename);
const { runFaultSoak } = requireSoak("./fault-soak.js");
const { runInterruptedApply } = requireSoak("./interrupted-apply.js");
const { SIZES } = requireSoak("./desired-org.js");

const log = (line: string) => console.log(`[soak] ${line}`);

describe("fault soak (short)", () => {
  it("applies 5 roles / 40 members / 6 teams / 150 memberships through 20% faults and a rate limit: no failure, no duplicate, exact state; reapply writes nothing; destroy empties", async () => {
    const report = await runFaultSoak({ size: SIZES.short, log });
    log(`faults injected by kind: ${JSON.stringify(report.faultCounts)}`);

    expect(report.resources).toEqual({ customRole: 5, member: 40, team: 6, teamMembership: 150 });
    // Every kind of fault actually happened, on creates as well as deletes.
    for (const kind of ["429", "500", "502", "503", "reset-before", "reset-after", "latency"]) expect(report.faultCounts[kind]).toBeGreaterThan(0);
    expect(report.apply.resets + report.destroy.resets).toBeGreaterThan(0);

    expect(report.apply.failures).toEqual([]);
    expect(report.apply.create).toBe(201);
    expect(report.duplicateInvites).toEqual([]);
    expect(report.apply.refusedInvites).toBe(0);
    expect(report.apply.differences).toEqual([]);
    // 150 memberships on 6 teams are coalesced, not one PATCH each.
    expect(report.apply.teamPatches).toBeLessThan(150 / 2);

    expect(report.reapply.failures).toEqual([]);
    expect(report.reapply.same).toBe(201);
    expect(report.reapply.writes).toBe(0);

    expect(report.destroy.failures).toEqual([]);
    expect(report.destroy.delete).toBe(201);
    expect(report.destroy.left).toEqual({ members: 0, teams: 0, roles: 0 });
  }, 60_000);

  it("survives the apply process being killed twice (mid-invites, mid-memberships): the next run converges without orphans or duplicates", async () => {
    const report = await runInterruptedApply({ sizeName: "short", log });

    expect(report.interruptions).toHaveLength(2);
    // The kills left work in flight that the state did not record (otherwise this proves nothing).
    const pending = report.interruptions.map((i: { pendingCreates: Record<string, number> }) => Object.values(i.pendingCreates).reduce((a, b) => a + b, 0));
    expect(pending.every((n: number) => n > 0)).toBe(true);

    expect(report.resumed.failures).toEqual([]);
    expect(report.resumed.differences).toEqual([]);
    expect(report.duplicateInvites).toEqual([]);
    expect(report.membersCreated).toBe(40);
    expect(report.again).toEqual({ failures: [], writes: 0 });
    expect(report.destroy).toEqual({ failures: [], left: { members: 0, teams: 0, roles: 0 } });
  }, 60_000);
});
