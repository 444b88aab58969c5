/** Durations of the last `size` cycles, for p50/p99 without keeping every sample. */
export class CycleStats {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;
  private max = 0;
  cycles = 0;
  /** Cycles that came due while the previous one still ran (skipped, not queued). */
  overruns = 0;

  constructor(size = 1024) {
    this.samples = new Float64Array(size);
  }

  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
    this.cycles++;
    if (ms > this.max) this.max = ms;
  }

  summary(): { cycles: number; overruns: number; p50Ms: number; p99Ms: number; maxMs: number } {
    const sorted = Array.from(this.samples.subarray(0, this.count)).sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    return { cycles: this.cycles, overruns: this.overruns, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: this.max };
  }
}
