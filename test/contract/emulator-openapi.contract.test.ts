import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { apiCaller, type ApiCallOptions } from "../emulator/api-call";
import { skipWithoutSpec, specPathFor, validateRequestBody, validateResponse } from "../support/openapi";

/**
 * Every emulator route, success and error, with each response body validated against the schema the
 * spec declares for that operation and status, and each JSON request body against the request schema.
 */
let emu: Emulator;
let call: ReturnType<typeof apiCaller>;
const covered = new Set<string>();

interface ContractOptions extends ApiCallOptions {
  /** For deliberately invalid requests: skip request-body validation. */
  invalidRequest?: boolean;
  /** Validate against this spec operation instead of the one the method and path name (405 on a method the spec lacks). */
  asOperation?: { method: string; template: string };
}

async function contract(method: string, path: string, expectedStatus: number, options: ContractOptions = {}) {
  const pathname = path.split("?")[0] ?? path;
  const effectiveMethod = options.headers?.["X-HTTP-Method-Override"] ?? method;
  const template = options.asOperation?.template ?? specPathFor(effectiveMethod, pathname);
  const specMethod = options.asOperation?.method ?? effectiveMethod;
  expect(template, `${effectiveMethod} ${pathname} is a spec operation`).toBeDefined();
  if (options.body !== undefined && !options.invalidRequest) {
    const request = validateRequestBody(specMethod, template!, options.body);
    expect(request.errors, `request body of ${specMethod} ${template}`).toEqual([]);
  }
  const response = await call(method, path, options);
  expect(response.status, `${method} ${path}: ${response.text}`).toBe(expectedStatus);
  const result = validateResponse(specMethod, template!, response.status, response.body);
  expect(result.errors, `${specMethod} ${template} → ${response.status} (${response.text.slice(0, 300)})`).toEqual([]);
  if (response.status >= 400) {
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ code: expect.any(String), message: expect.any(String), id: expect.any(String) });
  }
  expect(response.headers.get("x-request-id")).toBeTruthy();
  covered.add(`${specMethod.toUpperCase()} ${template} ${response.status}`);
  return response;
}

const statement = { effect: "allow", resources: ["proj/*:env/production:flag/*"], actions: ["updateOn"] };
let memberId = "";
let secondMemberId = "";
let roleId = "";

beforeAll(async () => {
  // nulls: false: the spec marks nothing nullable; the `nulls` switch deliberately departs from it. The lenient
  // profile serves the error statuses exercised below (400 on a non-patchable member path or an unknown member id,
  // 204 on deleting an assigned role); the strict readings' responses are checked in "strict readings".
  emu = await startEmulator({ owner: { email: "owner@example.com" }, profile: "lenient", options: { nulls: false } });
  call = apiCaller(emu);
});

afterAll(async () => {
  await emu?.close();
});

describe.skipIf(skipWithoutSpec)("custom roles", () => {
  test("POST /roles → 201, duplicate → 409, invalid → 400", async () => {
    const created = await contract("POST", "/api/v2/roles", 201, {
      body: { key: "flag-ops", name: "Flag ops", description: "Toggles flags", policy: [statement], basePermissions: "no_access", resourceCategory: "project" },
    });
    roleId = created.body._id;
    await contract("POST", "/api/v2/roles", 201, { body: { key: "readers", name: "Readers", policy: [statement] } });
    await contract("POST", "/api/v2/roles", 409, { body: { key: "flag-ops", name: "Again", policy: [statement] } });
    await contract("POST", "/api/v2/roles", 400, {
      body: { key: "broken", name: "Broken", policy: [{ effect: "allow", resources: ["a"], notResources: ["b"], actions: ["*"] }] },
    });
    await contract("POST", "/api/v2/roles", 400, { body: { name: "No key", policy: [] }, invalidRequest: true });
  });

  test("GET /roles (paginated) and /roles/{keyOrId} → 200/404", async () => {
    await contract("GET", "/api/v2/roles?limit=1", 200);
    await contract("GET", "/api/v2/roles/flag-ops", 200);
    await contract("GET", `/api/v2/roles/${roleId}`, 200);
    await contract("GET", "/api/v2/roles/nope", 404);
  });

  test("PATCH /roles/{key} → 200 ({patch, comment} and bare array), 400, 404", async () => {
    await contract("PATCH", "/api/v2/roles/flag-ops", 200, {
      body: { patch: [{ op: "replace", path: "/name", value: "Flag operators" }], comment: "rename" },
    });
    await contract("PATCH", "/api/v2/roles/flag-ops", 200, { body: [{ op: "add", path: "/policy/-", value: statement }], invalidRequest: true });
    await contract("PATCH", "/api/v2/roles/flag-ops", 400, { body: { patch: [{ op: "replace", path: "/key", value: "other" }] } });
    await contract("PATCH", "/api/v2/roles/flag-ops", 400, { body: { patch: [{ op: "replace", path: "/resourceCategory", value: "any" }] } });
    await contract("PATCH", "/api/v2/roles/nope", 404, { body: { patch: [] } });
  });
});

