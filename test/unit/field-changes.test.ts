import { describe, expect, it } from "vitest";
import { fieldChanges } from "../../src/harnesses/engine/field-changes";

describe("fieldChanges (the reviewer's view of an input diff)", () => {
  it("names changes inside arrays of statements by property path", () => {
    const before = { policy: [{ effect: "allow", actions: ["updateOn", "updateOffVariation"] }], name: "Deployer" };
    const after = { policy: [{ effect: "allow", actions: ["updateOn"] }, { effect: "deny", actions: ["*"] }], name: "Deployer" };
    expect(fieldChanges(before, after)).toEqual([
      { field: "policy[0].actions[1]", before: "updateOffVariation" },
      { field: "policy[1]", after: { effect: "deny", actions: ["*"] } },
    ]);
  });

  it("ignores __provider and reports nothing for equal inputs", () => {
    expect(fieldChanges({ __provider: "a", role: "reader" }, { __provider: "b", role: "reader" })).toEqual([]);
  });

  it("reports replaced scalars with before and after, and keys with slashes intact", () => {
    expect(fieldChanges({ role: "writer", roleAttributes: { "a/b": ["x"] } }, { role: "admin", roleAttributes: { "a/b": ["y"] } })).toEqual([
      { field: "roleAttributes.a/b[0]", before: "x", after: "y" },
      { field: "role", before: "writer", after: "admin" },
    ]);
  });
});
