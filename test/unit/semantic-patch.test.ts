import { describe, expect, it } from "vitest";
import { buildTeamInstructions, fieldsNeedingLiveValues, type TeamFields } from "../../src/core/patch/semantic-patch";
import { TEAM_INSTRUCTION_KINDS, teamInstructionSchema, type TeamInstruction } from "../../src/core/patch/team-instructions";

const base: TeamFields = {
  name: "Platform",
  description: "Builds the platform",
  customRoleKeys: ["reader", "writer"],
  maintainers: ["m1"],
  roleAttributes: { projects: ["checkout", "web"], regions: ["eu"] },
  memberIds: ["m1", "m2", "m3"],
};

const emitted = new Set<string>();
function build(current: TeamFields, desired: TeamFields): TeamInstruction[] {
  const instructions = buildTeamInstructions(current, desired);
  for (const instruction of instructions) {
    teamInstructionSchema.parse(instruction);
    emitted.add(instruction.kind);
  }
  return instructions;
}

describe("buildTeamInstructions", () => {
  it("emits nothing when every managed field already holds", () => {
    expect(build(base, base)).toEqual([]);
    expect(build(base, { name: "Platform" })).toEqual([]);
    expect(build(base, { customRoleKeys: ["writer", "reader", "reader"] })).toEqual([]);
    expect(build(base, { roleAttributes: { regions: ["eu"], projects: ["web", "checkout"] } })).toEqual([]);
  });

  it("ignores fields the desired state does not manage", () => {
    expect(build(base, { name: "Platform" })).toEqual([]);
    expect(build({}, {})).toEqual([]);
  });

  it("renames and redescribes", () => {
    expect(build(base, { name: "Core", description: "" })).toEqual([
      { kind: "updateName", value: "Core" },
      { kind: "updateDescription", value: "" },
    ]);
  });

  it("adds and removes custom roles by key, removals first", () => {
    expect(build(base, { customRoleKeys: ["writer", "admin-lite"] })).toEqual([
      { kind: "removeCustomRoles", values: ["reader"] },
      { kind: "addCustomRoles", values: ["admin-lite"] },
    ]);
  });

  it("adds and removes members when that sends fewer ids than a replace", () => {
    expect(build(base, { memberIds: ["m1", "m2", "m4"] })).toEqual([
      { kind: "removeMembers", values: ["m3"] },
      { kind: "addMembers", values: ["m4"] },
    ]);
  });

  it("replaces members when that sends fewer ids", () => {
    expect(build(base, { memberIds: ["m7"] })).toEqual([{ kind: "replaceMembers", values: ["m7"] }]);
  });

  it("replaces members when the current set is unknown", () => {
    const { memberIds: _unknown, ...current } = base;
    expect(build(current, { memberIds: ["m2", "m1"] })).toEqual([{ kind: "replaceMembers", values: ["m1", "m2"] }]);
  });

  it("never sends replaceMembers with an empty list", () => {
    expect(build(base, { memberIds: [] })).toEqual([{ kind: "removeMembers", values: ["m1", "m2", "m3"] }]);
    const { memberIds: _unknown, ...current } = base;
    expect(fieldsNeedingLiveValues(current, { memberIds: [] })).toEqual(["memberIds"]);
  });

  it("changes maintainers through the maintainTeam permission grant", () => {
    expect(build(base, { maintainers: ["m2"] })).toEqual([
      { kind: "removePermissionGrants", actionSet: "maintainTeam", memberIDs: ["m1"] },
      { kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: ["m2"] },
    ]);
  });

  it("adds, updates and removes single role attributes, leaving other keys alone", () => {
    expect(build(base, { roleAttributes: { projects: ["checkout", "web"], regions: ["eu", "us"], teams: ["x"] } })).toEqual([
      { kind: "updateRoleAttribute", key: "regions", values: ["eu", "us"] },
      { kind: "addRoleAttribute", key: "teams", values: ["x"] },
    ]);
    expect(build(base, { roleAttributes: { projects: ["checkout", "web"], teams: ["x"] } })).toEqual([
      { kind: "removeRoleAttribute", key: "regions" },
      { kind: "addRoleAttribute", key: "teams", values: ["x"] },
    ]);
  });

  it("replaces role attributes when that is smaller, or when the current map is unknown", () => {
    expect(build(base, { roleAttributes: { owners: ["a"] } })).toEqual([
      { kind: "replaceRoleAttributes", value: { owners: ["a"] } },
    ]);
    const { roleAttributes: _unknown, ...current } = base;
    expect(build(current, { roleAttributes: { b: ["2"], a: ["1"] } })).toEqual([
      { kind: "replaceRoleAttributes", value: { a: ["1"], b: ["2"] } },
    ]);
  });

  it("removes every attribute one by one rather than replacing with an empty map", () => {
    expect(build(base, { roleAttributes: {} })).toEqual([
      { kind: "removeRoleAttribute", key: "projects" },
      { kind: "removeRoleAttribute", key: "regions" },
    ]);
  });

  it("combines every field into one ordered instruction list", () => {
    const kinds = build(base, {
      name: "Core",
      description: "New",
      customRoleKeys: ["admin-lite"],
      maintainers: ["m3"],
      roleAttributes: { projects: ["checkout", "web"], regions: ["us"] },
      memberIds: ["m1", "m2", "m4"],
    }).map((i) => i.kind);
    expect(kinds).toEqual([
      "updateName",
      "updateDescription",
      "removeCustomRoles",
      "addCustomRoles",
      "removeMembers",
      "addMembers",
      "removePermissionGrants",
      "addPermissionGrants",
      "updateRoleAttribute",
    ]);
  });

  it("refuses to guess what it has never read and cannot replace", () => {
    expect(fieldsNeedingLiveValues({}, { customRoleKeys: [] })).toEqual(["customRoleKeys"]);
    expect(fieldsNeedingLiveValues({}, { maintainers: ["m1"] })).toEqual(["maintainers"]);
    expect(fieldsNeedingLiveValues({}, { memberIds: ["m1"], roleAttributes: { a: ["b"] } })).toEqual([]);
    expect(fieldsNeedingLiveValues({}, { memberIds: [], roleAttributes: {} })).toEqual(["memberIds", "roleAttributes"]);
    expect(() => buildTeamInstructions({}, { customRoleKeys: ["a"] })).toThrow(/read the current customRoleKeys/);
  });

  it("can emit every instruction kind of the union", () => {
    expect([...emitted].sort()).toEqual([...TEAM_INSTRUCTION_KINDS].sort());
  });
});