describe.skipIf(skipWithoutSpec)("members", () => {
  test("POST /members → 201 Members; conflicts → 400", async () => {
    const invited = await contract("POST", "/api/v2/members", 201, {
      body: [
        { email: "Ada@Example.com", firstName: "Ada", lastName: "Lovelace", role: "writer" },
        { email: "grace@example.com", customRoles: ["flag-ops"], roleAttributes: { projects: ["default"] } },
      ],
    });
    memberId = invited.body.items[0]._id;
    secondMemberId = invited.body.items[1]._id;
    await contract("POST", "/api/v2/members", 400, { body: [{ email: "ada@example.com", role: "reader" }] });
    await contract("POST", "/api/v2/members", 400, { body: [{ email: "x@example.com", role: "reader" }, { email: "X@example.com", role: "reader" }] });
    await contract("POST", "/api/v2/members", 400, {
      body: Array.from({ length: 51 }, (_, index) => ({ email: `bulk${index}@example.com`, role: "reader" })),
    });
  });

  test("GET /members (filters, expand, sort, pagination) → 200; bad token → 401", async () => {
    await contract("GET", "/api/v2/members?limit=1&offset=1&expand=roleAttributes,customRoles&sort=displayName", 200);
    await contract("GET", "/api/v2/members?filter=query:ada,role:writer", 200);
    await contract("GET", "/api/v2/members?filter=noteam:true", 200);
    await contract("GET", "/api/v2/members", 401, { headers: { Authorization: "api-wrong" } });
  });

  test("GET /members/{id} and /members/me → 200; unknown → 404", async () => {
    await contract("GET", `/api/v2/members/${memberId}?expand=roleAttributes`, 200);
    await contract("GET", "/api/v2/members/me", 200);
    await contract("GET", "/api/v2/members/0123456789abcdef01234567", 404);
  });

  test("PATCH /members/{id} → 200, 400, 404", async () => {
    await contract("PATCH", `/api/v2/members/${memberId}`, 200, {
      body: [
        { op: "replace", path: "/role", value: "reader" },
        { op: "add", path: "/customRoles/-", value: "readers" },
      ],
    });
    await contract("PATCH", `/api/v2/members/${memberId}`, 400, { body: [{ op: "replace", path: "/email", value: "new@example.com" }] });
    await contract("PATCH", `/api/v2/members/${memberId}`, 400, { body: [{ op: "test", path: "/role", value: "admin" }] });
    await contract("PATCH", "/api/v2/members/0123456789abcdef01234567", 404, { body: [{ op: "replace", path: "/role", value: "reader" }] });
  });
});

