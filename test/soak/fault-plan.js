"use strict";
/**
 * The soak's injected faults: on every route, each request draws every kind with the same probability, so
 * that about `rate` of all requests get one of them (the emulator applies the first failure that fires and
 * adds latency on top). Plus a rate-limit window: LaunchDarkly's 10 s windows scaled down in time.
 */

const FAILURE_KINDS = ["429", "500", "502", "503", "reset-before", "reset-after"];

/** Per-kind probability q such that 1 − (1 − q)^kinds = rate. */
function perKindProbability(rate, kinds) {
  return 1 - Math.pow(1 - rate, 1 / kinds);
}

function soakFaults(rate = 0.2) {
  const q = perKindProbability(rate, FAILURE_KINDS.length + 1);
  return [
    { kind: "latency", probability: q, latencyMs: 40 },
    ...FAILURE_KINDS.map((kind) =>
      kind === "429"
        ? // A real 429 carries X-Ratelimit-Reset (epoch ms); Retry-After is whole seconds, too coarse for a scaled window.
          { kind, probability: q, resetInMs: 150 }
        : { kind, probability: q },
    ),
    // A concurrent write won (LaunchDarkly's 409 optimistic_locking_error): only PATCHes meet it, and retry it.
    { kind: "409-optimistic", method: "PATCH", probability: q },
  ];
}

/** 20 requests per 10 s (LaunchDarkly's documented window) scaled down 50×: 20 per 200 ms. */
const SOAK_RATE_LIMIT = { limit: 20, windowMs: 200 };

module.exports = { soakFaults, SOAK_RATE_LIMIT, perKindProbability };
