import { describe, expect, test } from "vitest";
import { allowAll, useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("custom roles", () => {
  test("§6.19 create needs key, name, policy; statements need exactly one of resources/notResources and actions/notActions", async () => {
    const { call } = await start();
    const bad = [
      { name: "n", policy: [allowAll] },
      { key: "k", policy: [allowAll] },
      { key: "k", name: "n" },
      { key: "-bad", name: "n", policy: [allowAll] },
      { key: "k", name: "n", policy: [{ effect: "allow", actions: ["*"] }] },
      { key: "k", name: "n", policy: [{ effect: "allow", resources: ["a"], notResources: ["b"], actions: ["*"] }] },
      { key: "k", name: "n", policy: [{ effect: "allow", resources: ["a"] }] },
      { key: "k", name: "n", policy: [{ effect: "allow", resources: ["a"], actions: ["*"], notActions: ["x"] }] },
      { key: "k", name: "n", policy: [{ effect: "maybe", resources: ["a"], actions: ["*"] }] },
      { key: "k", name: "n", policy: [allowAll], basePermissions: "writer" },
    ];
    for (const body of bad) {
      const response = await call("POST", "/api/v2/roles", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("invalid_request");
    }
    const ok = await call("POST", "/api/v2/roles", { body: { key: "k", name: "n", policy: [{ effect: "deny", notResources: ["a"], notActions: ["x"] }] } });
    expect(ok.status).toBe(201);
  });

  test("§6.19 duplicate key → 409; basePermissions defaults to no_access and is echoed; resourceCategory immutable", async () => {
    // Settable while unset only where PATCHing /resourceCategory is allowed at all (test/emulator/open-question-switches).
    const { call } = await start({ options: { resourceCategoryPatch: "allow" } });
    const created = await call("POST", "/api/v2/roles", { body: { key: "r", name: "R", policy: [allowAll], resourceCategory: "project" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: "r", basePermissions: "no_access", resourceCategory: "project" });
    expect(created.body._id).toMatch(/^[0-9a-f]{24}$/);
    const reader = await call("POST", "/api/v2/roles", { body: { key: "r2", name: "R2", policy: [allowAll], basePermissions: "reader" } });
    expect(reader.body.basePermissions).toBe("reader");
    const duplicate = await call("POST", "/api/v2/roles", { body: { key: "r", name: "Again", policy: [allowAll] } });
    expect(duplicate.status).toBe(409);
    const change = await call("PATCH", "/api/v2/roles/r", { body: { patch: [{ op: "replace", path: "/resourceCategory", value: "any" }] } });
    expect(change.status).toBe(400);
    const same = await call("PATCH", "/api/v2/roles/r", { body: { patch: [{ op: "replace", path: "/resourceCategory", value: "project" }] } });
    expect(same.status).toBe(200);
    const setLater = await call("PATCH", "/api/v2/roles/r2", { body: { patch: [{ op: "add", path: "/resourceCategory", value: "any" }] } });
    expect(setLater.body.resourceCategory).toBe("any");
  });

  test("§6.20 PATCH accepts {patch, comment} and a bare array; /policy/0 prepends, /policy/- appends; key immutable; invalid policy → 400", async () => {
    const { emu, call } = await start();
    emu.store.addRole({ key: "r", policy: [allowAll] });
    const deny = { effect: "deny", resources: ["proj/prod"], actions: ["deleteProject"] };
    let response = await call("PATCH", "/api/v2/roles/r", { body: { comment: "c", patch: [{ op: "add", path: "/policy/0", value: deny }] } });
    expect(response.status).toBe(200);
    expect(response.body.policy[0]).toEqual(deny);
    response = await call("PATCH", "/api/v2/roles/r", {
      body: [{ op: "add", path: "/policy/-", value: deny }, { op: "replace", path: "/name", value: "New" }, { op: "replace", path: "/basePermissions", value: "reader" }],
    });
    expect(response.body).toMatchObject({ name: "New", basePermissions: "reader" });
    expect(response.body.policy).toHaveLength(3);
    expect((await call("PATCH", "/api/v2/roles/r", { body: { patch: [{ op: "replace", path: "/key", value: "x" }] } })).status).toBe(400);
    const invalid = await call("PATCH", "/api/v2/roles/r", { body: { patch: [{ op: "add", path: "/policy/-", value: { effect: "allow" } }] } });
    expect(invalid.status).toBe(400);
    expect(emu.store.roles.get("r")?.policy).toHaveLength(3);
    const merged = await call("PATCH", "/api/v2/roles/r", { body: { merge: { description: "merged" }, comment: "m" } });
    expect(merged.body.description).toBe("merged");
  });

  test("§6.21 GET, PATCH and DELETE resolve a key or an _id", async () => {
    const { emu, call } = await start();
    const role = emu.store.addRole({ key: "r" });
    expect((await call("GET", `/api/v2/roles/${role._id}`)).body.key).toBe("r");
    expect((await call("PATCH", `/api/v2/roles/${role._id}`, { body: { patch: [{ op: "replace", path: "/name", value: "ById" }] } })).body.name).toBe("ById");
    expect((await call("DELETE", `/api/v2/roles/${role._id}`)).status).toBe(204);
    expect((await call("GET", "/api/v2/roles/r")).status).toBe(404);
  });

  test("§6.26 deleting a role removes it from members and teams (team _version bumps); can be forbidden by option", async () => {
    const { emu, call } = await start({ options: { allowDeletingAssignedRole: true } });
    const role = emu.store.addRole({ key: "r" });
    const member = emu.store.addMember({ email: "m@example.com", customRoleKeys: ["r"] });
    emu.store.addTeam({ key: "t", customRoleKeys: ["r"] });
    expect((await call("GET", "/api/v2/roles/r")).body.assignedTo).toEqual({ membersCount: 1, teamsCount: 1 });
    expect((await call("DELETE", "/api/v2/roles/r")).status).toBe(204);
    expect(emu.store.members.get(member._id)?.customRoles).toEqual([]);
    expect(emu.store.teams.get("t")).toMatchObject({ customRoleKeys: [], _version: 2 });
    expect(role.key).toBe("r");

    const strict = await start({ profile: "strict" });
    strict.emu.store.addRole({ key: "busy" });
    strict.emu.store.addTeam({ key: "t", customRoleKeys: ["busy"] });
    expect((await strict.call("DELETE", "/api/v2/roles/busy")).status).toBe(409);
    strict.emu.store.addRole({ key: "idle" });
    expect((await strict.call("DELETE", "/api/v2/roles/idle")).status).toBe(204);
  });

  test("§6.27 enterprise: false → 403 on teams and roles, members still served", async () => {
    const { call } = await start({ options: { enterprise: false } });
    expect((await call("GET", "/api/v2/teams")).status).toBe(403);
    expect((await call("GET", "/api/v2/roles/x")).status).toBe(403);
    expect((await call("POST", "/api/v2/roles", { body: { key: "k", name: "n", policy: [] } })).body.code).toBe("forbidden");
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
  });
});
