import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { LaunchDarklyClient, type LaunchDarklyClientOptions, type RequestRecord } from "../../src/core/client/http";
import { collect } from "../../src/core/client/paginate";
import { deleteMember, getMember, inviteMembers, listMembers, patchMember } from "../../src/core/api/members";
import { createRole, deleteRole, getRole, listRoles, patchRole } from "../../src/core/api/roles";
import { createTeam, deleteTeam, getTeam, listTeams, patchTeam, patchTeamsRequest, sendBulkTeamsPatch } from "../../src/core/api/teams";

const TOKEN = "api-RECOGNISABLE-7f3c9e1d-token-4242";
type Emulator = Awaited<ReturnType<typeof startEmulator>>;
let emu: Emulator;
const clients: LaunchDarklyClient[] = [];

beforeAll(async () => {
  // This file is about the transport (auth, rate limits, retries, timeouts) and counts the requests of a roles
  // listing. Under strict GET /roles refuses the provider's page of 100 once (rolePageCap 20 + reject) before the
  // remembered fallback; that fallback has its own tests (test/resources/adverse-paging-and-membership.test.ts,
  // test/emulator/paging-and-membership-switches.test.ts), so here the role page cap is set wide enough.
  emu = await startEmulator({ token: TOKEN, options: { rolePageCap: 100 } });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await emu.close();
});
beforeEach(() => {
  emu.setFaults([]);
  emu.resetRequestLog();
});

function makeClient(options: Partial<LaunchDarklyClientOptions> = {}) {
  const records: RequestRecord[] = [];
  const sleeps: number[] = [];
  const client = new LaunchDarklyClient({
    apiHost: emu.url,
    accessToken: TOKEN,
    onRequest: (r) => records.push(r),
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    ...options,
  });
  clients.push(client);
  return { client, records, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<LaunchDarklyApiError> {
  try {
    await promise;
  } catch (error) {
    if (!LaunchDarklyApiError.is(error)) throw error;
    return error;
  }
  throw new Error("expected a LaunchDarklyApiError");
}

const serverSaw = (method: string, path: string) => emu.requests.filter((r) => r.method === method && r.path === path);
let unique = 0;
const uniqueEmail = () => `person-${Date.now()}-${++unique}@example.com`;
const uniqueKey = (prefix: string) => `${prefix}-${Date.now()}-${++unique}`;

describe("auth and versioning against the emulator", () => {
  it("authenticates with the raw token and sends the current API version", async () => {
    const { client } = makeClient();
    const me = await getMember(client, "me");
    expect(me?.role).toBe("owner");
    expect(emu.requests.at(-1)?.apiVersion).toBe("20240415");
  });

  it("maps a bad token to 401 unauthorized without echoing it", async () => {
    const { client } = makeClient({ accessToken: "api-WRONG-token-zzzz" });
    const error = await failure(client.request({ method: "GET", path: "/api/v2/members/me" }));
    expect(error.status).toBe(401);
    expect(error.code).toBe("unauthorized");
    expect(error.message).not.toContain("api-WRONG-token-zzzz");
  });

  it("sends LD-API-Version: beta for the bulk team PATCH", async () => {
    const { client } = makeClient();
    const team = await createTeam(client, { key: uniqueKey("bulk"), name: "Bulk" });
    const member = (await inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]))[0]!;
    const result = await sendBulkTeamsPatch(client, patchTeamsRequest({ instructions: [{ kind: "addMembersToTeams", memberIDs: [member._id], teamKeys: [team.key] }] }));
    expect(result.teamKeys).toEqual([team.key]);
    expect(serverSaw("PATCH", "/api/v2/teams").at(-1)?.apiVersion).toBe("beta");
  });
});

