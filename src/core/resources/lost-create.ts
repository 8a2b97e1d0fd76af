import { CLIENT_ERROR_CODES, LaunchDarklyApiError } from "../client/errors";
import { backoffDelayMs, MAX_TRANSIENT_RETRIES } from "../client/retry";

/**
 * A create (POST) is never retried by the client: if its response is lost, the object may exist. This is
 * the recovery after such a loss: look for the object first, and send the create again only when it did not
 * land, until it is created or found (at most `MAX_CREATE_SENDS` sends in all). Without the resend, one
 * dropped connection or 5xx on a POST fails the whole `pulumi up`; without the look, it invites twice.
 *
 * What the look finds is ours only when it reads back as what was sent (`isAsSent`, decision 0012):
 * someone else may have created an object with the same key or email in the meantime, and taking that
 * over needs the user's `adoptExisting: true`.
 */
export const MAX_CREATE_SENDS = MAX_TRANSIENT_RETRIES + 1;

/** How far the server clock may be behind ours when deciding whether an object found is younger than our send. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The create may have gone through without our knowing what it made: the response was lost (reset after
 * send, timeout, gateway error), or it was a 2xx whose body could not be read (not JSON, or not the
 * documented shape). Either way the object may exist, and must not be left out of the state.
 *
 * Not when the request was never sent (refused, unknown host, TLS, settings), nor when the host has never
 * answered anything (`no_response`): that host is not the LaunchDarkly API, so nothing was created there.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (!LaunchDarklyApiError.is(err)) return false;
  if (err.status >= 500) return true;
  if (err.status === 0) return err.failure === "connection_lost" || err.failure === "response_timeout" || err.failure === "deadline";
  return err.status >= 200 && err.status < 300 && err.code === CLIENT_ERROR_CODES.invalidResponse;
}

/**
 * - `created`: a later send created it (its response is in hand).
 * - `landed`: a lost send went through: the object found reads back as sent.
 * - `stranger`: an object with that key or email exists but is not what was sent; adopt it only on request.
 */
export type LostCreateOutcome<T> = { created: T } | { landed: T } | { stranger: T };

export interface LostCreateRecovery<T> {
  /** Sends the create again. */
  send: () => Promise<T>;
  /** Finds the object by its key or email; undefined when there is none. */
  lookup: () => Promise<T | undefined>;
  /** Whether the object found is the one our create would have made (decision 0012). */
  isAsSent: (found: T) => boolean | Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Call after the first send failed with `outcomeUnknown(firstError)`. Returns what the lookup found, or the
 * object a later send created. Throws the last lost-response error when every send was lost and nothing was
 * found, and any other error as is (e.g. a 409 on a resend).
 */
export async function recoverLostCreate<T>(firstError: unknown, recovery: LostCreateRecovery<T>): Promise<LostCreateOutcome<T>> {
  const sleep = recovery.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastError = firstError;
  for (let sends = 1; ; sends++) {
    const found = await recovery.lookup();
    if (found !== undefined) return (await recovery.isAsSent(found)) ? { landed: found } : { stranger: found };
    if (sends >= MAX_CREATE_SENDS) throw lastError;
    await sleep(backoffDelayMs(sends - 1, Math.random));
    try {
      return { created: await recovery.send() };
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      lastError = err;
    }
  }
}
