import { checkApiHost } from "./api-host";

/** Provider configuration, resolved at call time from Pulumi stack config or the environment. Never stored in state. */
export interface ProviderConfig {
  /** Raw LaunchDarkly access token (personal or service). Absent until a call needs it. */
  accessToken?: string;
  /** Base URL without `/api/v2`, e.g. `https://app.launchdarkly.com` or `http://127.0.0.1:PORT`. */
  apiHost: string;
  /** Per-attempt timeout for one HTTP request. */
  requestTimeoutMs: number;
  /** Deadline for one provider operation, including every retry and rate-limit wait. */
  operationTimeoutMs: number;
  /**
   * Connecting (TCP and TLS). Until the API has answered once in a process, twice this is also how long a
   * request waits for the response to begin. Default `DEFAULT_CONNECT_TIMEOUT_MS`.
   */
  connectTimeoutMs?: number;
  /** Where each setting came from, so that an error names the one to change. */
  origins?: SettingOrigins;
  /** Settings whose value cannot be used. `configure` must not throw: the first request reports them. */
  invalid?: InvalidSetting[];
  /** False when only the environment was read (the CLI without a stack): errors then name only variables. Default true. */
  readsStackConfig?: boolean;
  /** The stack config namespace errors name: `launchdarkly` (dynamic provider, default) or `launchdarkly-access` (native plugin). */
  configNamespace?: string;
}

export type SettingName = "accessToken" | "apiHost" | "requestTimeoutMs" | "operationTimeoutMs" | "connectTimeoutMs";
export type SettingOrigin = "stack config" | "environment" | "default";
export type SettingOrigins = Partial<Record<SettingName, SettingOrigin>>;

export interface InvalidSetting {
  name: SettingName;
  /** Undefined when the value was passed in code (a client built directly). */
  origin: SettingOrigin | undefined;
  /** The value as given (never for the token). */
  value: string;
  problem: string;
  /** The value the user probably meant, when there is one. */
  suggestion?: string;
}

export const DEFAULT_API_HOST = "https://app.launchdarkly.com";
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The dynamic provider's stack config namespace; the native plugin's is its package name. */
export const DEFAULT_CONFIG_NAMESPACE = "launchdarkly";

/** Reads one key from the stack config (`<namespace>:<name>`, e.g. `launchdarkly:apiHost`), e.g. Pulumi's dynamic `Config.get`. */
export type ConfigLookup = (key: string) => string | undefined;

export const SETTING_ENV: Record<SettingName, string> = {
  accessToken: "LAUNCHDARKLY_ACCESS_TOKEN",
  apiHost: "LAUNCHDARKLY_API_HOST",
  requestTimeoutMs: "LAUNCHDARKLY_REQUEST_TIMEOUT_MS",
  operationTimeoutMs: "LAUNCHDARKLY_OPERATION_TIMEOUT_MS",
  connectTimeoutMs: "LAUNCHDARKLY_CONNECT_TIMEOUT_MS",
};

export function stackConfigKey(name: SettingName, namespace: string = DEFAULT_CONFIG_NAMESPACE): string {
  return `${namespace}:${name}`;
}

/**
 * How an error names a setting: the key the user actually set, and where (`launchdarkly:apiHost (stack config)`,
 * `LAUNCHDARKLY_API_HOST (environment)`), or both ways to set it when it was not set.
 */
export function settingLabel(name: SettingName, origin: SettingOrigin | undefined, readsStackConfig = true, namespace: string = DEFAULT_CONFIG_NAMESPACE): string {
  if (origin === "stack config") return `${stackConfigKey(name, namespace)} (stack config)`;
  if (origin === "environment") return `${SETTING_ENV[name]} (environment)`;
  const names = readsStackConfig ? `${stackConfigKey(name, namespace)} / ${SETTING_ENV[name]}` : SETTING_ENV[name];
  return origin === "default" ? `${names} (not set)` : names;
}

/** Settings from the stack config (`lookup`, as the provider's `configure` gets it), else the environment. Without `lookup`, the environment only. */
export function resolveConfig(lookup?: ConfigLookup, env: NodeJS.ProcessEnv = process.env, namespace: string = DEFAULT_CONFIG_NAMESPACE): ProviderConfig {
  const origins: SettingOrigins = {};
  const invalid: InvalidSetting[] = [];
  const pick = (name: SettingName): string | undefined => {
    const fromStack = lookup?.(stackConfigKey(name, namespace));
    if (fromStack !== undefined && fromStack !== "") {
      origins[name] = "stack config";
      return fromStack;
    }
    const fromEnv = env[SETTING_ENV[name]];
    if (fromEnv !== undefined && fromEnv !== "") {
      origins[name] = "environment";
      return fromEnv;
    }
    origins[name] = "default";
    return undefined;
  };
  const milliseconds = (name: SettingName, fallback: number): number => {
    const raw = pick(name);
    if (raw === undefined) return fallback;
    const n = Number(raw.trim());
    if (raw.trim() !== "" && Number.isInteger(n) && n > 0) return n;
    invalid.push({ name, origin: origins[name]!, value: raw, problem: "is not a whole number of milliseconds greater than 0", suggestion: String(fallback) });
    return fallback;
  };

  const rawHost = pick("apiHost");
  let apiHost = DEFAULT_API_HOST;
  if (rawHost !== undefined) {
    const checked = checkApiHost(rawHost);
    if (checked.ok) apiHost = checked.origin;
    else {
      apiHost = rawHost;
      invalid.push({ name: "apiHost", origin: origins.apiHost!, value: rawHost, problem: checked.problem, ...(checked.suggestion ? { suggestion: checked.suggestion } : {}) });
    }
  }
  const config: ProviderConfig = {
    apiHost,
    requestTimeoutMs: milliseconds("requestTimeoutMs", DEFAULT_REQUEST_TIMEOUT_MS),
    operationTimeoutMs: milliseconds("operationTimeoutMs", DEFAULT_OPERATION_TIMEOUT_MS),
    connectTimeoutMs: milliseconds("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS),
    origins,
    readsStackConfig: lookup !== undefined,
  };
  if (namespace !== DEFAULT_CONFIG_NAMESPACE) config.configNamespace = namespace;
  const token = pick("accessToken");
  if (token !== undefined) config.accessToken = token.trim();
  if (invalid.length > 0) config.invalid = invalid;
  return config;
}