describe("rate limits", () => {
  it("waits for Retry-After on a 429 and then succeeds", async () => {
    emu.setFaults([{ kind: "429", path: "/api/v2/roles", count: 1, retryAfterSeconds: 1 }]);
    const { client, records } = makeClient();
    const started = Date.now();
    await collect(listRoles(client));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(records.map((r) => r.status)).toEqual([429, 200]);
    expect(client.stats).toMatchObject({ retries: 1, rateLimitWaits: 1 });
  });

  it("waits until X-Ratelimit-Reset (epoch ms) when there is no Retry-After", async () => {
    emu.setFaults([{ kind: "429", path: "/api/v2/roles", count: 1, resetInMs: 300 }]);
    const { client, records, sleeps } = makeClient();
    const started = Date.now();
    await collect(listRoles(client));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(elapsed).toBeLessThan(1500);
    expect(sleeps[0]).toBeGreaterThan(150);
    expect(sleeps[0]).toBeLessThanOrEqual(300);
    expect(records.map((r) => r.status)).toEqual([429, 200]);
  });

  it("falls back to jittered exponential backoff when the 429 says nothing usable", async () => {
    emu.setFaults([{ kind: "429", path: "/api/v2/roles", count: 2, resetInMs: -1000 }]);
    const { client, records, sleeps } = makeClient({ random: () => 0.5 });
    await collect(listRoles(client));
    expect(records.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([100, 200]);
  });

  it("retries a 429 even for a POST, because the server did not act", async () => {
    emu.setFaults([{ kind: "429", method: "POST", path: "/api/v2/roles", count: 1, resetInMs: 100 }]);
    const { client, records } = makeClient();
    const key = uniqueKey("role429");
    await createRole(client, { key, name: key, policy: [{ effect: "allow", resources: ["member/*"], actions: ["*"] }] });
    expect(records.map((r) => r.status)).toEqual([429, 201]);
    expect(serverSaw("POST", "/api/v2/roles").filter((r) => r.status === 201)).toHaveLength(1);
  });

  it("paces on X-Ratelimit-*-Remaining so the server never has to answer 429", async () => {
    const limited = await startEmulator({ token: TOKEN, rateLimit: { limit: 3, windowMs: 500 } });
    try {
      const { client } = makeClient({ apiHost: limited.url });
      const started = Date.now();
      for (let i = 0; i < 10; i++) await getMember(client, "me");
      const elapsed = Date.now() - started;
      const statuses = limited.requests.map((r) => r.status);
      expect(statuses).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(0);
      expect(client.stats.rateLimitWaits).toBeGreaterThanOrEqual(3);
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      console.info(`pacing: ${statuses.length} requests, ${statuses.filter((s) => s === 429).length} 429s, ${client.stats.rateLimitWaits} waits, ${elapsed} ms`);
    } finally {
      await limited.close();
    }
  });
});

describe("pacing under concurrency", () => {
  it("holds concurrent requests to the allowance from the first request on: 0 429s", async () => {
    const limited = await startEmulator({ token: TOKEN, rateLimit: { limit: 3, windowMs: 500 } });
    try {
      const { client } = makeClient({ apiHost: limited.url });
      const started = Date.now();
      await Promise.all(Array.from({ length: 12 }, () => getMember(client, "me")));
      const statuses = limited.requests.map((r) => r.status);
      expect(statuses).toHaveLength(12);
      expect(statuses.filter((s) => s === 429)).toHaveLength(0);
      console.info(`concurrent pacing: ${statuses.length} requests, 0 429s, ${Date.now() - started} ms`);
    } finally {
      await limited.close();
    }
  });
});

describe("what is retried on 5xx, resets and timeouts", () => {
  it("retries a GET after a 503 and a connection reset", async () => {
    emu.setFaults([
      { kind: "503", method: "GET", path: "/api/v2/roles", count: 1 },
      { kind: "reset-before", method: "GET", path: "/api/v2/roles", count: 1 },
    ]);
    const { client, records } = makeClient({ random: () => 0 });
    await collect(listRoles(client));
    expect(records.map((r) => r.status)).toEqual([503, 0, 200]);
    expect(records[1]?.failure).toBe("network_error");
  });

  it("does not retry a POST on a 500", async () => {
    emu.setFaults([{ kind: "500", method: "POST", path: "/api/v2/roles", count: 1 }]);
    const { client } = makeClient();
    const key = uniqueKey("role500");
    const error = await failure(createRole(client, { key, name: key, policy: [{ effect: "allow", resources: ["member/*"], actions: ["*"] }] }));
    expect(error.status).toBe(500);
    expect(serverSaw("POST", "/api/v2/roles")).toHaveLength(1);
  });

  it("does not retry a POST whose connection dropped after the server acted", async () => {
    emu.setFaults([{ kind: "reset-after", method: "POST", path: "/api/v2/members", count: 1 }]);
    const { client, records } = makeClient();
    const email = uniqueEmail();
    const error = await failure(inviteMembers(client, [{ email, role: "reader" }]));
    expect(error.status).toBe(0);
    expect(error.code).toBe("network_error");
    expect(error.message).toContain("may or may not have been applied");
    expect(records).toHaveLength(1);
  });

  it("retries a PATCH only when it is marked retrySafe", async () => {
    const { client } = makeClient({ random: () => 0 });
    const member = (await inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]))[0]!;
    const path = `/api/v2/members/${member._id}`;

    emu.setFaults([{ kind: "500", method: "PATCH", count: 1 }]);
    const unsafe = await failure(client.request({ method: "PATCH", path, body: [{ op: "replace", path: "/role", value: "writer" }] }));
    expect(unsafe.status).toBe(500);
    expect(serverSaw("PATCH", path)).toHaveLength(1);

    emu.resetRequestLog();
    emu.setFaults([{ kind: "500", method: "PATCH", count: 1 }]);
    const safe = await client.request({ method: "PATCH", path, body: [{ op: "replace", path: "/role", value: "writer" }], retrySafe: true });
    expect(safe.status).toBe(200);
    expect(serverSaw("PATCH", path).map((r) => r.status)).toEqual([500, 200]);
  });

  it("patchMember marks a replace-only patch as repeatable", async () => {
    const { client } = makeClient({ random: () => 0 });
    const member = (await inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]))[0]!;
    emu.setFaults([{ kind: "reset-before", method: "PATCH", count: 1 }]);
    const updated = await patchMember(client, member._id, [{ op: "replace", path: "/role", value: "writer" }]);
    expect(updated.role).toBe("writer");
  });
});

