import { Semaphore } from "./semaphore";

/**
 * When the real engine (pulumi 3.248, measured by `npm run bench:cli`) hands work to the provider, which is
 * what decides how much the provider can coalesce (docs/decisions/0032):
 * - registrations are checked one at a time (the engine's step generator is serial), and the next check waits
 *   until the previous step has a `--parallel` slot (the hand-off to the step executor does not queue);
 * - each create/update/delete writes the checkpoint before and after its provider call, one write at a time
 *   (`checkpointMs` each): steps start one by one, a few hundred milliseconds apart on a busy runner;
 * - deletes of independent resources come in no particular order: teams interleave (a shuffle seeded by `seed`).
 * Without pacing the harness engine starts every ready step at once, up to `parallel`: the ideal engine.
 */
export interface Pacing {
  checkpointMs: number;
  /** Seed of the delete order's shuffle, so a paced destroy interleaves teams the same way every run. Default 1. */
  seed?: number;
}

/** The paced engine's checkpoint writes: one at a time, `checkpointMs` each. */
export class CheckpointWriter {
  private readonly writes = new Semaphore(1);

  constructor(private readonly checkpointMs: number) {}

  write(): Promise<void> {
    return this.writes.run(() => new Promise<void>((resolve) => setTimeout(resolve, this.checkpointMs)));
  }
}

/** A deterministic shuffle (mulberry32). */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
