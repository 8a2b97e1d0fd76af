import { LaunchDarklyClient } from "../client/http";
import { resolveConfig, type ProviderConfig } from "../config";

/**
 * Per-process runtime state: the configured client and caches that live for one provider process.
 * This module is only ever loaded by the runtime entry, never captured by the serialized shim.
 */
let config: ProviderConfig | undefined;
let client: LaunchDarklyClient | undefined;
const resetHooks = new Set<() => void>();

export function configureRuntime(next: ProviderConfig): void {
  config = next;
  client = undefined;
  for (const hook of resetHooks) hook();
}

export function getConfig(): ProviderConfig {
  if (!config) config = resolveConfig();
  return config;
}

export function getClient(): LaunchDarklyClient {
  if (!client) client = new LaunchDarklyClient({ ...getConfig() });
  return client;
}

/** Caches register a reset so that a new configuration (or a test) starts from nothing. */
export function onProcessReset(hook: () => void): void {
  resetHooks.add(hook);
}

export function resetRuntime(): void {
  config = undefined;
  client = undefined;
  for (const hook of resetHooks) hook();
}
