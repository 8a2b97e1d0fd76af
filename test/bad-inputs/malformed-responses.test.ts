import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { configureProcessSession } from "../../src/core/provider/process-session";
import type { ResourceKind } from "../../src/core/resources/props";
import * as runtime from "../../src/core/provider/runtime";
import { startLocalServer } from "../client/local-server";

/**
 * Malformed API responses, driven through the providers: a server that answers with missing fields, wrong
 * types, HTML pages, empty bodies or truncated JSON must produce a clear error naming the endpoint —
 * never a crash (a TypeError from deep inside), and never a result built from the bad body.
 */
type Reply = { status: number; contentType: string; body: string };

const json = (status: number, value: unknown): Reply => ({ status, contentType: "application/json", body: JSON.stringify(value) });
const html = (status: number): Reply => ({ status, contentType: "text/html", body: "<!DOCTYPE html><html><body><h1>Sign in to continue</h1></body></html>" });
const raw = (status: number, body: string, contentType = "application/json"): Reply => ({ status, contentType, body });

const MEMBER_ID = "5f2b6c1d0e9a8b7c6d5e4f3a";
const validMember = { _id: MEMBER_ID, email: "ada@example.com", role: "reader", customRoles: [], _pendingInvite: true, _verified: false, creationDate: 1 };

interface Case {
  what: string;
  /** `METHOD /path` the provider call reaches first. */
  endpoint: string;
  reply: Reply;
  kind: ResourceKind;
  call: (kind: ResourceKind) => Promise<unknown>;
  /**
   * A create whose 2xx body is unreadable has an unknown outcome: the provider looks the object up (and sends
   * again while it is not found, like after a lost response). These replies say "not found" to that lookup.
   */
  recovery?: [string, Reply][];
}

const NO_MEMBER: [string, Reply][] = [["GET /api/v2/members", json(200, { items: [], totalCount: 0 })]];

const readMember = (kind: ResourceKind) => runtime.read(kind, MEMBER_ID, { email: "ada@example.com", role: "reader" });
const inviteMember = (kind: ResourceKind) => runtime.create(kind, { email: "ada@example.com", role: "reader", adoptExisting: false, replaceOnNameChange: false });
const readTeam = (kind: ResourceKind) => runtime.read(kind, "platform", { key: "platform", name: "Platform" });
const createTeam = (kind: ResourceKind) => runtime.create(kind, { key: "platform", name: "Platform" });
const readRole = (kind: ResourceKind) => runtime.read(kind, "deployers", { key: "deployers" });
const updateRole = (kind: ResourceKind) =>
  runtime.update(kind, "deployers", { key: "deployers", name: "Old", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }], basePermissions: "no_access" }, {
    key: "deployers",
    name: "New",
    policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }],
    basePermissions: "no_access",
    adoptExisting: false,
  });
const readMembership = (kind: ResourceKind) => runtime.read(kind, `platform/${MEMBER_ID}`, { teamKey: "platform", memberId: MEMBER_ID });

