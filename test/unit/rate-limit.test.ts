import { describe, expect, it } from "vitest";
import {
  RateLimitPacer,
  parseRateLimitReset,
  parseRetryAfter,
  rateLimitWaitFromHeaders,
  routeKey,
} from "../../src/core/client/rate-limit";

const NOW = 1_700_000_000_000;

describe("parseRetryAfter", () => {
  it("reads delta-seconds as milliseconds", () => {
    expect(parseRetryAfter("1", NOW)).toBe(1000);
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter("1.5", NOW)).toBe(1500);
  });
  it("reads an HTTP date", () => {
    expect(parseRetryAfter(new Date(NOW + 3000).toUTCString(), NOW)).toBe(3000);
  });
  it("ignores absent, garbage and past dates", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter(new Date(NOW - 3000).toUTCString(), NOW)).toBeUndefined();
  });
});

describe("parseRateLimitReset (epoch milliseconds)", () => {
  it("returns the time left until the reset", () => {
    expect(parseRateLimitReset(String(NOW + 300), NOW)).toBe(300);
  });
  it("treats a reset in the past, now, or malformed as unknown", () => {
    expect(parseRateLimitReset(String(NOW - 1), NOW)).toBeUndefined();
    expect(parseRateLimitReset(String(NOW), NOW)).toBeUndefined();
    expect(parseRateLimitReset("12abc", NOW)).toBeUndefined();
    expect(parseRateLimitReset(undefined, NOW)).toBeUndefined();
  });
  it("is not seconds: an epoch-seconds value is long past", () => {
    expect(parseRateLimitReset(String(Math.floor(NOW / 1000) + 10), NOW)).toBeUndefined();
  });
});

describe("rateLimitWaitFromHeaders", () => {
  it("names its source", () => {
    expect(rateLimitWaitFromHeaders({ "retry-after": "2" }, NOW)).toEqual({ waitMs: 2000, source: "Retry-After" });
    expect(rateLimitWaitFromHeaders({ "x-ratelimit-reset": String(NOW + 50) }, NOW)).toEqual({ waitMs: 50, source: "X-Ratelimit-Reset" });
    expect(rateLimitWaitFromHeaders({}, NOW)).toBeUndefined();
  });
  it("accepts array-valued headers", () => {
    expect(rateLimitWaitFromHeaders({ "retry-after": ["3"] }, NOW)).toEqual({ waitMs: 3000, source: "Retry-After" });
  });
});

describe("routeKey", () => {
  it("is method plus URL pattern", () => {
    expect(routeKey("get", "/api/v2/members")).toBe("GET /api/v2/members");
    expect(routeKey("PATCH", "/api/v2/members/abc123")).toBe("PATCH /api/v2/members/*");
    expect(routeKey("GET", "/api/v2/teams/platform/roles?limit=2")).toBe("GET /api/v2/teams/*/roles");
    expect(routeKey("GET", "/api/v2/teams/a")).toBe(routeKey("GET", "/api/v2/teams/b"));
    expect(routeKey("GET", "/api/v2/teams/a")).not.toBe(routeKey("PATCH", "/api/v2/teams/a"));
  });
});

