import { describe, expect, it } from 'vitest';
import {
  createDynamicCharging,
  dynamicChargingSettingsSchema,
} from '../../src/control/controllers/dynamic-charging';
import { createMaintenance, maintenanceSettingsSchema } from '../../src/control/controllers/maintenance';
import { HouseholdLoad } from '../../src/sim/site/household';
import { pvPowerW } from '../../src/sim/site/solar';
import { FastSite, type StepRecord } from './fast-site';

/*
 * The gateway's side of dynamic charging and of the maintenance charge, on a simulated sunny June day: in the
 * planned cheap hours the battery charges from the grid at full power within the import limit, unless the sun
 * already covers it; outside them it is left alone. A maintenance charge is run in its window and reported.
 */

const DAY = Date.parse('2024-06-12T00:00:00+02:00');
const at = (h: number) => DAY + h * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const MAX_IMPORT_W = 4000;

function home(seed = 3) {
  const household = new HouseholdLoad(seed, 1);
  return {
    loadW: (ms: number) => {
      const w = household.powerW(ms);
      return [w / 3, w / 3, w / 3];
    },
    // a sunny day for this seed at 6 kWp
    pvW: (ms: number) => pvPowerW(6, seed, ms),
  };
}

const inHour = (s: StepRecord, from: number, to: number) => s.at > at(from) && s.at <= at(to);

describe('dynamic charging on the gateway', () => {
  it('charges from the grid at full power in the planned hours, within the limit, but not while the sun covers the battery', async () => {
    const h = home();
    const hours = [
      { start: iso(at(3)), end: iso(at(4)), eurPerMwh: 41.2 },
      { start: iso(at(13)), end: iso(at(14)), eurPerMwh: -5 },
    ];
    const site = await FastSite.create({
      start: DAY,
      stepMs: 5000,
      phases: 3,
      loadW: h.loadW,
      pvW: h.pvW,
      battery: { capacityWh: 15_000, maxW: 5000, socPct: 20 },
      controllers: [
        createDynamicCharging(
          dynamicChargingSettingsSchema.parse({
            enabled: true,
            hours,
            maxImportW: MAX_IMPORT_W,
            pvCoverW: 1500,
          }),
        ),
      ],
    });
    const steps: StepRecord[] = [];
    await site.runUntil(at(24), (s) => steps.push(s));

    // 03:00–04:00: grid charging as hard as the import limit allows (the battery could take 5 kW; the limit less
    // the 300 W margin and the home's own use is what it gets)
    const night = steps.filter((s) => inHour(s, 3, 4) && s.at > at(3) + 10_000);
    expect(night.length).toBeGreaterThan(600);
    for (const s of night) {
      expect(s.gridW).toBeLessThanOrEqual(MAX_IMPORT_W);
      expect(s.batteryW).toBeGreaterThan(MAX_IMPORT_W - 300 - 600);
    }
    // 13:00–14:00: the sun covers the battery, so nothing is bought: the site exports, the battery charges from the sun
    const noon = steps.filter((s) => inHour(s, 13, 14));
    expect(noon.every((s) => s.gridW <= 0)).toBe(true);
    // outside the planned hours dynamic charging does not touch the battery: it never imports to charge
    const other = steps.filter((s) => !inHour(s, 3, 4) && !inHour(s, 13, 14) && s.batteryW > 0);
    expect(other.every((s) => s.gridW <= 50)).toBe(true);

    const decisions = site.decisions();
    expect(decisions.find((d) => d.values?.code === 'dyn.charge')?.reason).toMatch(
      /cheap hour 01:00–02:00 UTC at €41\.20\/MWh: charge the battery from the grid/,
    );
    expect(decisions.some((d) => d.values?.code === 'dyn.end')).toBe(true);
    // the noon hour never started grid charging
    expect(
      decisions.filter((d) => d.values?.code === 'dyn.charge' && d.values?.hourStart === hours[1]!.start),
    ).toEqual([]);
  }, 60_000);

  it('keeps the import under the limit when the home takes more during a cheap hour', async () => {
    const site = await FastSite.create({
      start: DAY,
      stepMs: 5000,
      phases: 3,
      // an evening with 2.5 kW of cooking from 19:20
      loadW: (ms) => (ms >= at(19) + 20 * 60_000 ? [900, 900, 900] : [150, 150, 150]),
      battery: { capacityWh: 15_000, maxW: 5000, socPct: 30 },
      controllers: [
        createDynamicCharging(
          dynamicChargingSettingsSchema.parse({
            enabled: true,
            hours: [{ start: iso(at(19)), end: iso(at(20)) }],
            maxImportW: MAX_IMPORT_W,
          }),
        ),
      ],
    });
    const steps: StepRecord[] = [];
    await site.runUntil(at(20), (s) => steps.push(s));
    const hour = steps.filter((s) => s.at > at(19));
    // one cycle of lag when the cooking starts, then back under
    expect(hour.filter((s) => s.gridW > MAX_IMPORT_W).length).toBeLessThanOrEqual(1);
    const late = hour.filter((s) => s.at > at(19) + 21 * 60_000);
    expect(late.every((s) => s.gridW <= MAX_IMPORT_W && s.batteryW >= 900)).toBe(true);
  });
});

