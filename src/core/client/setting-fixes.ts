import {
  DEFAULT_CONFIG_NAMESPACE,
  DEFAULT_CONNECT_TIMEOUT_MS,
  SETTING_ENV,
  settingLabel,
  stackConfigKey,
  type InvalidSetting,
  type ProviderConfig,
  type SettingName,
  type SettingOrigins,
} from "../config";
import { CLIENT_ERROR_CODES, LaunchDarklyApiError } from "./errors";
import { formatDuration } from "./network-failure";

/**
 * The settings a failure can be traced to, and the "Fix:" that names them: the key the user set and where
 * (`launchdarkly:apiHost (stack config)`), with its value — never the token's.
 */
export interface SettingContext {
  apiHost: string;
  origins?: SettingOrigins | undefined;
  requestTimeoutMs: number;
  operationTimeoutMs: number;
  connectTimeoutMs: number;
  /** False for the CLI reading only the environment: name variables, not stack config keys. */
  readsStackConfig: boolean;
  /** `launchdarkly` or `launchdarkly-access`: the stack config keys errors name. */
  configNamespace: string;
}

export function settingContextFor(config: ProviderConfig): SettingContext {
  return {
    apiHost: config.apiHost,
    origins: config.origins,
    requestTimeoutMs: config.requestTimeoutMs,
    operationTimeoutMs: config.operationTimeoutMs,
    connectTimeoutMs: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    readsStackConfig: config.readsStackConfig ?? true,
    configNamespace: config.configNamespace ?? DEFAULT_CONFIG_NAMESPACE,
  };
}

type Naming = Pick<SettingContext, "origins" | "readsStackConfig" | "configNamespace">;

const label = (name: SettingName, ctx: Naming): string => settingLabel(name, ctx.origins?.[name], ctx.readsStackConfig, ctx.configNamespace);

function hostIs(ctx: SettingContext): string {
  return `${label("apiHost", ctx)} = "${ctx.apiHost}"`;
}

function timeoutIs(name: "requestTimeoutMs" | "operationTimeoutMs" | "connectTimeoutMs", ctx: SettingContext): string {
  const origin = ctx.origins?.[name];
  if (origin === "default" || origin === undefined) {
    return `${settingLabel(name, undefined, ctx.readsStackConfig, ctx.configNamespace)} (${origin === "default" ? "not set; default " : ""}${ctx[name]}, ${formatDuration(ctx[name])})`;
  }
  return `${label(name, ctx)} = ${ctx[name]} (${formatDuration(ctx[name])})`;
}

/** How to set a setting where the user keeps it: stack config unless they use the environment. */
export function howToSet(name: SettingName, ctx: Naming, value: string): string {
  if (ctx.origins?.[name] === "environment" || !ctx.readsStackConfig) return `set ${SETTING_ENV[name]}=${value}`;
  return `run \`pulumi config set ${name === "accessToken" ? "--secret " : ""}${stackConfigKey(name, ctx.configNamespace)} ${value}\``;
}

/** What `settingFix` reads of a failure: a `LaunchDarklyApiError`, or the fields one is about to be built from. */
export type FixableFailure = Pick<LaunchDarklyApiError, "status" | "failure"> & { details?: Record<string, unknown>; fix?: string | undefined };

