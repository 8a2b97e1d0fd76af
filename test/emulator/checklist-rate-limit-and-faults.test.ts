import { describe, expect, test } from "vitest";
import { useEmulators } from "./emulator-fixture";

const start = useEmulators();

describe("§6.23 rate limits", () => {
  test("global scope: every response carries X-Ratelimit-Global-Remaining and X-Ratelimit-Reset (epoch ms); past the limit → 429 rate_limited", async () => {
    const { call } = await start({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const before = Date.now();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call("GET", i === 1 ? "/api/v2/roles" : "/api/v2/members");
      expect(response.status).toBe(200);
      remaining.push(response.headers.get("x-ratelimit-global-remaining") ?? "");
      const reset = Number(response.headers.get("x-ratelimit-reset"));
      expect(reset).toBeGreaterThanOrEqual(before + 60_000);
      expect(reset).toBeLessThan(before + 70_000);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await call("GET", "/api/v2/members");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: "rate_limited", message: expect.any(String) });
    expect(limited.headers.get("x-ratelimit-global-remaining")).toBe("0");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("route scope counts per URL pattern + verb and sends X-Ratelimit-Route-Remaining", async () => {
    const { emu, call } = await start({ rateLimit: { limit: 1, windowMs: 60_000, scope: "route" } });
    const a = emu.store.addMember({ email: "a@example.com" });
    const b = emu.store.addMember({ email: "b@example.com" });
    const first = await call("GET", `/api/v2/members/${a._id}`);
    expect(first.headers.get("x-ratelimit-route-remaining")).toBe("0");
    expect(first.headers.get("x-ratelimit-global-remaining")).toBeNull();
    expect((await call("GET", `/api/v2/members/${b._id}`)).status).toBe(429);
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
  });

  test("the window resets", async () => {
    const { call } = await start({ rateLimit: { limit: 1, windowMs: 150 } });
    expect((await call("GET", "/api/v2/roles")).status).toBe(200);
    expect((await call("GET", "/api/v2/roles")).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call("GET", "/api/v2/roles")).status).toBe(200);
  });
});

describe("faults", () => {
  test("429 fault with Retry-After and X-Ratelimit-Reset, counted; only on matching method and path", async () => {
    const { emu, call } = await start({ faults: [{ kind: "429", method: "GET", path: "/api/v2/roles*", count: 2, retryAfterSeconds: 3, resetInMs: 5000 }] });
    expect((await call("GET", "/api/v2/members")).status).toBe(200);
    const before = Date.now();
    const injected = await call("GET", "/api/v2/roles");
    expect(injected.status).toBe(429);
    expect(injected.body.code).toBe("rate_limited");
    expect(injected.headers.get("retry-after")).toBe("3");
    expect(Number(injected.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(before + 5000);
    expect((await call("GET", "/api/v2/roles/x")).status).toBe(429);
    expect((await call("GET", "/api/v2/roles")).status).toBe(200);
    expect(emu.faultCounts["429"]).toBe(2);
  });

  test("500/502/503 faults give JSON errors; RegExp paths; setFaults replaces rules", async () => {
    const { emu, call } = await start();
    emu.setFaults([
      { kind: "500", path: /\/teams$/, count: 1 },
      { kind: "502", method: "POST", count: 1 },
      { kind: "503", path: "/api/v2/members", count: 1 },
    ]);
    expect((await call("GET", "/api/v2/teams")).status).toBe(500);
    expect((await call("POST", "/api/v2/roles", { body: {} })).status).toBe(502);
    const unavailable = await call("GET", "/api/v2/members");
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.code).toBe("service_unavailable");
    expect(emu.faultCounts).toMatchObject({ "500": 1, "502": 1, "503": 1 });
    expect((await call("GET", "/api/v2/teams")).status).toBe(200);
  });

  test("reset-before changes nothing; reset-after applies the change but sends no response", async () => {
    const { emu, call } = await start({ faults: [{ kind: "reset-before", method: "POST", count: 1 }] });
    const body = { key: "r", name: "R", policy: [] };
    await expect(call("POST", "/api/v2/roles", { body })).rejects.toThrow();
    expect(emu.store.roles.has("r")).toBe(false);
    emu.setFaults([{ kind: "reset-after", method: "POST", count: 1 }]);
    await expect(call("POST", "/api/v2/roles", { body })).rejects.toThrow();
    expect(emu.store.roles.has("r")).toBe(true);
    expect(emu.faultCounts).toMatchObject({ "reset-before": 1, "reset-after": 1 });
    expect(emu.requests.map((entry) => entry.status)).toEqual([0, 0]);
    expect((await call("POST", "/api/v2/roles", { body })).status).toBe(409);
  });

  test("latency faults and latencyMs delay responses", async () => {
    const { emu, call } = await start({ latencyMs: 50, faults: [{ kind: "latency", latencyMs: 150, count: 1 }] });
    let started = Date.now();
    await call("GET", "/api/v2/members");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    started = Date.now();
    await call("GET", "/api/v2/members");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(190);
    expect(emu.faultCounts.latency).toBe(1);
  });

  test("probability faults are seeded and reproducible", async () => {
    const pattern = async (seed: number) => {
      const { call } = await start({ seed, faults: [{ kind: "503", probability: 0.5 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call("GET", "/api/v2/members")).status);
      return statuses;
    };
    const first = await pattern(42);
    expect(await pattern(42)).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });
});
