import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorProfile, type FaultRule } from "../../src/emulator";
import { createSession, type Session } from "../../src/core/session/session";
import { checkInputs } from "../../src/core/resources/common-schemas";
import { customRoleInputSchema, customRoleProvider } from "../../src/core/resources/custom-role";
import { memberInputSchema, memberProvider } from "../../src/core/resources/member";
import { teamInputSchema, teamProvider } from "../../src/core/resources/team";
import { patchMember } from "../../src/core/api/members";
import type { ResourceProviderImpl } from "../../src/core/resources/resource-provider";
import { testEmulatorProfile } from "../support/emulator-profile";

let session: Session;

/**
 * Open questions 3 (null in responses), 4 (documented expands only), 7 (409 optimistic_locking_error),
 * 8 (resourceCategory immutable) and 9 (a lost create must not take over a stranger), through the resource
 * providers in process, under the adverse setting of each switch and under both profiles.
 */

let emu: Emulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function emulator(setup: { profile?: EmulatorProfile; options?: Partial<EmulatorOptions>; faults?: FaultRule[] } = {}): Promise<Emulator> {
  // The suite's profile (LD_EMULATOR_PROFILE) unless the test names one; single switches override either.
  emu = await startEmulator({ profile: testEmulatorProfile(), ...setup });
  session = createSession({ accessToken: emu.token, apiHost: emu.url, requestTimeoutMs: 5000, operationTimeoutMs: 10_000 });
  return emu;
}