describe("per-attempt timeout versus operation deadline", () => {
  it("times out a slow attempt and retries a GET", async () => {
    emu.setFaults([{ kind: "latency", method: "GET", path: "/api/v2/roles", count: 1, latencyMs: 1000 }]);
    const { client, records } = makeClient({ requestTimeoutMs: 300, random: () => 0 });
    await collect(listRoles(client));
    expect(records.map((r) => [r.status, r.failure])).toEqual([[0, "timeout"], [200, undefined]]);
    expect(records[0]!.durationMs).toBeLessThan(900);
  });

  it("does not retry a timed-out POST", async () => {
    emu.setFaults([{ kind: "latency", method: "POST", path: "/api/v2/teams", count: 1, latencyMs: 800 }]);
    const { client, records } = makeClient({ requestTimeoutMs: 200 });
    const error = await failure(createTeam(client, { key: uniqueKey("slow"), name: "Slow" }));
    expect(error.code).toBe("timeout");
    expect(records).toHaveLength(1);
  });

  it("lets a rate-limit wait run longer than the per-attempt timeout, within the deadline", async () => {
    emu.setFaults([{ kind: "429", path: "/api/v2/roles", count: 1, retryAfterSeconds: 1 }]);
    const { client, records } = makeClient({ requestTimeoutMs: 300, operationTimeoutMs: 5000 });
    await collect(listRoles(client));
    expect(records.map((r) => r.status)).toEqual([429, 200]);
  });

  it("fails with deadline_exceeded, naming the wait, when the wait would pass the deadline", async () => {
    emu.setFaults([{ kind: "429", path: "/api/v2/roles", count: 1, retryAfterSeconds: 1 }]);
    const { client } = makeClient({ operationTimeoutMs: 500 });
    const started = Date.now();
    const error = await failure(collect(listRoles(client)));
    expect(error.code).toBe("deadline_exceeded");
    expect(error.message).toContain("Retry-After");
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe("pagination", () => {
  it("pages members and teams across more than one page", async () => {
    const { client, records } = makeClient();
    for (let i = 0; i < 12; i++) emu.store.addMember({ email: uniqueEmail() });
    const expected = emu.store.members.size;
    const members = await collect(listMembers(client, { pageSize: 5 }));
    expect(members).toHaveLength(expected);
    expect(new Set(members.map((m) => m._id)).size).toBe(expected);
    expect(records).toHaveLength(Math.ceil(expected / 5));
    expect(records.map((r) => r.query?.offset)).toEqual(Array.from({ length: Math.ceil(expected / 5) }, (_, i) => i * 5));

    for (let i = 0; i < 3; i++) await createTeam(client, { key: uniqueKey("page"), name: `Page ${i}` });
    const teams = await collect(listTeams(client, { pageSize: 2 }));
    expect(teams).toHaveLength(emu.store.teams.size);
  });
});

describe("error mapping", () => {
  it("returns undefined / false for 404 on get and delete", async () => {
    const { client } = makeClient();
    expect(await getMember(client, "000000000000000000000000")).toBeUndefined();
    expect(await getTeam(client, "no-such-team")).toBeUndefined();
    expect(await getRole(client, "no-such-role")).toBeUndefined();
    expect(await deleteRole(client, "no-such-role")).toBe(false);
    const member = (await inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]))[0]!;
    expect(await deleteMember(client, member._id)).toBe(true);
    expect(await deleteMember(client, member._id)).toBe(false);
  });

  it("keeps invalid_emails on a 400 invite conflict", async () => {
    const { client } = makeClient();
    const email = uniqueEmail();
    await inviteMembers(client, [{ email, role: "reader" }]);
    const error = await failure(inviteMembers(client, [{ email: email.toUpperCase(), role: "reader" }]));
    expect(error.status).toBe(400);
    expect(error.code).toBe("email_already_exists_in_account");
    expect(error.details.invalid_emails).toEqual([email]);
  });

  it("surfaces 409s: duplicate role key, deleting a team with members", async () => {
    const { client } = makeClient();
    const key = uniqueKey("dup");
    const post = { key, name: key, policy: [{ effect: "allow" as const, resources: ["team/*"], actions: ["*"] }] };
    await createRole(client, post);
    const dup = await failure(createRole(client, post));
    expect(dup.status).toBe(409);
    expect(dup.message).toContain("POST /api/v2/roles");

    const member = (await inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]))[0]!;
    const team = await createTeam(client, { key: uniqueKey("busy"), name: "Busy", memberIDs: [member._id] });
    const busy = await failure(deleteTeam(client, team.key));
    expect(busy.status).toBe(409);
    await patchTeam(client, team.key, { instructions: [{ kind: "removeMembers", values: [member._id] }] });
    expect(await deleteTeam(client, team.key)).toBe(true);
  });

  it("sends the role patch as {patch, comment} and the team patch as semantic patch", async () => {
    const { client } = makeClient();
    const key = uniqueKey("shape");
    await createRole(client, { key, name: "Before", policy: [{ effect: "allow", resources: ["team/*"], actions: ["*"] }] });
    const role = await patchRole(client, key, { patch: [{ op: "replace", path: "/name", value: "After" }], comment: "rename" });
    expect(role.name).toBe("After");
    expect(serverSaw("PATCH", `/api/v2/roles/${key}`).at(-1)?.body).toEqual({ patch: [{ op: "replace", path: "/name", value: "After" }], comment: "rename" });

    const team = await createTeam(client, { key: uniqueKey("sp"), name: "Old" });
    const renamed = await patchTeam(client, team.key, { comment: "c", instructions: [{ kind: "updateName", value: "New" }] });
    expect(renamed.name).toBe("New");
    const seen = serverSaw("PATCH", `/api/v2/teams/${team.key}`).at(-1);
    expect(seen?.contentType).toContain("domain-model=launchdarkly.semanticpatch");
    expect(seen?.body).toEqual({ comment: "c", instructions: [{ kind: "updateName", value: "New" }] });
  });
});

