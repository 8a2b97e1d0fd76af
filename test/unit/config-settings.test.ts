import { describe, expect, it } from "vitest";
import { checkApiHost } from "../../src/core/api-host";
import { classifyNetworkError } from "../../src/core/client/network-failure";
import { resolveConfig, settingLabel } from "../../src/core/config";

describe("apiHost validation", () => {
  it.each([
    ["https://app.launchdarkly.com", "https://app.launchdarkly.com"],
    ["https://app.eu.launchdarkly.com/", "https://app.eu.launchdarkly.com"],
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
    ["  https://app.launchdarkly.us  ", "https://app.launchdarkly.us"],
  ])("accepts %s as %s", (raw, origin) => {
    expect(checkApiHost(raw)).toEqual({ ok: true, origin });
  });

  it.each([
    ["app.launchdarkly.com", "has no scheme", "https://app.launchdarkly.com"],
    ["127.0.0.1:8787/", "has no scheme", "http://127.0.0.1:8787"],
    ["localhost:8787", "has no scheme", "http://localhost:8787"],
    ["https://app.launchdarkly.com/api/v2", "ends in /api/v2, which the provider adds itself", "https://app.launchdarkly.com"],
    ["https://app.launchdarkly.com/api/v2/", "ends in /api/v2, which the provider adds itself", "https://app.launchdarkly.com"],
    ["https://app.launchdarkly.com/projects", "has a path (/projects)", "https://app.launchdarkly.com"],
    ["https://user:pw@app.launchdarkly.com", "contains credentials", "https://app.launchdarkly.com"],
    ["https://app.launchdarkly.com?x=1", "has a query or fragment", "https://app.launchdarkly.com"],
    ["ws://app.launchdarkly.com", 'has the scheme "ws"', "https://app.launchdarkly.com"],
  ])("rejects %s: %s, suggesting %s", (raw, problem, suggestion) => {
    expect(checkApiHost(raw)).toEqual({ ok: false, problem, suggestion });
  });
});

describe("settings remember where they came from", () => {
  it("stack config wins over the environment; unset settings are defaults", () => {
    const config = resolveConfig((key) => ({ "launchdarkly:apiHost": "https://app.eu.launchdarkly.com" })[key], {
      LAUNCHDARKLY_API_HOST: "https://app.launchdarkly.us",
      LAUNCHDARKLY_ACCESS_TOKEN: "api-env",
    });
    expect(config.apiHost).toBe("https://app.eu.launchdarkly.com");
    expect(config.accessToken).toBe("api-env");
    expect(config.origins).toMatchObject({ apiHost: "stack config", accessToken: "environment", connectTimeoutMs: "default" });
    expect(config.connectTimeoutMs).toBe(5000);
    expect(config.invalid).toBeUndefined();
  });

  it("keeps unusable values for the first request to report, instead of throwing in configure", () => {
    const config = resolveConfig(() => undefined, { LAUNCHDARKLY_API_HOST: "app.launchdarkly.com", LAUNCHDARKLY_CONNECT_TIMEOUT_MS: "-1" });
    expect(config.invalid?.map((s) => [s.name, s.origin, s.value])).toEqual([
      ["apiHost", "environment", "app.launchdarkly.com"],
      ["connectTimeoutMs", "environment", "-1"],
    ]);
  });

  it("labels a setting by where it was set", () => {
    expect(settingLabel("accessToken", "stack config")).toBe("launchdarkly:accessToken (stack config)");
    expect(settingLabel("accessToken", "environment")).toBe("LAUNCHDARKLY_ACCESS_TOKEN (environment)");
    expect(settingLabel("apiHost", "default")).toBe("launchdarkly:apiHost / LAUNCHDARKLY_API_HOST (not set)");
    expect(settingLabel("apiHost", "default", false)).toBe("LAUNCHDARKLY_API_HOST (not set)");
  });
});

describe("network failure kinds", () => {
  const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
  it.each([
    [coded("ECONNREFUSED"), "connection_refused"],
    [coded("ENOTFOUND"), "host_not_found"],
    [coded("EHOSTUNREACH"), "host_unreachable"],
    [coded("UND_ERR_CONNECT_TIMEOUT"), "connect_timeout"],
    [coded("UND_ERR_HEADERS_TIMEOUT"), "no_response"],
    [coded("ECONNRESET"), "connection_lost"],
    [coded("ERR_SSL_WRONG_VERSION_NUMBER"), "tls"],
    [coded("DEPTH_ZERO_SELF_SIGNED_CERT"), "tls"],
    [coded("ERR_TLS_CERT_ALTNAME_INVALID"), "tls"],
    [new TypeError("fetch failed", { cause: coded("ECONNREFUSED") }), "connection_refused"],
  ] as const)("%s → %s", (error, kind) => {
    expect(classifyNetworkError(error)?.kind).toBe(kind);
  });

  it("leaves other errors to be rethrown as bugs", () => {
    expect(classifyNetworkError(new TypeError("x is not a function"))).toBeUndefined();
    expect(classifyNetworkError(coded("ERR_INVALID_ARG_TYPE"))).toBeUndefined();
  });
});
