import { LaunchDarklyClient } from "../client/http";
import { resolveConfig, type ProviderConfig } from "../config";

/**
 * Per-process runtime state: the configured client and caches that live for one provider process.
 * This module is only ever loaded by the runtime entry, never captured by the serialized shim.
 */
let config: ProviderConfig | undefined;
let client: LaunchDarklyClient | undefined;
const resetHooks = new Set<() => void>();

/**
 * The host calls `configure` once per distinct `__provider` (one per resource kind), all with the same
 * stack config: only a real change of configuration starts over, so caches survive across kinds.
 */
export function configureRuntime(next: ProviderConfig): void {
  if (config && client && sameConfig(config, next)) return;
  config = next;
  client = undefined;
  for (const hook of resetHooks) hook();
}

function sameConfig(a: ProviderConfig, b: ProviderConfig): boolean {
  return (
    a.accessToken === b.accessToken &&
    a.apiHost === b.apiHost &&
    a.requestTimeoutMs === b.requestTimeoutMs &&
    a.operationTimeoutMs === b.operationTimeoutMs &&
    a.connectTimeoutMs === b.connectTimeoutMs &&
    // Where settings came from and which are unusable shape the errors, so they count too.
    JSON.stringify([a.origins, a.invalid]) === JSON.stringify([b.origins, b.invalid])
  );
}

export function getConfig(): ProviderConfig {
  if (!config) config = resolveConfig(() => undefined);
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
