import { describe, expect, it } from "vitest";
import { makeExplainCommand } from "../../src/tools/cli/explain";
import type { CliIo } from "../../src/tools/cli/command";
import { UserFacingError } from "../../src/tools/cli/cli-errors";
import { compactJson } from "../../src/tools/explain/compact-json";
import { planFromPreview } from "../../src/tools/explain/plan";
import { parsePreviewJson, type PreviewStep } from "../../src/tools/explain/preview-json";
import { requestLine, summaryLine } from "../../src/tools/explain/render-markdown";
import { UNKNOWN_VALUE } from "../../src/core/resources/common-schemas";

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/launchdarkly:${type}::${name}`;
const state = (type: string, name: string, fields: { id?: string; inputs?: object; outputs?: object; deps?: Record<string, string[]> }) => ({
  urn: urn(type, name),
  type: `pulumi-nodejs:dynamic/launchdarkly:${type}`,
  ...(fields.id ? { id: fields.id } : {}),
  inputs: { __provider: "exports.handler = …", ...(fields.inputs ?? {}) },
  outputs: fields.outputs ?? {},
  propertyDependencies: fields.deps ?? {},
});
const plan = (steps: object[]) => planFromPreview(parsePreviewJson(JSON.stringify({ steps })).steps);

const role = (key: string, roleId: string) => ({ key, name: key, policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }], basePermissions: "no_access", adoptExisting: false, roleId, _id: roleId });
const memberOut = { email: "ada@example.com", firstName: "Ada", lastName: "L", role: "reader", customRoles: ["auditor"], adoptExisting: false, replaceOnNameChange: false, memberId: "m1", pendingInvite: true, verified: false };

describe("explain: member custom roles go by id", () => {
  it("uses the ids the state records for roles that stay, and names roles this up creates", () => {
    const result = plan([
      { op: "same", urn: urn("CustomRole", "auditor"), oldState: state("CustomRole", "auditor", { id: "auditor", outputs: role("auditor", "r-aud") }), newState: state("CustomRole", "auditor", {}) },
      { op: "create", urn: urn("CustomRole", "ops"), newState: state("CustomRole", "ops", { inputs: role("ops", "ignored") }) },
      {
        op: "update",
        urn: urn("Member", "ada"),
        oldState: state("Member", "ada", { id: "m1", outputs: memberOut }),
        newState: state("Member", "ada", { inputs: { ...memberOut, customRoles: ["auditor", "ops"], memberId: undefined } }),
      },
    ]);
    const ada = result.steps.find((s) => s.typeName === "Member")!;
    expect(requestLine(ada.requests[0]!.request)).toBe("PATCH /api/v2/members/m1");
    expect(ada.requests[0]!.request.body).toEqual([{ op: "replace", path: "/customRoles", value: ["r-aud", '<id of CustomRole "ops", known once it is created>'] }]);
    expect(ada.notes.join(" ")).toMatch(/GET \/api\/v2\/roles/);
    expect(summaryLine(result)).toBe("1 create, 1 update, 0 deletes, 2 requests");
  });

  it("a name change without replaceOnNameChange sends nothing and carries the provider's warning", () => {
    const result = plan([
      { op: "update", urn: urn("Member", "ada"), oldState: state("Member", "ada", { id: "m1", outputs: memberOut }), newState: state("Member", "ada", { inputs: { ...memberOut, firstName: "Augusta" } }) },
    ]);
    expect(result.steps[0]!.requests).toEqual([]);
    expect(result.steps[0]!.notes.join(" ")).toMatch(/cannot change names/);
    expect(result.requestRange).toEqual({ min: 0, max: 0 });
  });
});

describe("explain: teams", () => {
  const teamOut = { key: "platform", name: "Platform", customRoleKeys: ["a"], version: 3, memberCount: 2 };

  it("a field the state does not record (newly managed maintainers) needs a live read: says so instead of guessing the body", () => {
    const result = plan([
      { op: "update", urn: urn("Team", "platform"), oldState: state("Team", "platform", { id: "platform", outputs: teamOut }), newState: state("Team", "platform", { inputs: { key: "platform", name: "Platform", customRoleKeys: ["a"], maintainers: ["m1"] } }) },
    ]);
    const planned = result.steps[0]!.requests[0]!;
    expect(requestLine(planned.request)).toBe("PATCH /api/v2/teams/platform?expand=roles,members,maintainers");
    expect(planned.caveat).toMatch(/live maintainers.*GET \/api\/v2\/teams\/platform\?expand=roles,maintainers,roleAttributes/);
  });

  it("a key change replaces create-before-delete", () => {
    const result = plan([
      {
        op: "replace",
        urn: urn("Team", "platform"),
        replaceReasons: ["key"],
        oldState: state("Team", "platform", { id: "platform", outputs: teamOut }),
        newState: state("Team", "platform", { inputs: { key: "platform-eng", name: "Platform" } }),
      },
    ]);
    // The new team is created in place; the old one's DELETE is listed with the deletes, where `up` sends it.
    expect(result.steps.map((step) => [step.replaced ? "delete replaced" : step.op, step.requests.map((r) => requestLine(r.request))])).toEqual([
      ["replace", ["POST /api/v2/teams?expand=roles,members,maintainers"]],
      ["delete replaced", ["DELETE /api/v2/teams/platform"]],
    ]);
    expect(result.counts.replaces).toBe(1);
    expect(result.requestRange).toEqual({ min: 2, max: 2 });
  });
});

describe("explain: team memberships", () => {
  const membership = (teamKey: string, memberId: string, op: "create" | "delete" = "create") => {
    const name = `${teamKey}-${memberId}`;
    const pair = { teamKey, memberId };
    return op === "create"
      ? { op, urn: urn("TeamMembership", name), newState: state("TeamMembership", name, { inputs: pair }) }
      : { op, urn: urn("TeamMembership", name), oldState: state("TeamMembership", name, { id: `${teamKey}/${memberId}`, outputs: pair }) };
  };
  const instructions = (step: { requests: Array<{ request: { body?: unknown } }> }) => step.requests.map((r) => (r.request.body as any).instructions);

  it("additions of one team: its PATCH /teams/{key}; of several: one bulk PATCH /teams, a member joining teams as one product", () => {
    const one = plan([membership("ops", "m1"), membership("ops", "m2")]);
    expect(one.steps.map((s) => s.requests.map((r) => requestLine(r.request)))).toEqual([["PATCH /api/v2/teams/ops?expand=members"]]);

    const several = plan([membership("ops", "m1"), membership("web", "m1"), membership("api", "m1")]);
    expect(several.steps).toHaveLength(1);
    expect(several.steps[0]!.name).toBe("api, ops, web");
    expect(several.steps[0]!.requests.map((r) => requestLine(r.request))).toEqual(["PATCH /api/v2/teams"]);
    expect(several.steps[0]!.requests[0]!.request.apiVersion).toBe("beta");
    expect(instructions(several.steps[0]!)).toEqual([[{ kind: "addMembersToTeams", memberIDs: ["m1"], teamKeys: ["api", "ops", "web"] }]]);
    expect(several.steps[0]!.requestRange).toEqual({ min: 1, max: 3 });
    expect(several.steps[0]!.notes.join(" ")).toMatch(/refuses several instructions.*one instruction per request/);
  });

  it("100 pairs a bulk request; a rest of one team goes as that team's PATCH; removals stay per team", () => {
    const adds = [...Array.from({ length: 60 }, (_, i) => membership("a", `m${i}`)), ...Array.from({ length: 50 }, (_, i) => membership("b", `m${i}`))];
    const result = plan([...adds, membership("c", "m1", "delete"), membership("d", "m2", "delete")]);
    const [add, ...removes] = result.steps;
    expect(add!.requests.map((r) => requestLine(r.request))).toEqual(["PATCH /api/v2/teams", "PATCH /api/v2/teams/b?expand=members"]);
    const first = instructions(add!)[0] as Array<{ memberIDs: string[]; teamKeys: string[] }>;
    expect(first.reduce((n, i) => n + i.memberIDs.length * i.teamKeys.length, 0)).toBe(100);
    expect(instructions(add!)[1]).toEqual([{ kind: "addMembers", values: Array.from({ length: 10 }, (_, i) => `m${40 + i}`) }]);
    // 110 pairs, plus the first bulk request (two instructions) refused where several instructions in one are.
    expect(add!.requestRange).toEqual({ min: 2, max: 111 });
    expect(removes.map((s) => [s.op, s.name, s.requests.map((r) => requestLine(r.request))])).toEqual([
      ["remove-team-members", "c", ["PATCH /api/v2/teams/c"]],
      ["remove-team-members", "d", ["PATCH /api/v2/teams/d"]],
    ]);
  });
});

describe("explain: custom roles", () => {
  it("a resourceCategory change deletes the old role first (same key)", () => {
    const old = { ...role("ops", "r1"), resourceCategory: "organization" };
    const result = plan([
      { op: "replace", urn: urn("CustomRole", "ops"), replaceReasons: ["resourceCategory"], oldState: state("CustomRole", "ops", { id: "ops", outputs: old }), newState: state("CustomRole", "ops", { inputs: { ...role("ops", "x"), resourceCategory: "project" } }) },
    ]);
    expect(result.steps[0]!.requests.map((r) => requestLine(r.request))).toEqual(["DELETE /api/v2/roles/ops", "POST /api/v2/roles"]);
    expect(result.steps[0]!.notes[0]).toMatch(/^Delete before replace/);
  });
});

describe("explain: the preview's shape", () => {
  it("a replace listed with its create-replacement and delete-replaced halves counts once", () => {
    const old = state("TeamMembership", "p-ada", { id: "platform/m1", outputs: { teamKey: "platform", memberId: "m1" } });
    const next = state("TeamMembership", "p-ada", { inputs: { teamKey: "platform", memberId: "m2" } });
    const result = plan([
      { op: "create-replacement", urn: urn("TeamMembership", "p-ada"), oldState: old, newState: next },
      { op: "replace", urn: urn("TeamMembership", "p-ada"), oldState: old, newState: next },
      { op: "delete-replaced", urn: urn("TeamMembership", "p-ada"), oldState: old },
    ]);
    expect(result.counts).toEqual({ creates: 0, updates: 0, deletes: 0, replaces: 1 });
    expect(result.steps.map((s) => [s.op, (s.requests[0]!.request.body as any).instructions])).toEqual([
      ["add-team-members", [{ kind: "addMembers", values: ["m2"] }]],
      ["remove-team-members", [{ kind: "removeMembers", values: ["m1"] }]],
    ]);
  });

  it("an unknown id with several pending dependencies names them all", () => {
    const result = plan([
      { op: "create", urn: urn("Member", "a"), newState: state("Member", "a", { inputs: { email: "a@x.io" } }) },
      { op: "create", urn: urn("Member", "b"), newState: state("Member", "b", { inputs: { email: "b@x.io" } }) },
      {
        op: "create",
        urn: urn("Team", "t"),
        newState: state("Team", "t", { inputs: { key: "t", name: "T", maintainers: [UNKNOWN_VALUE, UNKNOWN_VALUE] }, deps: { maintainers: [urn("Member", "a"), urn("Member", "b")] } }),
      },
    ]);
    const body = result.steps.find((s) => s.typeName === "Team")!.requests[0]!.request.body as any;
    expect(body.permissionGrants[0].memberIDs[0]).toBe('<id of one of Member "a", Member "b", known once created>');
  });

  it("resources of other providers are listed as not explained; the stack is ignored", () => {
    const result = plan([
      { op: "create", urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", newState: { urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", type: "pulumi:pulumi:Stack" } },
      { op: "create", urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b", newState: { urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" } },
    ]);
    expect(result.steps).toEqual([]);
    expect(result.skipped).toEqual([{ urn: "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::b", op: "create", reason: "not a pulumi-launchdarkly-access resource (aws:s3/bucket:Bucket)" }]);
  });

  it("rejects input that is not preview JSON, with a hint", () => {
    expect(() => parsePreviewJson("Previewing update (dev):")).toThrow(/not JSON.*pulumi preview --json/);
    expect(() => parsePreviewJson("{}")).toThrow(/no `steps`/);
  });
});

describe("compactJson", () => {
  it("keeps short values on one line and round-trips", () => {
    const value = { instructions: [{ kind: "addMembers", values: ["a", "b"] }], comment: "x".repeat(90) };
    const text = compactJson(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).toContain('[{"kind":"addMembers","values":["a","b"]}]');
  });
});

describe("the explain command", () => {
  function io(): CliIo & { out: string; err: string } {
    const sink = { out: "", err: "" };
    return Object.assign(sink, {
      stdout: (text: string) => void (sink.out += text),
      stderr: (text: string) => void (sink.err += text),
      env: {},
      cwd: process.cwd(),
      now: () => new Date(0),
    });
  }
  const preview = JSON.stringify({
    steps: [{ op: "delete", urn: urn("Member", "ken"), oldState: state("Member", "ken", { id: "m9", outputs: { email: "ken@x.io" } }) }],
  });

  it("prints Markdown on stdout and the one-line summary on stderr", async () => {
    const out = io();
    expect(await makeExplainCommand(async () => preview).run([], out)).toBe(0);
    expect(out.out).toContain("`DELETE /api/v2/members/m9`");
    expect(out.err).toBe("0 creates, 0 updates, 1 delete, 1 request\n");
  });

  it("--summary prints only the line", async () => {
    const out = io();
    await makeExplainCommand(async () => preview).run(["--summary"], out);
    expect(out.out).toBe("0 creates, 0 updates, 1 delete, 1 request\n");
  });

  it("a failed preview is an error, not an empty plan", async () => {
    const failed = JSON.stringify({ steps: [], diagnostics: [{ severity: "error", message: "program failed" }] });
    await expect(makeExplainCommand(async () => failed).run([], io())).rejects.toThrow(UserFacingError);
  });
});