describe("token redaction across failures", () => {
  it("never puts the token in an error or a request record", async () => {
    const { client, records } = makeClient({ requestTimeoutMs: 200, operationTimeoutMs: 800 });
    const errors: unknown[] = [];
    emu.setFaults([
      { kind: "500", method: "POST", count: 1 },
      { kind: "reset-before", method: "POST", path: "/api/v2/teams", count: 1 },
      { kind: "latency", method: "GET", path: "/api/v2/roles", count: 5, latencyMs: 400 },
    ]);
    const attempts: Array<() => Promise<unknown>> = [
      () => inviteMembers(client, [{ email: uniqueEmail(), role: "reader" }]),
      () => createTeam(client, { key: uniqueKey("redact"), name: TOKEN }),
      () => collect(listRoles(client)),
      () => inviteMembers(client, [{ email: "not-an-email", role: "owner" as never }]),
      () => client.request({ method: "GET", path: `/api/v2/members/${TOKEN}` }),
    ];
    for (const attempt of attempts) errors.push(await attempt().catch((e: unknown) => e));
    const dump = JSON.stringify(
      errors.map((e) => (e instanceof Error ? { ...e, message: e.message, stack: e.stack } : e)),
    ) + JSON.stringify(records);
    expect(errors.every((e) => LaunchDarklyApiError.is(e))).toBe(true);
    expect(dump).not.toContain(TOKEN);
  });
});
