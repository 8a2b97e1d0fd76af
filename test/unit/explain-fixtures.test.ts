import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { planFromPreview, type ExplainPlan } from "../../src/tools/explain/plan";
import { parsePreviewJson } from "../../src/tools/explain/preview-json";
import { renderExplainMarkdown, requestLine, summaryLine } from "../../src/tools/explain/render-markdown";
import { SEMANTIC_PATCH_CONTENT_TYPE } from "../../src/core/patch/team-instructions";

/** Real `pulumi preview --json` output, captured by `UPDATE_PREVIEW_FIXTURES=1 npm run test:e2e`. */
function fixture(name: string): { text: string; plan: ExplainPlan } {
  const text = readFileSync(path.join(__dirname, "..", "fixtures", `preview-${name}.json`), "utf8");
  return { text, plan: planFromPreview(parsePreviewJson(text).steps) };
}

function stateId(text: string, resourceName: string): string {
  const step = JSON.parse(text).steps.find((s: any) => s.urn.endsWith(`::${resourceName}`));
  return step.oldState.id;
}

function outputOf(text: string, resourceName: string, field: string): string {
  const step = JSON.parse(text).steps.find((s: any) => s.urn.endsWith(`::${resourceName}`));
  return (step.oldState ?? step.newState).outputs?.[field] ?? (step.newState ?? step.oldState).inputs[field];
}

const ADA_PLACEHOLDER = '<id of Member "ada", known once it is created>';

describe("explain on the real preview of a new stack", () => {
  const { plan } = fixture("create");

  it("counts 17 creates; the stack itself is not listed", () => {
    expect(plan.counts).toEqual({ creates: 17, updates: 0, deletes: 0, replaces: 0 });
    expect(plan.skipped).toEqual([]);
    // 4 roles + 1 invite of 5 members + 3 teams + 1 bulk request for the 3 teams' memberships at the fewest; one request
    // per member and pair at the most, and one bulk request refused where several instructions in one are.
    expect(summaryLine(plan)).toBe("17 creates, 0 updates, 0 deletes, 9–18 requests (invites and team memberships coalesce: 9 when they reach the provider together)");
  });

  it("invites the five members with one POST, each entry carrying role, custom role keys and attributes", () => {
    const invites = plan.steps.filter((s) => s.op === "invite-members");
    expect(invites).toHaveLength(1);
    expect(plan.steps.filter((s) => s.typeName === "Member" && s.op === "create")).toEqual([]);
    const [invite] = invites;
    expect(invite!.requests.map((r) => requestLine(r.request))).toEqual(["POST /api/v2/members"]);
    const entries = invite!.requests[0]!.request.body as Array<{ email: string }>;
    expect(entries).toHaveLength(5);
    expect(entries.find((entry) => entry.email === "ken@example.com")).toEqual({
      email: "ken@example.com",
      firstName: "Ken",
      lastName: "Thompson",
      role: "no_access",
      customRoles: ["auditor"],
    });
    expect(invite!.requestRange).toEqual({ min: 1, max: 5 });
    expect(invite!.people?.map((person) => person.email).sort()).toEqual(entries.map((entry) => entry.email).sort());
  });

  it("creates a team with its maintainers' ids named after the members being created", () => {
    const platform = plan.steps.find((s) => s.typeName === "Team" && s.name === "platform")!;
    const request = platform.requests[0]!.request;
    expect(requestLine(request)).toBe("POST /api/v2/teams?expand=roles,members,maintainers");
    expect(request.body).toEqual({
      key: "platform",
      name: "Platform",
      description: "Owns delivery tooling",
      customRoleKeys: ["deployer-production", "deployer-staging"],
      permissionGrants: [{ actionSet: "maintainTeam", memberIDs: [ADA_PLACEHOLDER] }],
    });
  });

  it("coalesces the memberships of the three teams into one bulk PATCH /teams, one instruction per team", () => {
    const batches = plan.steps.filter((s) => s.op === "add-team-members");
    expect(batches.map((s) => s.name)).toEqual(["payments, platform, security"]);
    const [batch] = batches;
    expect(batch!.requests.map((r) => requestLine(r.request))).toEqual(["PATCH /api/v2/teams"]);
    const request = batch!.requests[0]!.request;
    expect(request.contentType).toBe(SEMANTIC_PATCH_CONTENT_TYPE);
    expect(request.apiVersion).toBe("beta");
    const member = (name: string) => `<id of Member "${name}", known once it is created>`;
    expect((request.body as any).instructions).toEqual([
      { kind: "addMembersToTeams", memberIDs: [member("grace"), member("linus")], teamKeys: ["payments"] },
      { kind: "addMembersToTeams", memberIDs: [member("grace"), ADA_PLACEHOLDER], teamKeys: ["platform"] },
      { kind: "addMembersToTeams", memberIDs: [member("barbara")], teamKeys: ["security"] },
    ]);
    expect(batch!.requestRange).toEqual({ min: 1, max: 6 });
  });
});

