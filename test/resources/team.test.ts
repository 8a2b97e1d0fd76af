import { checkInputs } from "../../src/core/resources/common-schemas";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { PartialFailureError } from "../../src/core/resources/partial-failure";
import { createSession, type Session } from "../../src/core/session/session";
import { teamProvider as provider, type TeamOutputs, teamInputSchema } from "../../src/core/resources/team";
import { assertSentBodyMatchesSpec } from "../support/openapi";
import { testEmulatorProfile } from "../support/emulator-profile";

let session: Session;

/** Team through its provider implementation against the loopback emulator, with request counts. */

let emu: Emulator;
let ids: string[];

beforeAll(async () => {
  emu = await startEmulator({ profile: testEmulatorProfile() });
});
afterAll(async () => {
  await emu?.close();
});
beforeEach(() => {
  emu.store.reset();
  for (const key of ["reader", "writer", "deployer", "auditor"]) emu.store.addRole({ key, name: key });
  ids = ["ada", "grace", "linus", "barbara", "ken"].map((name) => emu.store.addMember({ email: `${name}@example.com` })._id);
  session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
  // As the Member resources of the same `up` do when they are written: maintainers' emails cost no request then.
  for (const [i, name] of ["ada", "grace", "linus", "barbara", "ken"].entries()) session.memberDirectory.remember(ids[i]!, `${name}@example.com`);
  emu.options.unknownTeamRoleKeys = "reject";
  emu.resetRequestLog();
});

