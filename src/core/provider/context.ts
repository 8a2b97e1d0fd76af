import { LaunchDarklyClient } from "../client/http";
import { resolveConfig, type ProviderConfig } from "../config";
import { ListingCache } from "./listing-cache";
import { OwnershipLedger } from "./ownership-ledger";

/**
 * Per-process runtime state: the configured client, the ownership ledger and the caches that live for one
 * provider process. This module is only ever loaded by the runtime entry, never captured by the serialized shim.
 */
const processState: { config?: ProviderConfig; client?: LaunchDarklyClient; ledger: OwnershipLedger; listings: ListingCache } = {
  ledger: new OwnershipLedger(),
  listings: new ListingCache(),
};
const resetHooks = new Set<() => void>();

/**
 * The host calls `configure` once per distinct `__provider` (one per resource kind), all with the same
 * stack config: only a real change of configuration starts over, so caches survive across kinds.
 */
export function configureRuntime(next: ProviderConfig): void {
  const { config, client } = processState;
  if (config && client && sameConfig(config, next)) return;
  processState.config = next;
  processState.client = undefined;
  processState.listings = new ListingCache();
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
  processState.config ??= resolveConfig(() => undefined);
  return processState.config;
}

export function getClient(): LaunchDarklyClient {
  processState.client ??= new LaunchDarklyClient({ ...getConfig() });
  return processState.client;
}

/**
 * What this process has seen the program declare (check) and adopt (create): renames handed over instead of
 * deleted, keys this program creates counted as existing. Kept across configurations: it is about the program.
 */
export function getLedger(): OwnershipLedger {
  return processState.ledger;
}

/** One listing per kind per process, for checks that ask whether an object exists (another account after a reconfigure). */
export function getListings(): ListingCache {
  return processState.listings;
}

/** Caches register a reset so that a new configuration (or a test) starts from nothing. */
export function onProcessReset(hook: () => void): void {
  resetHooks.add(hook);
}

export function resetRuntime(): void {
  processState.config = undefined;
  processState.client = undefined;
  processState.ledger = new OwnershipLedger();
  processState.listings = new ListingCache();
  for (const hook of resetHooks) hook();
}
