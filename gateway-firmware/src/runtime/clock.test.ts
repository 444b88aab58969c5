import { describe, expect, it } from 'vitest';
import { every, ManualClock, ScaledClock } from './clock';

describe('clocks', () => {
  it('ScaledClock runs simulated time `speed` times faster and never fires a timer early in simulated time', async () => {
    const start = Date.parse('2024-06-12T00:00:00Z');
    const clock = new ScaledClock(start, 600);
    const due = clock.now() + 15 * 60_000; // a quarter: 1.5 s of real time
    const firedAt = await new Promise<number>((resolve) =>
      clock.setTimer(due - clock.now(), () => resolve(clock.now())),
    );
    expect(firedAt).toBeGreaterThanOrEqual(due);
    // and it waited scaled time, not the timer's length again (a loose bound: a busy machine delays real timers)
    expect(firedAt - due).toBeLessThan(15 * 60_000);
    expect(() => new ScaledClock(start, 0)).toThrow(RangeError);
  });

  it('every() ticks on multiples of its period on a ManualClock, and stops', async () => {
    const clock = new ManualClock(Date.parse('2024-06-12T00:00:03Z'));
    const ticks: string[] = [];
    const t = every(
      clock,
      5000,
      (at) => void ticks.push(new Date(at).toISOString().slice(11, 19)),
      () => {},
    );
    await clock.advance(12_000);
    expect(ticks).toEqual(['00:00:05', '00:00:10', '00:00:15']);
    t.stop();
    await clock.advance(10_000);
    expect(ticks).toHaveLength(3);
    expect(clock.pending).toBe(0);
  });
});
