import { resolveConfig, type ProviderConfig, type SettingName } from "../config";
import { UNKNOWN_VALUE } from "../resources/common-schemas";
import { PACKAGE_NAME } from "./tokens";

/** The provider configuration keys of the native plugin (`launchdarkly-access:<key>`), as in the schema. */
export const CONFIG_KEYS: readonly SettingName[] = ["accessToken", "apiHost", "requestTimeoutMs", "operationTimeoutMs", "connectTimeoutMs"];

/** How the engine marks a secret value inside a protobuf Struct. */
const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export function secretValue(value: unknown): Record<string, unknown> {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

export function unwrapSecret(value: unknown): unknown {
  if (value !== null && typeof value === "object" && (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE) {
    return (value as Record<string, unknown>).value;
  }
  return value;
}

/**
 * One configuration value as a string. The engine sends stack config as strings (`"30000"`), a Pulumi YAML
 * program's explicit provider may send numbers, and Configure wraps secrets: all read the same.
 */
function settingText(value: unknown): string | undefined {
  const plain = unwrapSecret(value);
  if (plain === undefined || plain === null || plain === UNKNOWN_VALUE) return undefined;
  if (typeof plain === "string") return plain;
  if (typeof plain === "number" || typeof plain === "boolean") return String(plain);
  return JSON.stringify(plain);
}

/**
 * The provider configuration from what the engine sent (Configure's `args`, else its legacy `variables`
 * keyed `launchdarkly-access:config:<key>`), with the same environment fallbacks as the dynamic provider.
 */
export function configFromEngine(args: Record<string, unknown>, variables: ReadonlyMap<string, string> | Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): ProviderConfig {
  const legacy = variables instanceof Map ? Object.fromEntries(variables) : (variables as Record<string, string>);
  const valueOf = (name: string): string | undefined => settingText(args[name]) ?? legacy[`${PACKAGE_NAME}:config:${name}`];
  // Errors then name `launchdarkly-access:<name>`, the key a user of the plugin sets.
  return resolveConfig((key) => valueOf(key.slice(`${PACKAGE_NAME}:`.length)), env, PACKAGE_NAME);
}

export interface ConfigCheck {
  inputs: Record<string, unknown>;
  failures: { property: string; reason: string }[];
}

/**
 * CheckConfig: the provider inputs as the engine should store them, with the token marked secret whatever
 * way it was given, and a failure for each setting that cannot be used (the token may still come from the
 * environment at Configure, so its absence is not a failure here).
 */
export function checkConfig(news: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const inputs: Record<string, unknown> = { ...news };
  if (news.accessToken !== undefined) inputs.accessToken = secretValue(unwrapSecret(news.accessToken));
  const failures = (configFromEngine(news, {}, env).invalid ?? [])
    .filter((setting) => setting.origin === "stack config")
    .map((setting) => ({
      property: setting.name,
      reason: `is "${setting.value}", which ${setting.problem}${setting.suggestion ? `; for example ${setting.suggestion}` : ""}`,
    }));
  return { inputs, failures };
}
