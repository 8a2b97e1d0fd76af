/**
 * Retry policy: which failed attempts may be repeated and how long to wait first. Pure; the client
 * supplies the clock and the random source.
 *
 * - 429: always retryable, for any method, because the server did not act. Waits for `Retry-After`
 *   or `X-Ratelimit-Reset`; falls back to backoff. Bounded only by the operation deadline.
 * - 5xx, connection errors, per-attempt timeouts: retried only when the request is safe to repeat
 *   (GET, DELETE, or a PATCH the caller marked `retrySafe`), at most `maxTransientRetries` times.
 * - 409 `optimistic_locking_error` on a PATCH: the server refused the write because the object changed
 *   under it, so nothing was applied and any PATCH may be sent again (the spec's error table says
 *   "retry"). Shares the transient bound and backoff. Not when the PATCH carries a JSON Patch `test`
 *   op: LaunchDarkly answers a failed `test` with the same status and code, and repeating a failed
 *   precondition cannot make it pass.
 * - Everything else (4xx) is final.
 */
import { rateLimitWaitFromHeaders, type HeaderBag } from "./rate-limit";

export const BACKOFF_BASE_MS = 200;
export const BACKOFF_CAP_MS = 10_000;
/** Retries of 5xx / network failures per operation. 429 retries are limited by the deadline instead. */
export const MAX_TRANSIENT_RETRIES = 5;
/** Safety net against a server that answers 429 with a zero wait forever. */
export const MAX_RATE_LIMIT_RETRIES = 100;

export type NetworkFailure = "network_error" | "timeout";

/** The error `code` LaunchDarkly sends with a 409 when a concurrent write won. */
export const OPTIMISTIC_LOCKING_ERROR_CODE = "optimistic_locking_error";

export type AttemptFailure =
  | { kind: "status"; status: number; headers: HeaderBag; /** The error body's `code`, when read. */ code?: string }
  | { kind: "network"; failure: NetworkFailure };

export interface RetryContext {
  method: string;
  retrySafe: boolean;
  /** A 409 optimistic_locking_error may be retried: a PATCH without a JSON Patch `test` op. Default false. */
  optimisticLockRetrySafe?: boolean;
  /** Retries already made for this operation, by kind. */
  transientRetries: number;
  rateLimitRetries: number;
  now: number;
  random: () => number;
}

export type RetryDecision =
  | { retry: false }
  | { retry: true; waitMs: number; rateLimited: boolean; reason: string };

/** GET and DELETE are safe to repeat; PATCH only when the caller says so; POST and PUT never by default. */
export function defaultRetrySafe(method: string): boolean {
  const m = method.toUpperCase();
  return m === "GET" || m === "DELETE";
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, base·2^retryIndex)]. */
export function backoffDelayMs(
  retryIndex: number,
  random: () => number,
  baseMs: number = BACKOFF_BASE_MS,
  capMs: number = BACKOFF_CAP_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retryIndex));
  return Math.floor(random() * ceiling);
}

export function isServerError(status: number): boolean {
  return status >= 500 && status <= 599;
}

export function decideRetry(failure: AttemptFailure, ctx: RetryContext): RetryDecision {
  if (failure.kind === "status" && failure.status === 429) {
    if (ctx.rateLimitRetries >= MAX_RATE_LIMIT_RETRIES) return { retry: false };
    const wait = rateLimitWaitFromHeaders(failure.headers, ctx.now);
    if (wait) return { retry: true, waitMs: wait.waitMs, rateLimited: true, reason: `429 rate limited (${wait.source})` };
    return {
      retry: true,
      waitMs: backoffDelayMs(ctx.rateLimitRetries, ctx.random),
      rateLimited: true,
      reason: "429 rate limited (backoff)",
    };
  }
  if (isOptimisticLockConflict(failure)) {
    if (!ctx.optimisticLockRetrySafe || ctx.transientRetries >= MAX_TRANSIENT_RETRIES) return { retry: false };
    return {
      retry: true,
      waitMs: backoffDelayMs(ctx.transientRetries, ctx.random),
      rateLimited: false,
      reason: `409 ${OPTIMISTIC_LOCKING_ERROR_CODE}`,
    };
  }
  const transient =
    (failure.kind === "status" && isServerError(failure.status)) || failure.kind === "network";
  if (!transient || !ctx.retrySafe || ctx.transientRetries >= MAX_TRANSIENT_RETRIES) return { retry: false };
  const reason = failure.kind === "status" ? `${failure.status} server error` : failure.failure;
  return { retry: true, waitMs: backoffDelayMs(ctx.transientRetries, ctx.random), rateLimited: false, reason };
}

function isOptimisticLockConflict(failure: AttemptFailure): boolean {
  return failure.kind === "status" && failure.status === 409 && failure.code === OPTIMISTIC_LOCKING_ERROR_CODE;
}

/**
 * Whether a 409 optimistic_locking_error answer to this request may be retried: only a PATCH, and only
 * when its body has no JSON Patch `test` op (bare array or `{patch: [...]}`), whose failure looks the same.
 */
export function optimisticLockRetrySafe(method: string, body: unknown): boolean {
  if (method.toUpperCase() !== "PATCH") return false;
  const ops = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.patch) ? body.patch : [];
  return !ops.some((op) => isRecord(op) && op.op === "test");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Node/undici error codes that mean the connection failed or dropped; the request may or may not have been applied. */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

/** Whether a thrown error is a network failure worth classifying (rather than a bug to rethrow). */
export function isConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && CONNECTION_ERROR_CODES.has(code)) return true;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether repeating a JSON Patch gives the same result as applying it once: `replace` and `test`
 * always do; `add` does unless it inserts into an array (`/-` or an index).
 */
export function isRepeatableJsonPatch(ops: ReadonlyArray<{ op: string; path: string }>): boolean {
  return ops.every((op) => {
    if (op.op === "replace" || op.op === "test") return true;
    if (op.op === "add") {
      const last = op.path.split("/").pop() ?? "";
      return last !== "-" && !/^\d+$/.test(last);
    }
    return false;
  });
}
