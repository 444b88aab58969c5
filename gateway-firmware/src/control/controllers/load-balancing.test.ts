import { describe, expect, it } from 'vitest';
import type { ChargerState, GridState, SiteState } from '../site-state';
import { createLoadBalancing, loadBalancingSettingsSchema } from './load-balancing';
import { shareHeadroom } from './load-balancing-share';

const c = (id: string, phaseA: number[], limitA: number, phases = 1) => ({
  id,
  phaseA,
  phases,
  limitA,
  w: phaseA.reduce((s, a) => s + a, 0) * 230,
});

describe('sharing the room under the limit', () => {
  it('gives each session an equal share of the phases it uses', () => {
    // home 10 A on L1, 4 A on L2/L3; two three-phase cars at 16 A each
    const plan = shareHeadroom({
      meterPhaseA: [42, 36, 36],
      netW: 0,
      maxPhaseA: 25,
      marginA: 1,
      chargers: [c('a', [16, 16, 16], 16, 3), c('b', [16, 16, 16], 16, 3)],
    });
    // L1: 25 − 1 − 10 = 14 A for two: 7 A each
    expect([...plan.caps]).toEqual([
      ['a', 7],
      ['b', 7],
    ]);
    expect(plan.homeHighestA).toBeCloseTo(10);
  });

  it('pauses the last session when a share would be under 6 A, and gives the room to the others', () => {
    // home 14 A on L1: 10 A of room for two single-phase sessions there is 5 A each, too little
    const plan = shareHeadroom({
      meterPhaseA: [34, 4, 4],
      netW: 0,
      maxPhaseA: 25,
      marginA: 1,
      chargers: [c('a', [10, 0, 0], 10), c('b', [10, 0, 0], 10)],
    });
    expect(plan.caps.get('b')).toBe(0);
    expect(plan.caps.get('a')).toBe(10);
  });

  it('leaves a car that takes less than offered what it takes (+2 A) and the rest to the other', () => {
    const plan = shareHeadroom({
      meterPhaseA: [30, 20, 20],
      netW: 0,
      maxPhaseA: 40,
      marginA: 1,
      chargers: [c('a', [8, 8, 8], 20, 3), c('b', [12, 0, 0], 12)],
    });
    expect(plan.caps.get('a')).toBe(10);
    expect(plan.takesLess.has('a')).toBe(true);
    // L1: 39 − 10 (home) = 29 A, 10 of it to a: 19 A for b
    expect(plan.caps.get('b')).toBe(19);
  });

  it('respects a total import limit in W', () => {
    const plan = shareHeadroom({
      meterPhaseA: [10, 10, 10],
      netW: 9000,
      maxImportW: 9000,
      marginA: 0,
      chargers: [c('a', [6, 6, 6], 6, 3)],
    });
    // home = 9000 − 4140 = 4860 W: 4140 W left for 3 × 230 W per A = 6 A
    expect(plan.caps.get('a')).toBe(6);
  });
});

describe('load balancing controller', () => {
  const grid = (phases: number[]): GridState => ({
    netW: phases.reduce((s, a) => s + a * 230, 0),
    importW: 0,
    exportW: 0,
    quarterAverageW: null,
    monthPeakW: null,
    maxPhaseCurrentA: Math.max(...phases),
    phaseCurrentsA: phases,
    at: 0,
  });
  const charger = (limit: number, a: number): ChargerState => ({
    id: 'charger1',
    online: true,
    status: 'Laden',
    w: a * 230,
    sessionActive: true,
    carConnected: true,
    currentLimitA: limit,
    phases: 1,
    sessionEnergyWh: 0,
    session: null,
    phaseCurrentsA: [a, 0, 0],
  });
  const site = (g: GridState, ch: ChargerState): SiteState => ({
    at: 0,
    grid: g,
    pvW: null,
    batteries: [],
    chargers: [ch],
    heaters: [],
  });

  it('lowers at once, raises only after the room has lasted', () => {
    const lb = createLoadBalancing(
      loadBalancingSettingsSchema.parse({ enabled: true, maxPhaseA: 25, raiseHoldS: 10 }),
    );
    const first = lb.tick(site(grid([20, 2, 2]), charger(16, 16)), 0);
    expect(first).toMatchObject([{ kind: 'charger.current', amps: 20, ceiling: true }]);
    // an oven on L1: 16 + 12 = 28 A
    const low = lb.tick(site(grid([28, 2, 2]), charger(16, 16)), 1000);
    expect(low).toMatchObject([{ amps: 12, values: { code: 'lb.lower' } }]);
    expect(low[0]?.reason).toMatch(/^L1 at 28 A \(limit 25 A\): lower charger1 to 12 A/);
    // the oven goes off: room for 24 A, but only after 10 s
    expect(lb.tick(site(grid([14, 2, 2]), charger(12, 12)), 2000)).toEqual([]);
    expect(lb.tick(site(grid([14, 2, 2]), charger(12, 12)), 11_000)).toEqual([]);
    expect(lb.tick(site(grid([14, 2, 2]), charger(12, 12)), 12_000)).toMatchObject([
      { amps: 22, values: { code: 'lb.raise' } },
    ]);
  });

  it('holds its ceilings while the meter is silent', () => {
    const lb = createLoadBalancing(loadBalancingSettingsSchema.parse({ enabled: true, maxPhaseA: 25 }));
    expect(
      lb.tick({ at: 0, grid: null, pvW: null, batteries: [], chargers: [charger(16, 16)], heaters: [] }, 0),
    ).toEqual([]);
  });

  it('refuses settings without a limit', () => {
    expect(loadBalancingSettingsSchema.safeParse({ enabled: true }).success).toBe(false);
  });
});