/** The fix for a failure the settings explain; undefined when a resource property is the better answer (400, 404, 409). */
export function settingFix(error: FixableFailure, ctx: SettingContext): string | undefined {
  switch (error.failure) {
    case "response":
      if (error.status === 401) {
        return (
          `the access token from ${label("accessToken", ctx)} was rejected by ${ctx.apiHost}: use a personal or service API access token ` +
          `(api-…, not an SDK or mobile key) of this LaunchDarkly instance, and check ${hostIs(ctx)} (EU and federal accounts have their own hosts)`
        );
      }
      if (error.status === 403) {
        return (
          `the access token from ${label("accessToken", ctx)} may not do this: give it a role that can manage members, teams and custom roles ` +
          `(teams and custom roles also need an Enterprise plan)`
        );
      }
      if (error.status === 429) return `LaunchDarkly kept rate-limiting; run again later, or raise ${timeoutIs("operationTimeoutMs", ctx)} to wait longer`;
      if (error.status >= 500) return `LaunchDarkly kept failing; run again later (what succeeded is recorded), or raise ${timeoutIs("operationTimeoutMs", ctx)}`;
      return undefined;
    case "invalid_response":
      return `check that ${hostIs(ctx)} is the LaunchDarkly API itself, not a proxy, a web page or another service`;
    case "connection_refused":
    case "host_not_found":
    case "host_unreachable":
      return `check ${hostIs(ctx)}: it must be reachable from here (https://app.launchdarkly.com, https://app.eu.launchdarkly.com, https://app.launchdarkly.us, or the emulator's http://127.0.0.1:PORT)`;
    case "connect_timeout":
      return `check ${hostIs(ctx)}; if the network is just slow, raise ${timeoutIs("connectTimeoutMs", ctx)}`;
    case "no_response":
      return `check ${hostIs(ctx)}: it is not answering like the LaunchDarkly API; if it is just slow, raise ${timeoutIs("connectTimeoutMs", ctx)}`;
    case "tls":
      return ctx.apiHost.startsWith("https:")
        ? `check ${hostIs(ctx)}: use http:// for a plain-HTTP host such as the emulator, or make its certificate trusted (NODE_EXTRA_CA_CERTS for a private CA)`
        : `check ${hostIs(ctx)}`;
    case "response_timeout":
      return `raise ${timeoutIs("requestTimeoutMs", ctx)} if LaunchDarkly is slow to answer, and check ${hostIs(ctx)}`;
    case "connection_lost":
      return `run again; if it keeps happening, check ${hostIs(ctx)} and any proxy in between`;
    case "deadline": {
      const last = Number(error.details?.lastStatus ?? 0);
      const why = last === 429 ? "LaunchDarkly kept rate-limiting" : last >= 500 ? "LaunchDarkly kept failing" : "the operation took too long";
      return `${why}; raise ${timeoutIs("operationTimeoutMs", ctx)}, or run again later`;
    }
    case "configuration":
      return error.fix;
  }
}

/** The error's own fix if it has one, else the settings' fix. */
export function withSettingFix(error: LaunchDarklyApiError, ctx: SettingContext): LaunchDarklyApiError {
  if (error.fix) return error;
  const fix = settingFix(error, ctx);
  return fix ? error.withFix(fix) : error;
}

/** What is wrong and the fix when no token is configured: for a request stopped before sending, and for `check`. */
export function missingTokenText(readsStackConfig: boolean, namespace: string = DEFAULT_CONFIG_NAMESPACE): { message: string; fix: string } {
  if (!readsStackConfig) {
    return {
      message: `no access token is configured: ${SETTING_ENV.accessToken} (environment) is not set`,
      fix: `set ${SETTING_ENV.accessToken} to a personal or service API access token (api-…, not an SDK key) that can read members, teams and custom roles`,
    };
  }
  return {
    message: `no access token is configured: neither ${stackConfigKey("accessToken", namespace)} (stack config) nor ${SETTING_ENV.accessToken} (environment) is set`,
    fix:
      `run \`pulumi config set --secret ${stackConfigKey("accessToken", namespace)} <token>\` or set ${SETTING_ENV.accessToken}: ` +
      `a personal or service API access token (api-…), not an SDK key`,
  };
}

/** A request stopped before sending because no token is configured. */
export function missingTokenError(method: string, path: string, readsStackConfig: boolean, namespace?: string): LaunchDarklyApiError {
  return notSentError(method, path, missingTokenText(readsStackConfig, namespace));
}

/** A request a setting stopped before it was sent. */
function notSentError(method: string, path: string, text: { message: string; fix: string }): LaunchDarklyApiError {
  return new LaunchDarklyApiError({ status: 0, code: CLIENT_ERROR_CODES.configuration, failure: "configuration", method, path, ...text });
}

/** A request stopped before sending because a setting's value cannot be used. */
export function invalidSettingError(method: string, path: string, setting: InvalidSetting, readsStackConfig: boolean, namespace: string = DEFAULT_CONFIG_NAMESPACE): LaunchDarklyApiError {
  const ctx: Naming = { origins: { [setting.name]: setting.origin }, readsStackConfig, configNamespace: namespace };
  const fix = setting.suggestion
    ? `${howToSet(setting.name, ctx, setting.suggestion)}`
    : `set ${settingLabel(setting.name, setting.origin, readsStackConfig, namespace)} to ${setting.name === "apiHost" ? "a URL such as https://app.launchdarkly.com" : "a valid value"}`;
  return notSentError(method, path, { message: `${settingLabel(setting.name, setting.origin, readsStackConfig, namespace)} is "${setting.value}", which ${setting.problem}`, fix });
}
