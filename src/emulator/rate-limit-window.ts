export type RateLimitScope = "global" | "route";

export interface RateLimitConfig {
  limit: number;
  windowMs: number;
  scope?: RateLimitScope;
}

export interface RateLimitVerdict {
  allowed: boolean;
  remaining: number;
  /** Epoch ms at which the current window ends. */
  resetAt: number;
  headers: Record<string, string>;
}

/**
 * Fixed-window limiter: `limit` requests per `windowMs`, per account ("global") or per route
 * (URL pattern + verb). Produces LaunchDarkly's X-Ratelimit-* headers for every response.
 */
export class RateLimitWindow {
  private readonly windows = new Map<string, { startedAt: number; used: number }>();

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  get scope(): RateLimitScope {
    return this.config.scope ?? "global";
  }

  take(routeKey: string): RateLimitVerdict {
    const key = this.scope === "route" ? routeKey : "global";
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.startedAt + this.config.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.used < this.config.limit;
    if (allowed) window.used++;
    const remaining = Math.max(0, this.config.limit - window.used);
    const resetAt = window.startedAt + this.config.windowMs;
    const remainingHeader = this.scope === "route" ? "X-Ratelimit-Route-Remaining" : "X-Ratelimit-Global-Remaining";
    return { allowed, remaining, resetAt, headers: { [remainingHeader]: String(remaining), "X-Ratelimit-Reset": String(resetAt) } };
  }
}