function sent(): string[] {
  return emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

function assertSentBodiesMatchSpec() {
  for (const r of emu.requests.filter((entry) => entry.body !== undefined)) {
    assertSentBodyMatchesSpec(r);
  }
}

/** The inputs' shape only: the program-level checks (references, duplicates, taken keys) are in test/resources/program-checks.test.ts. */
async function checked(news: Record<string, unknown>) {
  const result = checkInputs(teamInputSchema, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, any>;
}

/** Create, then start the request log afresh. */
async function created(news: Record<string, unknown>) {
  const inputs = await checked(news);
  const result = await provider.create(session, inputs);
  emu.resetRequestLog();
  return { inputs, outs: result.outs as TeamOutputs };
}

/** diff + update as the engine would run them; returns the PATCH body sent (if any). */
async function converge(olds: TeamOutputs, news: Record<string, unknown>) {
  const inputs = await checked(news);
  const diff = await provider.diff(session, olds.key, olds, inputs);
  expect(diff.replaces).toEqual([]);
  const result = await provider.update(session, olds.key, olds, inputs);
  return { diff, outs: result.outs as TeamOutputs, patches: emu.requests.filter((r) => r.method === "PATCH") };
}

const COMMENT = "Updated by Pulumi (pulumi-launchdarkly-access)";

describe("Team lifecycle", () => {
  it("creates with everything in ONE request", async () => {
    const inputs = await checked({
      key: "platform",
      name: "Platform",
      description: "Builds the platform",
      customRoleKeys: ["writer", "reader"],
      maintainers: [ids[0]],
      roleAttributes: { projects: ["web", "checkout"] },
      memberIds: [ids[1], ids[0]],
    });
    const result = await provider.create(session, inputs);
    expect(sent()).toEqual(["POST /api/v2/teams 201"]);
    expect(emu.requests[0]!.body).toEqual({
      key: "platform",
      name: "Platform",
      description: "Builds the platform",
      customRoleKeys: ["reader", "writer"],
      memberIDs: [ids[0], ids[1]].sort(),
      permissionGrants: [{ actionSet: "maintainTeam", memberIDs: [ids[0]] }],
      roleAttributes: { projects: ["checkout", "web"] },
    });
    assertSentBodiesMatchSpec();
    expect(result.id).toBe("platform");
    expect(result.outs).toEqual({ ...inputs, maintainerEmails: ["ada@example.com"] });
    const team = emu.store.teams.get("platform")!;
    expect(new Set(team.memberIds)).toEqual(new Set([ids[0], ids[1]]));
    expect(emu.store.maintainerIds(team)).toEqual([ids[0]]);
  });

  it("reads with one request, or two when it manages the member list; 404 → gone", async () => {
    const { inputs, outs } = await created({ key: "platform", name: "Platform", customRoleKeys: ["reader"], maintainers: [ids[0]] });
    const read = await provider.read(session, "platform", outs);
    expect(sent()).toEqual(["GET /api/v2/teams/platform 200"]);
    expect(emu.requests[0]!.query.expand).toBe("roles,maintainers,roleAttributes,members");
    expect(read).toEqual({ id: "platform", props: outs, inputs: { key: inputs.key, name: inputs.name, customRoleKeys: ["reader"], maintainers: [ids[0]] } });

    const managed = await created({ key: "core", name: "Core", memberIds: [ids[2]] });
    const readManaged = await provider.read(session, "core", managed.outs);
    expect(sent()).toEqual(["GET /api/v2/teams/core 200", "GET /api/v2/members 200"]);
    expect(emu.requests[1]!.query.filter).toBe("team:core");
    expect(readManaged.props).toEqual(managed.outs);

    emu.store.teams.delete("platform");
    emu.resetRequestLog();
    expect(await provider.read(session, "platform", outs)).toEqual({ id: "", props: {} });
    expect(sent()).toEqual(["GET /api/v2/teams/platform 404"]);
  });

  it("sends nothing when nothing changed", async () => {
    const { outs } = await created({ key: "platform", name: "Platform", customRoleKeys: ["reader"], roleAttributes: { a: ["1"] }, memberIds: [ids[0]] });
    const { diff, outs: after } = await converge(outs, { key: "platform", name: "Platform", customRoleKeys: ["reader", "reader"], roleAttributes: { a: ["1"] }, memberIds: [ids[0]] });
    expect(diff.changes).toBe(false);
    expect(emu.requests).toHaveLength(0);
    expect(after).toEqual(outs);
  });

  it.each([
    {
      change: "name and description",
      from: { description: "old" },
      to: { name: "Core", description: "new" },
      instructions: [
        { kind: "updateName", value: "Core" },
        { kind: "updateDescription", value: "new" },
      ],
    },
    {
      change: "custom roles",
      from: { customRoleKeys: ["reader", "writer"] },
      to: { customRoleKeys: ["writer", "deployer"] },
      instructions: [
        { kind: "removeCustomRoles", values: ["reader"] },
        { kind: "addCustomRoles", values: ["deployer"] },
      ],
    },
    {
      change: "maintainers",
      from: { maintainers: [0] },
      to: { maintainers: [1] },
      instructions: [
        { kind: "removePermissionGrants", actionSet: "maintainTeam", memberIDs: [0] },
        { kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: [1] },
      ],
    },
    {
      change: "members by add/remove",
      from: { memberIds: [0, 1, 2] },
      to: { memberIds: [0, 1, 3] },
      instructions: [
        { kind: "removeMembers", values: [2] },
        { kind: "addMembers", values: [3] },
      ],
    },
    {
      change: "members by replace",
      from: { memberIds: [0, 1, 2] },
      to: { memberIds: [4] },
      instructions: [{ kind: "replaceMembers", values: [4] }],
    },
    {
      change: "one role attribute added, one updated",
      from: { roleAttributes: { projects: ["web", "checkout", "api"], regions: ["eu"] } },
      to: { roleAttributes: { projects: ["web", "checkout", "api"], regions: ["eu", "us"], teams: ["x"] } },
      instructions: [
        { kind: "updateRoleAttribute", key: "regions", values: ["eu", "us"] },
        { kind: "addRoleAttribute", key: "teams", values: ["x"] },
      ],
    },
    {
      change: "one role attribute removed",
      from: { roleAttributes: { projects: ["web", "checkout"], regions: ["eu"] } },
      to: { roleAttributes: { projects: ["web", "checkout"] } },
      instructions: [{ kind: "removeRoleAttribute", key: "regions" }],
    },
    {
      change: "role attributes replaced",
      from: { roleAttributes: { projects: ["web", "checkout"], regions: ["eu", "us"] } },
      to: { roleAttributes: { owners: ["x"] } },
      instructions: [{ kind: "replaceRoleAttributes", value: { owners: ["x"] } }],
    },
  ])("changes $change with exactly one PATCH", async ({ from, to, instructions }) => {
    const withIds = (value: unknown): unknown =>
      Array.isArray(value) ? value.map((v) => (typeof v === "number" ? ids[v] : v)).sort() : value;
    const resolve = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === "memberIds" || k === "maintainers" ? withIds(v) : v]));
    const { outs } = await created({ key: "platform", name: "Platform", ...resolve(from) });
    const { diff, outs: after, patches } = await converge(outs, { key: "platform", name: "Platform", ...resolve(from), ...resolve(to) });
    expect(diff.changes).toBe(true);
    expect(sent()).toEqual(["PATCH /api/v2/teams/platform 200"]);
    const expected = instructions.map((instruction) =>
      Object.fromEntries(Object.entries(instruction).map(([k, v]) => [k, k === "values" || k === "memberIDs" ? withIds(v) : v])),
    );
    expect(patches[0]!.body).toEqual({ comment: COMMENT, instructions: expected });
    expect(patches[0]!.contentType).toContain("domain-model=launchdarkly.semanticpatch");
    assertSentBodiesMatchSpec();

    // The team now is what the program says: a refresh shows no drift and the next diff no change.
    emu.resetRequestLog();
    const read = await provider.read(session, "platform", after);
    expect(read.props).toEqual(after);
    expect((await provider.diff(session, "platform", read.props as TeamOutputs, await checked({ key: "platform", name: "Platform", ...resolve(from), ...resolve(to) }))).changes).toBe(false);
  });

  it("shows drift after a refresh and repairs it with one PATCH", async () => {
    const desired = { key: "platform", name: "Platform", customRoleKeys: ["reader"], maintainers: [ids[0]], memberIds: [ids[1]] };
    const { outs } = await created(desired);
    const team = emu.store.teams.get("platform")!;
    emu.store.commitTeam("platform", {
      ...team,
      name: "Renamed in the UI",
      customRoleKeys: ["reader", "auditor"],
      memberIds: [ids[1], ids[2]],
      permissionGrants: [],
    });

    const read = await provider.read(session, "platform", outs);
    expect(read.props).toMatchObject({ name: "Renamed in the UI", customRoleKeys: ["auditor", "reader"], maintainers: [], memberIds: [ids[1], ids[2]].sort() });
    emu.resetRequestLog();
    const { diff, patches } = await converge(read.props as TeamOutputs, desired);
    expect(diff.changes).toBe(true);
    expect(sent()).toEqual(["PATCH /api/v2/teams/platform 200"]);
    expect(patches[0]!.body).toEqual({
      comment: COMMENT,
      instructions: [
        { kind: "updateName", value: "Platform" },
        { kind: "removeCustomRoles", values: ["auditor"] },
        { kind: "removeMembers", values: [ids[2]] },
        { kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: [ids[0]] },
      ],
    });
    const repaired = emu.store.teams.get("platform")!;
    expect(repaired.name).toBe("Platform");
    expect(repaired.customRoleKeys).toEqual(["reader"]);
    expect(repaired.memberIds).toEqual([ids[1]]);
    expect(emu.store.maintainerIds(repaired)).toEqual([ids[0]]);
  });

  it("reads roles and members it starts to manage before patching (no replace instruction for roles)", async () => {
    const { outs } = await created({ key: "platform", name: "Platform" });
    emu.store.addTeamMembers("platform", [ids[3]]);
    const team = emu.store.teams.get("platform")!;
    emu.store.commitTeam("platform", { ...team, customRoleKeys: ["auditor"] });
    emu.resetRequestLog();
    await converge(outs, { key: "platform", name: "Platform", customRoleKeys: ["reader"], memberIds: [ids[0]] });
    expect(sent()).toEqual(["GET /api/v2/teams/platform 200", "PATCH /api/v2/teams/platform 200"]);
    const after = emu.store.teams.get("platform")!;
    expect(after.customRoleKeys).toEqual(["reader"]);
    expect(after.memberIds).toEqual([ids[0]]);
  });

  it("pages roles and maintainers only when the embedded lists are truncated (>25)", async () => {
    const roleKeys = Array.from({ length: 30 }, (_, i) => `role-${String(i).padStart(2, "0")}`);
    for (const key of roleKeys) emu.store.addRole({ key, name: key });
    const maintainers = Array.from({ length: 30 }, (_, i) => emu.store.addMember({ email: `m${i}@example.com` })._id).sort();
    const inputs = await checked({ key: "big", name: "Big", customRoleKeys: roleKeys, maintainers });
    const result = await provider.create(session, inputs);
    // The create response's role count proves all 30 keys were kept: no verification request. The response
    // embeds 25 maintainers, so their emails (an output) take one maintainers listing.
    expect(sent()).toEqual(["POST /api/v2/teams 201", "GET /api/v2/teams/big/maintainers 200"]);
    expect((result.outs as TeamOutputs).maintainerEmails).toHaveLength(30);
    emu.resetRequestLog();

    const read = await provider.read(session, "big", result.outs);
    expect(sent().sort()).toEqual(["GET /api/v2/teams/big 200", "GET /api/v2/teams/big/maintainers 200", "GET /api/v2/teams/big/roles 200"]);
    expect(read.props).toEqual(result.outs);
    expect((read.props as TeamOutputs).customRoleKeys).toHaveLength(30);
    expect((read.props as TeamOutputs).maintainers).toHaveLength(30);
  });

  it("adopts the team when the create response was lost, and refuses a key that already exists", async () => {
    emu.setFaults([{ kind: "reset-after", method: "POST", path: "/api/v2/teams", count: 1 }]);
    const inputs = await checked({ key: "platform", name: "Platform", customRoleKeys: ["reader"], memberIds: [ids[0]] });
    const result = await provider.create(session, inputs);
    expect(result.outs).toEqual(inputs);
    expect(sent()).toEqual(["POST /api/v2/teams 0", "GET /api/v2/teams/platform 200", "GET /api/v2/members 200"]);
    expect(emu.store.teams.get("platform")!.customRoleKeys).toEqual(["reader"]);

    emu.setFaults([]);
    await expect(provider.create(session, await checked({ key: "platform", name: "Other" }))).rejects.toThrow(/team with key "platform" already exists/);
  });

  it("adoptExisting takes over a team created elsewhere: one GET (no failed POST), one PATCH of only the fields set, nothing removed", async () => {
    emu.store.addTeam({ key: "legacy", name: "Legacy name", description: "kept", customRoleKeys: ["auditor"] });
    emu.store.addTeamMembers("legacy", [ids[3]!]);
    emu.resetRequestLog();
    const inputs = await checked({ key: "legacy", name: "Legacy", customRoleKeys: ["auditor", "deployer"], adoptExisting: true });
    const result = await provider.create(session, inputs);
    expect(result.id).toBe("legacy");
    expect(sent()).toEqual(["GET /api/v2/teams/legacy 200", "PATCH /api/v2/teams/legacy 200"]);
    const patch = emu.requests.find((r) => r.method === "PATCH")!.body as any;
    expect(patch.instructions).toEqual([
      { kind: "updateName", value: "Legacy" },
      { kind: "addCustomRoles", values: ["deployer"] },
    ]);
    const team = emu.store.teams.get("legacy")!;
    expect(team.description).toBe("kept");
    expect([...team.customRoleKeys].sort()).toEqual(["auditor", "deployer"]);
    expect(JSON.stringify(emu.store.snapshot())).toContain(ids[3]!);
    expect((result.outs as any).adoptExisting).toBe(true);
  });

  it("without adoptExisting, an existing key fails with an error naming adoptExisting, and changes nothing", async () => {
    emu.store.addTeam({ key: "legacy", name: "Legacy name" });
    emu.resetRequestLog();
    await expect(provider.create(session, await checked({ key: "legacy", name: "Mine" }))).rejects.toThrow(/adoptExisting: true/);
    // LaunchDarkly documents no status for a taken key: 409 or 400, per the profile's duplicateTeamKeyStatus.
    expect(emu.requests.filter((r) => r.method !== "GET").map((r) => r.status)).toEqual([emu.options.duplicateTeamKeyStatus]);
    expect(emu.store.teams.get("legacy")!.name).toBe("Legacy name");
  });

  it("deletes a team with members: 409, then one PATCH emptying it, then delete", async () => {
    const { outs } = await created({ key: "platform", name: "Platform", maintainers: [ids[4]] });
    emu.store.addTeamMembers("platform", [ids[0], ids[1]]);
    emu.resetRequestLog();
    await provider.delete(session, "platform", outs);
    expect(sent()).toEqual([
      "DELETE /api/v2/teams/platform 409",
      "GET /api/v2/members 200",
      "GET /api/v2/teams/platform 200",
      "PATCH /api/v2/teams/platform 200",
      "DELETE /api/v2/teams/platform 204",
    ]);
    expect(emu.requests[3]!.body).toMatchObject({
      instructions: [
        { kind: "removeMembers", values: [ids[0], ids[1]].sort() },
        { kind: "removePermissionGrants", actionSet: "maintainTeam", memberIDs: [ids[4]] },
      ],
    });
    expect(emu.store.teams.has("platform")).toBe(false);
  });

  it("deletes a team whose members left between its 409 and the listing: no PATCH, the delete is tried again", async () => {
    // After `pulumi import` nothing orders a Team's delete after its TeamMemberships': their removals can land
    // between LaunchDarkly's 409 and the provider's listing, which then finds nothing left to empty.
    const { outs } = await created({ key: "platform", name: "Platform" });
    emu.setFaults([{ kind: "409-optimistic", method: "DELETE", path: "/api/v2/teams/platform", count: 1 }]);
    try {
      await provider.delete(session, "platform", outs);
    } finally {
      emu.setFaults([]);
    }
    const writes = sent().filter((line) => !line.startsWith("GET "));
    expect(writes).toEqual(["DELETE /api/v2/teams/platform 409", "DELETE /api/v2/teams/platform 204"]);
    expect(emu.store.teams.has("platform")).toBe(false);
  });

  it("deletes an empty team with one request; an already deleted team is success", async () => {
    const { outs } = await created({ key: "platform", name: "Platform" });
    await provider.delete(session, "platform", outs);
    expect(sent()).toEqual(["DELETE /api/v2/teams/platform 204"]);
    emu.resetRequestLog();
    await provider.delete(session, "platform", outs);
    expect(sent()).toEqual(["DELETE /api/v2/teams/platform 404"]);
  });
});

