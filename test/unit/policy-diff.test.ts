import { describe, expect, it } from "vitest";
import { policyDiff, policyDiffText } from "../../src/tools/explain/policy-diff";
import type { PolicyStatement } from "../../src/core/resources/custom-role";

const allow = (resource: string, ...actions: string[]): PolicyStatement => ({ effect: "allow", resources: [resource], actions });
const deny = (resource: string): PolicyStatement => ({ effect: "deny", resources: [resource], actions: ["*"] });

describe("policyDiff: the statements of a role policy that change", () => {
  it("keeps unchanged statements as context and shows an edited one as - old, + new", () => {
    const before = [allow("proj/*:env/staging:flag/*", "updateOn"), allow("proj/*:env/production:flag/*", "updateOn", "updateRules"), deny("proj/*:env/*:flag/*;critical")];
    const after = [allow("proj/*:env/staging:flag/*", "updateOn"), allow("proj/*:env/production:flag/*", "updateOn"), deny("proj/*:env/*:flag/*;critical")];
    expect(policyDiffText(policyDiff(before, after))).toEqual([
      "  allow updateOn on proj/*:env/staging:flag/*",
      "- allow updateOn, updateRules on proj/*:env/production:flag/*",
      "+ allow updateOn on proj/*:env/production:flag/*",
      "  deny * on proj/*:env/*:flag/*;critical",
    ]);
  });

  it("shows a move (order matters: deny beats allow within a role) as a removal and an addition", () => {
    const a = allow("proj/*", "updateOn");
    const d = deny("proj/*");
    expect(policyDiff([a, d], [d, a]).map((line) => line.mark).sort()).toEqual([" ", "+", "-"]);
  });

  it("ignores key order inside a statement, and an unchanged policy has only context lines", () => {
    const statement = { actions: ["*"], effect: "allow", resources: ["member/*"] } as PolicyStatement;
    expect(policyDiff([statement], [{ effect: "allow", resources: ["member/*"], actions: ["*"] }]).map((line) => line.mark)).toEqual([" "]);
  });
});
