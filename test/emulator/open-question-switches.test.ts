import { describe, expect, test } from "vitest";
import { DOCUMENTED_EXPAND_VALUES } from "../../src/emulator/documented-query-values";
import { SEMANTIC_PATCH, useEmulators } from "./emulator-fixture";

/** Emulator switches nulls, undocumentedQueryValues, resourceCategoryPatch, inviteInvalidEmails and the faults 409-optimistic and garble-after. */

const start = useEmulators();

describe("nulls: absent optional fields", () => {
  test("true → sent as null in member, member summary, team and role representations", async () => {
    const { emu, call } = await start({ options: { nulls: true } });
    const member = emu.store.addMember({ email: "a@example.com" });
    emu.store.addRole({ key: "plain" });
    emu.store.addTeam({ key: "core", name: "Core" });
    emu.store.commitTeam("core", { ...emu.store.teams.get("core")!, permissionGrants: [{ actionSet: "maintainTeam", memberIds: [member._id] }] });

    const got = (await call("GET", `/api/v2/members/${member._id}`)).body;
    expect(got).toMatchObject({ _id: member._id, firstName: null, lastName: null, roleAttributes: null });
    const role = (await call("GET", "/api/v2/roles/plain")).body;
    expect(role).toMatchObject({ key: "plain", description: null, resourceCategory: null });
    const team = (await call("GET", "/api/v2/teams/core?expand=maintainers")).body;
    expect(team).toMatchObject({ key: "core", description: null, roleAttributes: null, members: null, roles: null });
    expect(team.maintainers.items[0]).toMatchObject({ _id: member._id, firstName: null, lastName: null });
    // Present fields are unchanged.
    expect((await call("GET", `/api/v2/members/${member._id}?expand=roleAttributes`)).body.roleAttributes).toEqual({});
  });

  test("false → absent optional fields are left out", async () => {
    const { emu, call } = await start({ options: { nulls: false } });
    const member = emu.store.addMember({ email: "a@example.com" });
    emu.store.addRole({ key: "plain" });
    emu.store.addTeam({ key: "core", name: "Core" });
    const got = (await call("GET", `/api/v2/members/${member._id}`)).body;
    expect(got).not.toHaveProperty("firstName");
    expect(got).not.toHaveProperty("roleAttributes");
    expect((await call("GET", "/api/v2/roles/plain")).body).not.toHaveProperty("description");
    expect((await call("GET", "/api/v2/teams/core")).body).not.toHaveProperty("description");
  });
});

describe("undocumentedQueryValues", () => {
  test('"reject": an expand value the operation does not document is a 400 and nothing is written', async () => {
    const { emu, call } = await start({ options: { undocumentedQueryValues: "reject" } });
    emu.store.addTeam({ key: "core", name: "Core" });
    const created = await call("POST", "/api/v2/teams?expand=members,roleAttributes", { body: { key: "new", name: "New" } });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ code: "invalid_request", message: expect.stringContaining("roleAttributes") });
    expect(emu.store.teams.has("new")).toBe(false);

    const patched = await call("PATCH", "/api/v2/teams/core?expand=roleAttributes", {
      body: { instructions: [{ kind: "updateName", value: "Renamed" }] },
      headers: { "Content-Type": SEMANTIC_PATCH },
    });
    expect(patched.status).toBe(400);
    expect(emu.store.teams.get("core")!.name).toBe("Core");

    // Operations that document no expand at all.
    expect((await call("GET", "/api/v2/roles?expand=assignedTo")).status).toBe(400);
    expect((await call("GET", "/api/v2/teams/core/roles?expand=roles")).status).toBe(400);

    // Documented values pass.
    expect((await call("POST", "/api/v2/teams?expand=members,roles,maintainers,projects", { body: { key: "new", name: "New" } })).status).toBe(201);
    expect((await call("GET", "/api/v2/teams/core?expand=members,roles,roleAttributes,projects,maintainers")).status).toBe(200);
    expect((await call("GET", "/api/v2/members?expand=customRoles,roleAttributes")).status).toBe(200);
  });

  test('"ignore": an undocumented expand value is served like a documented one', async () => {
    const { emu, call } = await start({ options: { undocumentedQueryValues: "ignore" } });
    const created = await call("POST", "/api/v2/teams?expand=roleAttributes", { body: { key: "new", name: "New", roleAttributes: { a: ["1"] } } });
    expect(created.status).toBe(201);
    expect(created.body.roleAttributes).toEqual({ a: ["1"] });
    expect(emu.store.teams.has("new")).toBe(true);
  });

  test("the table names an operationId for every entry and every expanding route the emulator serves", () => {
    for (const [route, entry] of Object.entries(DOCUMENTED_EXPAND_VALUES)) {
      expect(route).toMatch(/^(GET|POST|PATCH) \/api\/v2\//);
      expect(entry.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(entry.expand.length).toBeGreaterThan(0);
    }
  });
});

