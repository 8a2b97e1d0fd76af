import { checkApiHost } from "../api-host";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_OPERATION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type InvalidSetting,
  type ProviderConfig,
} from "../config";
import { settingContextFor, type SettingContext } from "./setting-fixes";

/** A client's settings, resolved once: the API origin, the timeouts with their defaults, and what its errors name. */
export interface ClientSettings {
  apiHost: string;
  requestTimeoutMs: number;
  operationTimeoutMs: number;
  connectTimeoutMs: number;
  /** Settings that stop every request before it is sent, reported by the first one. */
  invalid: InvalidSetting[];
  /** What a failure's "Fix:" names. */
  context: SettingContext;
}

export type ClientSettingsInput = Omit<Partial<ProviderConfig>, "accessToken"> & { apiHost: string };

/** Never throws: an unusable apiHost is added to `invalid`, unless configuration already reported it. */
export function resolveClientSettings(options: ClientSettingsInput): ClientSettings {
  const invalid = [...(options.invalid ?? [])];
  const host = checkApiHost(options.apiHost);
  const apiHost = host.ok ? host.origin : options.apiHost;
  if (!host.ok && !invalid.some((s) => s.name === "apiHost")) {
    invalid.push({
      name: "apiHost",
      origin: options.origins?.apiHost,
      value: options.apiHost,
      problem: host.problem,
      ...(host.suggestion ? { suggestion: host.suggestion } : {}),
    });
  }
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const context = settingContextFor({
    apiHost,
    ...(options.origins ? { origins: options.origins } : {}),
    requestTimeoutMs,
    operationTimeoutMs,
    connectTimeoutMs,
    ...(options.readsStackConfig !== undefined ? { readsStackConfig: options.readsStackConfig } : {}),
    ...(options.configNamespace !== undefined ? { configNamespace: options.configNamespace } : {}),
  });
  return { apiHost, requestTimeoutMs, operationTimeoutMs, connectTimeoutMs, invalid, context };
}
