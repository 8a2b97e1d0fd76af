import { afterEach, describe, expect, it } from "vitest";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { LaunchDarklyClient, type RequestRecord } from "../../src/core/client/http";
import { getMember } from "../../src/core/api/members";
import { sendJson, startLocalServer } from "./local-server";

const TOKEN = "api-SECRET-TOKEN-0123456789abcdef";
let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

async function serverAndClient(handle: Parameters<typeof startLocalServer>[0], extra: Partial<ConstructorParameters<typeof LaunchDarklyClient>[0]> = {}) {
  const server = await startLocalServer(handle);
  const records: RequestRecord[] = [];
  const client = new LaunchDarklyClient({
    apiHost: server.url,
    accessToken: TOKEN,
    onRequest: (r) => records.push(r),
    sleep: async () => {},
    ...extra,
  });
  closers.push(server.close, () => client.close());
  return { server, client, records };
}

async function failure(promise: Promise<unknown>): Promise<LaunchDarklyApiError> {
  try {
    await promise;
  } catch (error) {
    expect(LaunchDarklyApiError.is(error)).toBe(true);
    return error as LaunchDarklyApiError;
  }
  throw new Error("expected a LaunchDarklyApiError");
}

describe("request headers", () => {
  it("sends the raw token, the API version, the user agent and JSON content type", async () => {
    const { server, client } = await serverAndClient((_req, res) => sendJson(res, 200, { ok: true }));
    await client.request({ method: "POST", path: "/api/v2/roles", body: { key: "k" } });
    await client.request({ method: "PATCH", path: "/api/v2/teams", body: { instructions: [] }, apiVersion: "beta", contentType: "application/json; domain-model=launchdarkly.semanticpatch" });
    const [post, patch] = server.seen;
    expect(post!.headers.authorization).toBe(TOKEN);
    expect(post!.headers["ld-api-version"]).toBe("20240415");
    expect(post!.headers["user-agent"]).toMatch(/^pulumi-launchdarkly-access\/\d+\.\d+\.\d+/);
    expect(post!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(post!.body)).toEqual({ key: "k" });
    expect(patch!.headers["ld-api-version"]).toBe("beta");
    expect(patch!.headers["content-type"]).toBe("application/json; domain-model=launchdarkly.semanticpatch");
  });

  it("encodes the query and skips undefined values", async () => {
    const { server, client } = await serverAndClient((_req, res) => sendJson(res, 200, {}));
    await client.request({ method: "GET", path: "/api/v2/members", query: { filter: "email:a+b@x.io", expand: undefined, limit: 5 } });
    expect(server.seen[0]!.url).toBe("/api/v2/members?filter=email%3Aa%2Bb%40x.io&limit=5");
  });

  it("reports a missing token on the first request, not at construction", async () => {
    const client = new LaunchDarklyClient({ apiHost: "http://127.0.0.1:1" });
    await expect(client.request({ method: "GET", path: "/api/v2/members" })).rejects.toThrow(
      "LaunchDarkly API GET /api/v2/members not sent: no access token is configured: neither launchdarkly:accessToken (stack config) " +
        "nor LAUNCHDARKLY_ACCESS_TOKEN (environment) is set. Fix: run `pulumi config set --secret launchdarkly:accessToken <token>` or set LAUNCHDARKLY_ACCESS_TOKEN",
    );
  });
});

