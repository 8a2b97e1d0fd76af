import { describe, expect, it } from "vitest";
import {
  BACKOFF_CAP_MS,
  MAX_TRANSIENT_RETRIES,
  backoffDelayMs,
  decideRetry,
  defaultRetrySafe,
  isConnectionError,
  isRepeatableJsonPatch,
  optimisticLockRetrySafe,
  type RetryContext,
} from "../../src/core/client/retry";

const NOW = 1_700_000_000_000;
const ctx = (over: Partial<RetryContext> = {}): RetryContext => ({
  method: "GET",
  retrySafe: true,
  transientRetries: 0,
  rateLimitRetries: 0,
  now: NOW,
  random: () => 0.5,
  ...over,
});

describe("backoffDelayMs (full jitter, 200 ms doubling to a 10 s cap)", () => {
  it("scales the ceiling by 2^retry from 200 ms", () => {
    expect(backoffDelayMs(0, () => 0.999999)).toBe(199);
    expect(backoffDelayMs(1, () => 0.999999)).toBe(399);
    expect(backoffDelayMs(3, () => 0.5)).toBe(800);
  });
  it("never exceeds the cap", () => {
    expect(backoffDelayMs(40, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelayMs(6, () => 1)).toBe(BACKOFF_CAP_MS);
  });
  it("is full jitter: a random of 0 waits 0", () => {
    expect(backoffDelayMs(5, () => 0)).toBe(0);
  });
});

describe("defaultRetrySafe", () => {
  it("repeats GET and DELETE only", () => {
    expect(defaultRetrySafe("GET")).toBe(true);
    expect(defaultRetrySafe("DELETE")).toBe(true);
    expect(defaultRetrySafe("PATCH")).toBe(false);
    expect(defaultRetrySafe("POST")).toBe(false);
    expect(defaultRetrySafe("PUT")).toBe(false);
  });
});

describe("decideRetry", () => {
  it("retries a 429 for any method, even one not safe to repeat, waiting for Retry-After", () => {
    const d = decideRetry({ kind: "status", status: 429, headers: { "retry-after": "2" } }, ctx({ method: "POST", retrySafe: false }));
    expect(d).toMatchObject({ retry: true, waitMs: 2000, rateLimited: true });
  });
  it("waits until X-Ratelimit-Reset (epoch ms) when there is no Retry-After", () => {
    const d = decideRetry({ kind: "status", status: 429, headers: { "x-ratelimit-reset": String(NOW + 1234) } }, ctx());
    expect(d).toMatchObject({ retry: true, waitMs: 1234, rateLimited: true });
    expect(d.retry && d.reason).toContain("X-Ratelimit-Reset");
  });
  it("prefers Retry-After over X-Ratelimit-Reset", () => {
    const d = decideRetry({ kind: "status", status: 429, headers: { "retry-after": "1", "x-ratelimit-reset": String(NOW + 5000) } }, ctx());
    expect(d).toMatchObject({ waitMs: 1000 });
  });
  it("falls back to backoff when the reset is in the past or missing", () => {
    const past = decideRetry({ kind: "status", status: 429, headers: { "x-ratelimit-reset": String(NOW - 10) } }, ctx({ rateLimitRetries: 2 }));
    expect(past).toMatchObject({ retry: true, waitMs: 400, rateLimited: true });
    const none = decideRetry({ kind: "status", status: 429, headers: {} }, ctx());
    expect(none).toMatchObject({ retry: true, waitMs: 100 });
    expect(none.retry && none.reason).toContain("backoff");
  });
  it("retries 5xx and network failures only when safe to repeat", () => {
    for (const failure of [
      { kind: "status", status: 503, headers: {} },
      { kind: "network", failure: "network_error" },
      { kind: "network", failure: "timeout" },
    ] as const) {
      expect(decideRetry(failure, ctx()).retry).toBe(true);
      expect(decideRetry(failure, ctx({ method: "POST", retrySafe: false })).retry).toBe(false);
      expect(decideRetry(failure, ctx({ method: "PATCH", retrySafe: false })).retry).toBe(false);
      expect(decideRetry(failure, ctx({ method: "PATCH", retrySafe: true })).retry).toBe(true);
    }
  });
  it("gives up on transient failures after the retry budget", () => {
    expect(decideRetry({ kind: "status", status: 500, headers: {} }, ctx({ transientRetries: MAX_TRANSIENT_RETRIES })).retry).toBe(false);
  });
  it("never retries other 4xx", () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(decideRetry({ kind: "status", status, headers: {} }, ctx()).retry).toBe(false);
    }
  });
});

