import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyTeamInstructions, type TeamState } from "../../src/emulator/team-apply";
import { buildTeamInstructions, fieldsNeedingLiveValues, sameSet, type TeamFields } from "../../src/core/patch/semantic-patch";
import { teamInstructionSchema } from "../../src/core/patch/team-instructions";

/**
 * The builder's contract, checked with the emulator's own apply function: applying the built instructions
 * to the old team yields the desired team on every managed field and leaves every other field as it was.
 */
const memberIds = fc.uniqueArray(fc.constantFrom("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"), { maxLength: 8 });
const roleKeys = fc.uniqueArray(fc.constantFrom("r1", "r2", "r3", "r4", "r5"), { maxLength: 5 });
const attributeValues = fc.uniqueArray(fc.constantFrom("x", "y", "z", "w"), { minLength: 1, maxLength: 4 });
const roleAttributes = fc.dictionary(fc.constantFrom("a", "b", "c", "d"), attributeValues, { maxKeys: 4 });
const name = fc.constantFrom("Platform", "Core", "Payments");
const description = fc.constantFrom("", "one", "two");

const oldTeam: fc.Arbitrary<TeamState> = fc.record({
  name,
  description: fc.option(description, { nil: undefined }),
  memberIds,
  customRoleKeys: roleKeys,
  maintainers: memberIds,
  roleAttributes,
}).map(({ maintainers, description: text, ...rest }) => ({
  key: "team",
  ...rest,
  ...(text !== undefined ? { description: text } : {}),
  permissionGrants: maintainers.length > 0 ? [{ actionSet: "maintainTeam", memberIds: maintainers }] : [],
}));

/** Each field managed or not; when managed, any value. */
const desired: fc.Arbitrary<TeamFields> = fc.record(
  { name, description, customRoleKeys: roleKeys, maintainers: memberIds, roleAttributes, memberIds },
  { requiredKeys: [] },
);

/** What the provider knows of the old team: everything, except members and attributes may be unknown. */
function knownFields(team: TeamState, hideMembers: boolean, hideAttributes: boolean): TeamFields {
  return {
    name: team.name,
    description: team.description ?? "",
    customRoleKeys: team.customRoleKeys,
    maintainers: maintainersOf(team),
    ...(hideAttributes ? {} : { roleAttributes: team.roleAttributes }),
    ...(hideMembers ? {} : { memberIds: team.memberIds }),
  };
}

function maintainersOf(team: TeamState): string[] {
  return team.permissionGrants.filter((g) => g.actionSet === "maintainTeam").flatMap((g) => g.memberIds);
}

function sameAttributes(a: Record<string, readonly string[]>, b: Record<string, readonly string[]>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameSet(a[k]!, b[k]!));
}

const lookups = { memberExists: () => true, roleExists: () => true };

describe("buildTeamInstructions (property)", () => {
  it("applied to the old team, yields the desired team and touches nothing unmanaged", () => {
    fc.assert(
      fc.property(oldTeam, desired, fc.boolean(), fc.boolean(), (before, want, hideMembers, hideAttributes) => {
        let known = knownFields(before, hideMembers, hideAttributes);
        // The provider reads what the builder asks for; here the old team is the live team.
        if (fieldsNeedingLiveValues(known, want).length > 0) known = knownFields(before, false, false);
        const instructions = buildTeamInstructions(known, want);
        for (const instruction of instructions) teamInstructionSchema.parse(instruction);
        const applied = applyTeamInstructions(before, instructions, lookups);
        if (!applied.ok) throw new Error(`rejected: ${applied.message} (${JSON.stringify(instructions)})`);
        const after = applied.team;

        expect(after.name).toBe(want.name ?? before.name);
        expect(after.description ?? "").toBe(want.description ?? before.description ?? "");
        expect(sameSet(after.customRoleKeys, want.customRoleKeys ?? before.customRoleKeys)).toBe(true);
        expect(sameSet(maintainersOf(after), want.maintainers ?? maintainersOf(before))).toBe(true);
        expect(sameSet(after.memberIds, want.memberIds ?? before.memberIds)).toBe(true);
        expect(sameAttributes(after.roleAttributes, want.roleAttributes ?? before.roleAttributes)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("is idempotent: once applied, the same desired state builds no instruction", () => {
    fc.assert(
      fc.property(oldTeam, desired, (before, want) => {
        const applied = applyTeamInstructions(before, buildTeamInstructions(knownFields(before, false, false), want), lookups);
        if (!applied.ok) throw new Error(applied.message);
        expect(buildTeamInstructions(knownFields(applied.team, false, false), want)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
