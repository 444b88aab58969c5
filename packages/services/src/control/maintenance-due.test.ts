import { describe, expect, it } from 'vitest';
import { type BatteryEvidence, dueBatteries } from './maintenance-due';

const bat = (id: number, siteId: number, key: string | null) => ({ id, site_id: siteId, device_key: key });
const none: BatteryEvidence = { full: [], recent: [], open: [], lastFull: [] };

describe('which batteries get a maintenance charge', () => {
  it('one that reports but was not full within the interval, with when it was last full', () => {
    const lastAt = new Date('2026-11-01T12:00:00Z');
    const due = dueBatteries([bat(1, 10, 'bat1')], {
      ...none,
      recent: [{ site_id: 10, device_key: 'bat1' }],
      lastFull: [{ site_id: 10, device_key: 'bat1', at: lastAt }],
    });
    expect(due).toEqual([{ id: 1, site_id: 10, device_key: 'bat1', lastFullAt: lastAt }]);
  });

  it('not one that was full, is silent, already has a charge, or has no key; keys count per site', () => {
    const batteries = [
      bat(1, 10, 'bat1'),
      bat(2, 11, 'bat1'),
      bat(3, 12, 'bat1'),
      bat(4, 13, null),
      bat(5, 14, 'b'),
    ];
    const due = dueBatteries(batteries, {
      full: [{ site_id: 10, device_key: 'bat1' }],
      recent: [
        { site_id: 10, device_key: 'bat1' },
        { site_id: 12, device_key: 'bat1' },
        { site_id: 14, device_key: 'b' },
      ],
      open: [{ device_id: 3 }],
      lastFull: [],
    });
    expect(due.map((b) => b.id)).toEqual([5]);
    expect(due[0]?.lastFullAt).toBeNull();
  });
});
