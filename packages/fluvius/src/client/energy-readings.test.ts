import { describe, expect, it } from 'vitest';
import { type EnergyResponseWire, energyResponseSchema } from '../wire/energy-wire';
import { flattenHeadpoint } from './energy-readings';
import { intervalTotals } from './interval-totals';

/** Shaped after EDDIE's v3 test resources (electricity_data_headpoints_and_physical_meters_…json), values ours. */
const headpointAndMeter: EnergyResponseWire = {
  data: {
    headpoint: {
      $type: 'metering-on-headpoint-and-meter',
      ean: '541440010000000001',
      energyType: 'E',
      quarterHourlyEnergy: [
        {
          start: '2024-12-01T00:00:00Z',
          end: '2024-12-01T00:15:00Z',
          measurements: [{ offtake: { total: { value: 0.009, unit: 'kWh', validationState: 'EST' } } }],
        },
        {
          start: '2024-12-01T00:15:00Z',
          end: '2024-12-01T00:30:00Z',
          measurements: [
            {
              offtake: { total: { value: 0.01, unit: 'kWh', validationState: 'READ' } },
              injection: { total: { value: 0.002, unit: 'kWh', validationState: 'VAL' } },
            },
          ],
        },
        // Sent twice, as Fluvius sometimes does.
        {
          start: '2024-12-01T00:15:00Z',
          end: '2024-12-01T00:30:00Z',
          measurements: [{ offtake: { total: { value: 0.01, unit: 'kWh', validationState: 'READ' } } }],
        },
      ],
      subHeadpoints: [
        {
          $type: 'submetering-auxiliary',
          ean: '001',
          seqNumber: '1',
          vregId: '1',
          type: 'PV',
          quarterHourlyEnergy: [
            {
              start: '2024-12-01T00:00:00Z',
              end: '2024-12-01T00:15:00Z',
              measurements: [
                { injection: { reactive: { value: 0.01, unit: 'KVArh', validationState: 'READ' } } },
              ],
            },
          ],
        },
      ],
      physicalMeters: [
        {
          seqNumber: 1,
          meterID: '1SAG1234567890',
          quarterHourlyEnergy: [
            {
              start: '2024-12-01T00:00:00Z',
              end: '2024-12-01T00:15:00Z',
              measurements: [{ offtake: { total: { value: 0.009, unit: 'kWh', validationState: 'EST' } } }],
            },
            {
              start: '2024-12-01T00:15:00Z',
              end: '2024-12-01T00:30:00Z',
              measurements: [{ offtake: { total: { value: 0.01, unit: 'kWh', validationState: 'READ' } } }],
            },
          ],
        },
      ],
    },
  },
  _meta: { fetchTime: '2026-05-28T09:37:08Z' },
};

const dailyOnMeter: EnergyResponseWire = {
  data: {
    headpoint: {
      $type: 'metering-on-meter',
      ean: '541448820052377134',
      energyType: 'E',
      physicalMeters: [
        {
          seqNumber: '1',
          meterID: 'M1',
          dailyEnergy: [
            {
              start: '2025-04-16T22:00:00Z',
              end: '2025-04-17T22:00:00Z',
              measurements: [
                {
                  offtake: {
                    day: { value: 0.78, unit: 'kWh', validationState: 'EST' },
                    night: { value: 1.234, unit: 'kWh', validationState: 'VAL' },
                  },
                  injection: {
                    day: { value: 0.016, unit: 'kWh', validationState: 'EST' },
                    night: { value: null, unit: 'kWh' },
                  },
                },
              ],
            },
          ],
        },
        {
          seqNumber: '2',
          meterID: 'M2',
          dailyEnergy: [
            {
              start: '2025-04-16T22:00:00Z',
              end: '2025-04-17T22:00:00Z',
              measurements: [{ offtake: { total: { value: 1, unit: 'kWh', validationState: 'READ' } } }],
            },
          ],
        },
      ],
    },
  },
};

