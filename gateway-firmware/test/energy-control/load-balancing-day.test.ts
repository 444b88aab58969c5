import { describe, expect, it } from 'vitest';
import { chargingSettingsSchema, createCharging } from '../../src/control/controllers/charging';
import {
  createLoadBalancing,
  loadBalancingSettingsSchema,
} from '../../src/control/controllers/load-balancing';
import { FastSite, type StepRecord } from './fast-site';
import { LB_DAY, twoChargerHome } from './two-chargers-scenario';

/*
 * A simulated day, one-second cycles, two cars on fast charge (the `charging` controller asks full current for
 * both) in a home with a 25 A main fuse per phase. Load balancing keeps every phase under 25 A: the only seconds
 * above it are the single cycle right after something outside its control switched on (an appliance, a car that
 * starts at the charger's own default current) — the next cycle has corrected it.
 */

const LIMIT_A = 25;
const fast = { mode: 'fast' as const, gridSharePct: 100, guarantee: null };

async function day(loadBalancing: boolean) {
  const home = twoChargerHome();
  const site = await FastSite.create({
    start: LB_DAY,
    stepMs: 1000,
    phases: 3,
    loadW: home.loadW,
    chargers: [
      { id: 'chargerA', visitAt: home.carA, plan: fast },
      { id: 'chargerB', phase: 0, visitAt: home.carB, plan: fast },
    ],
    controllers: [
      createCharging(chargingSettingsSchema.parse({ enabled: true })),
      ...(loadBalancing
        ? [createLoadBalancing(loadBalancingSettingsSchema.parse({ enabled: true, maxPhaseA: LIMIT_A }))]
        : []),
    ],
  });
  const steps: StepRecord[] = [];
  await site.runUntil(LB_DAY + 86_400_000, (r) => steps.push(r));
  return { site, steps, home };
}

describe('load balancing over a simulated day with two chargers', () => {
  it('without it, the two cars and the household would take far more than 25 A on L1', async () => {
    const { steps } = await day(false);
    expect(Math.max(...steps.map((s) => s.phaseA[0]!))).toBeGreaterThan(45);
  }, 60_000);

  it('keeps every phase under 25 A, shares the room, pauses at 6 A and raises the current again', async () => {
    const { site, steps, home } = await day(true);
    const over = steps.filter((s) => Math.max(...s.phaseA) > LIMIT_A);
    for (const s of over) {
      const i = steps.indexOf(s);
      // the cycle before was within the limit: a single second, the reaction time of one cycle
      expect(Math.max(...steps[i - 1]!.phaseA)).toBeLessThanOrEqual(LIMIT_A);
      expect(Math.max(...steps[i + 1]!.phaseA)).toBeLessThanOrEqual(LIMIT_A);
      // and something outside load balancing switched on in that very second
      const before = home.loadW(s.at - 2000);
      const now = home.loadW(s.at - 1000);
      const appliance = now.some((w, p) => w - before[p]! > 500);
      const carStarted = Object.entries(s.chargerA).some(
        ([id, a]) => a > 0 && (steps[i - 1]!.chargerA[id] ?? 0) === 0,
      );
      expect(appliance || carStarted, `over the limit at ${new Date(s.at).toISOString()}`).toBe(true);
    }
    expect(over.length).toBeLessThan(10);

    // both cars charged, the room was shared while both were plugged in
    const both = steps.filter((s) => (s.chargerA.chargerA ?? 0) > 0 && (s.chargerA.chargerB ?? 0) > 0);
    expect(both.length).toBeGreaterThan(3600);
    const ah = (id: string) => steps.reduce((sum, s) => sum + (s.chargerA[id] ?? 0), 0) / 3600;
    expect(ah('chargerA')).toBeGreaterThan(20);
    expect(ah('chargerB')).toBeGreaterThan(20);

    const decisions = site.decisions().filter((d) => d.controller === 'loadBalancing');
    const codes = new Set(decisions.map((d) => d.values?.code));
    expect(codes).toContain('lb.lower');
    expect(codes).toContain('lb.pause');
    expect(codes).toContain('lb.raise');
    // never below 6 A: a ceiling is 0 (pause) or 6–32
    expect(
      decisions.every(
        (d) => d.values?.amps === 0 || ((d.values?.amps as number) >= 6 && (d.values?.amps as number) <= 32),
      ),
    ).toBe(true);
    expect(decisions.every((d) => d.reason.includes('A'))).toBe(true);
    // calm: a handful of changes in a day, not one per second
    expect(decisions.length).toBeLessThan(60);
  }, 60_000);
});
