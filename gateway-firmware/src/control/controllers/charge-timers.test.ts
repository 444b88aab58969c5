import { describe, expect, it } from 'vitest';
import type { SiteState } from '../site-state';
import {
  chargeTimersSettingsSchema,
  createChargeTimers,
  TIMER_REASSERT_MS,
  TIMER_REVERT_S,
} from './charge-timers';
import { brusselsHour, brusselsOffsetHours } from './charge-timers-local-time';

function state(online = true): SiteState {
  return {
    at: 0,
    grid: null,
    pvW: null,
    batteries: [
      { id: 'bat1', online, status: 'Standby', w: 0, socPct: 40 },
      { id: 'bat2', online, status: 'Standby', w: 0, socPct: 80 },
    ],
    chargers: [],
    heaters: [],
  };
}

const settings = chargeTimersSettingsSchema.parse({
  enabled: true,
  timers: [
    { batteryId: 'bat1', startHour: 2, endHour: 5, powerW: 3000 },
    { batteryId: 'bat2', startHour: 23, endHour: 1, powerW: 1500 },
  ],
});

describe('Brussels hours without a time-zone database', () => {
  it('follows summer and winter time, switching at 01:00 UTC on the last Sundays of March and October', () => {
    expect(brusselsHour(Date.parse('2024-06-12T00:30:00Z'))).toBe(2);
    expect(brusselsHour(Date.parse('2024-12-12T00:30:00Z'))).toBe(1);
    expect(brusselsOffsetHours(Date.parse('2024-03-31T00:59:59Z'))).toBe(1);
    expect(brusselsOffsetHours(Date.parse('2024-03-31T01:00:00Z'))).toBe(2);
    expect(brusselsOffsetHours(Date.parse('2024-10-27T00:59:59Z'))).toBe(2);
    expect(brusselsOffsetHours(Date.parse('2024-10-27T01:00:00Z'))).toBe(1);
    // the same instants Intl gives with the real zone data
    for (const iso of [
      '2024-03-31T00:30:00Z',
      '2024-03-31T01:30:00Z',
      '2024-10-27T00:30:00Z',
      '2024-10-27T01:30:00Z',
    ]) {
      const intl = Number(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Brussels',
          hour: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(iso)),
      );
      expect(brusselsHour(Date.parse(iso)), iso).toBe(intl);
    }
  });
});

describe('charge timers controller', () => {
  const at = (h: number) => Date.parse('2024-06-12T00:00:00Z') + (h - 2) * 3_600_000; // local hour h (CEST)

  it('charges each battery in its own hours, renews the setpoint before it reverts, and hands the battery back', () => {
    const ctl = createChargeTimers(settings);
    expect(ctl.tick(state(), at(1))).toEqual([]);
    const start = ctl.tick(state(), at(2));
    expect(start).toMatchObject([
      { kind: 'battery.setpoint', deviceId: 'bat1', watts: 3000, revertSeconds: TIMER_REVERT_S },
    ]);
    expect(start[0]!.reason).toBe('charge timer 02:00–05:00: charge the battery at 3000 W');
    expect(ctl.tick(state(), at(2) + 60_000)).toEqual([]);
    expect(ctl.tick(state(), at(2) + TIMER_REASSERT_MS)).toMatchObject([
      { kind: 'battery.setpoint', deviceId: 'bat1' },
    ]);
    expect(TIMER_REASSERT_MS).toBeLessThan(TIMER_REVERT_S * 1000);
    expect(ctl.tick(state(), at(5))).toMatchObject([{ kind: 'battery.auto', deviceId: 'bat1' }]);
    expect(ctl.tick(state(), at(6))).toEqual([]);
  });

  it('runs a timer past midnight', () => {
    const ctl = createChargeTimers(settings);
    expect(ctl.tick(state(), at(23))).toMatchObject([
      { kind: 'battery.setpoint', deviceId: 'bat2', watts: 1500 },
    ]);
    expect(ctl.tick(state(), at(23) + 5 * 60_000)).toEqual([]);
    expect(ctl.tick(state(), at(24) + 1000)).toMatchObject([
      { kind: 'battery.setpoint', deviceId: 'bat2', values: { hour: 0 } },
    ]);
    expect(ctl.tick(state(), at(25))).toMatchObject([{ kind: 'battery.auto', deviceId: 'bat2' }]);
  });

  it('renews at once when a battery comes back after being offline', () => {
    const ctl = createChargeTimers(settings);
    ctl.tick(state(), at(2));
    expect(ctl.tick(state(false), at(3))).toEqual([]);
    expect(ctl.tick(state(), at(3) + 1000)).toMatchObject([{ kind: 'battery.setpoint', deviceId: 'bat1' }]);
  });
});
