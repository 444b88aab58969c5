import { describe, expect, it } from 'vitest';
import {
  chargeTimersControllerSchema,
  chargingControllerSchema,
  overlappingTimers,
  timerHours,
} from './charging';
import { commandRequestSchema } from './command';
import { eventPayloadSchema } from './event';
import { livePayloadSchema } from './live';

const envelope = {
  v: 1,
  id: '5d2c9a8e-1f3b-4e7a-8c6d-9e0f1a2b3c4d',
  issuedAt: '2024-05-01T10:00:00.000Z',
  expiresAt: '2024-05-01T10:05:00.000Z',
} as const;
const base = { v: 1, id: '0b6f3c1e-6a3d-4c5e-9b1a-2f4d5e6a7b8c', ts: '2024-05-01T10:15:04.000Z' } as const;

describe('charge.start with smart settings', () => {
  const start = (args: object) => commandRequestSchema.safeParse({ ...envelope, name: 'charge.start', args });

  it('takes the grid share and a range-by-time guarantee, and stays compatible without them', () => {
    expect(start({ chargerId: 'ch1', mode: 'smart' }).success).toBe(true);
    const r = start({
      chargerId: 'ch1',
      mode: 'smart',
      userId: '42',
      smart: { gridSharePct: 20, guarantee: { energyWh: 12_500, by: '2024-05-01T15:00:00.000Z' } },
    });
    expect(r.success && r.data.name === 'charge.start' && r.data.args.smart?.guarantee?.energyWh).toBe(
      12_500,
    );
  });

  it('refuses smart settings on a fast session, and levels out of range', () => {
    expect(
      start({ chargerId: 'ch1', mode: 'fast', smart: { gridSharePct: 0 } }).error?.issues[0]?.path,
    ).toEqual(['args', 'smart']);
    expect(start({ chargerId: 'ch1', mode: 'smart', smart: { gridSharePct: 101 } }).success).toBe(false);
    expect(
      start({
        chargerId: 'ch1',
        mode: 'smart',
        smart: { gridSharePct: 10, guarantee: { energyWh: 0, by: '2024-05-01T15:00:00.000Z' } },
      }).success,
    ).toBe(false);
  });
});

describe('charge session events', () => {
  it('carry the smart settings and the solar part, optionally', () => {
    const session = { ...base, sessionId: 's-1', chargerId: 'ch1', mode: 'smart' };
    expect(
      eventPayloadSchema.safeParse({ ...session, type: 'charge.session.energy', energyWh: 900 }).success,
    ).toBe(true);
    const stop = eventPayloadSchema.parse({
      ...session,
      type: 'charge.session.stop',
      energyWh: 9000,
      solarWh: 7200,
      gridSharePct: 20,
      guarantee: { energyWh: 8000, by: '2024-05-01T15:00:00.000Z' },
    });
    expect(stop.type === 'charge.session.stop' && stop.solarWh).toBe(7200);
    expect(
      eventPayloadSchema.safeParse({ ...session, type: 'charge.session.stop', energyWh: 5, solarWh: -1 })
        .success,
    ).toBe(false);
  });

  it('live charger values may carry the open session energy', () => {
    const live = { v: 1, ts: base.ts, chargers: [{ id: 'ch1', w: 7400, status: 'Laden', sessionWh: 5120 }] };
    expect(livePayloadSchema.parse(live).chargers?.[0]?.sessionWh).toBe(5120);
    expect(
      livePayloadSchema.safeParse({ ...live, chargers: [{ id: 'ch1', w: 0, status: 'Standby' }] }).success,
    ).toBe(true);
  });
});

describe('charge timers', () => {
  it('cover their hours, past midnight too', () => {
    expect(timerHours({ startHour: 2, endHour: 5 })).toEqual([2, 3, 4]);
    expect(timerHours({ startHour: 22, endHour: 1 })).toEqual([22, 23, 0]);
  });

  it('overlap only on the same battery and a shared hour', () => {
    const t = (batteryId: string, startHour: number, endHour: number) => ({ batteryId, startHour, endHour });
    expect(overlappingTimers([t('b1', 1, 4), t('b1', 4, 6)])).toEqual([]);
    expect(overlappingTimers([t('b1', 1, 4), t('b1', 3, 6)])).toEqual([[0, 1]]);
    expect(overlappingTimers([t('b1', 22, 2), t('b1', 1, 3), t('b2', 1, 3)])).toEqual([[0, 1]]);
  });

  it('the controller section refuses overlapping timers and equal start and end', () => {
    const timer = { batteryId: 'bat1', startHour: 1, endHour: 4, powerW: 3000 };
    expect(chargeTimersControllerSchema.parse({ enabled: true, timers: [timer] }).timeZone).toBe(
      'Europe/Brussels',
    );
    const overlap = chargeTimersControllerSchema.safeParse({
      enabled: true,
      timers: [timer, { ...timer, startHour: 3, endHour: 5 }],
    });
    expect(overlap.error?.issues[0]?.message).toMatch(/timer 2 overlaps timer 1 on battery bat1/);
    expect(
      chargeTimersControllerSchema.safeParse({ enabled: true, timers: [{ ...timer, endHour: 1 }] }).success,
    ).toBe(false);
  });

  it('the charging section has defaults', () => {
    expect(chargingControllerSchema.parse({ enabled: true })).toMatchObject({
      holdS: 60,
      guaranteeMarginPct: 15,
      chargers: {},
    });
  });
});
