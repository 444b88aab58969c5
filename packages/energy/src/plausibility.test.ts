import { describe, expect, it } from 'vitest';
import { monthRange } from './calendar';
import {
  checkLive,
  checkMeterPeak,
  checkQuarter,
  connectionLimitW,
  connectionQuarterLimitWh,
  counterDelta,
  reconcileMonthPeak,
} from './plausibility';

const threePhase32 = { gridPhases: 3, mainFuseA: 32 };
const single40 = { gridPhases: 1, mainFuseA: 40 };
const now = Date.parse('2026-12-07T08:00:00Z');
const december = monthRange('2026-12-07');

describe('what a connection can carry', () => {
  it('is phases × fuse × 230 V with a 25 % margin', () => {
    expect(connectionLimitW(threePhase32)).toBe(27_600);
    expect(connectionLimitW(single40)).toBe(11_500);
    expect(connectionQuarterLimitWh(threePhase32)).toBe(6900);
  });
});

describe('live readings', () => {
  const live = (grid: Record<string, unknown>, ts = '2026-12-07T07:59:55Z') =>
    ({ ts, grid: { importW: 0, exportW: 0, ...grid } }) as Parameters<typeof checkLive>[0];

  it('accepts a heavy but real load', () => {
    expect(checkLive(live({ importW: 22_000, phases: { l1: { currentA: 32 } } }), threePhase32, now)).toEqual(
      [],
    );
  });

  it('refuses 31,337 W on a 3×32 A home, and a phase current far above its fuse', () => {
    expect(checkLive(live({ importW: 31_337 }), threePhase32, now)).toEqual([
      { code: 'over-connection', field: 'grid.importW', value: 31_337, limit: 27_600 },
    ]);
    expect(checkLive(live({ phases: { l2: { currentA: 80 } } }), threePhase32, now)).toEqual([
      { code: 'over-connection', field: 'grid.phases.l2.currentA', value: 80, limit: 40 },
    ]);
    expect(checkLive(live({ exportW: 12_000 }), single40, now)[0]?.code).toBe('over-connection');
  });

  it('refuses a reading from the future, but not a clock a minute fast', () => {
    expect(checkLive(live({}, '2026-12-07T08:01:00Z'), threePhase32, now)).toEqual([]);
    expect(checkLive(live({}, '2026-12-07T09:00:00Z'), threePhase32, now)).toEqual([
      expect.objectContaining({ code: 'future-time', field: 'ts' }),
    ]);
  });
});

describe("the meter's month peak", () => {
  it('must fit the connection and not lie in the future', () => {
    expect(checkMeterPeak({ w: 4200, at: '2026-12-03T17:45:00Z' }, threePhase32, now)).toEqual([]);
    expect(checkMeterPeak({ w: 31_000, at: '2026-12-03T17:45:00Z' }, threePhase32, now)).toEqual([
      expect.objectContaining({ code: 'over-connection' }),
    ]);
    expect(checkMeterPeak({ w: 4200, at: '2026-12-09T17:45:00Z' }, threePhase32, now)).toEqual([
      expect.objectContaining({ code: 'future-time' }),
    ]);
    expect(checkMeterPeak({ w: 0, at: null }, threePhase32, now)).toEqual([]);
  });
});

describe('quarters and counters', () => {
  it('refuses a quarter above what the connection carries in 15 minutes', () => {
    expect(checkQuarter({ importWh: 6900, exportWh: 0 }, threePhase32)).toEqual([]);
    expect(checkQuarter({ importWh: 7834, exportWh: null }, threePhase32)).toEqual([
      { code: 'over-connection', field: 'importWh', value: 7834, limit: 6900 },
    ]);
  });

  it('gives no energy for a counter that went down or jumped', () => {
    expect(counterDelta('import', 1000, 1400, 6900)).toEqual({ wh: 400, anomaly: null });
    expect(counterDelta('import', 1000, 900, 6900)).toEqual({
      wh: null,
      anomaly: { code: 'counter-backwards', field: 'import', value: 900, limit: 1000 },
    });
    expect(counterDelta('import', 1000, 9000, 6900).anomaly?.code).toBe('counter-jump');
    expect(counterDelta('import', undefined, 9000, 6900)).toEqual({ wh: null, anomaly: null });
  });
});

describe('the month peak that counts', () => {
  const at = '2026-12-01T20:45:00Z';
  it('takes our quarters when the meter register restarted low (0,03 kW against 1,54 kW)', () => {
    expect(
      reconcileMonthPeak(
        { meterW: 30, meterAt: '2026-12-06T10:00:00Z', quartersW: 1540, quartersAt: at },
        threePhase32,
        december,
      ),
    ).toEqual({ w: 1540, at: new Date(at).toISOString(), source: 'quarters' });
  });

  it("takes the meter's when our quarters missed the peak, and on a tie; not one dated in another month", () => {
    const meterAt = '2026-12-04T18:00:00Z';
    expect(
      reconcileMonthPeak({ meterW: 5200, meterAt, quartersW: 1540, quartersAt: at }, threePhase32, december),
    ).toEqual({ w: 5200, at: new Date(meterAt).toISOString(), source: 'meter' });
    expect(
      reconcileMonthPeak({ meterW: 1540, meterAt, quartersW: 1540, quartersAt: at }, threePhase32, december)
        ?.source,
    ).toBe('meter');
    expect(
      reconcileMonthPeak(
        { meterW: 5200, meterAt: '2026-11-30T18:00:00Z', quartersW: 1540, quartersAt: at },
        threePhase32,
        december,
      )?.source,
    ).toBe('quarters');
  });

  it('ignores an implausible meter value, and has nothing when neither source has one', () => {
    expect(
      reconcileMonthPeak(
        { meterW: 31_337, meterAt: '2026-12-02T10:00:00Z', quartersW: 1540, quartersAt: at },
        threePhase32,
        december,
      )?.source,
    ).toBe('quarters');
    expect(
      reconcileMonthPeak(
        { meterW: null, meterAt: null, quartersW: null, quartersAt: null },
        threePhase32,
        december,
      ),
    ).toBeNull();
  });
});
