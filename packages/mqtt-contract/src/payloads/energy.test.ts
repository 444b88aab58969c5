import { describe, expect, it } from 'vitest';
import { examplePayloads } from '../examples';
import { energyPayloadSchema, floorToQuarter } from './energy';

describe('energy payload', () => {
  it.each([
    '2024-05-01T10:00:00Z',
    '2024-05-01T10:15:00.000Z',
    '2024-05-01T10:30:00Z',
    '2024-10-27T00:45:00Z',
  ])('accepts the boundary %s', (ts) => {
    expect(energyPayloadSchema.safeParse({ ...examplePayloads.energy, ts }).success).toBe(true);
  });

  it.each(['2024-05-01T10:14:59.999Z', '2024-05-01T10:15:01Z', '2024-05-01T10:07:00Z'])(
    'refuses %s',
    (ts) => {
      const r = energyPayloadSchema.safeParse({ ...examplePayloads.energy, ts });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/quarter-hour boundary/);
    },
  );

  it('refuses fractional or negative counters', () => {
    const meter = { ...examplePayloads.energy.meter };
    expect(
      energyPayloadSchema.safeParse({ ...examplePayloads.energy, meter: { ...meter, importT1Wh: 1.5 } })
        .success,
    ).toBe(false);
    expect(
      energyPayloadSchema.safeParse({ ...examplePayloads.energy, meter: { ...meter, exportT2Wh: -1 } })
        .success,
    ).toBe(false);
  });

  it('needs only ts and seq (a site with no device read at that boundary)', () => {
    expect(energyPayloadSchema.parse({ v: 1, ts: '2024-05-01T10:15:00Z', seq: 0 })).toEqual({
      v: 1,
      ts: '2024-05-01T10:15:00Z',
      seq: 0,
    });
  });

  it('floorToQuarter', () => {
    expect(floorToQuarter(new Date('2024-05-01T10:29:59.999Z')).toISOString()).toBe(
      '2024-05-01T10:15:00.000Z',
    );
    expect(floorToQuarter(new Date('2024-05-01T10:30:00.000Z')).toISOString()).toBe(
      '2024-05-01T10:30:00.000Z',
    );
  });
});
