import { describe, expect, it } from "vitest";
import { detailedDiff } from "../../src/core/native/detailed-diff";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";

/** Where a change is, per property and element, for `pulumi preview --diff` (the core decides whether). */
describe("detailedDiff", () => {
  it("role attribute values are sets: an added value is an add at its index, a removed one a delete at its old index", () => {
    const olds = { key: "t", name: "T", roleAttributes: { envs: ["dev", "prod"], projects: ["a"] } };
    const news = { key: "t", name: "T", roleAttributes: { envs: ["prod", "staging"], regions: ["eu"] } };
    expect(detailedDiff("team", olds, news, [])).toEqual({
      "roleAttributes.envs[1]": "add",
      "roleAttributes.envs[0]": "delete",
      "roleAttributes.projects": "delete",
      "roleAttributes.regions": "add",
    });
  });

  it("attribute keys that are not identifiers use the bracket syntax", () => {
    expect(detailedDiff("member", { roleAttributes: {} }, { roleAttributes: { "team-envs": ["prod"] } }, [])).toEqual({ 'roleAttributes["team-envs"]': "add" });
  });

  it("an unknown value (preview) is an update of the property", () => {
    expect(detailedDiff("teamMembership", { teamKey: "a", memberId: "m1" }, { teamKey: "a", memberId: UNKNOWN_VALUE }, ["memberId"])).toEqual({ memberId: "updateReplace" });
  });

  it("follows the core's equalities: email case, names already requested, an empty description, check-only fields", () => {
    const member = detailedDiff(
      "member",
      { email: "ada@example.com", firstName: "A.", __namesRequested: { firstName: "Ada" }, role: "reader" },
      { email: "Ada@Example.com", firstName: "Ada", role: "writer" },
      [],
    );
    expect(member).toEqual({ role: "update" });
    const role = detailedDiff(
      "customRole",
      { key: "r", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }] },
      { key: "r", description: "", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"], allowUnknownActions: true }] },
      [],
    );
    expect(role).toEqual({});
  });

  it("ordered lists (policy statements) compare by position; a shorter list deletes its tail", () => {
    const olds = { policy: [{ effect: "allow", actions: ["a"] }, { effect: "deny", actions: ["b"] }] };
    const news = { policy: [{ effect: "deny", actions: ["a"] }] };
    expect(detailedDiff("customRole", olds, news, [])).toEqual({ "policy[0].effect": "update", "policy[1]": "delete" });
  });

  it("a replacing property with no visible difference still shows, as a replace", () => {
    expect(detailedDiff("customRole", { key: "r" }, { key: "r" }, ["resourceCategory"])).toEqual({ resourceCategory: "updateReplace" });
  });
});