describe("bodies that are not what the API promises", () => {
  it("maps an HTML error page to invalid_response naming the endpoint", async () => {
    const { client } = await serverAndClient((_req, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html><body><h1>502 Bad Gateway</h1></body></html>");
    });
    const error = await failure(client.request({ method: "POST", path: "/api/v2/members", body: [] }));
    expect(error.status).toBe(502);
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("POST /api/v2/members");
    expect(error.message).toContain("text/html");
  });

  it("maps truncated JSON on a 200 to invalid_response", async () => {
    const { client } = await serverAndClient((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"items": [{"_id": "abc"');
    });
    const error = await failure(client.request({ method: "GET", path: "/api/v2/roles" }));
    expect(error.code).toBe("invalid_response");
    expect(error.status).toBe(200);
    expect(error.message).toContain("GET /api/v2/roles");
    expect(error.message).toContain("not valid JSON");
  });

  it("maps a body cut short of its Content-Length to a network error, retried for a GET", async () => {
    const { client, server } = await serverAndClient((_req, res, index) => {
      if (index === 0) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        res.write('{"items":');
        res.destroy();
      } else sendJson(res, 200, { items: [] });
    });
    const response = await client.request({ method: "GET", path: "/api/v2/roles" });
    expect(response.body).toEqual({ items: [] });
    expect(server.seen).toHaveLength(2);
    expect(client.stats.retries).toBe(1);
  });

  it("maps an empty error body to invalid_response with the status kept", async () => {
    const { client } = await serverAndClient((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const error = await failure(client.request({ method: "POST", path: "/api/v2/teams", body: {} }));
    expect(error.status).toBe(500);
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("empty body");
  });

  it("returns an undefined body for 204", async () => {
    const { client } = await serverAndClient((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await client.request({ method: "DELETE", path: "/api/v2/teams/x" });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
  });

  it("reports a schema mismatch with the zod path", async () => {
    const { client } = await serverAndClient((_req, res) => sendJson(res, 200, { _id: "m1", role: "reader", customRoles: "nope" }));
    const error = await failure(getMember(client, "m1"));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toContain("GET /api/v2/members/m1");
    expect(error.message).toMatch(/email|customRoles/);
  });
});

describe("error bodies", () => {
  it("keeps the request id from the body, else from X-Request-Id", async () => {
    const { client } = await serverAndClient((req, res) =>
      req.url.endsWith("/a")
        ? sendJson(res, 403, { code: "forbidden", message: "no", id: "body-rid" }, { "x-request-id": "hdr-rid" })
        : sendJson(res, 403, { code: "forbidden", message: "no" }, { "x-request-id": "hdr-rid" }),
    );
    expect((await failure(client.request({ method: "GET", path: "/api/v2/teams/a" }))).requestId).toBe("body-rid");
    expect((await failure(client.request({ method: "GET", path: "/api/v2/teams/b" }))).requestId).toBe("hdr-rid");
  });
});

describe("token redaction", () => {
  it("never shows the token, even when the server echoes it", async () => {
    const { client, records } = await serverAndClient((req, res) =>
      sendJson(res, 400, { code: "invalid_request", message: `bad token ${req.headers.authorization}`, echo: [req.headers.authorization] }),
    );
    const error = await failure(client.request({ method: "POST", path: "/api/v2/roles", body: { note: TOKEN } }));
    const inPath = await failure(client.request({ method: "GET", path: `/api/v2/members/${TOKEN}`, query: { filter: TOKEN } }));
    const everything = JSON.stringify({
      errors: [error, inPath].map((e) => ({ ...e, message: e.message, stack: e.stack })),
      records,
    });
    expect(everything).not.toContain(TOKEN);
    expect(error.apiMessage).toContain("[REDACTED]");
  });
});

describe("429 without any rate-limit header", () => {
  it("backs off with full jitter from 200 ms", async () => {
    const sleeps: number[] = [];
    const { client, server } = await serverAndClient(
      (_req, res, index) => (index < 3 ? sendJson(res, 429, { code: "rate_limited", message: "slow down" }) : sendJson(res, 200, { items: [] })),
      { random: () => 0.75, sleep: async (ms) => void sleeps.push(ms) },
    );
    await client.request({ method: "POST", path: "/api/v2/roles", body: {} });
    expect(server.seen).toHaveLength(4);
    expect(sleeps).toEqual([150, 300, 600]);
    expect(client.stats).toEqual({ requests: 4, retries: 3, rateLimitWaits: 3 });
  });
});
