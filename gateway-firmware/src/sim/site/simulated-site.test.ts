import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUARTER_MS } from '@ilumen/mqtt-contract';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { SimulatedSite, savedSimTime, siteProfile } from './simulated-site';

const dir = mkdtempSync(join(tmpdir(), 'sim-site-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = Date.parse('2026-06-10T16:00:00Z');
// a home with every device, so every counter is kept
const profile = {
  ...siteProfile(7),
  pvKwp: 6,
  battery: { capacityWh: 10_000, maxW: 5000 },
  ev: { phases: 3 as const, maxCurrentA: 16 },
  boiler: { ratedW: 2400, volumeL: 200 },
  gas: true,
};

async function home(clock: ManualClock): Promise<SimulatedSite> {
  return SimulatedSite.create({
    profile,
    clock,
    telegramEveryMs: 10_000,
    stateDir: join(dir, 'ILS-SIM00001'),
  });
}

describe('a simulated home restarted on its data dir', () => {
  it('continues its meter and device counters from the last quarter boundary, as a real home would', async () => {
    const clock = new ManualClock(start);
    const first = await home(clock);
    first.advanceTo(start);
    first.advanceTo(start + 5 * QUARTER_MS + 7 * 60_000);
    const saved = savedSimTime(dir);
    expect(saved).toBe(start + 5 * QUARTER_MS);
    // what the counters were at that boundary: run a twin to it
    const twinClock = new ManualClock(start);
    const twin = await SimulatedSite.create({ profile, clock: twinClock, telegramEveryMs: 10_000 });
    twin.advanceTo(start);
    twin.advanceTo(start + 5 * QUARTER_MS);
    const atBoundary = twin.state();
    await twin.close();
    await first.close();

    const again = await home(new ManualClock(saved!));
    expect(again.restored).toBe(true);
    expect(again.time).toBe(start + 5 * QUARTER_MS);
    const restored = again.state();
    expect(restored.meter).toEqual(atBoundary.meter);
    expect(restored.inverterWh).toBeCloseTo(atBoundary.inverterWh!, 6);
    expect(restored.battery).toEqual(atBoundary.battery);
    expect(restored.chargerWh).toBeCloseTo(atBoundary.chargerWh!, 6);
    expect(restored.heat?.wh).toBeCloseTo(atBoundary.heat!.wh, 6);
    // and it goes on from there: the registers only grow
    const before = again.meter.registers();
    again.advanceTo(start + 6 * QUARTER_MS);
    const after = again.meter.registers();
    expect(after.importT1Wh + after.importT2Wh + after.exportT1Wh + after.exportT2Wh).toBeGreaterThan(
      before.importT1Wh + before.importT2Wh + before.exportT1Wh + before.exportT2Wh,
    );
    for (const k of Object.keys(before) as Array<keyof typeof before>)
      expect(after[k]).toBeGreaterThanOrEqual(before[k]);
    await again.close();
  });

  it('started afresh on what the platform last stored, goes on from those counters rather than its own', async () => {
    const stored = {
      meterRegisters: {
        importT1Wh: 11_429_618,
        importT2Wh: 7_903_008,
        exportT1Wh: 7_021_700,
        exportT2Wh: 676_358,
      },
      deviceCounters: {
        inverterWh: 21_000_000,
        battery: { chargedWh: 3_100_000, dischargedWh: 2_900_000 },
        chargerWh: 5_400_000,
        heatWh: 1_200_000,
      },
      battery: { capacityWh: 10_000, maxW: 5000, socPct: 12 },
      boiler: { ratedW: 2400, volumeL: 200, tempC: 47 },
    };
    const site = await SimulatedSite.create({
      profile: { ...profile, ...stored },
      clock: new ManualClock(start),
      telegramEveryMs: 10_000,
    });
    const s = site.state();
    expect(s.meter).toMatchObject(stored.meterRegisters);
    expect(s.inverterWh).toBeCloseTo(21_000_000, 6);
    expect(s.battery).toEqual({ chargedWh: 3_100_000, dischargedWh: 2_900_000, socPct: 12 });
    expect(s.chargerWh).toBe(5_400_000);
    expect(s.heat).toEqual({ wh: 1_200_000, waterC: 47 });
    await site.close();
  });
});
