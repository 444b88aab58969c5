import { livePayloadSchema } from '@ilumen/mqtt-contract';
import type { P1Reading } from '@ilumen/p1';
import { describe, expect, it } from 'vitest';
import { buildLivePayload } from './live-payload';
import { SiteData } from './site-data';

const reading = (ean?: string): P1Reading =>
  ({ header: 'FLU5', manufacturer: 'FLU', importW: 700, exportW: 0, phases: {}, ean }) as P1Reading;

function live(ean?: string) {
  const site = new SiteData();
  site.p1 = { reading: reading(ean), receivedAt: 1000, meterAt: 1000 };
  return livePayloadSchema.parse(buildLivePayload(site, 2000));
}

describe('the live message', () => {
  it("carries the meter's own EAN, so the platform can check the one the installer typed", () => {
    expect(live('541448820050050053').grid?.meterEan).toBe('541448820050050053');
  });
  it('leaves it out when the meter does not say it, or says something that is no EAN', () => {
    expect(live().grid).not.toHaveProperty('meterEan');
    expect(live('garbled').grid).not.toHaveProperty('meterEan');
  });
});