describe('flattening a v3 energy response', () => {
  it('lists every register of every level once, in Wh, and counts what it left out', () => {
    const flat = flattenHeadpoint(energyResponseSchema.parse(headpointAndMeter).data.headpoint);
    expect(flat).toMatchObject({
      ean: '541440010000000001',
      energyType: 'E',
      meteringType: 'metering-on-headpoint-and-meter',
      duplicatesDropped: 1,
      nonEnergyValuesSkipped: 1,
      emptyValues: 0,
    });
    expect(
      flat.readings.map((r) => [
        r.level,
        r.start.toISOString().slice(11, 16),
        r.direction,
        r.register,
        r.wh,
        r.validationState,
      ]),
    ).toEqual([
      ['headpoint', '00:00', 'offtake', 'total', 9, 'EST'],
      ['physical-meter', '00:00', 'offtake', 'total', 9, 'EST'],
      ['headpoint', '00:15', 'offtake', 'total', 10, 'READ'],
      ['headpoint', '00:15', 'injection', 'total', 2, 'VAL'],
      ['physical-meter', '00:15', 'offtake', 'total', 10, 'READ'],
    ]);
    expect(flat.readings[1]).toMatchObject({ meterId: '1SAG1234567890', ean: '541440010000000001' });
  });

  it('does not count the headpoint and its meter twice', () => {
    const flat = flattenHeadpoint(energyResponseSchema.parse(headpointAndMeter).data.headpoint);
    expect(
      intervalTotals(flat.readings, 'quarter-hour').map((t) => [
        t.offtakeWh,
        t.offtakeNightWh,
        t.injectionWh,
        t.validationState,
      ]),
    ).toEqual([
      // one total register: no night part known
      [9, null, null, 'EST'],
      [10, null, 2, 'READ'],
    ]);
  });

  it('adds day and night, sums meters, and keeps the weakest validation state', () => {
    const flat = flattenHeadpoint(energyResponseSchema.parse(dailyOnMeter).data.headpoint);
    expect(flat.emptyValues).toBe(1);
    const [day] = intervalTotals(flat.readings, 'day');
    expect(day).toEqual({
      granularity: 'day',
      start: new Date('2025-04-16T22:00:00Z'),
      end: new Date('2025-04-17T22:00:00Z'),
      // M1 has no total, so day + night (780 + 1234); M2 has a total (1000).
      offtakeWh: 3014,
      // M2 gave one total: which part of it was night is not known, so neither is the sum's
      offtakeNightWh: null,
      injectionWh: 16,
      productionWh: null,
      validationState: 'EST',
    });
  });

  it("keeps the night registers' part of the offtake when every meter gives day and night", () => {
    const oneMeter = structuredClone(dailyOnMeter);
    oneMeter.data!.headpoint!.physicalMeters!.pop();
    const [day] = intervalTotals(
      flattenHeadpoint(energyResponseSchema.parse(oneMeter).data.headpoint).readings,
      'day',
    );
    expect(day).toMatchObject({ offtakeWh: 2014, offtakeNightWh: 1234, injectionWh: 16 });
  });

  it('refuses units and states it does not know, naming the field', () => {
    const broken = structuredClone(dailyOnMeter) as {
      data: { headpoint: { physicalMeters: Array<{ dailyEnergy: unknown[] }> } };
    };
    const interval = broken.data.headpoint.physicalMeters[1]!.dailyEnergy[0] as {
      measurements: Array<{ offtake: { total: { unit: string } } }>;
    };
    interval.measurements[0]!.offtake.total.unit = 'MWh';
    const result = energyResponseSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(
      'data.headpoint.physicalMeters.1.dailyEnergy.0.measurements.0.offtake.total.unit',
    );
    const badState = structuredClone(headpointAndMeter);
    (badState.data.headpoint as { energyType: string }).energyType = 'X';
    expect(energyResponseSchema.safeParse(badState).success).toBe(false);
  });
});