describe("RateLimitPacer", () => {
  const route = "GET /api/v2/members";
  const other = "POST /api/v2/teams";
  const headers = (remaining: Record<string, string>, resetIn: number) => ({ ...remaining, "x-ratelimit-reset": String(NOW + resetIn) });
  /** Lets one request through and completes it with the given response headers. */
  function send(pacer: RateLimitPacer, r: string, h: Record<string, string> | undefined, now = NOW) {
    const verdict = pacer.check(r, now);
    if (verdict.kind !== "go") throw new Error(`expected go, got ${verdict.kind}`);
    pacer.complete(verdict.ticket, r, h, now);
  }

  it("sends one request first, then lets everything through when responses carry no limits", async () => {
    const pacer = new RateLimitPacer();
    const first = pacer.check(route, NOW);
    expect(first.kind).toBe("go");
    const second = pacer.check(route, NOW);
    expect(second.kind).toBe("await");
    if (first.kind === "go") pacer.complete(first.ticket, route, {}, NOW);
    if (second.kind === "await") await second.until;
    expect(pacer.check(route, NOW).kind).toBe("go");
    expect(pacer.check(route, NOW).kind).toBe("go");
  });

  it("makes every route wait for the reset once the global allowance is spent", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "0" }, 400));
    expect(pacer.check(route, NOW + 100)).toEqual({ kind: "wait", waitMs: 300, scope: "global" });
    expect(pacer.check(other, NOW + 100)).toEqual({ kind: "wait", waitMs: 300, scope: "global" });
  });

  it("limits a spent route allowance to that route", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-route-remaining": "0" }, 400));
    expect(pacer.check(route, NOW)).toEqual({ kind: "wait", waitMs: 400, scope: "route" });
    send(pacer, other, {});
    expect(pacer.check(other, NOW).kind).toBe("go");
  });

  it("counts requests let through before the next response arrives", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "3" }, 1000));
    send(pacer, other, headers({ "x-ratelimit-global-remaining": "2" }, 1000));
    expect(pacer.check(route, NOW).kind).toBe("go");
    expect(pacer.check(other, NOW).kind).toBe("go");
    expect(pacer.check(route, NOW)).toEqual({ kind: "wait", waitMs: 1000, scope: "global" });
  });

  it("after the reset, sends one probe and holds the rest until it reports the new allowance", async () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "0" }, 100));
    const later = NOW + 150;
    const probe = pacer.check(route, later);
    expect(probe.kind).toBe("go");
    const held = pacer.check(other, later);
    expect(held.kind).toBe("await");
    let released = false;
    if (held.kind === "await") void held.until.then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    if (probe.kind === "go") pacer.complete(probe.ticket, route, { "x-ratelimit-global-remaining": "1", "x-ratelimit-reset": String(later + 500) }, later);
    await Promise.resolve();
    expect(released).toBe(true);
    send(pacer, other, {}, later);
    expect(pacer.check(other, later)).toEqual({ kind: "wait", waitMs: 500, scope: "global" });
  });

  it("subtracts the requests still in flight from a response's remaining count", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "5" }, 1000));
    const tickets = [1, 2, 3].map(() => pacer.check(route, NOW));
    expect(tickets.map((t) => t.kind)).toEqual(["go", "go", "go"]);
    // The first answer was counted by the server before the other two arrived there: 4 left by its count,
    // but two more are already on their way, so only 2 may still go.
    const [first] = tickets;
    if (first!.kind === "go") pacer.complete(first!.ticket, route, headers({ "x-ratelimit-global-remaining": "4" }, 1000), NOW);
    expect(pacer.check(route, NOW).kind).toBe("go");
    expect(pacer.check(route, NOW).kind).toBe("go");
    expect(pacer.check(route, NOW)).toEqual({ kind: "wait", waitMs: 1000, scope: "global" });
  });

  it("ignores a late response from a window that has already ended", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "10" }, 1000));
    const late = pacer.check(route, NOW);
    expect(late.kind).toBe("go");
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "0" }, 2000)); // the next window, spent
    if (late.kind === "go") pacer.complete(late.ticket, route, headers({ "x-ratelimit-global-remaining": "50" }, 1000), NOW);
    expect(pacer.check(route, NOW)).toEqual({ kind: "wait", waitMs: 2000, scope: "global" });
  });

  it("forgets a limit when the probe's response carries no rate-limit headers", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-route-remaining": "0" }, 100));
    send(pacer, route, {}, NOW + 200);
    expect(pacer.check(route, NOW + 200).kind).toBe("go");
    expect(pacer.check(route, NOW + 200).kind).toBe("go");
  });

  it("probes again when the probe got no response at all", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-route-remaining": "0" }, 100));
    send(pacer, route, undefined, NOW + 200);
    expect(pacer.check(route, NOW + 200).kind).toBe("go");
    expect(pacer.check(route, NOW + 200).kind).toBe("await");
  });

  it("ignores remaining counts without a future reset", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, { "x-ratelimit-global-remaining": "0" });
    expect(pacer.check(route, NOW).kind).toBe("go");
    expect(pacer.check(route, NOW).kind).toBe("go");
  });

  it("caps a pacing wait at one 10 s window, in case our clock is behind the server's", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "0" }, 300_000));
    expect(pacer.check(route, NOW)).toEqual({ kind: "wait", waitMs: 10_000, scope: "global" });
  });

  it("takes the longer wait when both scopes are spent", () => {
    const pacer = new RateLimitPacer();
    send(pacer, route, headers({ "x-ratelimit-global-remaining": "0", "x-ratelimit-route-remaining": "5" }, 200));
    expect(pacer.check(other, NOW)).toEqual({ kind: "wait", waitMs: 200, scope: "global" });
    const pacer2 = new RateLimitPacer();
    send(pacer2, route, headers({ "x-ratelimit-global-remaining": "1" }, 200));
    send(pacer2, route, headers({ "x-ratelimit-route-remaining": "0" }, 900));
    expect(pacer2.check(route, NOW)).toEqual({ kind: "wait", waitMs: 900, scope: "route" });
  });
});
