import { checkInputs } from "../../src/core/resources/common-schemas";
import { customRoleInputSchema } from "../../src/core/resources/custom-role";
import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";
import { customRoleProvider } from "../../src/core/resources/custom-role";

const statement = { effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["updateOn"] };

async function failures(news: Record<string, unknown>) {
  const result = await checkInputs(customRoleInputSchema, news);
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("CustomRole check", () => {
  it("fills basePermissions with no_access, trims, and keeps statement order", async () => {
    const result = await checkInputs(customRoleInputSchema, {
      key: " deployer ",
      name: " Deployer ",
      description: " ships ",
      policy: [statement, { effect: "deny", notResources: ["proj/*:env/dev:flag/*"], notActions: ["*"] }, { ...statement, actions: [" updateRules ", "updateOn"] }],
    });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toEqual({
      key: "deployer",
      name: "Deployer",
      description: "ships",
      basePermissions: "no_access",
      adoptExisting: false,
      policy: [statement, { effect: "deny", notResources: ["proj/*:env/dev:flag/*"], notActions: ["*"] }, { ...statement, actions: ["updateRules", "updateOn"] }],
    });
  });

  it("drops the engine's __provider and never returns undefined values", async () => {
    const result = await checkInputs(customRoleInputSchema, { __provider: "source", key: "k", name: "n", policy: [statement] });
    expect(result.inputs).not.toHaveProperty("__provider");
    expect(Object.values(result.inputs).includes(undefined)).toBe(false);
    expect(result.inputs).not.toHaveProperty("description");
  });

  it("names both-given lists with the statement's index", async () => {
    expect(await failures({ key: "k", name: "n", policy: [statement, statement, { ...statement, notActions: ["deleteFlag"] }] })).toEqual([
      "policy[2].notActions: give either actions or notActions, not both",
    ]);
    expect(await failures({ key: "k", name: "n", policy: [{ ...statement, notResources: ["member/*"] }] })).toEqual([
      "policy[0].notResources: give either resources or notResources, not both",
    ]);
  });

  it("asks for one of each pair when neither is given (an empty list counts as not given)", async () => {
    expect(await failures({ key: "k", name: "n", policy: [{ effect: "allow", resources: [], actions: ["*"] }] })).toEqual([
      "policy[0].resources: give one of resources or notResources (a non-empty list)",
    ]);
    expect(await failures({ key: "k", name: "n", policy: [{ effect: "allow", resources: ["*"] }] })).toEqual([
      "policy[0].actions: give one of actions or notActions (a non-empty list)",
    ]);
  });

  it("rejects bad keys, effects, base permissions, categories and unknown statement fields", async () => {
    const got = await failures({
      key: "bad key!",
      name: "",
      basePermissions: "writer",
      resourceCategory: "team",
      policy: [{ ...statement, effect: "permit", resource: ["x"] }],
    });
    expect(got).toEqual(
      expect.arrayContaining([
        "key: must start with a letter or digit and contain only letters, digits, '_', '.' and '-'",
        "name: name must not be empty",
        'basePermissions: basePermissions must be "reader" or "no_access"',
        'resourceCategory: resourceCategory must be "organization", "project" or "any"',
        'policy[0].effect: effect must be "allow" or "deny"',
      ]),
    );
    expect(got.some((line) => line.startsWith("policy[0]") && line.includes('"resource"'))).toBe(true);
  });

  it("says what is missing", async () => {
    expect(await failures({})).toEqual(
      expect.arrayContaining(["key: key is required", "name: name is required", "policy: policy must be a list of statements"]),
    );
  });

  it("passes values still unknown at preview through unvalidated", async () => {
    const result = await checkInputs(customRoleInputSchema, { key: UNKNOWN_VALUE, name: "n", policy: [{ effect: "allow", resources: [UNKNOWN_VALUE], actions: ["*"] }] });
    expect(result.failures).toBeUndefined();
    expect(result.inputs).toMatchObject({ key: UNKNOWN_VALUE, basePermissions: "no_access" });
  });
});
