import fc from "fast-check";
import { applyPatch, deepClone } from "fast-json-patch";
import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { diffCustomRole, type CustomRoleInputs } from "../../src/core/resources/custom-role";
import { buildCustomRolePatch } from "../../src/core/resources/custom-role-plan";

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const statement = fc.record(
  {
    effect: fc.constantFrom("allow" as const, "deny" as const),
    resources: fc.array(word, { minLength: 1, maxLength: 3 }),
    actions: fc.array(word, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ["effect", "resources", "actions"] },
);
const inputs: fc.Arbitrary<CustomRoleInputs> = fc.record(
  {
    key: word,
    name: word,
    description: fc.oneof(word, fc.constant("")),
    policy: fc.array(statement, { maxLength: 3 }),
    basePermissions: fc.constantFrom("reader" as const, "no_access" as const),
    resourceCategory: fc.constantFrom("organization" as const, "project" as const, "any" as const),
    adoptExisting: fc.boolean(),
  },
  { requiredKeys: ["key", "name", "policy", "basePermissions", "adoptExisting"] },
);
/** Previous outputs: the inputs as LaunchDarkly holds them, plus the id. */
const outputs = inputs.map((i) => ({ ...i, roleId: "r1", _id: "r1" }));

describe("CustomRole request builder (property)", () => {
  it("applying the patch to the old role yields exactly the desired fields", () => {
    fc.assert(
      fc.property(outputs, inputs, (olds, news) => {
        // resourceCategory is identity (a change of it replaces), so the builder only ever sees it unchanged.
        const desired = { ...news, key: olds.key, resourceCategory: olds.resourceCategory };
        const patched = applyPatch(deepClone(olds), buildCustomRolePatch(olds, desired), true, false).newDocument as Record<string, unknown>;
        // An empty description and none are the same to LaunchDarkly.
        if (patched.description === undefined) patched.description = "";
        // adoptExisting is the provider's own flag, not a field of the role.
        for (const [field, value] of Object.entries(desired)) if (value !== undefined && field !== "adoptExisting") expect(patched[field]).toEqual(value);
        expect(patched.roleId).toBe("r1");
      }),
    );
  });

  it("a no-op diff yields no patch, and no-change diffs agree with the builder", () => {
    fc.assert(
      fc.property(outputs, (olds) => {
        const { roleId: _r, _id, ...news } = olds;
        expect(diffCustomRole(olds, news)).toEqual({ changes: false });
        expect(buildCustomRolePatch(olds, news)).toEqual([]);
      }),
    );
  });

  it("whenever the diff sees an in-place change, the patch is non-empty, and vice versa", () => {
    fc.assert(
      fc.property(outputs, inputs, (olds, news) => {
        const desired = { ...news, key: olds.key };
        const diff = diffCustomRole(olds, desired);
        if (diff.replaces && diff.replaces.length > 0) return;
        expect(buildCustomRolePatch(olds, desired).length > 0).toBe(diff.changes);
      }),
    );
  });

  it("replaces /policy whole and the other fields by replace", () => {
    fc.assert(
      fc.property(outputs, inputs, (olds, news) => {
        for (const op of buildCustomRolePatch(olds, { ...news, key: olds.key })) {
          expect(["/name", "/description", "/policy", "/basePermissions"]).toContain(op.path);
          expect(["replace", "add"]).toContain(op.op);
        }
      }),
    );
  });
});

describe("CustomRole diff", () => {
  const olds = { key: "deployer", name: "Deployer", policy: [{ effect: "allow", resources: ["*"], actions: ["*"] }], basePermissions: "no_access", roleId: "r1", _id: "r1" };
  const news = { key: "deployer", name: "Deployer", policy: [{ effect: "allow", resources: ["*"], actions: ["*"] }], basePermissions: "no_access" };

  it("replaces on a key change, creating the new key before deleting the old", () => {
    expect(diffCustomRole(olds, { ...news, key: "deployer-2" })).toEqual({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  });

  it("replaces on any change of resourceCategory (immutable), deleting first (same key)", () => {
    expect(diffCustomRole({ ...olds, resourceCategory: "project" }, { ...news, resourceCategory: "organization" })).toEqual({
      changes: true,
      replaces: ["resourceCategory"],
      deleteBeforeReplace: true,
    });
    // Unset before: still a replace, never a PATCH of /resourceCategory.
    expect(diffCustomRole(olds, { ...news, resourceCategory: "organization" })).toEqual({
      changes: true,
      replaces: ["resourceCategory"],
      deleteBeforeReplace: true,
    });
    expect(buildCustomRolePatch(olds, { ...news, resourceCategory: "organization" } as never)).toEqual([]);
  });

  it("compares statement order (policies are order-significant)", () => {
    const two = [
      { effect: "allow", resources: ["a"], actions: ["*"] },
      { effect: "deny", resources: ["b"], actions: ["*"] },
    ];
    expect(diffCustomRole({ ...olds, policy: two }, { ...news, policy: [two[1], two[0]] }).changes).toBe(true);
  });

  it("ignores fields the user did not set, and the engine's __provider", () => {
    expect(diffCustomRole({ ...olds, description: "set in the UI" }, { ...news, __provider: "x" })).toEqual({ changes: false });
  });

  it("treats an empty description like none", () => {
    expect(diffCustomRole(olds, { ...news, description: "" })).toEqual({ changes: false });
    expect(buildCustomRolePatch(olds, { ...news, description: "" } as CustomRoleInputs)).toEqual([]);
    expect(buildCustomRolePatch(olds, { ...news, description: "new" } as CustomRoleInputs)).toEqual([{ op: "add", path: "/description", value: "new" }]);
  });

  it("treats unknown values as changes", () => {
    expect(diffCustomRole(olds, { ...news, name: UNKNOWN_VALUE })).toEqual({ changes: true });
    expect(diffCustomRole(olds, { ...news, key: UNKNOWN_VALUE }).replaces).toEqual(["key"]);
  });
});
