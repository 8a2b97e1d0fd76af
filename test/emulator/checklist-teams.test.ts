import { describe, expect, test } from "vitest";
import { SEMANTIC_PATCH, useEmulators } from "./emulator-fixture";

const start = useEmulators();

async function seeded(options: Parameters<typeof start>[0] = {}) {
  const { emu, call } = await start(options);
  const a = emu.store.addMember({ email: "a@example.com" });
  const b = emu.store.addMember({ email: "b@example.com" });
  emu.store.addRole({ key: "dev" });
  emu.store.addTeam({ key: "core", name: "Core" });
  const patch = (instructions: unknown[], headers: Record<string, string> = {}) =>
    call("PATCH", "/api/v2/teams/core", { body: { instructions }, headers });
  return { emu, call, a, b, patch };
}

describe("team semantic patch", () => {
  test("§6.11 unknown kind, extra field, missing or wrong-typed param, unknown member → 400 and nothing changes", async () => {
    // An unknown member is a 400 under the lenient reading of unknownMemberIds; strict drops it (checked at the end).
    const { emu, a, patch } = await seeded({ options: { unknownMemberIds: "reject" } });
    const before = emu.store.snapshot();
    const good = { kind: "addMembers", values: [a._id] };
    const cases: [unknown, RegExp][] = [
      [{ kind: "renameTeam", value: "x" }, /unknown instruction kind "renameTeam"/],
      [{ kind: "updateName", value: "x", x: 1 }, /^unknown field "x"$/],
      [{ kind: "updateName" }, /value/],
      [{ kind: "addMembers", values: "not-an-array" }, /values/],
      [{ kind: "addMembers", values: ["0123456789abcdef01234567"] }, /unknown member/],
      [{ kind: "removeRoleAttribute" }, /key/],
    ];
    for (const [bad, message] of cases) {
      const response = await patch([good, bad]);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body.code).toBe("invalid_request");
      expect(response.body.message).toMatch(message);
    }
    expect(emu.store.snapshot()).toEqual(before);

    const strict = await seeded({ profile: "strict" });
    const dropped = await strict.patch([{ kind: "addMembers", values: [strict.a._id, "0123456789abcdef01234567"] }]);
    expect(dropped.status).toBe(200);
    expect(strict.emu.store.teams.get("core")?.memberIds).toEqual([strict.a._id]);
  });

  test("§6.11 all 13 instruction kinds apply", async () => {
    const { emu, call, a, b, patch } = await seeded();
    emu.store.addRole({ key: "ops" });
    const response = await patch([
      { kind: "addMembers", values: [a._id, b._id] },
      { kind: "removeMembers", values: [b._id] },
      { kind: "replaceMembers", values: [a._id, b._id] },
      { kind: "addCustomRoles", values: ["dev", "ops"] },
      { kind: "removeCustomRoles", values: ["ops"] },
      { kind: "addPermissionGrants", memberIDs: [a._id, b._id], actionSet: "maintainTeam" },
      { kind: "removePermissionGrants", memberIDs: [b._id], actionSet: "maintainTeam" },
      { kind: "addRoleAttribute", key: "projects", values: ["web"] },
      { kind: "updateRoleAttribute", key: "projects", values: ["web", "api"] },
      { kind: "addRoleAttribute", key: "gone", values: ["x"] },
      { kind: "removeRoleAttribute", key: "gone" },
      { kind: "updateName", value: "Core team" },
      { kind: "updateDescription", value: "The core" },
    ]);
    expect(response.status).toBe(200);
    const team = await call("GET", "/api/v2/teams/core?expand=members,roles,maintainers,roleAttributes");
    expect(team.body).toMatchObject({
      name: "Core team",
      description: "The core",
      members: { totalCount: 2 },
      roles: { totalCount: 1, items: [expect.objectContaining({ key: "dev" })] },
      maintainers: { totalCount: 1, items: [expect.objectContaining({ _id: a._id })] },
      roleAttributes: { projects: ["web", "api"] },
    });
    const replaced = await patch([{ kind: "replaceRoleAttributes", value: { envs: ["prod"] } }], {});
    expect((await call("GET", "/api/v2/teams/core?expand=roleAttributes")).body.roleAttributes).toEqual({ envs: ["prod"] });
    expect(replaced.status).toBe(200);
  });

  test("§6.12 no-op instructions → 200 without bumping _version or _lastModified", async () => {
    const { call, a, patch } = await seeded();
    const first = await patch([{ kind: "addMembers", values: [a._id] }]);
    expect(first.body._version).toBe(2);
    const again = await patch([{ kind: "addMembers", values: [a._id] }, { kind: "removeMembers", values: ["0123456789abcdef01234567"] }]);
    expect(again.status).toBe(200);
    expect(again.body._version).toBe(2);
    expect(again.body._lastModified).toBe(first.body._lastModified);
    const renamed = await patch([{ kind: "updateName", value: "Other" }]);
    expect(renamed.body._version).toBe(3);
    expect(renamed.body._lastModified).toBeGreaterThan(first.body._lastModified);
    expect((await call("GET", "/api/v2/teams/core")).body._version).toBe(3);
  });

  test("§6.13 addCustomRoles / customRoleKeys with an unknown role: reject (lenient) or drop (strict)", async () => {
    const rejecting = await seeded({ profile: "lenient" });
    const rejected = await rejecting.patch([{ kind: "addCustomRoles", values: ["dev", "ghost"] }]);
    expect(rejected.status).toBe(400);
    expect(rejecting.emu.store.teams.get("core")?.customRoleKeys).toEqual([]);
    expect((await rejecting.call("POST", "/api/v2/teams", { body: { key: "t", name: "T", customRoleKeys: ["ghost"] } })).status).toBe(400);

    const dropping = await seeded({ profile: "strict" });
    const dropped = await dropping.patch([{ kind: "addCustomRoles", values: ["dev", "ghost"] }]);
    expect(dropped.status).toBe(200);
    expect(dropping.emu.store.teams.get("core")?.customRoleKeys).toEqual(["dev"]);
    const created = await dropping.call("POST", "/api/v2/teams?expand=roles", { body: { key: "t", name: "T", customRoleKeys: ["ghost", "dev"] } });
    expect(created.status).toBe(201);
    expect(created.body.roles.items.map((r: { key: string }) => r.key)).toEqual(["dev"]);
  });

  test("§6.14 semantic-patch content type optional: plain JSON, with domain-model, with charset", async () => {
    const { patch } = await seeded();
    for (const contentType of ["application/json", SEMANTIC_PATCH, "application/json; charset=utf-8; domain-model=launchdarkly.semanticpatch"]) {
      const response = await patch([{ kind: "updateDescription", value: contentType }], { "Content-Type": contentType });
      expect(response.status, contentType).toBe(200);
      expect(response.body.description).toBe(contentType);
    }
  });

  test("§6.11 JSON Patch array or empty instructions sent to the team endpoint → 400", async () => {
    const { call, patch } = await seeded();
    expect((await call("PATCH", "/api/v2/teams/core", { body: [{ op: "replace", path: "/name", value: "x" }] })).status).toBe(400);
    expect((await patch([])).status).toBe(400);
  });
});

