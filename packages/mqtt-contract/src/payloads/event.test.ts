import { describe, expect, it } from 'vitest';
import { eventPayloadSchema } from './event';

const base = { v: 1, id: '0b6f3c1e-6a3d-4c5e-9b1a-2f4d5e6a7b8c', ts: '2024-05-01T10:15:04.000Z' } as const;

describe('event payload', () => {
  it('a device status change checks the statuses of that device type', () => {
    const ok = {
      ...base,
      type: 'device.status',
      deviceId: 'ch1',
      deviceType: 'charger',
      from: null,
      to: 'Start',
    };
    expect(eventPayloadSchema.safeParse(ok).success).toBe(true);
    // `Ontladen` is a battery status, not a charger one
    const r = eventPayloadSchema.safeParse({ ...ok, to: 'Ontladen' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['to']);
  });

  it('a Fout needs an error code and text, and only a Fout has one', () => {
    const toFault = {
      ...base,
      type: 'device.status',
      deviceId: 'heat1',
      deviceType: 'heat',
      from: 'Laden',
    };
    expect(eventPayloadSchema.safeParse({ ...toFault, to: 'Fout' }).error?.issues[0]?.message).toMatch(
      /error \(code and text\) is required/,
    );
    const error = { code: '301', text: 'Temperatuursensor van de boiler defect' };
    expect(eventPayloadSchema.safeParse({ ...toFault, to: 'Fout', error }).success).toBe(true);
    expect(eventPayloadSchema.safeParse({ ...toFault, to: 'Inactief/standby', error }).success).toBe(false);
  });

  it('a fault code is a number of the one code table, never a made-up one the desk cannot translate', () => {
    const fault = {
      ...base,
      type: 'device.status',
      deviceId: 'bat1',
      deviceType: 'battery',
      from: 'Laden',
      to: 'Fout',
    };
    for (const code of ['F012', 'P1-NODATA', 'BAT-E12', ''])
      expect(
        eventPayloadSchema.safeParse({ ...fault, error: { code, text: 'x' } }).error?.issues[0]?.path,
      ).toEqual(['error', 'code']);
    expect(eventPayloadSchema.safeParse({ ...fault, error: { code: '101', text: 'x' } }).success).toBe(true);
  });

  it('charge sessions carry mode and energy', () => {
    const session = { ...base, sessionId: 's-1', chargerId: 'ch1', mode: 'smart' };
    expect(
      eventPayloadSchema.safeParse({ ...session, type: 'charge.session.start', userId: 'u-9' }).success,
    ).toBe(true);
    expect(eventPayloadSchema.safeParse({ ...session, type: 'charge.session.stop' }).success).toBe(false);
    expect(
      eventPayloadSchema.safeParse({ ...session, type: 'charge.session.stop', energyWh: 12400 }).success,
    ).toBe(true);
    expect(
      eventPayloadSchema.safeParse({ ...session, mode: 'eco', type: 'charge.session.start' }).success,
    ).toBe(false);
  });

  it('control decisions keep their reason and values', () => {
    const e = eventPayloadSchema.parse({
      ...base,
      type: 'control.decision',
      controller: 'peakShaving',
      action: 'battery.discharge',
      reason: 'quarter average 2712 W would pass threshold 2500 W',
      values: { quarterAverageW: 2712, thresholdW: 2500, setpointW: -900 },
    });
    expect(e.type === 'control.decision' && e.values?.setpointW).toBe(-900);
  });

  it('refuses an unknown type and an id that is not a uuid', () => {
    expect(eventPayloadSchema.safeParse({ ...base, type: 'device.reboot' }).success).toBe(false);
    const log = { ...base, type: 'gateway.log', level: 'info', message: 'started' };
    expect(eventPayloadSchema.safeParse(log).success).toBe(true);
    expect(eventPayloadSchema.safeParse({ ...log, id: '42' }).success).toBe(false);
  });

  it('the meter peak history carries months, peaks and their quarters', () => {
    const history = {
      ...base,
      type: 'meter.peakHistory',
      months: [
        { month: '2024-03', w: 5980, at: '2024-03-05T10:15:00.000Z' },
        { month: '2024-04', w: 0, at: null },
      ],
    };
    expect(eventPayloadSchema.safeParse(history).success).toBe(true);
    expect(
      eventPayloadSchema.safeParse({ ...history, months: [{ month: '2024-13', w: 1, at: null }] }).success,
    ).toBe(false);
    expect(
      eventPayloadSchema.safeParse({ ...history, months: [{ month: '2024-03', w: -1, at: null }] }).success,
    ).toBe(false);
  });
});
