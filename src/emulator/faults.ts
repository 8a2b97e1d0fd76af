/**
 * - "409-optimistic": 409 `optimistic_locking_error` without applying the request (a concurrent write won).
 * - "garble-after": the request is applied, then its 2xx answer carries a body cut in half (not JSON), so
 *   the caller cannot tell what it created.
 */
export type FaultKind = "429" | "500" | "502" | "503" | "409-optimistic" | "reset-before" | "reset-after" | "garble-after" | "latency";

export const FAULT_KINDS: readonly FaultKind[] = ["429", "500", "502", "503", "409-optimistic", "reset-before", "reset-after", "garble-after", "latency"];

export interface FaultRule {
  kind: FaultKind;
  /** e.g. "PATCH"; any method when absent. */
  method?: string;
  /** Exact pathname, or a prefix ending in "*"; a RegExp is tested on the pathname. Any path when absent. */
  path?: string | RegExp;
  /** Inject on the next N matching requests. */
  count?: number;
  /** Or inject with this probability, drawn from the seeded generator. */
  probability?: number;
  /** 429: send Retry-After (seconds). */
  retryAfterSeconds?: number;
  /** 429: X-Ratelimit-Reset = now + resetInMs (epoch ms). */
  resetInMs?: number;
  /** "latency": delay before answering. */
  latencyMs?: number;
}

export interface FaultDecision {
  /** Extra delay from matching "latency" rules. */
  latencyMs: number;
  /** The failure to inject, if any (never "latency"). */
  failure?: FaultRule;
}

/** mulberry32: small, seedable, good enough for fault draws. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pathMatches(rule: FaultRule, pathname: string): boolean {
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) return rule.path.test(pathname);
  if (rule.path.endsWith("*")) return pathname.startsWith(rule.path.slice(0, -1));
  return pathname === rule.path;
}

/**
 * Decides, per request, which injected faults apply. Rules are checked in order: every firing
 * "latency" rule adds its delay; the first firing failure rule wins. Rules with `count` are used up.
 */
export class FaultInjector {
  private rules: { rule: FaultRule; remaining: number | undefined }[] = [];
  private readonly random: () => number;
  readonly counts: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;

  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.random = seededRandom(seed);
    this.setRules(rules);
  }

  setRules(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule: { ...rule }, remaining: rule.count }));
  }

  decide(method: string, pathname: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(rule, pathname)) continue;
      if (!this.fires(entry)) continue;
      this.counts[rule.kind]++;
      if (rule.kind === "latency") {
        decision.latencyMs += rule.latencyMs ?? 0;
        continue;
      }
      decision.failure = rule;
      break;
    }
    return decision;
  }

  private fires(entry: { rule: FaultRule; remaining: number | undefined }): boolean {
    if (entry.remaining !== undefined) {
      if (entry.remaining <= 0) return false;
      if (entry.rule.probability !== undefined && this.random() >= entry.rule.probability) return false;
      entry.remaining--;
      return true;
    }
    if (entry.rule.probability !== undefined) return this.random() < entry.rule.probability;
    return true;
  }
}