describe("bulk team patch", () => {
  test("§6.15 PATCH /teams needs LD-API-Version: beta (403 without); partial results per team", async () => {
    const { emu, call, a, b } = await seeded();
    emu.store.addTeam({ key: "other", memberIds: [a._id] });
    const body = { instructions: [{ kind: "addMembersToTeams", memberIDs: [a._id, b._id], teamKeys: ["core", "other", "ghost"] }] };
    const forbidden = await call("PATCH", "/api/v2/teams", { body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe("forbidden");
    const response = await call("PATCH", "/api/v2/teams", { body, headers: { "LD-API-Version": "beta", "Content-Type": SEMANTIC_PATCH } });
    expect(response.status).toBe(200);
    expect(response.body.teamKeys).toEqual(["core", "other"]);
    expect(response.body.memberIDs.sort()).toEqual([a._id, b._id].sort());
    expect(response.body.errors).toEqual([{ ghost: expect.any(String) }]);
    expect(emu.store.teams.get("other")?.memberIds).toEqual([a._id, b._id]);
  });

  test("§6.15 addAllMembersToTeams excludes members matching a filter and ignoredMemberIDs", async () => {
    const { emu, call, a, b } = await seeded();
    const response = await call("PATCH", "/api/v2/teams", {
      headers: { "LD-API-Version": "beta" },
      body: { instructions: [{ kind: "addAllMembersToTeams", teamKeys: ["core"], filterRoles: "admin", ignoredMemberIDs: [b._id] }] },
    });
    expect(response.status).toBe(200);
    expect(emu.store.teams.get("core")?.memberIds).toEqual([a._id]);
  });
});

describe("team create, read, delete", () => {
  test("§6.16 POST /teams requires key and name; duplicate key → 409 (lenient) or 400 (strict); unknown memberIDs → 400 (lenient)", async () => {
    const { call } = await seeded({ profile: "lenient" });
    expect((await call("POST", "/api/v2/teams", { body: { key: "x" } })).status).toBe(400);
    expect((await call("POST", "/api/v2/teams", { body: { name: "X" } })).status).toBe(400);
    const duplicate = await call("POST", "/api/v2/teams", { body: { key: "core", name: "Core" } });
    expect(duplicate.status).toBe(409);
    expect((await call("POST", "/api/v2/teams", { body: { key: "x", name: "X", memberIDs: ["0123456789abcdef01234567"] } })).status).toBe(400);
    const strict = await seeded({ profile: "strict" });
    expect((await strict.call("POST", "/api/v2/teams", { body: { key: "core", name: "Core" } })).status).toBe(400);
  });

  test("§6.16 POST /teams → 201 with members, roles, grants, roleAttributes", async () => {
    const { call, a, b } = await seeded();
    // postTeam documents no roleAttributes expand (undocumentedQueryValues): the attributes are read with GET.
    const created = await call("POST", "/api/v2/teams?expand=members,roles,maintainers", {
      body: { key: "new", name: "New", customRoleKeys: ["dev"], memberIDs: [a._id], permissionGrants: [{ actionSet: "maintainTeam", memberIDs: [b._id] }], roleAttributes: { p: ["1"] } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: "new",
      _version: 1,
      members: { totalCount: 1 },
      roles: { totalCount: 1 },
      maintainers: { totalCount: 1, items: [expect.objectContaining({ _id: b._id, email: "b@example.com" })] },
    });
    expect((await call("GET", "/api/v2/teams/new?expand=roleAttributes")).body.roleAttributes).toEqual({ p: ["1"] });
  });

  test("§6.17 DELETE team with members → 409; after removing them → 204", async () => {
    const { emu, call, a, patch } = await seeded();
    emu.store.addTeamMembers("core", [a._id]);
    const blocked = await call("DELETE", "/api/v2/teams/core");
    expect(blocked.status).toBe(409);
    expect(emu.store.teams.has("core")).toBe(true);
    await patch([{ kind: "removeMembers", values: [a._id] }]);
    expect((await call("DELETE", "/api/v2/teams/core")).status).toBe(204);
  });

  test("§6.18 team responses never list member ids; embedded roles/maintainers cap at 25 with totalCount; filter=team: exact", async () => {
    const { emu, call } = await start();
    const members = Array.from({ length: 30 }, (_, i) => emu.store.addMember({ email: `m${i}@example.com` }));
    const roles = Array.from({ length: 27 }, (_, i) => emu.store.addRole({ key: `r${i}` }));
    emu.store.addTeam({
      key: "big",
      memberIds: members.map((m) => m._id),
      customRoleKeys: roles.map((r) => r.key),
      permissionGrants: [{ actionSet: "maintainTeam", memberIds: members.map((m) => m._id) }],
    });
    emu.store.addTeam({ key: "big-other", memberIds: [members[0]!._id] });
    const team = await call("GET", "/api/v2/teams/big?expand=members,roles,maintainers");
    expect(team.body.members).toEqual({ totalCount: 30 });
    expect(team.body.roles.items).toHaveLength(25);
    expect(team.body.roles.totalCount).toBe(27);
    expect(team.body.maintainers.items).toHaveLength(25);
    expect(team.body.maintainers.totalCount).toBe(30);
    expect(JSON.stringify(team.body.members)).not.toContain(members[0]!._id);
    const page = await call("GET", "/api/v2/members?filter=team:BIG&limit=100");
    expect(page.body.totalCount).toBe(30);
    const rolesPage = await call("GET", "/api/v2/teams/big/roles?limit=20&offset=20");
    expect(rolesPage.body.items).toHaveLength(7);
    const maintainersPage = await call("GET", "/api/v2/teams/big/maintainers?limit=25&offset=25");
    expect(maintainersPage.body.items).toHaveLength(5);
  });

  test("GET /teams filter query/nomembers; list expand honours members and roleAttributes, not roles", async () => {
    const { emu, call, a } = await seeded({ options: { nulls: false } });
    emu.store.addTeam({ key: "platform", name: "Platform Team", memberIds: [a._id], customRoleKeys: ["dev"] });
    const keys = async (query: string) => (await call("GET", `/api/v2/teams?${query}`)).body.items.map((t: { key: string }) => t.key);
    expect(await keys("filter=query:PLAT")).toEqual(["platform"]);
    expect(await keys("filter=nomembers:true")).toEqual(["core"]);
    const listed = await call("GET", "/api/v2/teams?filter=query:plat&expand=members,roles");
    expect(listed.body.items[0].members).toEqual({ totalCount: 1 });
    expect(listed.body.items[0].roles).toBeUndefined();
  });
});
