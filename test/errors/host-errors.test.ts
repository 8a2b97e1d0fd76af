import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator";
import { hostModule, ROOT, serializedProvider, TOKEN, urn } from "../engine/engine-harness";
import { startStallingServer, type StallingServer } from "./stalling-server";

/**
 * The fail-fast and error-format cases through Pulumi's own dynamic-provider host (built `dist/`), as
 * `pulumi up` runs them: one host process per stack configuration, as the engine starts one per `up`.
 */
type Host = Awaited<ReturnType<typeof hostModule.DynamicProviderHost.start>>;
const BAD_TOKEN = "api-HOST-wrong-1234567890";

let emu: Emulator;
let stalling: StallingServer;
const hosts: Host[] = [];

beforeAll(async () => {
  emu = await startEmulator({ token: TOKEN, profile: "lenient" });
  stalling = await startStallingServer();
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await Promise.all([emu?.close(), stalling?.close()]);
});

/** A host with this stack config and no LAUNCHDARKLY_* in its environment. */
async function hostWith(config: Record<string, string>): Promise<Host> {
  const host = await hostModule.DynamicProviderHost.start({ cwd: ROOT, env: { LAUNCHDARKLY_ACCESS_TOKEN: "", LAUNCHDARKLY_API_HOST: "" } });
  hosts.push(host);
  await host.configure(config);
  return host;
}

async function createMember(host: Host): Promise<{ message: string; ms: number }> {
  const started = Date.now();
  const error = await host.create(urn("member", "ada"), { __provider: await serializedProvider("member"), email: "ada@example.com", role: "reader" }).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error, "the create succeeded").toBeDefined();
  expect(`${error!.message}\n${host.stderr}`).not.toContain(TOKEN);
  expect(`${error!.message}\n${host.stderr}`).not.toContain(BAD_TOKEN);
  return { message: error!.message, ms: Date.now() - started };
}

describe("through the dynamic-provider host", () => {
  it("a host that accepts connections and never answers fails the first request within the first-contact wait, naming apiHost", async () => {
    const host = await hostWith({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": stalling.url, "launchdarkly:connectTimeoutMs": "500" });
    // Warm the runtime (module loading) so the timing measures the request alone. The check of an unchanged email
    // sends no request (a new email would be looked up in the preview checks' member listing, the first contact).
    const warm = { email: "warm@example.com", role: "reader" };
    const warmed = await host.check(urn("member", "warm"), warm, { __provider: await serializedProvider("member"), ...warm });
    expect(warmed.failures ?? []).toEqual([]);
    const { message, ms } = await createMember(host);
    expect(message).toBe(
      `LaunchDarkly API POST /api/v2/members failed: ${stalling.url} accepted the connection but sent no response within 1 s (the first request's ` +
        `wait, twice the connect timeout); first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = "${stalling.url}": ` +
        "it is not answering like the LaunchDarkly API; if it is just slow, raise launchdarkly:connectTimeoutMs (stack config) = 500 (500 ms).",
    );
    // Before: 30 s per attempt, then a lost-create lookup retried 6 times: 3 to 4 minutes of silence.
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(5000);
    expect(stalling.accepted).toBe(1);
  }, 20_000);

  it("a preview check whose listing meets a host that never answers fails in the one format, naming apiHost, as a check failure", async () => {
    const host = await hostWith({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": stalling.url, "launchdarkly:connectTimeoutMs": "500" });
    const provider = await serializedProvider("member");
    const before = stalling.accepted;
    const result = await host.check(urn("member", "grace"), {}, { __provider: provider, email: "grace@example.com", role: "reader" });
    expect(result.failures).toEqual([
      {
        property: "",
        reason:
          `LaunchDarkly API GET /api/v2/members failed: ${stalling.url} accepted the connection but sent no response within 1 s (the first request's ` +
          `wait, twice the connect timeout); first request to this host, not retried. Fix: check launchdarkly:apiHost (stack config) = "${stalling.url}": ` +
          "it is not answering like the LaunchDarkly API; if it is just slow, raise launchdarkly:connectTimeoutMs (stack config) = 500 (500 ms).",
      },
    ]);
    expect(stalling.accepted - before).toBe(1);
  }, 20_000);

  it("a preview check with a rejected token is a check failure: the host prints no stack frames (the CLI would show them as the stack's diagnostics)", async () => {
    const host = await hostWith({ "launchdarkly:accessToken": BAD_TOKEN, "launchdarkly:apiHost": emu.url });
    const result = await host.check(urn("member", "ken"), {}, { __provider: await serializedProvider("member"), email: "ken@example.com", role: "reader" });
    expect(result.failures?.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^LaunchDarkly API GET \/api\/v2\/members failed: 401 unauthorized: Invalid access token \(request id [0-9a-f-]+\)\. Fix: the access token from launchdarkly:accessToken \(stack config\) was rejected by /),
    ]);
    expect(host.stderr).not.toMatch(/LaunchDarklyApiError|\n\s+at /);
    expect(`${JSON.stringify(result)}\n${host.stderr}`).not.toContain(BAD_TOKEN);
  }, 20_000);

  it("a rejected token names launchdarkly:accessToken (stack config), never the token", async () => {
    const host = await hostWith({ "launchdarkly:accessToken": BAD_TOKEN, "launchdarkly:apiHost": emu.url });
    const { message } = await createMember(host);
    expect(message).toMatch(
      /^LaunchDarkly API POST \/api\/v2\/members failed: 401 unauthorized: Invalid access token \(request id [0-9a-f-]+\)\. Fix: the access token from launchdarkly:accessToken \(stack config\) was rejected by /,
    );
  }, 20_000);

  it("an apiHost without a scheme names the key, its value and the value to set, before any request; check failures carry no nested property", async () => {
    const bare = emu.url.replace("http://", "");
    const host = await hostWith({ "launchdarkly:accessToken": TOKEN, "launchdarkly:apiHost": bare });
    emu.resetRequestLog();
    const { message } = await createMember(host);
    expect(message).toBe(
      `LaunchDarkly API POST /api/v2/members not sent: launchdarkly:apiHost (stack config) is "${bare}", which has no scheme. ` +
        `Fix: run \`pulumi config set launchdarkly:apiHost ${emu.url}\`.`,
    );
    expect(emu.requests).toEqual([]);

    // Checks send no request, so the same host shows how a check failure at a nested path reaches the engine:
    // the path leads the reason and there is no property, which the engine would print as `value {<nil>}`.
    const result = await host.check(urn("customRole", "r"), {}, {
      __provider: await serializedProvider("customRole"),
      key: "r",
      name: "R",
      policy: [{ effect: "allow", resources: ["proj/*"], actions: ["*"], notActions: ["deleteFlag"] }],
    });
    expect(result.failures).toEqual([
      {
        property: "",
        reason:
          'policy[0].notActions[0]: "deleteFlag" is not an action on proj (proj/*); it acts on flag (proj/*:env/*:flag/*). Use a resource of that type, or another action',
      },
      { property: "", reason: "policy[0].notActions: give either actions or notActions, not both" },
    ]);
  }, 20_000);
});
