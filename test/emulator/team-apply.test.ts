import { describe, expect, test } from "vitest";
import { applyTeamInstructions, type TeamApplyLookups, type TeamState } from "../../src/emulator/team-apply";

const base: TeamState = { key: "t", name: "T", memberIds: ["m1"], customRoleKeys: ["dev"], permissionGrants: [], roleAttributes: { p: ["a"] } };
const lookups: TeamApplyLookups = { memberExists: (id) => /^m\d$/.test(id), roleExists: (key) => ["dev", "ops"].includes(key) };

describe("applyTeamInstructions (pure)", () => {
  test("never mutates its input; failure reports the instruction index", () => {
    const input = structuredClone(base);
    const result = applyTeamInstructions(input, [{ kind: "addMembers", values: ["m2"] }, { kind: "addMembers", values: ["ghost"] }], lookups);
    expect(result).toMatchObject({ ok: false, instructionIndex: 1 });
    expect(input).toEqual(base);
  });

  test("changed is false for no-ops, true for real changes", () => {
    const noop = applyTeamInstructions(base, [
      { kind: "addMembers", values: ["m1"] },
      { kind: "removeMembers", values: ["m9"] },
      { kind: "addCustomRoles", values: ["dev"] },
      { kind: "removeCustomRoles", values: ["ops"] },
      { kind: "addRoleAttribute", key: "p", values: ["a"] },
      { kind: "removeRoleAttribute", key: "zz" },
      { kind: "updateName", value: "T" },
    ], lookups);
    expect(noop).toEqual({ ok: true, team: base, changed: false });
    const changed = applyTeamInstructions(base, [{ kind: "updateDescription", value: "d" }], lookups);
    expect(changed).toMatchObject({ ok: true, changed: true, team: { description: "d" } });
  });

  test("replaceMembers sets exactly, deduplicated; unknown ids fail", () => {
    expect(applyTeamInstructions(base, [{ kind: "replaceMembers", values: ["m2", "m3", "m2"] }], lookups)).toMatchObject({ ok: true, team: { memberIds: ["m2", "m3"] } });
    expect(applyTeamInstructions(base, [{ kind: "replaceMembers", values: ["x"] }], lookups).ok).toBe(false);
  });

  test("unknown role keys: reject by default, drop when asked", () => {
    expect(applyTeamInstructions(base, [{ kind: "addCustomRoles", values: ["ops", "ghost"] }], lookups).ok).toBe(false);
    const dropped = applyTeamInstructions(base, [{ kind: "addCustomRoles", values: ["ops", "ghost"] }], { ...lookups, unknownRoleKeys: "drop" });
    expect(dropped).toMatchObject({ ok: true, team: { customRoleKeys: ["dev", "ops"] } });
  });

  test("permission grants: merge by actionSet/actions, removal must match a grant, empty grants vanish", () => {
    const granted = applyTeamInstructions(base, [
      { kind: "addPermissionGrants", memberIDs: ["m1"], actionSet: "maintainTeam" },
      { kind: "addPermissionGrants", memberIDs: ["m2"], actionSet: "maintainTeam" },
      { kind: "addPermissionGrants", memberIDs: ["m3"], actions: ["updateTeamMembers"] },
    ], lookups);
    if (!granted.ok) throw new Error(granted.message);
    expect(granted.team.permissionGrants).toEqual([
      { memberIds: ["m1", "m2"], actionSet: "maintainTeam" },
      { memberIds: ["m3"], actions: ["updateTeamMembers"] },
    ]);
    const removed = applyTeamInstructions(granted.team, [{ kind: "removePermissionGrants", memberIDs: ["m3"], actions: ["updateTeamMembers"] }], lookups);
    expect(removed).toMatchObject({ ok: true, team: { permissionGrants: [{ memberIds: ["m1", "m2"], actionSet: "maintainTeam" }] } });
    expect(applyTeamInstructions(base, [{ kind: "removePermissionGrants", memberIDs: ["m1"], actionSet: "maintainTeam" }], lookups).ok).toBe(false);
    expect(applyTeamInstructions(base, [{ kind: "addPermissionGrants", memberIDs: ["m1"] }], lookups).ok).toBe(false);
    expect(applyTeamInstructions(base, [{ kind: "addPermissionGrants", memberIDs: ["m1"], actionSet: "maintainTeam", actions: ["x"] }], lookups).ok).toBe(false);
  });

  test("role attributes: add conflicts with a different existing value, update needs the key, replace sets the map", () => {
    expect(applyTeamInstructions(base, [{ kind: "addRoleAttribute", key: "p", values: ["b"] }], lookups).ok).toBe(false);
    expect(applyTeamInstructions(base, [{ kind: "updateRoleAttribute", key: "q", values: ["b"] }], lookups).ok).toBe(false);
    expect(applyTeamInstructions(base, [{ kind: "updateRoleAttribute", key: "p", values: ["b"] }], lookups)).toMatchObject({ ok: true, team: { roleAttributes: { p: ["b"] } } });
    expect(applyTeamInstructions(base, [{ kind: "replaceRoleAttributes", value: {} }], lookups)).toMatchObject({ ok: true, changed: true, team: { roleAttributes: {} } });
  });

  test("updateName rejects an empty name", () => {
    expect(applyTeamInstructions(base, [{ kind: "updateName", value: "  " }], lookups).ok).toBe(false);
  });
});