describe.skipIf(skipWithoutSpec)("teams", () => {
  test("POST /teams → 201, 400", async () => {
    await contract("POST", "/api/v2/teams?expand=members,roles,maintainers", 201, {
      body: {
        key: "platform",
        name: "Platform",
        description: "Platform team",
        customRoleKeys: ["flag-ops"],
        memberIDs: [memberId],
        permissionGrants: [{ actionSet: "maintainTeam", memberIDs: [secondMemberId] }],
        roleAttributes: { projects: ["web"] },
      },
    });
    await contract("POST", "/api/v2/teams", 201, { body: { key: "empty", name: "Empty" } });
    await contract("POST", "/api/v2/teams", 400, { body: { key: "nameless" }, invalidRequest: true });
    await contract("POST", "/api/v2/teams", 400, { body: { key: "ghosts", name: "Ghosts", memberIDs: ["0123456789abcdef01234567"] } });
  });

  test("GET /teams (filter, expand) → 200; bad token → 401; wrong method → 405", async () => {
    await contract("GET", "/api/v2/teams?filter=query:plat&expand=members,roleAttributes,maintainers", 200);
    await contract("GET", "/api/v2/teams?filter=nomembers:true&limit=1", 200);
    await contract("GET", "/api/v2/teams", 401, { noAuth: true });
    await contract("PUT", "/api/v2/teams", 405, { asOperation: { method: "GET", template: "/api/v2/teams" } });
  });

  test("GET /teams/{key} with every expand → 200; unknown → 404", async () => {
    await contract("GET", "/api/v2/teams/platform?expand=members,roles,roleAttributes,projects,maintainers", 200);
    await contract("GET", "/api/v2/teams/nope", 404);
  });

  test("PATCH /teams/{key} semantic patch → 200, 400, 404", async () => {
    await contract("PATCH", "/api/v2/teams/platform?expand=roles", 200, {
      headers: { "Content-Type": "application/json; domain-model=launchdarkly.semanticpatch" },
      body: {
        comment: "grow",
        instructions: [
          { kind: "addMembers", values: [secondMemberId] },
          { kind: "addCustomRoles", values: ["readers"] },
          { kind: "updateDescription", value: "The platform team" },
          { kind: "addRoleAttribute", key: "envs", values: ["prod"] },
        ],
      },
    });
    await contract("PATCH", "/api/v2/teams/platform", 400, { body: { instructions: [{ kind: "updateName", value: "x", extra: 1 }] } });
    await contract("PATCH", "/api/v2/teams/nope", 404, { body: { instructions: [{ kind: "updateName", value: "x" }] } });
  });

  test("GET /teams/{key}/roles and /maintainers → 200, 404", async () => {
    await contract("GET", "/api/v2/teams/platform/roles?limit=1", 200);
    await contract("GET", "/api/v2/teams/platform/maintainers", 200);
    await contract("GET", "/api/v2/teams/nope/roles", 404);
    await contract("GET", "/api/v2/teams/nope/maintainers", 404);
  });

  test("POST /members/{id}/teams → 201, 400, 404", async () => {
    await contract("POST", `/api/v2/members/${memberId}/teams`, 201, { body: { teamKeys: ["empty"] } });
    await contract("POST", `/api/v2/members/${memberId}/teams`, 400, { body: { teamKeys: ["nope"] } });
    await contract("POST", "/api/v2/members/0123456789abcdef01234567/teams", 404, { body: { teamKeys: ["empty"] } });
  });

  test("PATCH /teams (bulk, beta) → 200 partial; without beta header → 403; invalid → 400", async () => {
    const body = { instructions: [{ kind: "addMembersToTeams", memberIDs: [secondMemberId], teamKeys: ["empty", "nope"] }] };
    const result = await contract("PATCH", "/api/v2/teams", 200, { body, headers: { "LD-API-Version": "beta" } });
    expect(result.body).toEqual({ memberIDs: [secondMemberId], teamKeys: ["empty"], errors: [{ nope: expect.any(String) }] });
    await contract("PATCH", "/api/v2/teams", 403, { body });
    await contract("PATCH", "/api/v2/teams", 400, { body: { instructions: [{ kind: "nope" }] }, headers: { "LD-API-Version": "beta" } });
  });

  test("DELETE /teams/{key}: with members → 409 (undeclared; generic error shape), then 204, then 404", async () => {
    const blocked = await contract("DELETE", "/api/v2/teams/empty", 409);
    expect(blocked.body.code).toBe("conflict");
    await contract("PATCH", "/api/v2/teams/empty", 200, { body: { instructions: [{ kind: "replaceMembers", values: [] }] } });
    await contract("DELETE", "/api/v2/teams/empty", 204);
    await contract("DELETE", "/api/v2/teams/empty", 404);
  });
});

