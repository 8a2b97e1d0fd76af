import { describe, expect, it } from "vitest";
import {
  RateLimitPacer,
  parseRateLimitReset,
  parseRetryAfter,
  rateLimitWaitFromHeaders,
  routeKey,
} from "../../src/client/rate-limit";

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
  it("knows nothing at first", () => {
    expect(new RateLimitPacer().waitBefore(route, NOW)).toBeUndefined();
  });
  it("makes every route wait for the reset once the global allowance is spent", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-global-remaining": "0", "x-ratelimit-reset": String(NOW + 400) }, NOW);
    expect(pacer.waitBefore(route, NOW + 100)).toEqual({ waitMs: 300, scope: "global" });
    expect(pacer.waitBefore("POST /api/v2/teams", NOW + 100)).toEqual({ waitMs: 300, scope: "global" });
    expect(pacer.waitBefore(route, NOW + 400)).toBeUndefined();
  });
  it("limits a spent route allowance to that route", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-route-remaining": "0", "x-ratelimit-reset": String(NOW + 400) }, NOW);
    expect(pacer.waitBefore(route, NOW)).toEqual({ waitMs: 400, scope: "route" });
    expect(pacer.waitBefore("GET /api/v2/teams", NOW)).toBeUndefined();
  });
  it("counts requests sent before the next response arrives", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-global-remaining": "2", "x-ratelimit-reset": String(NOW + 1000) }, NOW);
    pacer.spend(route, NOW);
    expect(pacer.waitBefore(route, NOW)).toBeUndefined();
    pacer.spend(route, NOW);
    expect(pacer.waitBefore(route, NOW)).toEqual({ waitMs: 1000, scope: "global" });
  });
  it("ignores remaining counts without a future reset", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-global-remaining": "0" }, NOW);
    pacer.observe(route, { "x-ratelimit-global-remaining": "0", "x-ratelimit-reset": String(NOW - 5) }, NOW);
    expect(pacer.waitBefore(route, NOW)).toBeUndefined();
  });
  it("caps a pacing wait at one 10 s window, in case our clock is behind the server's", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-global-remaining": "0", "x-ratelimit-reset": String(NOW + 300_000) }, NOW);
    expect(pacer.waitBefore(route, NOW)).toEqual({ waitMs: 10_000, scope: "global" });
  });
  it("takes the longer wait when both scopes are spent", () => {
    const pacer = new RateLimitPacer();
    pacer.observe(route, { "x-ratelimit-global-remaining": "0", "x-ratelimit-reset": String(NOW + 200) }, NOW);
    pacer.observe(route, { "x-ratelimit-route-remaining": "0", "x-ratelimit-reset": String(NOW + 900) }, NOW);
    expect(pacer.waitBefore(route, NOW)).toEqual({ waitMs: 900, scope: "route" });
  });
});
