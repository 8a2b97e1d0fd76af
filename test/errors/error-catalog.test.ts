import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getRole } from "../../src/core/api/roles";
import { LaunchDarklyApiError } from "../../src/core/client/errors";
import { LaunchDarklyClient } from "../../src/core/client/http";
import { resolveConfig } from "../../src/core/config";
import { startEmulator, type Emulator } from "../../src/emulator";
import { resourceCalls, type ResourceCalls } from "../../src/core/provider/resource-calls";
import { createSession } from "../../src/core/session/session";
import { startLocalServer } from "../client/local-server";
import { startStallingServer, type StallingServer } from "./stalling-server";

/**
 * The error catalog: every way a call can fail, each asserted as the whole message a user reads, in the one
 * format (what failed; LaunchDarkly's status, code and request id when there was a response; the setting or
 * property to change, with where the setting came from). The token never appears. Calls go through the
 * provider runtime exactly as the dynamic-provider host makes them (configured from stack config or the
 * environment by `resolveConfig`), except the two retry-exhaustion cases, which pin the backoff of a client.
 */
const TOKEN = "api-CATALOG-7d1e0c55-secret-token";
const BAD_TOKEN = "api-CATALOG-wrong-00000000-token";
const RID = "\u0000RID\u0000";
const NUM = "\u0000NUM\u0000";

/** The expected message: literal text, with RID where a request id goes and NUM where a number varies. */
function messagePattern(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.split(RID).join("\\(request id [0-9a-f-]+\\)").split(NUM).join("\\d+")}$`);
}

let emu: Emulator;
let basic: Emulator;
let stalling: StallingServer;
let selfSigned: { url: string; close: () => Promise<void> };
let scripted: Awaited<ReturnType<typeof startLocalServer>>;
let scriptedReply: { status: number; contentType: string; body: string } = { status: 200, contentType: "application/json", body: "{}" };
let closedUrl: string;

beforeAll(async () => {
  emu = await startEmulator({ token: TOKEN, profile: "lenient" });
  basic = await startEmulator({ token: TOKEN, options: { enterprise: false } });
  stalling = await startStallingServer();
  scripted = await startLocalServer((_req, res) => {
    res.writeHead(scriptedReply.status, { "content-type": scriptedReply.contentType, "x-request-id": "0b5e2c1a-0000-4000-8000-000000000001" });
    res.end(scriptedReply.body);
  });
  const fixtures = path.join(__dirname, "fixtures");
  const tls = createHttpsServer(
    { key: readFileSync(path.join(fixtures, "self-signed-test-only.key")), cert: readFileSync(path.join(fixtures, "self-signed-test-only.crt")) },
    (_req, res) => res.end("{}"),
  );
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  selfSigned = {
    url: `https://127.0.0.1:${(tls.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (tls.closeAllConnections(), tls.close(() => resolve()))),
  };
  const closed = await startEmulator();
  closedUrl = closed.url;
  await closed.close();
});
afterAll(async () => {
  await Promise.all([emu?.close(), basic?.close(), stalling?.close(), selfSigned?.close(), scripted?.close()]);
});
beforeEach(() => {
  emu.setFaults([]);
});

/** The provider calls of a new process, configured as the host's `configure` does, from stack config and the environment. */
let runtime: ResourceCalls;
function configure(stack: Record<string, string>, env: Record<string, string> = {}): void {
  runtime = resourceCalls(createSession(resolveConfig((key) => stack[key], env)));
}
const stackFor = (url: string, token = TOKEN, extra: Record<string, string> = {}) => ({
  "launchdarkly:accessToken": token,
  "launchdarkly:apiHost": url,
  "launchdarkly:operationTimeoutMs": "3000",
  "launchdarkly:requestTimeoutMs": "2000",
  ...extra,
});

async function failureOf(call: () => Promise<unknown>): Promise<{ error: LaunchDarklyApiError; ms: number }> {
  const started = Date.now();
  let thrown: unknown;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  const ms = Date.now() - started;
  expect(LaunchDarklyApiError.is(thrown), `expected a LaunchDarklyApiError, got ${String(thrown)}`).toBe(true);
  const error = thrown as LaunchDarklyApiError;
  const everything = `${error.message}\n${error.stack}\n${JSON.stringify(error)}\n${error.fix}`;
  expect(everything).not.toContain(TOKEN);
  expect(everything).not.toContain(BAD_TOKEN);
  return { error, ms };
}