describe("explain on the real preview of a code change", () => {
  const { text, plan } = fixture("change");
  const oldAda = stateId(text, "ada");

  it("lists the steps in the order up sends them: creates and updates, membership additions, removals, then deletes", () => {
    // Before: "delete Member ken" came before the membership removal that `up` sends first, and the old Ada's
    // DELETE sat inside her replace step although `up` sends it with the deletes.
    expect(plan.steps.map((s) => `${s.replaced ? "delete replaced" : s.op} ${s.typeName} ${s.name}`)).toEqual([
      "replace Member ada",
      "invite-members Member invites",
      "update CustomRole deployer-production",
      "update Team platform",
      "add-team-members TeamMembership platform",
      "remove-team-members TeamMembership platform",
      "delete replaced Member ada",
      "delete Member ken",
    ]);
    expect(summaryLine(plan)).toBe("1 create, 2 updates, 1 delete, 2 replaces, 7–8 requests (invites and team memberships coalesce: 7 when they reach the provider together)");
  });

  it("replaces Ada create-before-delete: invite the new email, then delete the old member with the deletes", () => {
    const ada = plan.steps[0]!;
    expect(ada.replaceReasons).toEqual(["email"]);
    expect(ada.requests).toEqual([]);
    expect(ada.notes[0]).toMatch(/^Create before delete/);
    const invite = plan.steps[1]!;
    expect(invite.op).toBe("invite-members");
    expect(invite.requests.map((r) => requestLine(r.request))).toEqual(["POST /api/v2/members"]);
    expect((invite.requests[0]!.request.body as any).map((entry: { email: string }) => entry.email)).toEqual(["ada@example.org"]);
    const oldOne = plan.steps.find((s) => s.replaced)!;
    expect(oldOne.requests.map((r) => requestLine(r.request))).toEqual([`DELETE /api/v2/members/${oldAda}`]);
    expect(oldOne.people).toEqual([{ id: oldAda, email: "ada@example.com" }]);
  });

  it("names members by email wherever the preview knows it", () => {
    const byStep = Object.fromEntries(plan.steps.map((s) => [`${s.replaced ? "delete replaced" : s.op} ${s.name}`, s.people]));
    expect(byStep["delete ken"]).toEqual([{ id: stateId(text, "ken"), email: "ken@example.com" }]);
    expect(byStep["update platform"]).toEqual([
      { id: oldAda, email: "ada@example.com" },
      { id: ADA_PLACEHOLDER, email: "ada@example.org" },
    ]);
    // Linus's Member is unchanged, so `preview --json` carries no step (and no email) for him: his id stays an id.
    expect(byStep["add-team-members platform"]).toEqual([{ id: ADA_PLACEHOLDER, email: "ada@example.org" }]);
  });

  it("shows the policy change statement by statement", () => {
    const role = plan.steps[2]!;
    expect(role.requests[0]!.policyDiff!.map((line) => `${line.mark} ${line.statement.effect} ${(line.statement.actions ?? []).join(",")}`)).toEqual([
      "- allow updateOn,updateFallthrough,updateTargets,updateRules,updateOffVariation",
      "+ allow updateOn,updateFallthrough,updateTargets,updateRules",
      "+ deny *",
    ]);
  });

  it("patches the role's whole policy with the provider's comment", () => {
    const role = plan.steps[2]!;
    expect(role.requests[0]!.request).toMatchObject({
      method: "PATCH",
      path: "/api/v2/roles/deployer-production",
      body: {
        comment: "Updated by Pulumi (pulumi-launchdarkly-access)",
        patch: [
          {
            op: "replace",
            path: "/policy",
            value: [
              { effect: "allow", resources: ["proj/${roleAttribute/projects}:env/production:flag/*"], actions: ["updateOn", "updateFallthrough", "updateTargets", "updateRules"] },
              { effect: "deny", resources: ["proj/*:env/production:flag/*;critical"], actions: ["*"] },
            ],
          },
        ],
      },
    });
  });

  it("moves the maintainer grant from the old Ada to the new one", () => {
    expect((plan.steps[3]!.requests[0]!.request.body as any).instructions).toEqual([
      { kind: "removePermissionGrants", actionSet: "maintainTeam", memberIDs: [oldAda] },
      { kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: [ADA_PLACEHOLDER] },
    ]);
  });

  it("adds the new pairs in one batch and removes the replaced pair at the end", () => {
    const linus = outputOf(text, "platform-linus", "memberId");
    expect((plan.steps[4]!.requests[0]!.request.body as any).instructions).toEqual([{ kind: "addMembers", values: [linus, ADA_PLACEHOLDER] }]);
    expect((plan.steps[5]!.requests[0]!.request.body as any).instructions).toEqual([{ kind: "removeMembers", values: [oldAda] }]);
    expect(plan.steps[5]!.notes.join(" ")).toMatch(/when `up` deletes removed and replaced resources: before the deletes/);
  });

  it("renders Markdown for a pull request", async () => {
    await expect(renderExplainMarkdown(plan)).toMatchFileSnapshot("__snapshots__/explain-change.md");
  });
});