describe("Team with unknown custom role keys", () => {
  it("fails create with the API's 400 when LaunchDarkly rejects them", async () => {
    const inputs = await checked({ key: "platform", name: "Platform", customRoleKeys: ["reader", "no-such-role"] });
    await expect(provider.create(session, inputs)).rejects.toThrow(/no-such-role/);
    expect(emu.store.teams.has("platform")).toBe(false);
  });

  it("when LaunchDarkly drops them silently, keeps the created team and names the missing keys", async () => {
    emu.options.unknownTeamRoleKeys = "drop";
    const inputs = await checked({ key: "platform", name: "Platform", customRoleKeys: ["reader", "no-such-role"] });
    const failure = await provider.create(session, inputs).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PartialFailureError);
    expect((failure as PartialFailureError).id).toBe("platform");
    expect((failure as PartialFailureError).message).toMatch(/"no-such-role"/);
    expect((failure as PartialFailureError).message).not.toMatch(/"reader"/);
    expect((failure as PartialFailureError).properties).toMatchObject({ customRoleKeys: ["reader"] });
    // The POST response (roles embedded, not truncated) was proof enough: no extra request.
    expect(sent()).toEqual(["POST /api/v2/teams 201"]);
  });

  it("when an update's new role is dropped, fails naming it", async () => {
    // The emulator fixes PATCH's unknown-role behaviour at start, so this case gets its own instance.
    const dropping = await startEmulator({ profile: testEmulatorProfile(), options: { unknownTeamRoleKeys: "drop" } });
    try {
      dropping.store.addRole({ key: "reader", name: "reader" });
      session = createSession({ accessToken: dropping.token, apiHost: dropping.url, requestTimeoutMs: 5000, operationTimeoutMs: 5000 });
      const created = await provider.create(session, await checked({ key: "platform", name: "Platform", customRoleKeys: ["reader"] }));
      dropping.resetRequestLog();
      const inputs = await checked({ key: "platform", name: "Platform", customRoleKeys: ["reader", "typo-role"] });
      await expect(provider.update(session, "platform", created.outs, inputs)).rejects.toThrow(/did not receive custom role\(s\) "typo-role"/);
      expect(dropping.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(["PATCH /api/v2/teams/platform 200"]);
    } finally {
      await dropping.close();
    }
  });
});
