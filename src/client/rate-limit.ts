/**
 * Reading LaunchDarkly's rate-limit headers into waits, and pacing later requests so that a spent
 * allowance costs a wait instead of a 429.
 *
 * Headers (digest §1): `X-Ratelimit-Global-Remaining` (account-wide, per 10 s window),
 * `X-Ratelimit-Route-Remaining` (per method + URL pattern), `X-Ratelimit-Reset` (window end, epoch
 * MILLISECONDS), and `Retry-After` (seconds, on IP-based limits).
 */

export type HeaderBag = Record<string, string | string[] | undefined>;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const raw = headers[name.toLowerCase()] ?? headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? undefined : value.trim();
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date. Undefined when absent or unusable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  const ms = date - now;
  return ms > 0 ? ms : undefined;
}

/** `X-Ratelimit-Reset` (epoch ms) as milliseconds from `now`. Undefined when absent, malformed or already past. */
export function parseRateLimitReset(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const ms = Number(value) - now;
  return ms > 0 ? ms : undefined;
}

export interface RateLimitWait {
  waitMs: number;
  /** What the wait is for, for messages such as `deadline_exceeded`. */
  source: "Retry-After" | "X-Ratelimit-Reset";
}

/** How long a 429 asks us to wait: `Retry-After` first, else the reset time. Undefined → fall back to backoff. */
export function rateLimitWaitFromHeaders(headers: HeaderBag, now: number): RateLimitWait | undefined {
  const retryAfter = parseRetryAfter(headerValue(headers, "retry-after"), now);
  if (retryAfter !== undefined) return { waitMs: retryAfter, source: "Retry-After" };
  const reset = parseRateLimitReset(headerValue(headers, "x-ratelimit-reset"), now);
  if (reset !== undefined) return { waitMs: reset, source: "X-Ratelimit-Reset" };
  return undefined;
}

/** A route as LaunchDarkly counts it: method plus URL pattern, e.g. `PATCH /api/v2/teams/*`. */
export function routeKey(method: string, path: string): string {
  const pathname = path.split("?")[0] ?? path;
  const segments = pathname.split("/").filter((s) => s !== "");
  // /api/v2/<collection>/<param>/<sub-collection>/<param>…: every second segment after the prefix is a parameter.
  const pattern = segments.map((segment, i) => (i >= 3 && (i - 3) % 2 === 0 ? "*" : segment));
  return `${method.toUpperCase()} /${pattern.join("/")}`;
}

/**
 * Longest pacing wait. LaunchDarkly's windows are 10 s; a reset further away than that means our clock
 * is behind the server's, and pacing is only an optimisation (a real 429 still waits in full).
 */
export const MAX_PACING_WAIT_MS = 10_000;

interface Allowance {
  remaining: number;
  resetAt: number;
}

export interface PacingWait {
  waitMs: number;
  scope: "global" | "route";
}

/**
 * Remembers the last known allowance per scope and makes callers wait for the reset once it reaches
 * zero. Each dispatched request spends one unit locally, so requests sent before the next response
 * arrives are counted too; the server's next header value replaces the local count.
 */
export class RateLimitPacer {
  private global: Allowance | undefined;
  private readonly routes = new Map<string, Allowance>();

  /** Wait needed before sending on `route` at `now`; 0 when there is allowance left or nothing is known. */
  waitBefore(route: string, now: number): PacingWait | undefined {
    const candidates: PacingWait[] = [];
    const global = this.current(this.global, now);
    if (global === undefined) this.global = undefined;
    else if (global.remaining <= 0) candidates.push({ waitMs: global.resetAt - now, scope: "global" });
    const routeAllowance = this.current(this.routes.get(route), now);
    if (routeAllowance === undefined) this.routes.delete(route);
    else if (routeAllowance.remaining <= 0) candidates.push({ waitMs: routeAllowance.resetAt - now, scope: "route" });
    if (candidates.length === 0) return undefined;
    const longest = candidates.reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
    return { ...longest, waitMs: Math.min(longest.waitMs, MAX_PACING_WAIT_MS) };
  }

  /** Spends one unit of whatever allowance is known for this request. */
  spend(route: string, now: number): void {
    const global = this.current(this.global, now);
    if (global) global.remaining -= 1;
    const routeAllowance = this.current(this.routes.get(route), now);
    if (routeAllowance) routeAllowance.remaining -= 1;
  }

  /** Records the allowance a response reports. Headers without a future reset say nothing we can pace on. */
  observe(route: string, headers: HeaderBag, now: number): void {
    const resetIn = parseRateLimitReset(headerValue(headers, "x-ratelimit-reset"), now);
    if (resetIn === undefined) return;
    const resetAt = now + resetIn;
    const global = parseCount(headerValue(headers, "x-ratelimit-global-remaining"));
    if (global !== undefined) this.global = { remaining: global, resetAt };
    const routeRemaining = parseCount(headerValue(headers, "x-ratelimit-route-remaining"));
    if (routeRemaining !== undefined) this.routes.set(route, { remaining: routeRemaining, resetAt });
  }

  private current(allowance: Allowance | undefined, now: number): Allowance | undefined {
    return allowance !== undefined && allowance.resetAt > now ? allowance : undefined;
  }
}

function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}
