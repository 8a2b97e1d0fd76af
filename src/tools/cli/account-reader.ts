import { readAccountSnapshot } from "../account/snapshot";
import type { AccountSnapshot } from "../account/snapshot-types";
import { LaunchDarklyApiError } from "../../core/client/errors";
import { LaunchDarklyClient, type RequestRecord } from "../../core/client/http";
import { settingContextFor, withSettingFix } from "../../core/client/setting-fixes";
import { resolveConfig } from "../../core/config";
import type { CliIo } from "./command";
import { readStackConfig, type StackSelection } from "./stack-config";

export interface ReadResult {
  snapshot: AccountSnapshot;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  elapsedMs: number;
}

/**
/**
 * Reads the account named by LAUNCHDARKLY_ACCESS_TOKEN / LAUNCHDARKLY_API_HOST, or by a stack's
 * `launchdarkly:accessToken` / `launchdarkly:apiHost` with `stack` (stack config first, then the
 * environment, as the provider does), reporting progress on stderr unless `quiet`. A failure (a missing
 * token included) is the client's LaunchDarklyApiError, in the one error format: what failed, status, code
 * and request id, and the setting to change with where it came from.
 */
export async function readAccountFromEnv(io: CliIo, options: { quiet: boolean; stack?: StackSelection; onRequest?: (r: RequestRecord) => void }): Promise<ReadResult> {
  const config = resolveConfig(options.stack ? await readStackConfig(options.stack, io.env) : undefined, io.env);
  const progress = options.quiet ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const client = new LaunchDarklyClient({ ...config, ...(options.onRequest ? { onRequest: options.onRequest } : {}) });
  const started = performance.now();
  progress(`Reading the LaunchDarkly account at ${config.apiHost}…`);
  try {
    const snapshot = await readAccountSnapshot(client, { apiHost: config.apiHost, onProgress: progress, now: io.now });
    const elapsedMs = Math.round(performance.now() - started);
    const { requests, retries, rateLimitWaits } = client.stats;
    const waits = rateLimitWaits > 0 ? `, ${count(rateLimitWaits, "rate-limit wait")}` : "";
    progress(
      `Read ${count(snapshot.members.length, "member")}, ${count(snapshot.teams.length, "team")} and ${count(snapshot.roles.length, "custom role")} ` +
        `in ${count(requests, "request")}${waits} (${(elapsedMs / 1000).toFixed(1)} s).`,
    );
    return { snapshot, requests, retries, rateLimitWaits, elapsedMs };
  } catch (error) {
    // Response-schema failures are raised outside the client: give them the same fix naming the host.
    throw LaunchDarklyApiError.is(error) ? withSettingFix(error, settingContextFor(config)) : error;
  } finally {
    await client.close();
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
