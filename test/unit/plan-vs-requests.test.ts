import { describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../src/emulator";
import { planFromPreview } from "../../src/tools/explain/plan";
import { parsePreviewJson } from "../../src/tools/explain/preview-json";
import { comparePlanWithWrites } from "../e2e/plan-vs-requests";

/** The e2e comparison of explain's plan with the writes `up` sent, on membership writes of either route. */
const urn = (name: string) => `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/launchdarkly:TeamMembership::${name}`;
const create = (teamKey: string, memberId: string) => ({
  op: "create",
  urn: urn(`${teamKey}-${memberId}`),
  newState: { urn: urn(`${teamKey}-${memberId}`), type: "pulumi-nodejs:dynamic/launchdarkly:TeamMembership", inputs: { teamKey, memberId }, outputs: {}, propertyDependencies: {} },
});
const plan = planFromPreview(parsePreviewJson(JSON.stringify({ steps: [create("ops", "m1"), create("web", "m1"), create("web", "m2")] })).steps);
const COMMENT = "Team membership managed by Pulumi (pulumi-launchdarkly-access)";

function write(path: string, instructions: object[], status = 200): RequestLogEntry {
  return { method: "PATCH", path, query: {}, body: { comment: COMMENT, instructions }, status, contentType: undefined, apiVersion: undefined, requestId: "r" };
}

describe("comparePlanWithWrites: memberships", () => {
  it("matches a bulk plan against per-team PATCHes and against bulk requests, ignoring a refused one", () => {
    const perTeam = [write("/api/v2/teams/ops", [{ kind: "addMembers", values: ["m1"] }]), write("/api/v2/teams/web", [{ kind: "addMembers", values: ["m1", "m2"] }])];
    expect(comparePlanWithWrites(plan, perTeam).membershipMismatches).toEqual([]);
    const refusedThenOne = [
      write("/api/v2/teams", [{ kind: "addMembersToTeams", memberIDs: ["m1"], teamKeys: ["ops", "web"] }, { kind: "addMembersToTeams", memberIDs: ["m2"], teamKeys: ["web"] }], 400),
      write("/api/v2/teams", [{ kind: "addMembersToTeams", memberIDs: ["m1"], teamKeys: ["ops", "web"] }]),
      write("/api/v2/teams/web", [{ kind: "addMembers", values: ["m2"] }]),
    ];
    const comparison = comparePlanWithWrites(plan, refusedThenOne);
    expect(comparison.membershipMismatches).toEqual([]);
    expect(comparison.unexpectedWrites).toEqual([]);
    expect(comparison.writeCount).toBe(3);
  });

  it("reports a team whose ids differ", () => {
    const missing = [write("/api/v2/teams", [{ kind: "addMembersToTeams", memberIDs: ["m1"], teamKeys: ["ops", "web"] }])];
    expect(comparePlanWithWrites(plan, missing).membershipMismatches).toEqual(['web addMembers: planned ["m1","m2"], sent ["m1"]']);
  });
});
