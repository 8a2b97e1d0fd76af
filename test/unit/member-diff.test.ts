import fc from "fast-check";
import { applyPatch, deepClone } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { diffMember, type MemberInputs } from "../../src/core/resources/member";
import { buildInviteForm, buildMemberPatch, planMemberUpdate } from "../../src/core/resources/member-plan";

const olds = {
  email: "ada@example.com",
  firstName: "Ada",
  role: "reader",
  customRoles: ["deployer"],
  roleAttributes: { projects: ["web"] },
  adoptExisting: false,
  replaceOnNameChange: false,
  memberId: "m1",
  pendingInvite: true,
  verified: false,
};
const news = {
  email: "ada@example.com",
  firstName: "Ada",
  role: "reader",
  customRoles: ["deployer"],
  roleAttributes: { projects: ["web"] },
  adoptExisting: false,
  replaceOnNameChange: false,
};

describe("Member diff", () => {
  it("no change → changes false, no warnings", () => {
    expect(diffMember(olds, { ...news, __provider: "x" })).toEqual({ result: { changes: false }, warnings: [] });
  });

  it("compares email case-insensitively and replaces (create-before-delete) on a real change", () => {
    expect(diffMember(olds, { ...news, email: "ADA@example.com" }).result).toEqual({ changes: false });
    expect(diffMember(olds, { ...news, email: "ada@example.org" }).result).toEqual({ changes: true, replaces: ["email"], deleteBeforeReplace: false });
  });

  it("compares sets as sets", () => {
    expect(diffMember({ ...olds, customRoles: ["b", "a"] }, { ...news, customRoles: ["a", "b"] }).result.changes).toBe(false);
    expect(diffMember({ ...olds, roleAttributes: { p: ["y", "x"] } }, { ...news, roleAttributes: { p: ["x", "y"] } }).result.changes).toBe(false);
    expect(diffMember(olds, { ...news, customRoles: ["deployer", "viewer"] }).result.changes).toBe(true);
  });

  it("treats absent live customRoles/roleAttributes as empty", () => {
    const { customRoles: _c, roleAttributes: _r, ...bare } = olds;
    expect(diffMember(bare, { ...news, customRoles: [], roleAttributes: {} }).result.changes).toBe(false);
  });

  it("ignores fields the user did not set", () => {
    const { customRoles: _c, roleAttributes: _r, firstName: _f, ...partial } = news;
    expect(diffMember({ ...olds, customRoles: ["x"], roleAttributes: { a: ["b"] }, firstName: "Other" }, partial).result.changes).toBe(false);
  });

  it("warns about a name change the API cannot make, unless the user opts into replacement", () => {
    // Before: `changes: false` and the same warning on every preview, for as long as the program and LaunchDarkly differ.
    // Now: an update that sends nothing and records the requested name, so the warning is given once.
    const warned = diffMember(olds, { ...news, firstName: "Augusta" });
    expect(warned.result).toEqual({ changes: true });
    expect(warned.warnings[0]).toMatch(/firstName.*replaceOnNameChange: true/s);
    const recorded = diffMember({ ...olds, __namesRequested: { firstName: "Augusta" } }, { ...news, firstName: "Augusta" });
    expect(recorded).toEqual({ result: { changes: false }, warnings: [] });
    // Asking for yet another name warns again.
    expect(diffMember({ ...olds, __namesRequested: { firstName: "Augusta" } }, { ...news, firstName: "Lady Ada" }).warnings).toHaveLength(1);

    const replaced = diffMember(olds, { ...news, firstName: "Augusta", lastName: "King", replaceOnNameChange: true });
    expect(replaced).toEqual({ result: { changes: true, replaces: ["firstName", "lastName"], deleteBeforeReplace: true }, warnings: [] });
  });

  it("an email change wins over a name change for deleteBeforeReplace (another person, can coexist)", () => {
    expect(diffMember(olds, { ...news, email: "b@example.com", firstName: "B", replaceOnNameChange: true }).result).toEqual({
      changes: true,
      replaces: ["email", "firstName"],
      deleteBeforeReplace: false,
    });
  });

  it("flags alone are not a change to the member", () => {
    expect(diffMember(olds, { ...news, adoptExisting: true }).result.changes).toBe(false);
  });

  it("treats unknown values as changes", () => {
    expect(diffMember(olds, { ...news, customRoles: [UNKNOWN_VALUE] }).result.changes).toBe(true);
    expect(diffMember(olds, { ...news, email: UNKNOWN_VALUE }).result.replaces).toEqual(["email"]);
  });
});

