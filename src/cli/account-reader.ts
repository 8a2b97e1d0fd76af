import { readAccountSnapshot } from "../account/snapshot";
import type { AccountSnapshot } from "../account/snapshot-types";
import { LaunchDarklyApiError } from "../client/errors";
import { LaunchDarklyClient, type RequestRecord } from "../client/http";
import { resolveConfig } from "../config";
import { UserFacingError } from "./cli-errors";
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
 * Reads the account named by LAUNCHDARKLY_ACCESS_TOKEN / LAUNCHDARKLY_API_HOST, or by a stack's
 * `launchdarkly:accessToken` / `launchdarkly:apiHost` with `stack` (stack config first, then the
 * environment, as the provider does), reporting progress on stderr unless `quiet`, and turning API
 * failures into one actionable line.
 */
export async function readAccountFromEnv(io: CliIo, options: { quiet: boolean; stack?: StackSelection; onRequest?: (r: RequestRecord) => void }): Promise<ReadResult> {
  const fromStack = options.stack ? await readStackConfig(options.stack, io.env) : () => undefined;
  const config = resolveConfig(fromStack, io.env);
  if (!config.accessToken && options.stack) {
    throw new UserFacingError(
      `stack "${options.stack.stack}" has no launchdarkly:accessToken and LAUNCHDARKLY_ACCESS_TOKEN is not set: ` +
        `run \`pulumi config set --secret launchdarkly:accessToken <token> --stack ${options.stack.stack}\``,
    );
  }
  if (!config.accessToken) {
    throw new UserFacingError(
      "no LaunchDarkly access token: set LAUNCHDARKLY_ACCESS_TOKEN to a personal or service access token that can read members, teams and custom roles " +
        "(and LAUNCHDARKLY_API_HOST for an EU/federal instance or the emulator)",
    );
  }
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
    throw describeReadFailure(error, config.apiHost);
  } finally {
    await client.close();
  }
}

export function describeReadFailure(error: unknown, apiHost: string): unknown {
  if (!LaunchDarklyApiError.is(error)) return error;
  const where = `${error.method} ${error.path}`;
  if (error.status === 401) {
    return new UserFacingError(
      `LaunchDarkly at ${apiHost} rejected the access token (401 ${error.code}): check LAUNCHDARKLY_ACCESS_TOKEN ` +
        `(an API access token such as api-…, not an SDK or mobile key) and LAUNCHDARKLY_API_HOST`,
    );
  }
  if (error.status === 403) {
    return new UserFacingError(
      `the access token may not read ${where} (403 ${error.code}: ${error.apiMessage}); it needs read access to members, teams and custom roles ` +
        `(teams and custom roles need an Enterprise plan)`,
    );
  }
  if (error.status === 0) return new UserFacingError(`could not read ${where} from ${apiHost}: ${error.apiMessage}`);
  return new UserFacingError(error.message);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
