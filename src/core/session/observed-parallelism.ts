/**
 * The engine's `--parallel` as a batcher can observe it (docs/decisions/0032-adaptive-membership-window.md):
 * every operation handed to the batcher and not yet settled holds one of the engine's slots. When the engine
 * falls silent although it has announced more operations, the open ones fill its slots; from then on, as
 * soon as that many are open again, waiting longer gains nothing (an arrival beyond the estimate raises it).
 */
export class ObservedParallelism {
  private open = 0;
  /** How many open operations silenced the engine. */
  private saturation: number | undefined;

  /** An operation arrived; true when as many are open as filled the engine's slots before. */
  opened(): boolean {
    this.open++;
    if (this.saturation !== undefined && this.open > this.saturation) {
      this.saturation = this.open;
      return false;
    }
    return this.open === this.saturation;
  }

  settled(): void {
    this.open--;
  }

  /** The engine fell silent with more operations announced: the open ones are its parallelism. */
  silencedWhileExpecting(): void {
    if (this.open > 1) this.saturation = Math.max(this.saturation ?? 0, this.open);
  }
}