describe("resourceCategoryPatch", () => {
  const addCategory = { body: [{ op: "add", path: "/resourceCategory", value: "project" }] };

  test('"reject": any PATCH of /resourceCategory is a 400, even while unset', async () => {
    const { emu, call } = await start({ options: { resourceCategoryPatch: "reject" } });
    emu.store.addRole({ key: "plain" });
    const response = await call("PATCH", "/api/v2/roles/plain", addCategory);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/immutable/);
    expect(emu.store.roles.get("plain")!.resourceCategory).toBeUndefined();
    expect((await call("PATCH", "/api/v2/roles/plain", { body: { patch: [{ op: "replace", path: "/name", value: "N" }] } })).status).toBe(200);
  });

  test('"allow": settable while unset, never changed once set', async () => {
    const { emu, call } = await start({ options: { resourceCategoryPatch: "allow" } });
    emu.store.addRole({ key: "plain" });
    expect((await call("PATCH", "/api/v2/roles/plain", addCategory)).status).toBe(200);
    expect(emu.store.roles.get("plain")!.resourceCategory).toBe("project");
    expect((await call("PATCH", "/api/v2/roles/plain", { body: [{ op: "replace", path: "/resourceCategory", value: "any" }] })).status).toBe(400);
  });
});

describe("inviteInvalidEmails: POST /members is atomic; conflicts name emails", () => {
  const forms = [{ email: "new@example.com", role: "reader" }, { email: "a@example.com", role: "reader" }, { email: "b@example.com", role: "reader" }];

  test.each([
    ["all", ["a@example.com", "b@example.com"]],
    ["first", ["a@example.com"]],
  ] as const)('"%s": a conflict is a 400 naming %j in invalid_emails, and nobody is invited', async (setting, named) => {
    const { emu, call } = await start({ options: { inviteInvalidEmails: setting } });
    emu.store.addMember({ email: "a@example.com" });
    emu.store.addMember({ email: "b@example.com" });
    const response = await call("POST", "/api/v2/members", { body: forms });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "email_already_exists_in_account", invalid_emails: named });
    expect(emu.store.memberByEmail("new@example.com")).toBeUndefined();
  });

  test("a malformed entry (unknown custom role) rejects the whole request with no invalid_emails", async () => {
    const { emu, call } = await start();
    const response = await call("POST", "/api/v2/members", { body: [{ email: "ok@example.com", role: "reader" }, { email: "bad@example.com", customRoles: ["nope"] }] });
    expect(response.status).toBe(400);
    expect(response.body.invalid_emails).toBeUndefined();
    expect(emu.store.memberByEmail("ok@example.com")).toBeUndefined();
  });

  test("two entries with one email: 400 duplicate_emails, nobody invited", async () => {
    const { emu, call } = await start();
    const response = await call("POST", "/api/v2/members", { body: [{ email: "x@example.com", role: "reader" }, { email: "X@example.com", role: "writer" }] });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: "duplicate_emails", invalid_emails: ["x@example.com"] });
    expect(emu.store.memberByEmail("x@example.com")).toBeUndefined();
  });

  test("51 entries: 400 invalid_request", async () => {
    const { call } = await start();
    const many = Array.from({ length: 51 }, (_, i) => ({ email: `m${i}@example.com`, role: "reader" }));
    expect((await call("POST", "/api/v2/members", { body: many })).status).toBe(400);
  });
});

describe("faults", () => {
  test("409-optimistic: 409 optimistic_locking_error, nothing applied, counted", async () => {
    const { emu, call } = await start({ faults: [{ kind: "409-optimistic", method: "PATCH", count: 1 }] });
    emu.store.addRole({ key: "plain", name: "Plain" });
    const rename = { body: [{ op: "replace", path: "/name", value: "Renamed" }] };
    const first = await call("PATCH", "/api/v2/roles/plain", rename);
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({ code: "optimistic_locking_error" });
    expect(emu.store.roles.get("plain")!.name).toBe("Plain");
    expect((await call("PATCH", "/api/v2/roles/plain", rename)).status).toBe(200);
    expect(emu.faultCounts["409-optimistic"]).toBe(1);
  });

  test("garble-after: the create is applied, its 2xx body is not JSON", async () => {
    const { emu, call } = await start({ faults: [{ kind: "garble-after", method: "POST", path: "/api/v2/roles", count: 1 }] });
    const response = await call("POST", "/api/v2/roles", { body: { key: "r", name: "R", policy: [] } });
    expect(response.status).toBe(201);
    expect(() => JSON.parse(response.text)).toThrow();
    expect(emu.store.roles.has("r")).toBe(true);
  });
});