describe('maintenance charge on the gateway', () => {
  it('charges to 100 % in the window, reports started, charging and completed, then hands the battery back', async () => {
    const h = home();
    const site = await FastSite.create({
      start: DAY,
      stepMs: 5000,
      phases: 3,
      loadW: h.loadW,
      battery: { capacityWh: 10_000, maxW: 5000, socPct: 35 },
      controllers: [
        createMaintenance(
          maintenanceSettingsSchema.parse({
            enabled: true,
            maxImportW: MAX_IMPORT_W,
            charges: [
              { id: 'm-17', batteryId: 'bat1', start: iso(at(1)), end: iso(at(5)) },
              // a second one the same night too short to finish (the battery is full anyway by then)
              { id: 'm-18', batteryId: 'bat1', start: iso(at(5)), end: iso(at(5) + 10 * 60_000) },
            ],
          }),
        ),
      ],
    });
    const steps: StepRecord[] = [];
    await site.runUntil(at(6), (s) => steps.push(s));
    const progress = site.events.filter((e) => e.type === 'maintenance.progress');
    const phases = progress.filter((p) => p.chargeId === 'm-17').map((p) => p.phase);
    expect(phases[0]).toBe('started');
    expect(phases).toContain('charging');
    expect(phases.at(-1)).toBe('completed');
    const done = progress.find((p) => p.chargeId === 'm-17' && p.phase === 'completed');
    expect(done?.socPct).toBe(100);
    // nothing before the window, full power under the limit in it, own control after
    expect(steps.filter((s) => s.at <= at(1)).every((s) => s.batteryW <= 0)).toBe(true);
    expect(
      steps
        .filter((s) => s.at > at(1) + 10_000 && (s.socPct ?? 0) < 99)
        .every((s) => s.gridW <= MAX_IMPORT_W),
    ).toBe(true);
    expect(site.decisions().find((d) => d.values?.code === 'mnt.completed')?.action).toBe('battery.auto');
    // the second one tops the battery up again after the home used a little of it
    expect(progress.filter((p) => p.chargeId === 'm-18').map((p) => p.phase)).toEqual([
      'started',
      'completed',
    ]);
  });

  it('reports an aborted charge with why when the window ends first', async () => {
    const site = await FastSite.create({
      start: DAY,
      stepMs: 5000,
      phases: 3,
      loadW: () => [200, 200, 200],
      battery: { capacityWh: 20_000, maxW: 3000, socPct: 20 },
      controllers: [
        createMaintenance(
          maintenanceSettingsSchema.parse({
            enabled: true,
            charges: [{ id: 'm-1', batteryId: 'bat1', start: iso(at(2)), end: iso(at(3)) }],
          }),
        ),
      ],
    });
    await site.runUntil(at(4));
    const progress = site.events.filter((e) => e.type === 'maintenance.progress');
    const last = progress.at(-1);
    expect(last).toMatchObject({ phase: 'aborted', chargeId: 'm-1' });
    // the home had used the battery down to 14 % by 02:00; an hour at 3 kW brought it to 29 %
    expect(last?.reason).toBe('the window ended before the battery was full (29 %)');
    expect(site.arbiter.holders().size).toBe(0);
  });
});
