import { parseTelegram } from '@ilumen/p1';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../runtime/clock';
import { SimulatedSite } from './simulated-site';

let site: SimulatedSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('a simulated home', () => {
  it("reports the address's own EAN from its meter when the profile gives one, so commissioning's EAN check passes", async () => {
    const clock = new ManualClock(Date.parse('2026-12-07T10:00:00Z'));
    site = await SimulatedSite.create({
      profile: {
        seed: 3,
        pvKwp: 0,
        battery: null,
        ev: null,
        boiler: null,
        phases: 3,
        householdSize: 1,
        gas: false,
        ean: '541448820000000017',
      },
      clock,
    });
    const r = parseTelegram(Buffer.from(site.meter.telegram(clock.now()), 'latin1'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.reading.ean).toBe('541448820000000017');
  });

  it('reports the meter serial the platform has for the address, so the telegram and the pages name one meter', async () => {
    const clock = new ManualClock(Date.parse('2026-12-07T10:00:00Z'));
    site = await SimulatedSite.create({
      profile: {
        seed: 4,
        pvKwp: 0,
        battery: null,
        ev: null,
        boiler: null,
        phases: 1,
        householdSize: 1,
        gas: false,
        serials: { meter: '1SAG11100002' },
      },
      clock,
    });
    const r = parseTelegram(Buffer.from(site.meter.telegram(clock.now()), 'latin1'));
    if (!r.ok) throw new Error(r.reason);
    expect(r.reading.meterSerial).toBe('1SAG11100002');
  });
});