const member = (email: string, extra: Record<string, unknown> = {}) => ({ email, role: "reader", ...extra });
const role = { key: "catalog-role", name: "Catalog", policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"] }] };
let unique = 0;
const uniqueEmail = () => `catalog-${++unique}-${Date.now()}@example.com`;
/** The member the 404 case deletes behind Pulumi's back. */
const gone = { email: "", id: "" };

interface FailureCase {
  what: string;
  run: () => Promise<unknown>;
  /** The whole message (see messagePattern). */
  message: () => string;
  /** Fails fast: the error arrives within this many ms. */
  withinMs?: number;
}

const CASES: FailureCase[] = [
  {
    what: "no access token anywhere",
    run: () => (configure({ "launchdarkly:apiHost": emu.url }), runtime.create("member", member(uniqueEmail()))),
    message: () =>
      "LaunchDarkly API POST /api/v2/members not sent: no access token is configured: neither launchdarkly:accessToken (stack config) nor " +
      "LAUNCHDARKLY_ACCESS_TOKEN (environment) is set. Fix: run `pulumi config set --secret launchdarkly:accessToken <token>` or set " +
      "LAUNCHDARKLY_ACCESS_TOKEN: a personal or service API access token (api-…), not an SDK key.",
  },
  {
    what: "bad token from stack config (401)",
    run: () => (configure(stackFor(emu.url, BAD_TOKEN)), runtime.create("member", member(uniqueEmail()))),
    message: () =>
      `LaunchDarkly API POST /api/v2/members failed: 401 unauthorized: Invalid access token ${RID}. Fix: the access token from ` +
      `launchdarkly:accessToken (stack config) was rejected by ${emu.url}: use a personal or service API access token (api-…, not an SDK or ` +
      `mobile key) of this LaunchDarkly instance, and check launchdarkly:apiHost (stack config) = "${emu.url}" (EU and federal accounts have their own hosts).`,
    withinMs: 2000,
  },
  {
    what: "bad token from the environment (401)",
    run: () => (configure({}, { LAUNCHDARKLY_ACCESS_TOKEN: BAD_TOKEN, LAUNCHDARKLY_API_HOST: emu.url }), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role failed: 401 unauthorized: Invalid access token ${RID}. Fix: the access token from ` +
      `LAUNCHDARKLY_ACCESS_TOKEN (environment) was rejected by ${emu.url}: use a personal or service API access token (api-…, not an SDK or ` +
      `mobile key) of this LaunchDarkly instance, and check LAUNCHDARKLY_API_HOST (environment) = "${emu.url}" (EU and federal accounts have their own hosts).`,
  },
  {
    // Only a stack-config token can be stale in `pulumi refresh` (the engine configures it from the state); a read adds how to refresh.
    what: "bad token from stack config on a read (refresh)",
    run: () => (configure(stackFor(emu.url, BAD_TOKEN)), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role failed: 401 unauthorized: Invalid access token ${RID}. Fix: the access token from ` +
      `launchdarkly:accessToken (stack config) was rejected by ${emu.url}: use a personal or service API access token (api-…, not an SDK or ` +
      `mobile key) of this LaunchDarkly instance, and check launchdarkly:apiHost (stack config) = "${emu.url}" (EU and federal accounts have their own hosts). ` +
      "If you changed `launchdarkly:accessToken` since the last `pulumi up`: `pulumi refresh` uses the configuration saved in the state by that `up`, " +
      "not the current stack config. Run `pulumi refresh --run-program` (or `pulumi up`, which saves the new configuration) so the current token is used.",
  },
  {
    // The preview checks list members to find an email that already exists: a rejected token fails there, in the same format.
    what: "bad token in a preview check's member listing (401)",
    run: () => (configure(stackFor(emu.url, BAD_TOKEN)), runtime.check("member", {}, member(uniqueEmail()))),
    message: () =>
      `LaunchDarkly API GET /api/v2/members failed: 401 unauthorized: Invalid access token ${RID}. Fix: the access token from ` +
      `launchdarkly:accessToken (stack config) was rejected by ${emu.url}: use a personal or service API access token (api-…, not an SDK or ` +
      `mobile key) of this LaunchDarkly instance, and check launchdarkly:apiHost (stack config) = "${emu.url}" (EU and federal accounts have their own hosts).`,
  },
  {
    what: "teams without an Enterprise plan (403)",
    run: () => (configure(stackFor(basic.url)), runtime.create("team", { key: "platform", name: "Platform" })),
    message: () =>
      `LaunchDarkly API POST /api/v2/teams failed: 403 forbidden: This feature requires an Enterprise plan ${RID}. Fix: the access token from ` +
      `launchdarkly:accessToken (stack config) may not do this: give it a role that can manage members, teams and custom roles (teams and ` +
      `custom roles also need an Enterprise plan).`,
  },
  {
    what: "unreachable host (connection refused)",
    run: () => (configure(stackFor(closedUrl)), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role failed: could not connect to ${closedUrl} (ECONNREFUSED: nothing accepts connections there); ` +
      `first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = "${closedUrl}": it must be reachable from here ` +
      `(https://app.launchdarkly.com, https://app.eu.launchdarkly.com, https://app.launchdarkly.us, or the emulator's http://127.0.0.1:PORT).`,
    withinMs: 1500,
  },
  {
    what: "host that accepts connections and never answers",
    run: () => (configure(stackFor(stalling.url, TOKEN, { "launchdarkly:connectTimeoutMs": "250" })), runtime.create("member", member(uniqueEmail()))),
    message: () =>
      `LaunchDarkly API POST /api/v2/members failed: ${stalling.url} accepted the connection but sent no response within 500 ms (the first ` +
      `request's wait, twice the connect timeout); first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = ` +
      `"${stalling.url}": it is not answering like the LaunchDarkly API; if it is just slow, raise launchdarkly:connectTimeoutMs (stack config) = 250 (250 ms).`,
    withinMs: 1500,
  },
  {
    what: "TLS host that accepts connections and never completes the handshake (connect timeout)",
    run: () =>
      (configure(stackFor(stalling.url.replace("http:", "https:"), TOKEN, { "launchdarkly:connectTimeoutMs": "250" })), runtime.read("customRole", "catalog-role", role)),
    message: () => {
      const url = stalling.url.replace("http:", "https:");
      return (
        `LaunchDarkly API GET /api/v2/roles/catalog-role failed: could not connect to ${url} within 250 ms (UND_ERR_CONNECT_TIMEOUT); first request ` +
        `to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = "${url}"; if the network is just slow, raise ` +
        `launchdarkly:connectTimeoutMs (stack config) = 250 (250 ms).`
      );
    },
    withinMs: 1500,
  },
  {
    what: "apiHost without a scheme",
    run: () => (configure(stackFor(emu.url.replace("http://", ""))), runtime.create("member", member(uniqueEmail()))),
    message: () =>
      `LaunchDarkly API POST /api/v2/members not sent: launchdarkly:apiHost (stack config) is "${emu.url.replace("http://", "")}", which has no scheme. ` +
      `Fix: run \`pulumi config set launchdarkly:apiHost ${emu.url}\`.`,
  },
  {
    what: "apiHost ending in /api/v2",
    run: () => (configure({}, { LAUNCHDARKLY_ACCESS_TOKEN: TOKEN, LAUNCHDARKLY_API_HOST: `${emu.url}/api/v2` }), runtime.create("member", member(uniqueEmail()))),
    message: () =>
      `LaunchDarkly API POST /api/v2/members not sent: LAUNCHDARKLY_API_HOST (environment) is "${emu.url}/api/v2", which ends in /api/v2, ` +
      `which the provider adds itself. Fix: set LAUNCHDARKLY_API_HOST=${emu.url}.`,
  },
  {
    what: "apiHost with a path",
    run: () => (configure(stackFor("https://app.launchdarkly.com/settings/authorization")), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role not sent: launchdarkly:apiHost (stack config) is "https://app.launchdarkly.com/settings/authorization", ` +
      "which has a path (/settings/authorization). Fix: run `pulumi config set launchdarkly:apiHost https://app.launchdarkly.com`.",
  },
  {
    what: "apiHost with another scheme",
    run: () => (configure(stackFor("ftp://app.launchdarkly.com")), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role not sent: launchdarkly:apiHost (stack config) is "ftp://app.launchdarkly.com", which has the ` +
      'scheme "ftp". Fix: run `pulumi config set launchdarkly:apiHost https://app.launchdarkly.com`.',
  },
  {
    what: "a timeout that is not a number",
    run: () => (
      configure({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": emu.url }, { LAUNCHDARKLY_REQUEST_TIMEOUT_MS: "30s" }),
      runtime.create("member", member(uniqueEmail()))
    ),
    message: () =>
      `LaunchDarkly API POST /api/v2/members not sent: LAUNCHDARKLY_REQUEST_TIMEOUT_MS (environment) is "30s", which is not a whole number of ` +
      "milliseconds greater than 0. Fix: set LAUNCHDARKLY_REQUEST_TIMEOUT_MS=30000.",
  },
  {
    what: "https spoken to a plain-http host",
    run: () => (configure(stackFor(emu.url.replace("http:", "https:"))), runtime.create("member", member(uniqueEmail()))),
    message: () => {
      const url = emu.url.replace("http:", "https:");
      return (
        `LaunchDarkly API POST /api/v2/members failed: TLS with ${url} failed (ERR_SSL_WRONG_VERSION_NUMBER: the server does not speak TLS; ` +
        `is it plain http?); first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = "${url}": use http:// for a ` +
        `plain-HTTP host such as the emulator, or make its certificate trusted (NODE_EXTRA_CA_CERTS for a private CA).`
      );
    },
    withinMs: 1500,
  },
  {
    what: "https host with a self-signed certificate",
    run: () => (configure(stackFor(selfSigned.url)), runtime.read("customRole", "catalog-role", role)),
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role failed: TLS with ${selfSigned.url} failed (DEPTH_ZERO_SELF_SIGNED_CERT: the server's ` +
      `certificate is self-signed and not trusted); first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = ` +
      `"${selfSigned.url}": use http:// for a plain-HTTP host such as the emulator, or make its certificate trusted (NODE_EXTRA_CA_CERTS for a private CA).`,
    withinMs: 1500,
  },
  {
    what: "TeamMembership of an unknown team (404)",
    run: async () => {
      configure(stackFor(emu.url));
      const ada = emu.store.addMember({ email: uniqueEmail() });
      return runtime.create("teamMembership", { teamKey: "payments", memberId: ada._id });
    },
    message: () =>
      `LaunchDarkly API PATCH /api/v2/teams/payments failed: 404 not_found: Team not found: payments ${RID}. Fix: TeamMembership property ` +
      "teamKey is \"payments\", and LaunchDarkly has no team with that key: declare the team with a Team resource and pass its `key` output (so " +
      "Pulumi creates it first), or correct teamKey.",
  },
  {
    what: "TeamMembership of an unknown member id (400)",
    run: async () => {
      configure(stackFor(emu.url));
      await runtime.create("team", { key: "catalog-members", name: "Catalog" });
      return runtime.create("teamMembership", { teamKey: "catalog-members", memberId: "0123456789abcdef01234567" });
    },
    message: () =>
      `LaunchDarkly API PATCH /api/v2/teams/catalog-members failed: 400 invalid_request: instruction 0 (addMembers): unknown member id(s): 0123456789abcdef01234567 ${RID}. ` +
      'Fix: TeamMembership property memberId is "0123456789abcdef01234567", and team "catalog-members" cannot get it: no member with this id ' +
      "exists in the LaunchDarkly account. Pass the id of an existing member, e.g. a Member resource's `id` output.",
  },
  {
    what: "Team update of a team deleted outside Pulumi (404)",
    run: async () => {
      configure(stackFor(emu.url));
      const created = await runtime.create("team", { key: "catalog-gone", name: "Gone" });
      emu.store.teams.delete("catalog-gone");
      return runtime.update("team", created.id, created.outs!, { key: "catalog-gone", name: "Renamed" });
    },
    message: () =>
      `LaunchDarkly API PATCH /api/v2/teams/catalog-gone failed: 404 not_found: Team not found: catalog-gone ${RID}. Fix: this Team (key ` +
      '"catalog-gone") no longer exists in LaunchDarkly: run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again.',
  },
  {
    what: "Member update of a member deleted outside Pulumi (404)",
    run: async () => {
      configure(stackFor(emu.url));
      gone.email = uniqueEmail();
      const created = await runtime.create("member", member(gone.email));
      gone.id = created.id;
      emu.store.deleteMember(created.id);
      return runtime.update("member", created.id, created.outs!, member(gone.email, { role: "writer" }));
    },
    message: () =>
      `LaunchDarkly API PATCH /api/v2/members/${gone.id} failed: 404 not_found: Member not found: ${gone.id} ${RID}. Fix: this Member ` +
      `(${gone.email}, id ${gone.id}) no longer exists in LaunchDarkly: run \`pulumi refresh\` to drop it from the state, then \`pulumi up\` to create it again.`,
  },
  {
    what: "CustomRole update of a role deleted outside Pulumi (404)",
    run: async () => {
      configure(stackFor(emu.url));
      const created = await runtime.create("customRole", { ...role, key: "catalog-deleted" });
      emu.store.deleteRole(emu.store.roles.get([...emu.store.roles.keys()].find((k) => emu.store.roles.get(k)!.key === "catalog-deleted")!)!);
      return runtime.update("customRole", created.id, created.outs!, { ...role, key: "catalog-deleted", name: "Renamed" });
    },
    message: () =>
      `LaunchDarkly API PATCH /api/v2/roles/catalog-deleted failed: 404 not_found: Custom role not found: catalog-deleted ${RID}. Fix: this ` +
      'CustomRole (key "catalog-deleted") no longer exists in LaunchDarkly: run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again.',
  },
  {
    what: "Team created with an unknown custom role key (400)",
    run: () => (configure(stackFor(emu.url)), runtime.create("team", { key: "catalog-roles", name: "Roles", customRoleKeys: ["auditr"] })),
    message: () =>
      `LaunchDarkly API POST /api/v2/teams failed: 400 invalid_request: Unknown custom role key "auditr" ${RID}. Fix: check Team properties ` +
      'customRoleKeys ("auditr"), maintainers (none) and memberIds (none): every custom role key and member id must exist in the account; pass ' +
      "CustomRole `key` and Member `id` outputs so Pulumi creates them first.",
  },
  {
    what: "Member invited with an unknown custom role key (400)",
    run: () => (configure(stackFor(emu.url)), runtime.create("member", member(uniqueEmail(), { customRoles: ["auditr"] }))),
    message: () =>
      `LaunchDarkly API POST /api/v2/members failed: 400 invalid_request: Unknown custom role "auditr" ${RID}. Fix: check Member property ` +
      'customRoles ("auditr"): each must be the key of an existing custom role; pass a CustomRole\'s `key` output so Pulumi creates it first.',
  },
  {
    what: "429 past the operation deadline",
    run: () => {
      configure(stackFor(emu.url, TOKEN, { "launchdarkly:operationTimeoutMs": "1000" }));
      emu.setFaults([{ kind: "429", path: "/api/v2/roles/catalog-role", count: 5, retryAfterSeconds: 5 }]);
      return runtime.read("customRole", "catalog-role", role);
    },
    message: () =>
      "LaunchDarkly API GET /api/v2/roles/catalog-role failed: operation deadline of 1.0 s reached while waiting for 429 rate limited (Retry-After) " +
      "(5.0 s) (last status 429). Fix: LaunchDarkly kept rate-limiting; raise launchdarkly:operationTimeoutMs (stack config) = 1000 (1 s), or run again later.",
  },
  {
    what: "5xx past the operation deadline",
    run: () => {
      emu.setFaults([{ kind: "503", path: "/api/v2/roles/catalog-role", count: 20 }]);
      const client = pinnedClient(stackFor(emu.url, TOKEN, { "launchdarkly:operationTimeoutMs": "500" }), () => 1);
      return getRole(client, "catalog-role").finally(() => client.close());
    },
    message: () =>
      "LaunchDarkly API GET /api/v2/roles/catalog-role failed: operation deadline of 500 ms reached while waiting for 503 server error (400 ms) " +
      "(last status 503). Fix: LaunchDarkly kept failing; raise launchdarkly:operationTimeoutMs (stack config) = 500 (500 ms), or run again later.",
  },
  {
    what: "5xx after every retry",
    run: () => {
      emu.setFaults([{ kind: "503", path: "/api/v2/roles/catalog-role", count: 20 }]);
      const client = pinnedClient(stackFor(emu.url), () => 0);
      return getRole(client, "catalog-role").finally(() => client.close());
    },
    message: () =>
      `LaunchDarkly API GET /api/v2/roles/catalog-role failed: 503 service_unavailable: Service unavailable (injected) ${RID}. Fix: LaunchDarkly kept failing; run again later ` +
      "(what succeeded is recorded), or raise launchdarkly:operationTimeoutMs (stack config) = 3000 (3 s).",
  },
  {
    what: "malformed JSON in a success response",
    run: () => {
      scriptedReply = { status: 200, contentType: "application/json", body: '{"key": "catalog-role", "name": ' };
      configure(stackFor(scripted.url));
      return runtime.read("customRole", "catalog-role", role);
    },
    message: () =>
      'LaunchDarkly API GET /api/v2/roles/catalog-role failed: 200 invalid_response: unexpected response body: not valid JSON (32 bytes of ' +
      `application/json: "{\\"key\\": \\"catalog-role\\", \\"name\\":") (request id 0b5e2c1a-0000-4000-8000-000000000001). Fix: check that ` +
      `launchdarkly:apiHost (stack config) = "${scripted.url}" is the LaunchDarkly API itself, not a proxy, a web page or another service.`,
  },
  {
    what: "a web page answering 404 (not the API): a refresh fails instead of dropping the resource",
    run: () => {
      scriptedReply = { status: 404, contentType: "text/html", body: "<html><body>Page not found</body></html>" };
      configure(stackFor(scripted.url));
      return runtime.read("customRole", "catalog-role", role);
    },
    message: () =>
      "LaunchDarkly API GET /api/v2/roles/catalog-role failed: 404 invalid_response: unexpected response body: HTTP 404 without a JSON error body (40 bytes " +
      'of text/html: "<html><body>Page not found</body></html>") (request id 0b5e2c1a-0000-4000-8000-000000000001). Fix: check that ' +
      `launchdarkly:apiHost (stack config) = "${scripted.url}" is the LaunchDarkly API itself, not a proxy, a web page or another service.`,
  },
  {
    what: "an HTML gateway error after every retry",
    run: () => {
      scriptedReply = { status: 502, contentType: "text/html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>" };
      const client = pinnedClient(stackFor(scripted.url), () => 0);
      return getRole(client, "catalog-role").finally(() => client.close());
    },
    message: () =>
      "LaunchDarkly API GET /api/v2/roles/catalog-role failed: 502 invalid_response: unexpected response body: HTTP 502 without a JSON error body (50 bytes " +
      'of text/html: "<html><body><h1>502 Bad Gateway</h1></body></html>") (request id 0b5e2c1a-0000-4000-8000-000000000001). Fix: check that ' +
      `launchdarkly:apiHost (stack config) = "${scripted.url}" is the LaunchDarkly API itself, not a proxy, a web page or another service.`,
  },
  {
    what: "a response that does not match the API schema",
    run: () => {
      scriptedReply = { status: 200, contentType: "application/json", body: JSON.stringify({ key: 42 }) };
      configure(stackFor(scripted.url));
      return runtime.read("customRole", "catalog-role", role);
    },
    message: () =>
      "LaunchDarkly API GET /api/v2/roles/catalog-role failed: 200 invalid_response: unexpected response body: does not match the API schema at " +
      "_id: Invalid input: expected string, received undefined; _links: Invalid input: expected record, received undefined; key: Invalid input: " +
      "expected string, received number (+2 more) (request id 0b5e2c1a-0000-4000-8000-000000000001). " +
      `Fix: check that launchdarkly:apiHost (stack config) = "${scripted.url}" is the LaunchDarkly API itself, not a proxy, a web page or another service.`,
  },
];

/** A client configured like the runtime's, with the backoff pinned so that retry exhaustion is deterministic. */
function pinnedClient(stack: Record<string, string>, random: () => number): LaunchDarklyClient {
  return new LaunchDarklyClient({ ...resolveConfig((key) => stack[key], {}), random });
}

describe("error catalog: one format for every failure, naming the setting or property to change", () => {
  it(`covers at least 20 failures (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CASES.map((c) => [c.what, c] as const))("%s", async (_what, c) => {
    emu.resetRequestLog();
    const { error, ms } = await failureOf(c.run);
    expect(error.message).toMatch(messagePattern(c.message()));
    if (c.withinMs !== undefined) expect(ms).toBeLessThan(c.withinMs);
  });
});

describe("check failures reach the engine without a nested property (no `value {<nil>}`)", () => {
  it.each([
    ["customRole", { ...role, policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"], notActions: ["x"] }] }, "policy[0].notActions: give either actions or notActions, not both"],
    ["member", {}, "email is required"],
    ["member", { email: "ada.example.com" }, 'email: "ada.example.com" is not an email address'],
    ["team", { name: "Platform" }, "key is required: the team key"],
    ["teamMembership", { teamKey: "platform", memberId: "ada@example.com" }, "memberId looks like an email address; pass the member's id (e.g. a Member resource's `id` output)"],
  ] as const)("%s %j", async (kind, inputs, reason) => {
    configure(stackFor(emu.url));
    const result = await runtime.check(kind, {}, inputs as Record<string, unknown>);
    expect(result.failures?.map((f) => f.property)).toEqual(result.failures?.map(() => ""));
    expect(result.failures?.map((f) => f.reason)).toContainEqual(expect.stringMatching(new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`)));
  });
});
