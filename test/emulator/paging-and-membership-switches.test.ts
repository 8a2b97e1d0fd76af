import { describe, expect, test } from "vitest";
import { EMULATOR_PROFILES } from "../../src/emulator";
import { SEMANTIC_PATCH, useEmulators } from "./emulator-fixture";

/** The open-question switches `links`, `limitAboveCap` + `rolePageCap`, `teamFilter` and `unknownMemberIds`. */
const start = useEmulators();

const GHOST = "0123456789abcdef01234567";

describe("links: which _links a collection carries", () => {
  const collections = ["/api/v2/members", "/api/v2/teams", "/api/v2/roles", "/api/v2/teams/big/roles", "/api/v2/teams/big/maintainers"];

  async function seeded(links: "full" | "self-only") {
    const started = await start({ options: { links } });
    const ids = Array.from({ length: 3 }, (_, i) => started.emu.store.addMember({ email: `m${i}@example.com` })._id);
    for (let i = 0; i < 3; i++) started.emu.store.addRole({ key: `r${i}` });
    started.emu.store.addTeam({ key: "big", customRoleKeys: ["r0", "r1", "r2"], memberIds: ids });
    for (let i = 0; i < 2; i++) started.emu.store.addTeam({ key: `t${i}` });
    await started.call("PATCH", "/api/v2/teams/big", {
      headers: { "Content-Type": SEMANTIC_PATCH },
      body: { instructions: [{ kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: ids }] },
    });
    return started;
  }

  test("self-only: every collection page has only `self`, with totalCount", async () => {
    const { call } = await seeded("self-only");
    for (const path of collections) {
      const page = await call("GET", `${path}?limit=1&offset=1`);
      expect(page.status, path).toBe(200);
      expect(Object.keys(page.body._links), path).toEqual(["self"]);
      expect(page.body.totalCount, path).toBeGreaterThanOrEqual(3); // members: also the owner
    }
  });

  test("full: first/prev/next/last where those pages exist", async () => {
    const { call } = await seeded("full");
    for (const path of collections) {
      const page = await call("GET", `${path}?limit=1&offset=1`);
      expect(Object.keys(page.body._links).sort(), path).toEqual(["first", "last", "next", "prev", "self"]);
    }
  });

  test("the strict profile is self-only, the lenient one full", () => {
    expect(EMULATOR_PROFILES.strict.links).toBe("self-only");
    expect(EMULATOR_PROFILES.lenient.links).toBe("full");
  });
});

describe("limitAboveCap + rolePageCap: GET /roles page size", () => {
  test("strict: a limit above 20 is a 400, 20 is served", async () => {
    const { emu, call } = await start({ profile: "strict" });
    for (let i = 0; i < 25; i++) emu.store.addRole({ key: `r${i}` });
    const refused = await call("GET", "/api/v2/roles?limit=21");
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("invalid_request");
    const page = await call("GET", "/api/v2/roles?limit=20");
    expect(page.body.items).toHaveLength(20);
    expect(page.body.totalCount).toBe(25);
  });

  test("lenient: 100 a page is served", async () => {
    const { emu, call } = await start({ profile: "lenient" });
    for (let i = 0; i < 130; i++) emu.store.addRole({ key: `r${i}` });
    expect((await call("GET", "/api/v2/roles?limit=100")).body.items).toHaveLength(100);
  });
});

describe("teamFilter: what filter=team:<key> matches", () => {
  async function twoTeams(teamFilter: "exact" | "substring") {
    const started = await start({ options: { teamFilter } });
    const ada = started.emu.store.addMember({ email: "ada@example.com" })._id;
    const bob = started.emu.store.addMember({ email: "bob@example.com" })._id;
    started.emu.store.addTeam({ key: "platform", memberIds: [ada] });
    started.emu.store.addTeam({ key: "platform-eng", memberIds: [bob] });
    const listed = async (filter: string) =>
      ((await started.call("GET", `/api/v2/members?filter=${encodeURIComponent(filter)}`)).body.items as Array<{ _id: string }>).map((m) => m._id).sort();
    return { ada, bob, listed };
  }

  test("exact: team:platform lists only the members of platform, case-insensitively", async () => {
    const { ada, listed } = await twoTeams("exact");
    expect(await listed("team:platform")).toEqual([ada]);
    expect(await listed("team:PLATFORM")).toEqual([ada]);
  });

  test("substring: team:platform also lists the members of platform-eng", async () => {
    const { ada, bob, listed } = await twoTeams("substring");
    expect(await listed("team:platform")).toEqual([ada, bob].sort());
    expect(await listed("team:eng")).toEqual([bob]);
  });
});

