import { describe, expect, test } from "vitest";
import { useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("§6.22 pagination", () => {
  test("default limit 20, totalCount, links only when meaningful (full links), hrefs keep limit/offset/filter/expand", async () => {
    const { emu, call } = await start({ options: { links: "full" } });
    for (let i = 0; i < 44; i++) emu.store.addMember({ email: `m${String(i).padStart(2, "0")}@example.com` });
    const first = await call("GET", "/api/v2/members?filter=query:example.com&expand=roleAttributes");
    expect(first.body.items).toHaveLength(20);
    expect(first.body.totalCount).toBe(44);
    expect(Object.keys(first.body._links).sort()).toEqual(["last", "next", "self"]);
    const next = new URL(first.body._links.next.href, emu.url);
    expect(Object.fromEntries(next.searchParams)).toEqual({ filter: "query:example.com", expand: "roleAttributes", limit: "20", offset: "20" });
    expect(first.body._links.last.href).toContain("offset=40");
    expect(first.body._links.self.type).toBe("application/json");

    const middle = await call("GET", first.body._links.next.href);
    expect(Object.keys(middle.body._links).sort()).toEqual(["first", "last", "next", "prev", "self"]);
    expect(middle.body._links.prev.href).toContain("offset=0");
    const last = await call("GET", middle.body._links.next.href);
    expect(last.body.items).toHaveLength(4);
    expect(Object.keys(last.body._links).sort()).toEqual(["first", "prev", "self"]);
    const seen = [...first.body.items, ...middle.body.items, ...last.body.items].map((m: { _id: string }) => m._id);
    expect(new Set(seen).size).toBe(44);

    // Strict (links "self-only"): the same page carries only `self`; totalCount is what says there is more.
    const strict = await start({ profile: "strict" });
    for (let i = 0; i < 44; i++) strict.emu.store.addMember({ email: `m${String(i).padStart(2, "0")}@example.com` });
    const selfOnly = await strict.call("GET", "/api/v2/members?filter=query:example.com&expand=roleAttributes");
    expect(selfOnly.body.items).toHaveLength(20);
    expect(selfOnly.body.totalCount).toBe(44);
    expect(Object.keys(selfOnly.body._links)).toEqual(["self"]);
  });

  test("page caps: teams 100, members 1000; above the cap clamp (lenient) or reject (strict, roles capped at 20)", async () => {
    const { emu, call } = await start({ profile: "lenient" });
    for (let i = 0; i < 105; i++) emu.store.addTeam({ key: `t${i}` });
    const clamped = await call("GET", "/api/v2/teams?limit=500");
    expect(clamped.body.items).toHaveLength(100);
    expect(clamped.body._links.self.href).toContain("limit=100");
    expect((await call("GET", "/api/v2/members?limit=1000")).status).toBe(200);
    expect((await call("GET", "/api/v2/members?limit=1001")).status).toBe(200);

    expect((await call("GET", "/api/v2/roles?limit=100")).status).toBe(200);

    const rejecting = await start({ profile: "strict" });
    expect((await rejecting.call("GET", "/api/v2/roles?limit=21")).status).toBe(400);
    expect((await rejecting.call("GET", "/api/v2/roles?limit=20")).status).toBe(200);
    expect((await rejecting.call("GET", "/api/v2/teams?limit=101")).status).toBe(400);
    expect((await rejecting.call("GET", "/api/v2/members?limit=1001")).status).toBe(400);
    expect((await rejecting.call("GET", "/api/v2/members?limit=1000")).status).toBe(200);
    expect((await rejecting.call("GET", "/api/v2/roles?limit=0")).status).toBe(400);
    expect((await rejecting.call("GET", "/api/v2/roles?offset=-1")).status).toBe(400);
  });

  test("roles list is paginated; offset past the end → empty items", async () => {
    const { emu, call } = await start();
    for (let i = 0; i < 3; i++) emu.store.addRole({ key: `r${i}` });
    const page = await call("GET", "/api/v2/roles?limit=2&offset=2");
    expect(page.body).toMatchObject({ totalCount: 3, items: [expect.objectContaining({ key: "r2" })] });
    expect((await call("GET", "/api/v2/roles?offset=10")).body.items).toEqual([]);
  });
});