describe.skipIf(skipWithoutSpec)("deletes", () => {
  test("DELETE /members/{id} → 204, 404; DELETE /roles/{key} → 204, 404", async () => {
    await contract("DELETE", `/api/v2/members/${memberId}`, 204);
    await contract("DELETE", `/api/v2/members/${memberId}`, 404);
    await contract("DELETE", "/api/v2/roles/readers", 204);
    await contract("DELETE", "/api/v2/roles/readers", 404);
  });

  test("X-HTTP-Method-Override tunnels PATCH and DELETE through POST", async () => {
    await contract("POST", "/api/v2/roles/flag-ops", 200, {
      headers: { "X-HTTP-Method-Override": "PATCH" },
      body: { patch: [{ op: "replace", path: "/description", value: "via override" }] },
    });
    await contract("POST", `/api/v2/members/${secondMemberId}`, 204, { headers: { "X-HTTP-Method-Override": "DELETE" } });
  });
});

describe.skipIf(skipWithoutSpec)("rate limiting", () => {
  test("429 body matches RateLimitedErrorRep", async () => {
    const limited = await startEmulator({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const previous = { emu, call };
    emu = limited;
    call = apiCaller(limited);
    try {
      await contract("GET", "/api/v2/roles", 200);
      await contract("GET", "/api/v2/roles", 429);
    } finally {
      ({ emu, call } = previous);
      await limited.close();
    }
  });
});

describe.skipIf(skipWithoutSpec)("strict readings", () => {
  test("an assigned role's DELETE → 409, a duplicate team key → 400, a roles page above 20 → 400, an ignored member path → 200", async () => {
    const strict = await startEmulator({ owner: { email: "owner@example.com" }, profile: "strict", options: { nulls: false } });
    const previous = { emu, call };
    emu = strict;
    call = apiCaller(strict);
    try {
      strict.store.addRole({ key: "held" });
      strict.store.addTeam({ key: "core", name: "Core", customRoleKeys: ["held"] });
      const member = strict.store.addMember({ email: "m@example.com" });
      await contract("DELETE", "/api/v2/roles/held", 409);
      await contract("POST", "/api/v2/teams", 400, { body: { key: "core", name: "Core" } });
      await contract("GET", "/api/v2/roles?limit=100", 400);
      await contract("GET", "/api/v2/roles?limit=20", 200);
      const ignored = await contract("PATCH", `/api/v2/members/${member._id}`, 200, {
        body: [{ op: "replace", path: "/role", value: "writer" }, { op: "replace", path: "/email", value: "x@example.com" }],
        invalidRequest: true,
      });
      expect(ignored.body).toMatchObject({ role: "writer", email: "m@example.com" });
    } finally {
      ({ emu, call } = previous);
      await strict.close();
    }
  });
});

test.skipIf(skipWithoutSpec)("every route of the emulator was exercised against the spec", () => {
  const required = [
    "GET /api/v2/members 200",
    "POST /api/v2/members 201",
    "POST /api/v2/members 400",
    "GET /api/v2/members/{id} 200",
    "GET /api/v2/members/{id} 404",
    "PATCH /api/v2/members/{id} 200",
    "PATCH /api/v2/members/{id} 400",
    "DELETE /api/v2/members/{id} 204",
    "DELETE /api/v2/members/{id} 404",
    "POST /api/v2/members/{id}/teams 201",
    "GET /api/v2/teams 200",
    "GET /api/v2/teams 405",
    "POST /api/v2/teams 201",
    "PATCH /api/v2/teams 200",
    "PATCH /api/v2/teams 403",
    "GET /api/v2/teams/{teamKey} 200",
    "PATCH /api/v2/teams/{teamKey} 200",
    "PATCH /api/v2/teams/{teamKey} 400",
    "DELETE /api/v2/teams/{teamKey} 204",
    "DELETE /api/v2/teams/{teamKey} 409",
    "GET /api/v2/teams/{teamKey}/roles 200",
    "GET /api/v2/teams/{teamKey}/maintainers 200",
    "GET /api/v2/roles 200",
    "GET /api/v2/roles 429",
    "POST /api/v2/roles 201",
    "POST /api/v2/roles 409",
    "GET /api/v2/roles/{customRoleKey} 200",
    "PATCH /api/v2/roles/{customRoleKey} 200",
    "DELETE /api/v2/roles/{customRoleKey} 204",
  ];
  expect(required.filter((entry) => !covered.has(entry))).toEqual([]);
});
