import { describe, expect, it } from 'vitest';
import type { BatteryState, GridState, SiteState } from '../site-state';
import { createPeakShaving, peakShavingSettingsSchema } from './peak-shaving';
import { QuarterTracker } from './peak-shaving-quarter';

const Q0 = Date.parse('2025-01-15T17:00:00Z');

function grid(at: number, importW: number, quarterAverageW: number | null = null): GridState {
  return {
    netW: importW,
    importW: Math.max(0, importW),
    exportW: Math.max(0, -importW),
    quarterAverageW,
    monthPeakW: null,
    maxPhaseCurrentA: null,
    at,
  };
}
const battery = (over: Partial<BatteryState> = {}): BatteryState => ({
  id: 'bat1',
  online: true,
  status: 'Standby',
  w: 0,
  socPct: 80,
  ...over,
});
const state = (g: GridState | null, batteries: BatteryState[] = [battery()]): SiteState => ({
  at: g?.at ?? 0,
  grid: g,
  pvW: null,
  batteries,
  chargers: [],
  heaters: [],
});
const settings = (over: object = {}) =>
  peakShavingSettingsSchema.parse({ enabled: true, thresholdW: 4000, reservePct: 30, ...over });

describe('QuarterTracker', () => {
  it('integrates the import of the telegrams and closes each quarter with its average', () => {
    const q = new QuarterTracker();
    for (let t = Q0; t < Q0 + 15 * 60_000; t += 1000) q.observe(grid(t, t < Q0 + 5 * 60_000 ? 6000 : 3000));
    expect(q.at(grid(Q0 + 15 * 60_000 - 1000, 3000)).energyWh).toBeCloseTo(
      6000 / 12 + 3000 / 6 - 3000 / 3600,
      1,
    );
    const closed = q.observe(grid(Q0 + 15 * 60_000 + 1000, 1000));
    expect(closed).toMatchObject({ start: Q0, covered: true });
    expect(closed?.averageW).toBeCloseTo(4000, 0);
    // the new quarter starts with the power held over the boundary
    expect(q.at(grid(Q0 + 15 * 60_000 + 1000, 1000)).energyWh).toBeCloseTo(3000 / 3600, 3);
  });

  it("takes the meter's running average when it knows more (a gateway that started mid-quarter)", () => {
    const q = new QuarterTracker();
    const g = grid(Q0 + 10 * 60_000, 2000, 5000);
    q.observe(g);
    // 10 minutes at an average of 5 kW
    expect(q.at(g).energyWh).toBeCloseTo(5000 / 6, 3);
    const closed = q.observe(grid(Q0 + 15 * 60_000 + 1000, 2000, 0));
    expect(closed?.covered).toBe(false);
  });

  it('marks a quarter with a hole in the telegrams as not covered', () => {
    const q = new QuarterTracker();
    q.observe(grid(Q0 + 1000, 3000));
    q.observe(grid(Q0 + 60_000, 3000));
    q.observe(grid(Q0 + 14 * 60_000, 3000));
    expect(q.observe(grid(Q0 + 15 * 60_000 + 1000, 3000))?.covered).toBe(false);
  });
});

describe('peak shaving', () => {
  it('puts a ceiling on the battery when the quarter heads over the threshold, sized to the budget left', () => {
    const c = createPeakShaving(settings());
    // 5 minutes at 3 kW, then the home jumps to 7 kW
    for (let t = Q0 + 1000; t <= Q0 + 5 * 60_000; t += 1000)
      expect(c.tick(state(grid(t, 3000)), t)).toEqual([]);
    const t = Q0 + 5 * 60_000 + 1000;
    const [a] = c.tick(state(grid(t, 7000)), t);
    expect(a).toMatchObject({
      kind: 'battery.setpoint',
      deviceId: 'bat1',
      ceiling: true,
      values: { code: 'peak.shave' },
    });
    // budget 3850 W × ¼ h − 250 Wh used, spread over the 10 minutes left ≈ 4275 W: the battery must give ≈ 2725 W
    expect(a?.kind === 'battery.setpoint' && a.watts).toBeGreaterThan(-2800);
    expect(a?.kind === 'battery.setpoint' && a.watts).toBeLessThan(-2650);
    expect(a?.reason).toMatch(
      /the home takes 7\.00 kW and the quarter is heading for 5\.66 kW, over the 4\.00 kW threshold: discharge at least 27\d\d W/,
    );
  });

  it('keeps the reserve for peaks with a fallback request, and lets go above it', () => {
    const c = createPeakShaving(settings({ reservePct: 30 }));
    const t = Q0 + 1000;
    const [hold] = c.tick(state(grid(t, 200), [battery({ socPct: 29, w: -800 })]), t);
    expect(hold).toMatchObject({
      kind: 'battery.setpoint',
      watts: 0,
      fallback: true,
      values: { code: 'peak.reserve' },
    });
    expect(c.tick(state(grid(t + 1000, 1000), [battery({ socPct: 29, w: 0 })]), t + 1000)).toEqual([]);
    const [release] = c.tick(state(grid(t + 2000, 0), [battery({ socPct: 32.5, w: 500 })]), t + 2000);
    expect(release).toMatchObject({ kind: 'battery.auto', values: { code: 'peak.reserveRelease' } });
  });

  it('reports a quarter that ended over the threshold, and why: no battery', () => {
    const c = createPeakShaving(settings());
    for (let t = Q0 + 1000; t <= Q0 + 15 * 60_000 + 1000; t += 1000) c.tick(state(grid(t, 5000), []), t);
    const events = c.takeEvents?.() ?? [];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'control.decision',
      controller: 'peakShaving',
      action: 'peak.exceeded',
      values: { cause: 'no-battery', averageW: 5000, thresholdW: 4000 },
    });
    expect(c.takeEvents?.()).toEqual([]);
  });

  it('does nothing without a meter reading', () => {
    const c = createPeakShaving(settings());
    expect(c.tick(state(null), Q0)).toEqual([]);
  });
});