describe("unknownMemberIds: member ids that name no member", () => {
  const patch = (instructions: unknown[]) => ({ headers: { "Content-Type": SEMANTIC_PATCH }, body: { instructions } });

  test("reject: addMembers, replaceMembers, addPermissionGrants and POST /teams answer 400 and change nothing", async () => {
    const { emu, call } = await start({ options: { unknownMemberIds: "reject" } });
    const ada = emu.store.addMember({ email: "ada@example.com" })._id;
    emu.store.addTeam({ key: "platform" });
    for (const instruction of [
      { kind: "addMembers", values: [ada, GHOST] },
      { kind: "replaceMembers", values: [ada, GHOST] },
      { kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: [ada, GHOST] },
    ]) {
      const res = await call("PATCH", "/api/v2/teams/platform", patch([instruction]));
      expect(res.status, instruction.kind).toBe(400);
      expect(res.body.message).toContain(GHOST);
    }
    expect(emu.store.teams.get("platform")!.memberIds).toEqual([]);
    const created = await call("POST", "/api/v2/teams", { body: { key: "new", name: "New", memberIDs: [ada, GHOST] } });
    expect(created.status).toBe(400);
    expect(emu.store.teams.has("new")).toBe(false);
  });

  test("ignore: the same writes succeed and leave exactly the unknown ids out", async () => {
    const { emu, call } = await start({ options: { unknownMemberIds: "ignore" } });
    const ada = emu.store.addMember({ email: "ada@example.com" })._id;
    const bob = emu.store.addMember({ email: "bob@example.com" })._id;
    emu.store.addTeam({ key: "platform" });

    const added = await call("PATCH", "/api/v2/teams/platform?expand=members", patch([{ kind: "addMembers", values: [ada, GHOST] }]));
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual({ totalCount: 1 });
    expect(emu.store.teams.get("platform")!.memberIds).toEqual([ada]);

    await call("PATCH", "/api/v2/teams/platform", patch([{ kind: "replaceMembers", values: [bob, GHOST] }]));
    expect(emu.store.teams.get("platform")!.memberIds).toEqual([bob]);

    const granted = await call(
      "PATCH",
      "/api/v2/teams/platform?expand=maintainers",
      patch([{ kind: "addPermissionGrants", actionSet: "maintainTeam", memberIDs: [GHOST, ada] }]),
    );
    expect(granted.status).toBe(200);
    expect(granted.body.maintainers.items.map((m: { _id: string }) => m._id)).toEqual([ada]);

    const created = await call("POST", "/api/v2/teams?expand=members", {
      body: { key: "new", name: "New", memberIDs: [GHOST, bob], permissionGrants: [{ actionSet: "maintainTeam", memberIDs: [GHOST] }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.members).toEqual({ totalCount: 1 });
    expect(emu.store.teams.get("new")!.memberIds).toEqual([bob]);
    expect(emu.store.teams.get("new")!.permissionGrants).toEqual([]);
  });

  test("the strict profile ignores, the lenient one rejects", () => {
    expect(EMULATOR_PROFILES.strict.unknownMemberIds).toBe("ignore");
    expect(EMULATOR_PROFILES.lenient.unknownMemberIds).toBe("reject");
    expect(EMULATOR_PROFILES.strict.teamFilter).toBe("substring");
    expect(EMULATOR_PROFILES.strict).toMatchObject({ limitAboveCap: "reject", rolePageCap: 20 });
  });
});
