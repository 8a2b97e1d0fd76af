import { describe, expect, test } from "vitest";
import { allowAll, useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("member invites", () => {
  test("§6.4 POST /members takes a JSON array of 1..50; 0 or 51 → 400 invalid_request", async () => {
    const { emu, call } = await start();
    const forms = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `m${i}@example.com`, role: "reader" }));
    expect((await call("POST", "/api/v2/members", { body: [] })).status).toBe(400);
    const tooMany = await call("POST", "/api/v2/members", { body: forms(51) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe("invalid_request");
    expect((await call("POST", "/api/v2/members", { body: forms(50) })).status).toBe(201);
    expect(emu.store.members.size).toBe(51);
  });

  test("§6.5 invites are atomic: one bad entry creates nothing", async () => {
    const { emu, call } = await start();
    emu.store.addRole({ key: "dev" });
    const bad = [
      { email: "no-role@example.com" },
      { role: "reader" },
      { email: "x@example.com", role: "owner" },
      { email: "x@example.com", customRoles: ["missing-role"] },
      { email: "x@example.com", role: "reader", teamKeys: ["missing-team"] },
    ];
    for (const entry of bad) {
      const response = await call("POST", "/api/v2/members", { body: [{ email: "ok@example.com", role: "reader" }, entry] });
      expect(response.status, JSON.stringify(entry)).toBe(400);
      expect(emu.store.members.size).toBe(1);
    }
  });

  test("§6.6 duplicate emails: in account → email_already_exists_in_account, in request → duplicate_emails; case-insensitive", async () => {
    const { emu, call } = await start();
    emu.store.addMember({ email: "taken@example.com" });
    const existing = await call("POST", "/api/v2/members", { body: [{ email: "TAKEN@example.com", role: "reader" }] });
    expect(existing.status).toBe(400);
    expect(existing.body).toMatchObject({ code: "email_already_exists_in_account", invalid_emails: ["taken@example.com"] });
    const twice = await call("POST", "/api/v2/members", {
      body: [
        { email: "Two@example.com", role: "reader" },
        { email: "two@EXAMPLE.com", role: "writer" },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: "duplicate_emails", invalid_emails: ["two@example.com"] });
    expect(emu.store.members.size).toBe(2);
  });

  test("§6.7 successful invite → 201 Members; pending, unverified, creationDate now, reader when only customRoles", async () => {
    const { emu, call } = await start();
    emu.store.addRole({ key: "dev" });
    emu.store.addTeam({ key: "core" });
    const before = Date.now();
    const response = await call("POST", "/api/v2/members", {
      body: [{ email: "New@Example.com", customRoles: ["dev"], teamKeys: ["core"], firstName: "New" }],
    });
    expect(response.status).toBe(201);
    expect(response.body.items).toHaveLength(1);
    const member = response.body.items[0];
    expect(member).toMatchObject({ email: "new@example.com", role: "reader", _pendingInvite: true, _verified: false, firstName: "New" });
    expect(member._id).toMatch(/^[0-9a-f]{24}$/);
    expect(member.creationDate).toBeGreaterThanOrEqual(before);
    expect(member.teams).toEqual([expect.objectContaining({ key: "core" })]);
  });

  test("§6.8 customRoles hold role _ids: keys accepted on invite, keys or ids on PATCH; role deletion removes the id", async () => {
    // Deleting a role a member holds is the lenient reading (allowDeletingAssignedRole); strict refuses it below.
    const { emu, call } = await start({ options: { allowDeletingAssignedRole: true } });
    const dev = emu.store.addRole({ key: "dev" });
    const ops = emu.store.addRole({ key: "ops" });
    const invited = await call("POST", "/api/v2/members", { body: [{ email: "a@example.com", customRoles: ["dev"] }] });
    const id = invited.body.items[0]._id;
    expect(invited.body.items[0].customRoles).toEqual([dev._id]);
    const patched = await call("PATCH", `/api/v2/members/${id}`, { body: [{ op: "add", path: "/customRoles/-", value: "ops" }] });
    expect(patched.body.customRoles).toEqual([dev._id, ops._id]);
    const byId = await call("PATCH", `/api/v2/members/${id}`, { body: [{ op: "replace", path: "/customRoles", value: [ops._id] }] });
    expect(byId.body.customRoles).toEqual([ops._id]);
    expect((await call("DELETE", "/api/v2/roles/ops")).status).toBe(204);
    expect((await call("GET", `/api/v2/members/${id}`)).body.customRoles).toEqual([]);

    const strict = await start({ profile: "strict" });
    const held = strict.emu.store.addRole({ key: "held" });
    const holder = strict.emu.store.addMember({ email: "h@example.com", customRoleKeys: ["held"] });
    expect((await strict.call("DELETE", "/api/v2/roles/held")).status).toBe(409);
    expect((await strict.call("GET", `/api/v2/members/${holder._id}`)).body.customRoles).toEqual([held._id]);
  });
});

describe("member PATCH", () => {
  test("§6.9 bare array and {patch, comment}; /role, /customRoles(/0, /-), /roleAttributes", async () => {
    // patchMember documents no `expand`: only a lenient server answers this one with roleAttributes.
    const { emu, call } = await start({ options: { undocumentedQueryValues: "ignore", nulls: false } });
    const a = emu.store.addRole({ key: "a" });
    const b = emu.store.addRole({ key: "b" });
    const member = emu.store.addMember({ email: "m@example.com" });
    const path = `/api/v2/members/${member._id}?expand=roleAttributes`;
    let response = await call("PATCH", path, { body: [{ op: "replace", path: "/role", value: "writer" }] });
    expect(response.body.role).toBe("writer");
    response = await call("PATCH", path, {
      body: { comment: "why", patch: [{ op: "add", path: "/customRoles/-", value: "a" }, { op: "add", path: "/customRoles/0", value: "b" }] },
    });
    expect(response.body.customRoles).toEqual([b._id, a._id]);
    response = await call("PATCH", path, { body: [{ op: "replace", path: "/roleAttributes", value: { projects: ["web", "api"] } }] });
    expect(response.body.roleAttributes).toEqual({ projects: ["web", "api"] });
    expect((await call("GET", `/api/v2/members/${member._id}`)).body.roleAttributes).toBeUndefined();
  });

  test("§6.9 other paths (email, names, _id, _*) → 400 and nothing changes; atomic", async () => {
    // The lenient reading of nonPatchableMemberPath; the strict one ("ignore") is the §8 test below.
    const { emu, call } = await start({ options: { nonPatchableMemberPath: "reject" } });
    const member = emu.store.addMember({ email: "m@example.com", firstName: "M" });
    for (const forbiddenPath of ["/email", "/firstName", "/lastName", "/_id", "/_pendingInvite"]) {
      const response = await call("PATCH", `/api/v2/members/${member._id}`, {
        body: [{ op: "replace", path: "/role", value: "admin" }, { op: "replace", path: forbiddenPath, value: "x" }],
      });
      expect(response.status, forbiddenPath).toBe(400);
    }
    const failedLater = await call("PATCH", `/api/v2/members/${member._id}`, {
      body: [{ op: "replace", path: "/role", value: "admin" }, { op: "remove", path: "/customRoles/3" }],
    });
    expect(failedLater.status).toBe(400);
    expect(emu.store.members.get(member._id)?.role).toBe("reader");
  });

  test("§6.9 semantic-patch body or content type on the JSON-patch endpoint → 400", async () => {
    const { emu, call } = await start();
    const member = emu.store.addMember({ email: "m@example.com" });
    const instructions = await call("PATCH", `/api/v2/members/${member._id}`, { body: { instructions: [{ kind: "x" }] } });
    expect(instructions.status).toBe(400);
    const contentType = await call("PATCH", `/api/v2/members/${member._id}`, {
      body: [{ op: "replace", path: "/role", value: "admin" }],
      headers: { "Content-Type": "application/json; domain-model=launchdarkly.semanticpatch" },
    });
    expect(contentType.status).toBe(400);
  });

  test("§8 nonPatchableMemberPath: ignore → 200 and other ops applied", async () => {
    const { emu, call } = await start({ options: { nonPatchableMemberPath: "ignore" } });
    const member = emu.store.addMember({ email: "m@example.com" });
    const response = await call("PATCH", `/api/v2/members/${member._id}`, {
      body: [{ op: "replace", path: "/email", value: "x@y.z" }, { op: "replace", path: "/role", value: "admin" }],
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ email: "m@example.com", role: "admin" });
  });

  test("§6.10 failed test op → 400 by default (409 when configured), nothing applied", async () => {
    for (const status of [400, 409] as const) {
      const { emu, call } = await start({ options: { jsonPatchTestFailureStatus: status } });
      const member = emu.store.addMember({ email: "m@example.com", role: "writer" });
      const failing = await call("PATCH", `/api/v2/members/${member._id}`, {
        body: [{ op: "test", path: "/role", value: "reader" }, { op: "replace", path: "/role", value: "admin" }],
      });
      expect(failing.status).toBe(status);
      expect(failing.body.code).toBe(status === 400 ? "invalid_request" : "optimistic_locking_error");
      expect(emu.store.members.get(member._id)?.role).toBe("writer");
      const passing = await call("PATCH", `/api/v2/members/${member._id}`, {
        body: [{ op: "test", path: "/role", value: "writer" }, { op: "replace", path: "/role", value: "admin" }],
      });
      expect(passing.body.role).toBe("admin");
    }
  });
});

describe("member lists, teams and deletion", () => {
  test("GET /members filters: team (case-insensitive), email, id, query, role, noteam", async () => {
    const { emu, call } = await start();
    const dev = emu.store.addRole({ key: "dev", policy: [allowAll] });
    const ada = emu.store.addMember({ email: "ada@example.com", firstName: "Ada", role: "writer" });
    const bob = emu.store.addMember({ email: "bob@example.com", customRoleKeys: ["dev"] });
    emu.store.addTeam({ key: "Core", memberIds: [ada._id] });
    const emails = async (filter: string) =>
      (await call("GET", `/api/v2/members?filter=${encodeURIComponent(filter)}`)).body.items.map((m: { email: string }) => m.email).sort();
    expect(await emails("team:core")).toEqual(["ada@example.com"]);
    expect(await emails("email:BOB@example.com|ada@example.com")).toEqual(["ada@example.com", "bob@example.com"]);
    expect(await emails(`id:${bob._id}`)).toEqual(["bob@example.com"]);
    expect(await emails("query:ADA")).toEqual(["ada@example.com"]);
    expect(await emails("role:dev")).toEqual(["bob@example.com"]);
    expect(await emails("role:admin")).toEqual(["owner@emulator.invalid"]);
    expect(await emails("noteam:false")).toEqual(["ada@example.com"]);
    expect(await emails("noteam:true,query:bob")).toEqual(["bob@example.com"]);
    expect(dev.key).toBe("dev");
  });

  test("GET /members sort=displayName / -lastSeen", async () => {
    const { emu, call } = await start();
    emu.store.addMember({ email: "zed@example.com", firstName: "Alice" });
    emu.store.addMember({ email: "amy@example.com", firstName: "Zoe" });
    const sorted = await call("GET", "/api/v2/members?sort=displayName&filter=query:example.com");
    expect(sorted.body.items.map((m: { firstName: string }) => m.firstName)).toEqual(["Alice", "Zoe"]);
    expect((await call("GET", "/api/v2/members?sort=-lastSeen")).body.items[0].role).toBe("owner");
  });

  test("POST /members/{id}/teams → 201 Member with the teams", async () => {
    const { emu, call } = await start();
    emu.store.addTeam({ key: "t1" });
    emu.store.addTeam({ key: "t2" });
    const member = emu.store.addMember({ email: "m@example.com" });
    const response = await call("POST", `/api/v2/members/${member._id}/teams`, { body: { teamKeys: ["t1", "t2"] } });
    expect(response.status).toBe(201);
    expect(response.body.teams.map((t: { key: string }) => t.key)).toEqual(["t1", "t2"]);
    expect(emu.store.teams.get("t1")?._version).toBe(2);
  });

  test("§6.26 deleting a member removes them from every team and maintainer grant", async () => {
    const { emu, call } = await start();
    const member = emu.store.addMember({ email: "m@example.com" });
    emu.store.addTeam({ key: "t1", memberIds: [member._id], permissionGrants: [{ actionSet: "maintainTeam", memberIds: [member._id] }] });
    expect((await call("DELETE", `/api/v2/members/${member._id}`)).status).toBe(204);
    const team = emu.store.teams.get("t1");
    expect(team?.memberIds).toEqual([]);
    expect(team?.permissionGrants).toEqual([]);
    expect((await call("GET", "/api/v2/teams/t1/maintainers")).body.totalCount).toBe(0);
    expect((await call("DELETE", "/api/v2/teams/t1")).status).toBe(204);
  });
});
