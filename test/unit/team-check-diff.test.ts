import { checkInputs } from "../../src/core/resources/common-schemas";
import { teamInputSchema } from "../../src/core/resources/team";
import { teamMembershipInputSchema } from "../../src/core/resources/team-membership";
import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { changedTeamFields, teamProvider } from "../../src/core/resources/team";
import { teamMembershipProvider } from "../../src/core/resources/team-membership";
import { unconfiguredSession } from "../support/unconfigured-session";

const MEMBER_A = "5f0c1a2b3c4d5e6f70819201";
const MEMBER_B = "5f0c1a2b3c4d5e6f70819202";
/** Diffs are pure: the session is there because every provider method takes one. */
const session = unconfiguredSession();

describe("Team check", () => {
  it("normalizes sets (sorted, duplicates dropped) and role attribute values", async () => {
    const { inputs, failures } = await checkInputs(teamInputSchema, {
      key: "platform",
      name: "Platform",
      customRoleKeys: ["writer", "reader", "writer"],
      maintainers: [MEMBER_B, MEMBER_A, MEMBER_B],
      roleAttributes: { regions: ["us", "eu", "us"], projects: ["web"] },
      memberIds: [MEMBER_B, MEMBER_A],
    });
    expect(failures).toBeUndefined();
    expect(inputs).toEqual({
      key: "platform",
      name: "Platform",
      customRoleKeys: ["reader", "writer"],
      maintainers: [MEMBER_A, MEMBER_B],
      roleAttributes: { projects: ["web"], regions: ["eu", "us"] },
      memberIds: [MEMBER_A, MEMBER_B],
    });
    expect(Object.keys(inputs.roleAttributes)).toEqual(["projects", "regions"]);
  });

  it("reports failures with property paths and what to do", async () => {
    const { failures } = await checkInputs(teamInputSchema, {
      key: "-bad key",
      name: " ",
      customRoleKeys: ["ok", "not ok"],
      memberIds: [MEMBER_A, "ada@example.com"],
    });
    const byPath = Object.fromEntries((failures ?? []).map((f) => [f.property, f.reason]));
    expect(Object.keys(byPath).sort()).toEqual(["customRoleKeys[1]", "key", "memberIds[1]", "name"]);
    expect(byPath["memberIds[1]"]).toMatch(/email.*Member resource's `id`/);
    expect(byPath.key).toMatch(/letter or digit/);
  });

  it("reports a missing key or name", async () => {
    const { failures } = await checkInputs(teamInputSchema, {});
    expect((failures ?? []).map((f) => f.property).sort()).toEqual(["key", "name"]);
  });

  it("passes values that are unknown during preview through", async () => {
    const { inputs, failures } = await checkInputs(teamInputSchema, { key: "platform", name: "P", memberIds: [UNKNOWN_VALUE, MEMBER_A], maintainers: UNKNOWN_VALUE });
    expect(failures).toBeUndefined();
    expect(inputs.maintainers).toBe(UNKNOWN_VALUE);
    expect(inputs.memberIds).toContain(UNKNOWN_VALUE);
  });
});

describe("Team diff", () => {
  const olds = {
    key: "platform",
    name: "Platform",
    description: "d",
    customRoleKeys: ["a", "b"],
    roleAttributes: { x: ["1", "2"] },
    version: 3,
    memberCount: 2,
  };

  it("reports no change when only unmanaged fields or set order differ", async () => {
    expect(await teamProvider.diff(session, "platform", olds, { key: "platform", name: "Platform" })).toMatchObject({ changes: false, replaces: [] });
    expect(changedTeamFields(olds, { key: "platform", name: "Platform", customRoleKeys: ["b", "a"], roleAttributes: { x: ["2", "1"] } })).toEqual([]);
  });

  it("names changed fields and counts a newly managed field as changed", () => {
    expect(changedTeamFields(olds, { key: "platform", name: "Core", description: "", customRoleKeys: ["a"], maintainers: [] })).toEqual([
      "name",
      "description",
      "customRoleKeys",
      "maintainers",
    ]);
  });

  it("replaces on a key change", async () => {
    expect(await teamProvider.diff(session, "platform", olds, { ...olds, key: "core" })).toMatchObject({ changes: true, replaces: ["key"] });
  });
});

describe("TeamMembership check and diff", () => {
  it("validates the pair", async () => {
    const { failures } = await checkInputs(teamMembershipInputSchema, { teamKey: "a b", memberId: "x@y.z" });
    expect((failures ?? []).map((f) => f.property).sort()).toEqual(["memberId", "teamKey"]);
  });

  it("replaces on either field and otherwise reports no change", async () => {
    const pair = { teamKey: "t", memberId: MEMBER_A };
    expect(await teamMembershipProvider.diff(session, "t/a", pair, pair)).toMatchObject({ changes: false, replaces: [] });
    expect(await teamMembershipProvider.diff(session, "t/a", pair, { ...pair, memberId: MEMBER_B })).toMatchObject({ changes: true, replaces: ["memberId"] });
    expect(await teamMembershipProvider.diff(session, "t/a", pair, { teamKey: "u", memberId: MEMBER_B })).toMatchObject({ replaces: ["teamKey", "memberId"] });
  });
});