describe("409 optimistic_locking_error", () => {
  const lock = { kind: "status", status: 409, headers: {}, code: "optimistic_locking_error" } as const;
  it("is retried with bounded backoff when the request allows it, even a PATCH not safe to repeat after a 5xx", () => {
    const d = decideRetry(lock, ctx({ method: "PATCH", retrySafe: false, optimisticLockRetrySafe: true, transientRetries: 2 }));
    expect(d).toMatchObject({ retry: true, waitMs: 400, rateLimited: false, reason: "409 optimistic_locking_error" });
    expect(decideRetry(lock, ctx({ method: "PATCH", optimisticLockRetrySafe: true, transientRetries: MAX_TRANSIENT_RETRIES })).retry).toBe(false);
  });
  it("is final when the request does not allow it, and any other 409 code is final", () => {
    expect(decideRetry(lock, ctx({ method: "PATCH", optimisticLockRetrySafe: false })).retry).toBe(false);
    expect(decideRetry(lock, ctx({ method: "PATCH" })).retry).toBe(false);
    expect(decideRetry({ ...lock, code: "conflict" }, ctx({ method: "PATCH", optimisticLockRetrySafe: true })).retry).toBe(false);
    expect(decideRetry({ kind: "status", status: 409, headers: {} }, ctx({ method: "PATCH", optimisticLockRetrySafe: true })).retry).toBe(false);
  });
  it("is allowed for a PATCH without a JSON Patch test op (whose failure LaunchDarkly reports with the same code)", () => {
    expect(optimisticLockRetrySafe("PATCH", [{ op: "replace", path: "/role", value: "writer" }])).toBe(true);
    expect(optimisticLockRetrySafe("PATCH", { patch: [{ op: "replace", path: "/name", value: "N" }], comment: "c" })).toBe(true);
    expect(optimisticLockRetrySafe("PATCH", { instructions: [{ kind: "updateName", value: "N" }] })).toBe(true);
    expect(optimisticLockRetrySafe("PATCH", [{ op: "test", path: "/role", value: "reader" }, { op: "replace", path: "/role", value: "writer" }])).toBe(false);
    expect(optimisticLockRetrySafe("PATCH", { patch: [{ op: "test", path: "/name", value: "N" }] })).toBe(false);
    expect(optimisticLockRetrySafe("POST", { key: "k" })).toBe(false);
    expect(optimisticLockRetrySafe("DELETE", undefined)).toBe(false);
  });
});

describe("isConnectionError", () => {
  it("recognises node and undici socket codes, also as a cause", () => {
    expect(isConnectionError(Object.assign(new Error("x"), { code: "ECONNRESET" }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error("x"), { code: "UND_ERR_SOCKET" }))).toBe(true);
    expect(isConnectionError(new Error("fetch failed", { cause: Object.assign(new Error("y"), { code: "ECONNREFUSED" }) }))).toBe(true);
  });
  it("does not swallow programming errors", () => {
    expect(isConnectionError(new TypeError("bad"))).toBe(false);
    expect(isConnectionError("ECONNRESET")).toBe(false);
  });
});

describe("isRepeatableJsonPatch", () => {
  it("accepts replace, test and add to an object field", () => {
    expect(isRepeatableJsonPatch([{ op: "replace", path: "/role" }, { op: "test", path: "/role" }, { op: "add", path: "/roleAttributes" }])).toBe(true);
  });
  it("rejects array inserts and removes", () => {
    expect(isRepeatableJsonPatch([{ op: "add", path: "/customRoles/-" }])).toBe(false);
    expect(isRepeatableJsonPatch([{ op: "add", path: "/policy/0" }])).toBe(false);
    expect(isRepeatableJsonPatch([{ op: "remove", path: "/customRoles/1" }])).toBe(false);
  });
});