const CASES: Case[] = [
  { what: "member without email", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: json(200, { _id: MEMBER_ID, role: "reader" }), kind: "member", call: readMember },
  { what: "member role as a number", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: json(200, { ...validMember, role: 3 }), kind: "member", call: readMember },
  { what: "member customRoles as a string", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: json(200, { ...validMember, customRoles: "deployers" }), kind: "member", call: readMember },
  { what: "member as an HTML login page (200)", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: html(200), kind: "member", call: readMember },
  { what: "member as an empty 200", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: raw(200, ""), kind: "member", call: readMember },
  { what: "member as truncated JSON", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: raw(200, JSON.stringify(validMember).slice(0, 40)), kind: "member", call: readMember },
  { what: "member as a JSON array", endpoint: `GET /api/v2/members/${MEMBER_ID}`, reply: json(200, [validMember]), kind: "member", call: readMember },
  { what: "invite answered with items missing", endpoint: "POST /api/v2/members", reply: json(201, { totalCount: 1 }), kind: "member", call: inviteMember, recovery: NO_MEMBER },
  { what: "invite answered with a member without _id", endpoint: "POST /api/v2/members", reply: json(201, { items: [{ ...validMember, _id: undefined }] }), kind: "member", call: inviteMember, recovery: NO_MEMBER },
  { what: "invite refused with an HTML 400 page", endpoint: "POST /api/v2/members", reply: html(400), kind: "member", call: inviteMember },
  { what: "team without key", endpoint: "GET /api/v2/teams/platform", reply: json(200, { name: "Platform", _version: 1 }), kind: "team", call: readTeam },
  { what: "team roles with wrong types", endpoint: "GET /api/v2/teams/platform", reply: json(200, { key: "platform", name: "Platform", roles: { totalCount: "two", items: 5 } }), kind: "team", call: readTeam },
  { what: "team as truncated JSON", endpoint: "GET /api/v2/teams/platform", reply: raw(200, '{"key":"platform","name":"Plat'), kind: "team", call: readTeam },
  { what: "team create answered with an empty 201", endpoint: "POST /api/v2/teams", reply: raw(201, ""), kind: "team", call: createTeam },
  { what: "team create refused with an HTML 403 page", endpoint: "POST /api/v2/teams", reply: html(403), kind: "team", call: createTeam },
  { what: "role policy as an object", endpoint: "GET /api/v2/roles/deployers", reply: json(200, { _id: "r1", key: "deployers", name: "Deployers", policy: { effect: "allow" } }), kind: "customRole", call: readRole },
  { what: "role without _id", endpoint: "GET /api/v2/roles/deployers", reply: json(200, { key: "deployers", name: "Deployers", policy: [] }), kind: "customRole", call: readRole },
  { what: "role patch answered with plain text", endpoint: "PATCH /api/v2/roles/deployers", reply: raw(200, "OK", "text/plain"), kind: "customRole", call: updateRole },
  { what: "team member list without items", endpoint: "GET /api/v2/members", reply: json(200, { totalCount: 3 }), kind: "teamMembership", call: readMembership },
  { what: "team member list with an item of the wrong type", endpoint: "GET /api/v2/members", reply: json(200, { items: ["ada@example.com"], totalCount: 1 }), kind: "teamMembership", call: readMembership },
];

let replies = new Map<string, Reply>();
let server: Awaited<ReturnType<typeof startLocalServer>>;

function answer(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { "content-type": reply.contentType, "content-length": Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const pathname = new URL(req.url, "http://x").pathname;
    const reply = replies.get(`${req.method} ${pathname}`) ?? json(404, { code: "not_found", message: `no scripted reply for ${req.method} ${pathname}` });
    answer(res, reply);
  });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  configureProcessSession({ accessToken: "api-MALFORMED-TEST-TOKEN", apiHost: server.url, requestTimeoutMs: 2000, operationTimeoutMs: 4000 });
});

describe("malformed API responses: a clear error naming the endpoint, never a crash or a silent wrong state", () => {
  it.each(CASES.map((c) => [`${c.kind}: ${c.what}`, c] as const))("%s", async (_title, c) => {
    replies = new Map([[c.endpoint, c.reply], ...(c.recovery ?? [])]);
    let error: unknown;
    let result: unknown;
    try {
      result = await c.call(c.kind);
    } catch (err) {
      error = err;
    }
    expect(result, "resolved with a result built from a malformed body").toBeUndefined();
    expect(LaunchDarklyApiError.is(error), `not a LaunchDarklyApiError: ${String(error)}`).toBe(true);
    const apiError = error as LaunchDarklyApiError;
    expect(`${apiError.method} ${apiError.path}`).toBe(c.endpoint);
    expect(apiError.message).toContain(c.endpoint);
    // Either the body is unusable (invalid_response) or it is a non-2xx the API describes no better.
    expect(apiError.code).toMatch(/^(invalid_response|http_\d{3})$/);
  });
});