describe("explain on the real preview after drift (refresh, then the program puts things back)", () => {
  const { text, plan } = fixture("drift");

  it("knows every body exactly", () => {
    expect(summaryLine(plan)).toBe("1 create, 2 updates, 0 deletes, 3 requests");
    expect(JSON.stringify(plan)).not.toContain("<");
    expect(plan.steps.map((s) => s.requests.map((r) => [requestLine(r.request), r.request.body]))).toEqual([
      [[`PATCH /api/v2/members/${stateId(text, "ada")}`, [{ op: "replace", path: "/role", value: "writer" }]]],
      [["PATCH /api/v2/teams/payments?expand=roles,members,maintainers", { comment: "Updated by Pulumi (pulumi-launchdarkly-access)", instructions: [{ kind: "updateName", value: "Payments" }] }]],
      [["PATCH /api/v2/teams/payments?expand=members", { comment: "Team membership managed by Pulumi (pulumi-launchdarkly-access)", instructions: [{ kind: "addMembers", values: [outputOf(text, "payments-grace", "memberId")] }] }]],
    ]);
  });
});

describe("explain on the real destroy preview and the no-change preview", () => {
  it("destroy: one DELETE per member, team and role, membership removals per team", () => {
    const { plan } = fixture("destroy");
    expect(plan.counts).toEqual({ creates: 0, updates: 0, deletes: 17, replaces: 0 });
    const deletes = plan.steps.filter((s) => s.op === "delete").map((s) => requestLine(s.requests[0]!.request).replace(/[0-9a-f]{24}$/, "<id>"));
    expect(deletes.filter((line) => line.startsWith("DELETE /api/v2/roles/")).sort()).toEqual(
      ["auditor", "deployer-production", "deployer-staging", "team-admin"].map((key) => `DELETE /api/v2/roles/${key}`),
    );
    expect(deletes.filter((line) => line.startsWith("DELETE /api/v2/teams/")).sort()).toEqual(["payments", "platform", "security"].map((key) => `DELETE /api/v2/teams/${key}`));
    expect(deletes.filter((line) => line === "DELETE /api/v2/members/<id>")).toHaveLength(4);
    expect(plan.steps.filter((s) => s.op === "remove-team-members").map((s) => s.name)).toEqual(["payments", "platform", "security"]);
    expect(plan.requestRange).toEqual({ min: 14, max: 17 });
  });

  it("destroy: says destroy, and lists membership removals before the team and member deletes they depend on", () => {
    const { plan } = fixture("destroy");
    expect(plan.command).toBe("destroy");
    const kinds = plan.steps.map((s) => (s.op === "remove-team-members" ? "removal" : `${s.op} ${s.typeName}`));
    const lastRemoval = kinds.lastIndexOf("removal");
    const firstDelete = kinds.findIndex((k) => k.startsWith("delete"));
    expect(lastRemoval).toBeGreaterThanOrEqual(0);
    expect(lastRemoval).toBeLessThan(firstDelete);
    const markdown = renderExplainMarkdown(plan);
    // Before: "LaunchDarkly requests `pulumi up` will send" and "Sent at the end of `up`" in a destroy.
    expect(markdown).toContain("## LaunchDarkly requests `pulumi destroy` will send");
    expect(markdown).toContain("Sent first by `destroy`");
    expect(markdown).not.toMatch(/`up`/);
    expect(plan.steps.filter((s) => s.typeName === "Member" && s.op === "delete").every((s) => s.people?.length === 1)).toBe(true);
  });

  it("no change: no requests, said so", () => {
    const { plan } = fixture("no-change");
    expect(summaryLine(plan)).toBe("0 creates, 0 updates, 0 deletes, 0 requests");
    expect(renderExplainMarkdown(plan)).toContain("No LaunchDarkly changes: `up` sends no write requests.");
  });
});
