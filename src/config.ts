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
}

export const DEFAULT_API_HOST = "https://app.launchdarkly.com";
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 10 * 60_000;

/** Reads one key from the stack config (`launchdarkly:<name>`), e.g. Pulumi's dynamic `Config.get`. */
export type ConfigLookup = (key: string) => string | undefined;

const ENV = {
  accessToken: "LAUNCHDARKLY_ACCESS_TOKEN",
  apiHost: "LAUNCHDARKLY_API_HOST",
  requestTimeoutMs: "LAUNCHDARKLY_REQUEST_TIMEOUT_MS",
  operationTimeoutMs: "LAUNCHDARKLY_OPERATION_TIMEOUT_MS",
} as const;

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

export function resolveConfig(lookup: ConfigLookup = () => undefined, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const pick = (name: keyof typeof ENV): string | undefined => {
    const fromStack = lookup(`launchdarkly:${name}`);
    if (fromStack !== undefined && fromStack !== "") return fromStack;
    const fromEnv = env[ENV[name]];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
  };
  const config: ProviderConfig = {
    apiHost: (pick("apiHost") ?? DEFAULT_API_HOST).replace(/\/+$/, "").replace(/\/api\/v2$/, ""),
    requestTimeoutMs: positiveInt(pick("requestTimeoutMs"), DEFAULT_REQUEST_TIMEOUT_MS),
    operationTimeoutMs: positiveInt(pick("operationTimeoutMs"), DEFAULT_OPERATION_TIMEOUT_MS),
  };
  const token = pick("accessToken");
  if (token !== undefined) config.accessToken = token.trim();
  return config;
}

export const MISSING_TOKEN_MESSAGE =
  "No LaunchDarkly access token configured. Run `pulumi config set --secret launchdarkly:accessToken <token>` " +
  "or set the LAUNCHDARKLY_ACCESS_TOKEN environment variable (a personal or service access token, not an SDK key).";
