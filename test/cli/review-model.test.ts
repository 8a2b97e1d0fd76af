import { describe, expect, it } from "vitest";
import type { AccountSnapshot } from "../../src/tools/account/snapshot-types";
import { buildAccessReview } from "../../src/tools/review/access-review";
import { grantsWildcardOnProduction, specifierCanBeProduction } from "../../src/tools/review/production-wildcard";
import { renderReviewCsv } from "../../src/tools/review/render-csv";
import { renderReviewMarkdown } from "../../src/tools/review/render-markdown";
import { tsLiteral } from "../../src/tools/generate/ts-literal";

const NOW = new Date("2026-06-01T00:00:00Z");
const DAY = 86_400_000;

const snapshot: AccountSnapshot = {
  readAt: NOW.toISOString(),
  apiHost: "https://app.launchdarkly.com",
  source: "api",
  roles: [
    { id: "r1", key: "ops", name: "Ops, all envs", policy: [{ effect: "allow", resources: ["proj/*:env/*;prod-like:flag/*"], actions: ["*"] }], preset: false },
    { id: "r2", key: "viewer", name: 'Viewer "ro"', policy: [{ effect: "allow", resources: ["proj/*"], actions: ["viewProject"] }], preset: false },
  ],
  teams: [{ key: "sre", name: "SRE", roleKeys: ["ops"], maintainerIds: ["m2"], memberIds: ["m1"] }],
  members: [
    { id: "m1", email: "a@example.com", firstName: "Ada", role: "writer", customRoleKeys: ["ops", "viewer"], teamKeys: ["sre"], pendingInvite: false, verified: true, creationDate: 0, lastSeen: 0, mfa: "enabled" },
    { id: "m2", email: "b@example.com", role: "reader", customRoleKeys: [], teamKeys: [], pendingInvite: true, verified: false, creationDate: NOW.getTime() - 31 * DAY, lastSeen: 0, mfa: "disabled" },
  ],
};

describe("production wildcard", () => {
  it.each([
    ["proj/*:env/production:flag/*", true],
    ["proj/*:env/*:flag/*", true],
    ["proj/*:env/prod*", true],
    ["proj/*:env/*;critical:flag/*", true],
    ["proj/x:env/${roleAttribute/env}:flag/*", true],
    ["*", true],
    ["proj/*:env/staging:flag/*", false],
    ["proj/*", false],
    ["member/*", false],
    ["proj/*:env/prod:flag/*", false],
  ])("%s can be production: %s", (specifier, expected) => {
    expect(specifierCanBeProduction(specifier)).toBe(expected);
  });

  it("needs an allow with every action", () => {
    expect(grantsWildcardOnProduction({ effect: "deny", resources: ["proj/*:env/*"], actions: ["*"] })).toBe(false);
    expect(grantsWildcardOnProduction({ effect: "allow", resources: ["proj/*:env/*"], actions: ["updateOn"] })).toBe(false);
    expect(grantsWildcardOnProduction({ effect: "allow", resources: ["proj/*:env/*"], notActions: ["deleteFlag"] })).toBe(true);
    expect(grantsWildcardOnProduction({ effect: "allow", notResources: ["proj/*:env/staging"], actions: ["*"] })).toBe(true);
  });
});

describe("buildAccessReview", () => {
  const review = buildAccessReview(snapshot, { staleInviteDays: 30, now: NOW });

  it("records a role held both directly and through a team once, with both grants", () => {
    const ada = review.members[0]!;
    expect(ada.roles).toEqual([
      { key: "ops", via: ["direct", "team:sre"] },
      { key: "viewer", via: ["direct"] },
    ]);
    expect(ada.teamRoles).toEqual([{ key: "ops", teams: ["sre"] }]);
    expect(ada.statements.map((s) => s.roleKey)).toEqual(["ops", "viewer"]);
    expect(ada.flags).toEqual(["production-wildcard"]);
    expect(review.roles[0]!.holders).toEqual([{ email: "a@example.com", via: ["direct", "team:sre"] }]);
  });

  it("flags a maintainer with no team and an invite of 31 days, but not at 31 days' threshold", () => {
    expect(review.members[1]!.maintains).toEqual(["sre"]);
    expect(review.members[1]!.flags).toEqual(["no-team", "stale-invite"]);
    expect(buildAccessReview(snapshot, { staleInviteDays: 31, now: NOW }).flags.staleInvites).toEqual([]);
  });

  it("escapes CSV cells with commas and quotes", () => {
    const csv = renderReviewCsv(buildAccessReview({ ...snapshot, members: [{ ...snapshot.members[0]!, firstName: 'Ada "A, L"' }] }, { staleInviteDays: 30, now: NOW }));
    expect(csv.split("\r\n")[1]).toBe('a@example.com,"Ada ""A, L""",writer,false,sre,,ops,direct + team sre,allow,*,proj/*:env/*;prod-like:flag/*,production-wildcard,');
  });

  it("renders Markdown tables without breaking on pipes", () => {
    const md = renderReviewMarkdown(buildAccessReview({ ...snapshot, roles: [{ ...snapshot.roles[1]!, name: "a | b" }] }, { staleInviteDays: 30, now: NOW }));
    expect(md).toContain("### `viewer` — a \\| b");
  });
});

describe("tsLiteral", () => {
  it("writes identifier keys bare, quotes the rest, drops undefined", () => {
    expect(tsLiteral({ key: "a", "odd-key": [1, true, null], skip: undefined, nested: { $x: "y\"z" } })).toBe('{ key: "a", "odd-key": [1, true, null], nested: { $x: "y\\"z" } }');
  });
});
