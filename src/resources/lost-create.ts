import { LaunchDarklyApiError } from "../client/errors";
import { backoffDelayMs, MAX_TRANSIENT_RETRIES } from "../client/retry";

/**
 * A create (POST) is never retried by the client: if its response is lost, the object may exist. This is
 * the recovery after such a loss: look for the object first, and send the create again only when it did not
 * land, until it is created or found (at most `MAX_CREATE_SENDS` sends in all). Without the resend, one
 * dropped connection or 5xx on a POST fails the whole `pulumi up`; without the look, it invites twice.
 */
export const MAX_CREATE_SENDS = MAX_TRANSIENT_RETRIES + 1;

/** A lost response (reset after send, timeout, gateway error) may hide a create that went through. */
export function outcomeUnknown(err: unknown): boolean {
  return LaunchDarklyApiError.is(err) && (err.status === 0 || err.status >= 500);
}

export type LostCreateOutcome<T> = { created: T } | { landed: T };

/**
 * Call after the first send failed with `outcomeUnknown(firstError)`. Returns the object the lookup found
 * (`landed`: a send went through, its response was lost) or the one a later send created. Throws the last
 * lost-response error when every send was lost and nothing landed, and any other error as is (e.g. a 409).
 */
export async function recoverLostCreate<T>(
  firstError: unknown,
  send: () => Promise<T>,
  lookup: () => Promise<T | undefined>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<LostCreateOutcome<T>> {
  let lastError = firstError;
  for (let sends = 1; ; sends++) {
    const found = await lookup();
    if (found !== undefined) return { landed: found };
    if (sends >= MAX_CREATE_SENDS) throw lastError;
    await sleep(backoffDelayMs(sends - 1, Math.random));
    try {
      return { created: await send() };
    } catch (err) {
      if (!outcomeUnknown(err)) throw err;
      lastError = err;
    }
  }
}