function calls(target: Emulator): string[] {
  return target.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The inputs' shape only: the program-level checks (taken keys, references) are in test/resources/program-checks.test.ts. */
async function checked(provider: ResourceProviderImpl, news: Record<string, unknown>) {
  const schema = provider === memberProvider ? memberInputSchema : provider === teamProvider ? teamInputSchema : customRoleInputSchema;
  const result = checkInputs(schema as typeof memberInputSchema, news);
  expect(result.failures).toBeUndefined();
  return result.inputs as Record<string, unknown>;
}

const policy = [{ effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["updateOn"] }];
const PROFILES: EmulatorProfile[] = ["strict", "lenient"];

describe("3. null in responses (nulls: true)", () => {
  it("creates and reads members, teams and roles whose responses carry null, with no drift", async () => {
    const e = await emulator({ options: { nulls: true } });
    const memberInputs = await checked(memberProvider, { email: "nul@example.com" });
    const member = await memberProvider.create(session, memberInputs);
    expect(e.store.members.has(member.id)).toBe(true);
    const memberRead = await memberProvider.read(session, member.id, member.outs);
    expect(memberRead.props).toMatchObject(member.outs);
    expect(memberRead.props).not.toHaveProperty("firstName");
    expect((await memberProvider.diff(session, member.id, memberRead.props!, memberInputs)).changes).toBe(false);

    const teamInputs = await checked(teamProvider, { key: "nulls", name: "Nulls" });
    const team = await teamProvider.create(session, teamInputs);
    const teamRead = await teamProvider.read(session, team.id, team.outs);
    expect((await teamProvider.diff(session, team.id, teamRead.props!, teamInputs)).changes).toBe(false);

    const roleInputs = await checked(customRoleProvider, { key: "nulls", name: "Nulls", policy });
    const role = await customRoleProvider.create(session, roleInputs);
    const roleRead = await customRoleProvider.read(session, role.id, role.outs);
    expect(roleRead.props).toEqual(role.outs);
    expect((await customRoleProvider.diff(session, role.id, roleRead.props!, roleInputs)).changes).toBe(false);
    expect(e.requests.filter((r) => r.status >= 300)).toEqual([]);
  });

  it("regression: a 2xx create whose body cannot be read is recovered by lookup, never orphaned", async () => {
    const e = await emulator({
      options: { nulls: true },
      faults: [
        { kind: "garble-after", method: "POST", path: "/api/v2/roles", count: 1 },
        { kind: "garble-after", method: "POST", path: "/api/v2/teams", count: 1 },
        { kind: "garble-after", method: "POST", path: "/api/v2/members", count: 1 },
      ],
    });
    const role = await customRoleProvider.create(session, await checked(customRoleProvider, { key: "garbled", name: "G", policy }));
    expect(role.outs).toMatchObject({ key: "garbled", roleId: e.store.roles.get("garbled")!._id });
    const team = await teamProvider.create(session, await checked(teamProvider, { key: "garbled", name: "G", customRoleKeys: ["garbled"] }));
    expect(team.id).toBe("garbled");
    const member = await memberProvider.create(session, await checked(memberProvider, { email: "garbled@example.com", customRoles: ["garbled"] }));
    expect(member.id).toBe(e.store.memberByEmail("garbled@example.com")!._id);
    // One create each, one lookup each (the role catalog is read once to compare the member's roles), no resend.
    // Under a profile that refuses `limit=100` for roles, that first role listing starts with the one refused page size.
    const refusedPageSize = e.options.limitAboveCap === "reject" && e.options.rolePageCap < 100;
    expect(calls(e)).toEqual([
      "POST /api/v2/roles 201",
      "GET /api/v2/roles/garbled 200",
      "POST /api/v2/teams 201",
      "GET /api/v2/teams/garbled 200",
      "POST /api/v2/members 201",
      "GET /api/v2/members 200",
      ...(refusedPageSize ? ["GET /api/v2/roles 400"] : []),
      "GET /api/v2/roles 200",
    ]);
  });
});

describe("4. only documented expand values (undocumentedQueryValues: reject)", () => {
  it.each(PROFILES)("%s: creates and updates a team sending only postTeam/patchTeam expands, at the same request cost", async (profile) => {
    const e = await emulator({ profile, options: { undocumentedQueryValues: profile === "strict" ? "reject" : "ignore" } });
    e.store.addRole({ key: "dev" });
    const inputs = await checked(teamProvider, { key: "platform", name: "Platform", customRoleKeys: ["dev"], roleAttributes: { env: ["prod"] } });
    const created = await teamProvider.create(session, inputs);
    const renamed = await checked(teamProvider, { ...inputs, name: "Platform team", roleAttributes: { env: ["prod", "stg"] } });
    await teamProvider.update(session, created.id, created.outs, renamed);
    const read = await teamProvider.read(session, created.id, created.outs);
    expect(read.props).toMatchObject({ name: "Platform team", roleAttributes: { env: ["prod", "stg"] } });
    expect(e.requests.map((r) => `${r.method} ${r.path}?expand=${r.query.expand} ${r.status}`)).toEqual([
      "POST /api/v2/teams?expand=roles,members,maintainers 201",
      "PATCH /api/v2/teams/platform?expand=roles,members,maintainers 200",
      "GET /api/v2/teams/platform?expand=roles,maintainers,roleAttributes,members 200",
    ]);
  });
});

describe("7. 409 optimistic_locking_error on PATCH", () => {
  it("regression: one 409 no longer fails a member update: the PATCH is sent again after a backoff", async () => {
    const e = await emulator({ profile: "strict" });
    const created = await memberProvider.create(session, await checked(memberProvider, { email: "lock@example.com", role: "reader" }));
    e.setFaults([{ kind: "409-optimistic", method: "PATCH", path: "/api/v2/members/*", count: 1 }]);
    e.resetRequestLog();
    const updated = await memberProvider.update(session, created.id, created.outs, await checked(memberProvider, { email: "lock@example.com", role: "writer" }));
    expect(updated.outs).toMatchObject({ role: "writer" });
    expect(e.store.members.get(created.id)!.role).toBe("writer");
    expect(calls(e)).toEqual([`PATCH /api/v2/members/${created.id} 409`, `PATCH /api/v2/members/${created.id} 200`]);
  });

  it("also retries a team semantic patch and a role patch; gives up after the transient bound", async () => {
    const e = await emulator({ profile: "strict" });
    e.store.addTeam({ key: "core", name: "Core" });
    const role = await customRoleProvider.create(session, await checked(customRoleProvider, { key: "r", name: "R", policy }));
    e.setFaults([{ kind: "409-optimistic", method: "PATCH", count: 2 }]);
    await customRoleProvider.update(session, role.id, role.outs, await checked(customRoleProvider, { key: "r", name: "R2", policy }));
    expect(e.store.roles.get("r")!.name).toBe("R2");

    e.setFaults([{ kind: "409-optimistic", method: "PATCH" }]);
    e.resetRequestLog();
    await expect(customRoleProvider.update(session, role.id, role.outs, await checked(customRoleProvider, { key: "r", name: "R3", policy }))).rejects.toThrow(
      /409 optimistic_locking_error/,
    );
    expect(e.requests).toHaveLength(6);
  });

  it("a failed JSON Patch test op (409 optimistic_locking_error under jsonPatchTestFailureStatus 409) is not retried", async () => {
    const e = await emulator({ options: { jsonPatchTestFailureStatus: 409 } });
    const member = e.store.addMember({ email: "t@example.com", role: "reader" });
    await expect(
      patchMember(session.client, member._id, [{ op: "test", path: "/role", value: "admin" }, { op: "replace", path: "/role", value: "writer" }]),
    ).rejects.toMatchObject({ status: 409, code: "optimistic_locking_error" });
    expect(calls(e)).toEqual([`PATCH /api/v2/members/${member._id} 409`]);
  });
});

describe("8. resourceCategory is immutable", () => {
  it.each(PROFILES)("%s: setting a category on a role that has none is a replace; no PATCH of /resourceCategory is ever sent", async (profile) => {
    const e = await emulator({ profile });
    const inputs = await checked(customRoleProvider, { key: "cat", name: "C", policy });
    const created = await customRoleProvider.create(session, inputs);
    const categorized = await checked(customRoleProvider, { ...inputs, resourceCategory: "project" });
    expect(await customRoleProvider.diff(session, created.id, created.outs, categorized)).toEqual({ changes: true, replaces: ["resourceCategory"], deleteBeforeReplace: true });
    // The engine replaces: delete first (same key), then create.
    await customRoleProvider.delete(session, created.id, created.outs);
    const replaced = await customRoleProvider.create(session, categorized);
    expect(replaced.outs).toMatchObject({ resourceCategory: "project" });
    expect(e.store.roles.get("cat")!.resourceCategory).toBe("project");
    expect(e.requests.filter((r) => r.method === "PATCH")).toEqual([]);
  });

  it("strict emulator (resourceCategoryPatch: reject): refuses to adopt a role without a category into a program that sets one", async () => {
    const e = await emulator({ options: { resourceCategoryPatch: "reject" } });
    e.store.addRole({ key: "legacy" });
    await expect(
      customRoleProvider.create(session, await checked(customRoleProvider, { key: "legacy", name: "L", policy, resourceCategory: "organization", adoptExisting: true })),
    ).rejects.toThrow(/has no resourceCategory, which cannot change after creation.*Leave resourceCategory unset/);
    expect(e.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });
});

describe("9. recovering a lost create does not take over a stranger", () => {
  // The injected 500 answers before the emulator's handler runs, so the POST itself never sees the stranger:
  // to the provider it is an object that appeared between its lost create and the recovery's lookup.
  const lostPost = (path: string): FaultRule[] => [{ kind: "500", method: "POST", path, count: 1 }];

  it.each(PROFILES)("%s: team: a stranger with the key → the adoptExisting error, nothing written", async (profile) => {
    const e = await emulator({ profile, faults: lostPost("/api/v2/teams") });
    e.store.addTeam({ key: "platform", name: "Someone else's team" });
    await expect(teamProvider.create(session, await checked(teamProvider, { key: "platform", name: "Platform" }))).rejects.toThrow(
      /a team with key "platform" already exists.*adoptExisting: true/s,
    );
    expect(calls(e)).toEqual(["POST /api/v2/teams 500", "GET /api/v2/teams/platform 200"]);
    expect(e.store.teams.get("platform")!.name).toBe("Someone else's team");
  });

  it.each(PROFILES)("%s: role: a stranger with the key → the adoptExisting error, nothing written", async (profile) => {
    const e = await emulator({ profile, faults: lostPost("/api/v2/roles") });
    e.store.addRole({ key: "deployer", name: "Deployer", policy: [{ effect: "allow", resources: ["*"], actions: ["*"] }] });
    await expect(customRoleProvider.create(session, await checked(customRoleProvider, { key: "deployer", name: "Deployer", policy }))).rejects.toThrow(
      /a custom role with key "deployer" already exists.*adoptExisting: true/s,
    );
    expect(calls(e)).toEqual(["POST /api/v2/roles 500", "GET /api/v2/roles/deployer 200"]);
  });

  it.each(PROFILES)("%s: member: a stranger invited with the email → the adoptExisting error, nothing written", async (profile) => {
    const e = await emulator({ profile, faults: lostPost("/api/v2/members") });
    e.store.addMember({ email: "ada@example.com", role: "admin" });
    await expect(memberProvider.create(session, await checked(memberProvider, { email: "ada@example.com", role: "reader" }))).rejects.toThrow(
      /ada@example.com is already a member.*adoptExisting: true/s,
    );
    expect(e.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.status}`)).toEqual(["POST 500"]);
    expect(e.store.memberByEmail("ada@example.com")!.role).toBe("admin");
  });

  it("a lost create that did land is ours: adopted without adoptExisting and without another write", async () => {
    const e = await emulator({ profile: "strict", faults: [{ kind: "reset-after", method: "POST", path: "/api/v2/teams", count: 1 }] });
    e.store.addRole({ key: "dev" });
    const created = await teamProvider.create(session, await checked(teamProvider, { key: "platform", name: "Platform", description: "d", customRoleKeys: ["dev"] }));
    expect(created.outs).toMatchObject({ key: "platform", customRoleKeys: ["dev"] });
    expect(calls(e)).toEqual(["POST /api/v2/teams 0", "GET /api/v2/teams/platform 200"]);
  });

  it("with adoptExisting: true a stranger found by the recovery is adopted and converged", async () => {
    const e = await emulator({ profile: "strict", faults: lostPost("/api/v2/teams") });
    e.store.addTeam({ key: "platform", name: "Someone else's team" });
    const created = await teamProvider.create(session, await checked(teamProvider, { key: "platform", name: "Platform", adoptExisting: true }));
    expect(created.id).toBe("platform");
    expect(e.store.teams.get("platform")!.name).toBe("Platform");
  });
});
