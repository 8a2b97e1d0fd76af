/**
 * The pace at which the engine hands a batcher its operations (docs/decisions/0032-adaptive-membership-window.md):
 * the real engine starts steps one at a time, a few hundred milliseconds apart, so "more is coming" shows as
 * a steady stream of arrivals, and "the engine has nothing more to send now" as a silence of about twice
 * its recent gap.
 */
export class ArrivalPace {
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** Recent gaps (ms) between consecutive arrivals, while they stay within `maxStreamQuietMs`. */
  private gaps: number[] = [];

  constructor(
    private readonly maxStreamQuietMs: number,
    private readonly samples = 8,
  ) {}

  record(now: number): void {
    const gap = now - this.lastArrival;
    this.gaps = gap <= this.maxStreamQuietMs ? [...this.gaps, gap].slice(-this.samples) : [];
    this.lastArrival = now;
  }

  get lastArrivalAt(): number {
    return this.lastArrival;
  }

  /** Arrivals are coming at a steady pace and the last one is recent. */
  streaming(now: number): boolean {
    return this.gaps.length > 0 && now - this.lastArrival <= this.maxStreamQuietMs;
  }

  /** How long a silence means the engine has stopped sending: twice its recent gap, within [quietMs, maxStreamQuietMs]. */
  silenceMs(quietMs: number): number {
    return this.gaps.length > 0 ? Math.min(this.maxStreamQuietMs, Math.max(quietMs, 2 * median(this.gaps))) : this.maxStreamQuietMs;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
