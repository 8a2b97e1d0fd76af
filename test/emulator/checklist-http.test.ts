import { connect } from "node:net";
import { describe, expect, test } from "vitest";
import { useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("auth and errors", () => {
  test("§6.1 missing or wrong token → 401 unauthorized; raw token and Bearer prefix both accepted", async () => {
    const { emu, call } = await start({ token: "api-secret" });
    for (const headers of [{}, { Authorization: "api-wrong" }] as Record<string, string>[]) {
      const response = await call("GET", "/api/v2/members", { noAuth: true, headers });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: "unauthorized", message: "Invalid access token" });
    }
    expect((await call("GET", "/api/v2/members", { headers: { Authorization: "Bearer api-secret" } })).status).toBe(200);
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
    expect(emu.token).toBe("api-secret");
  });

  test("§6.1 default token is a random api- string", async () => {
    const { emu } = await start();
    expect(emu.token).toMatch(/^api-[0-9a-f]{32}$/);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("§6.2 every error is JSON {code, message, id} with the X-Request-Id header", async () => {
    const { call } = await start();
    const cases: [string, string, number, string][] = [
      ["GET", "/api/v2/nothing-here", 404, "not_found"],
      ["PUT", "/api/v2/members", 405, "method_not_allowed"],
      ["PATCH", "/api/v2/teams", 403, "forbidden"],
      ["GET", "/api/v2/members?limit=abc", 400, "invalid_request"],
    ];
    for (const [method, path, status, code] of cases) {
      const response = await call(method, path, method === "PATCH" ? { body: { instructions: [] } } : {});
      expect(response.status, path).toBe(status);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ code, message: expect.any(String) });
      expect(response.body.id).toBe(response.headers.get("x-request-id"));
    }
  });

  test("§6.2 successful responses carry X-Request-Id too", async () => {
    const { call } = await start();
    const response = await call("GET", "/api/v2/roles");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("§6.3 GET/PATCH/DELETE of unknown member, team or role → 404 not_found; deleting twice → 404", async () => {
    const { emu, call } = await start();
    const unknown = [
      ["/api/v2/members/0123456789abcdef01234567", [{ op: "replace", path: "/role", value: "reader" }]],
      ["/api/v2/teams/ghost", { instructions: [{ kind: "updateName", value: "x" }] }],
      ["/api/v2/roles/ghost", { patch: [] }],
    ] as const;
    for (const [path, patchBody] of unknown) {
      for (const method of ["GET", "PATCH", "DELETE"]) {
        const response = await call(method, path, method === "PATCH" ? { body: patchBody } : {});
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body.code).toBe("not_found");
      }
    }
    emu.store.addRole({ key: "once" });
    expect((await call("DELETE", "/api/v2/roles/once")).status).toBe(204);
    expect((await call("DELETE", "/api/v2/roles/once")).status).toBe(404);
  });

  test("§6.24 X-HTTP-Method-Override on POST routes as PATCH, DELETE or PUT", async () => {
    const { emu, call } = await start();
    emu.store.addRole({ key: "r1" });
    const patched = await call("POST", "/api/v2/roles/r1", {
      headers: { "X-HTTP-Method-Override": "PATCH" },
      body: { patch: [{ op: "replace", path: "/name", value: "Renamed" }] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe("Renamed");
    const put = await call("POST", "/api/v2/roles/r1", { headers: { "X-HTTP-Method-Override": "PUT" }, body: {} });
    expect(put.status).toBe(405);
    const deleted = await call("POST", "/api/v2/roles/r1", { headers: { "X-HTTP-Method-Override": "DELETE" } });
    expect(deleted.status).toBe(204);
    expect(emu.store.roles.has("r1")).toBe(false);
    expect(emu.requests.at(-1)).toMatchObject({ method: "DELETE", wireMethod: "POST", status: 204 });
  });

  test("§6.25 GET /members/me returns the token owner", async () => {
    const { call } = await start({ owner: { email: "Boss@Example.com" } });
    const me = await call("GET", "/api/v2/members/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: "boss@example.com", role: "owner", _verified: true, _pendingInvite: false });
    expect(me.body._id).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe("robustness of the node:http bridge", () => {
  test("malformed JSON, wrong content type, wrong-typed body → 400 invalid_request; server keeps serving", async () => {
    const { call } = await start();
    const malformed = await call("POST", "/api/v2/roles", { rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("invalid_request");
    const wrongType = await call("POST", "/api/v2/roles", { rawBody: "key=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(wrongType.status).toBe(400);
    for (const body of [42, "text", null, { key: 5, name: [], policy: "no" }]) {
      const response = await call("POST", "/api/v2/roles", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("invalid_request");
    }
    expect((await call("POST", "/api/v2/members", { body: { email: "a@b.c" } })).status).toBe(400);
    expect((await call("POST", "/api/v2/teams", { rawBody: "" })).status).toBe(400);
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
  });

  test("oversized body → 413 JSON", async () => {
    const { call } = await start();
    const response = await call("POST", "/api/v2/roles", { rawBody: JSON.stringify({ key: "big", name: "x".repeat(1_100_000), policy: [] }) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe("request_entity_too_large");
    expect((await call("GET", "/api/v2/roles")).status).toBe(200);
  });

  test("garbage on the socket does not crash the server", async () => {
    const { emu, call } = await start();
    const port = Number(new URL(emu.url).port);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("NOT HTTP AT ALL\r\n\r\n"));
      let data = "";
      socket.on("data", (chunk) => (data += chunk.toString()));
      socket.on("close", () => resolve(data));
      socket.on("error", () => resolve(data));
    });
    expect(reply).toContain("400");
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
  });

  test("request log records method, path, query, body, status, contentType, apiVersion — never the token", async () => {
    const { emu, call } = await start({ token: "api-very-secret-token" });
    await call("POST", "/api/v2/roles?x=1", { body: { key: "logged", name: "Logged", policy: [] }, headers: { "LD-API-Version": "20240415" } });
    await call("GET", "/api/v2/roles", { noAuth: true });
    expect(emu.requests).toHaveLength(2);
    expect(emu.requests[0]).toMatchObject({
      method: "POST",
      path: "/api/v2/roles",
      query: { x: "1" },
      body: { key: "logged", name: "Logged", policy: [] },
      status: 201,
      contentType: "application/json",
      apiVersion: "20240415",
    });
    expect(emu.requests[1]?.status).toBe(401);
    expect(JSON.stringify(emu.requests)).not.toContain("api-very-secret-token");
    emu.resetRequestLog();
    expect(emu.requests).toHaveLength(0);
  });
});