const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,5}$/);
const keySet = fc.uniqueArray(key, { maxLength: 4 }).map((keys) => [...keys].sort());
const attributes = fc.dictionary(key, fc.uniqueArray(key, { minLength: 1, maxLength: 3 }).map((v) => [...v].sort()), { maxKeys: 3 });
const baseRole = fc.constantFrom("reader", "writer", "admin", "no_access");
const desired: fc.Arbitrary<Pick<MemberInputs, "role" | "customRoles" | "roleAttributes">> = fc.record(
  { role: baseRole as fc.Arbitrary<MemberInputs["role"]>, customRoles: keySet, roleAttributes: attributes },
  { requiredKeys: ["role"] },
);
const state = fc.record({ role: baseRole, customRoles: keySet, roleAttributes: attributes }, { requiredKeys: ["role", "customRoles"] });
const asIds = (keys: readonly string[]) => keys.map((k) => `id-${k}`);

describe("Member request builder (property)", () => {
  it("applying the patch to the old member yields exactly the desired fields", () => {
    fc.assert(
      fc.property(state, desired, (live, want) => {
        const ops = buildMemberPatch(live, want);
        const patched = applyPatch(deepClone(live), ops, true, false).newDocument as Record<string, unknown>;
        expect(patched.role).toBe(want.role);
        if (want.customRoles) expect(patched.customRoles).toEqual(want.customRoles);
        if (want.roleAttributes && (Object.keys(want.roleAttributes).length > 0 || live.roleAttributes)) {
          expect(patched.roleAttributes).toEqual(want.roleAttributes);
        }
      }),
    );
  });

  it("no-op diffs yield no patch, and the builder agrees with the diff", () => {
    fc.assert(
      fc.property(state, desired, (live, want) => {
        const ops = buildMemberPatch(live, want);
        expect(ops.length > 0).toBe(diffMember(live, want).result.changes);
        expect(buildMemberPatch(live, { role: live.role as MemberInputs["role"], customRoles: live.customRoles, roleAttributes: live.roleAttributes })).toEqual([]);
      }),
    );
  });

  it("touches only /role, /customRoles and /roleAttributes, whole, with custom roles as ids", () => {
    fc.assert(
      fc.property(state, desired, (live, want) => {
        const plan = planMemberUpdate("m1", live, want);
        const keys = "needs" in plan ? plan.needs.roleIdsOf : [];
        if (keys.length > 0) expect(keys).toEqual(want.customRoles);
        const resolved = planMemberUpdate("m1", live, want, new Map(keys.map((k) => [k, `id-${k}`])));
        if ("needs" in resolved) throw new Error(`still needs ${resolved.needs.roleIdsOf.join(", ")}`);
        for (const op of resolved.requests[0]?.body ?? []) {
          expect(["/role", "/customRoles", "/roleAttributes"]).toContain(op.path);
          if (op.path === "/customRoles") expect(op).toMatchObject({ value: asIds(want.customRoles!) });
        }
      }),
    );
  });
});

describe("Member invite form", () => {
  it("sends role keys (the invite accepts keys) and omits empty sets", () => {
    expect(buildInviteForm({ ...news, role: "writer", customRoles: [], roleAttributes: {} } as MemberInputs)).toEqual({ email: "ada@example.com", firstName: "Ada", role: "writer" });
    expect(buildInviteForm(news as MemberInputs)).toMatchObject({ customRoles: ["deployer"], roleAttributes: { projects: ["web"] } });
  });
});
