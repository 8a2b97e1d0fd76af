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

/** What one scope (the account, or one route) is known to allow. */
interface ScopeState {
  allowance: Allowance | undefined;
  /**
   * Whether responses report an allowance for this scope: undefined until one response tells. While
   * unknown or after a window has passed, one request goes first and reports the allowance.
   */
  limited: boolean | undefined;
  /** The one request sent to learn the new window's allowance; others wait for it. */
  probe: { done: Promise<void>; finish: () => void } | undefined;
  /** Requests let through and not yet answered. */
  inFlight: number;
}

export type PacingScope = "global" | "route";

/** Proof that a request was let through; hand it back to `complete`. */
export interface PacingTicket {
  probes: PacingScope[];
}

export type PacingVerdict =
  | { kind: "go"; ticket: PacingTicket }
  /** The allowance is spent: wait until the window resets. */
  | { kind: "wait"; waitMs: number; scope: PacingScope }
  /** A new window has started and one request is finding out its allowance: wait for its response. */
  | { kind: "await"; until: Promise<void>; scope: PacingScope };

/**
 * Remembers the last known allowance per scope so that a spent allowance costs a wait instead of a
 * 429. Each request let through spends one unit locally, so concurrent requests sent before the next
 * response arrives are counted too; the server's next header value replaces the local count. At the
 * start, and when a window has passed, a single request goes first and the rest wait for the
 * allowance it reports; otherwise concurrent requests (or every waiter, waking at the reset) would
 * burst past the limit together.
 */
export class RateLimitPacer {
  private readonly global: ScopeState = emptyScope();
  private readonly routes = new Map<string, ScopeState>();

  check(route: string, now: number): PacingVerdict {
    const scopes: Array<[PacingScope, ScopeState]> = [
      ["global", this.global],
      ["route", this.routeState(route)],
    ];
    let wait: { waitMs: number; scope: PacingScope } | undefined;
    let pending: { until: Promise<void>; scope: PacingScope } | undefined;
    const toProbe: PacingScope[] = [];
    for (const [scope, state] of scopes) {
      const allowance = state.allowance;
      if (allowance && allowance.resetAt > now) {
        if (allowance.remaining <= 0 && (!wait || allowance.resetAt - now > wait.waitMs)) wait = { waitMs: allowance.resetAt - now, scope };
      } else if (state.limited !== false) {
        if (state.probe) pending ??= { until: state.probe.done, scope };
        else toProbe.push(scope);
      }
    }
    if (wait) return { kind: "wait", waitMs: Math.min(wait.waitMs, MAX_PACING_WAIT_MS), scope: wait.scope };
    if (pending) return { kind: "await", ...pending };
    for (const [scope, state] of scopes) {
      state.inFlight += 1;
      if (toProbe.includes(scope)) {
        let finish = (): void => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        state.probe = { done, finish };
      } else if (state.allowance && state.allowance.resetAt > now) {
        state.allowance.remaining -= 1;
      }
    }
    return { kind: "go", ticket: { probes: toProbe } };
  }

  /** After an attempt, with the response headers (undefined when no response arrived). Always call it. */
  complete(ticket: PacingTicket, route: string, headers: HeaderBag | undefined, now: number): void {
    const seen = headers ? this.observe(route, headers, now) : new Set<PacingScope>();
    this.global.inFlight = Math.max(0, this.global.inFlight - 1);
    const routeState = this.routeState(route);
    routeState.inFlight = Math.max(0, routeState.inFlight - 1);
    for (const scope of ticket.probes) {
      const state = scope === "global" ? this.global : this.routeState(route);
      // A response that says nothing about this scope means it is not limited (any more); a failed
      // attempt says nothing either way, so the next request probes again.
      if (headers && !seen.has(scope)) {
        state.limited = false;
        state.allowance = undefined;
      }
      state.probe?.finish();
      state.probe = undefined;
    }
  }

  /** Records the allowance a response reports; returns the scopes it reported on. */
  private observe(route: string, headers: HeaderBag, now: number): Set<PacingScope> {
    const seen = new Set<PacingScope>();
    const resetIn = parseRateLimitReset(headerValue(headers, "x-ratelimit-reset"), now);
    if (resetIn === undefined) return seen;
    const resetAt = now + resetIn;
    const global = parseCount(headerValue(headers, "x-ratelimit-global-remaining"));
    if (global !== undefined) {
      recordAllowance(this.global, global, resetAt);
      seen.add("global");
    }
    const routeRemaining = parseCount(headerValue(headers, "x-ratelimit-route-remaining"));
    if (routeRemaining !== undefined) {
      recordAllowance(this.routeState(route), routeRemaining, resetAt);
      seen.add("route");
    }
    return seen;
  }

  private routeState(route: string): ScopeState {
    let state = this.routes.get(route);
    if (!state) {
      state = emptyScope();
      this.routes.set(route, state);
    }
    return state;
  }
}

function emptyScope(): ScopeState {
  return { allowance: undefined, limited: undefined, probe: undefined, inFlight: 0 };
}

/**
 * The server counted this response's request but not necessarily the others still in flight, which were
 * already spent locally: subtract them. Within one window the count only goes down, because responses
 * overtake each other and an early-sent one reports a stale, higher figure.
 */
function recordAllowance(state: ScopeState, serverRemaining: number, resetAt: number): void {
  const remaining = serverRemaining - Math.max(0, state.inFlight - 1);
  const known = state.allowance;
  state.limited = true;
  // The reset is the server's absolute window end: equal means the same window, earlier means a response
  // from a window that has already ended (stale), later means a new window.
  if (known && Math.abs(known.resetAt - resetAt) <= WINDOW_RESET_TOLERANCE_MS) {
    known.remaining = Math.min(known.remaining, remaining);
  } else if (!known || resetAt > known.resetAt) {
    state.allowance = { remaining, resetAt };
  }
}

/** Resets of one window read the same to the millisecond; allow for rounding in our clock arithmetic. */
const WINDOW_RESET_TOLERANCE_MS = 5;

function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number(value);
}
