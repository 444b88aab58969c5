import type { CsvQuarter } from '@ilumen/fluvius/csv';
import { describe, expect, it } from 'vitest';
import { quartersOf } from './csv-import';

const start = new Date('2023-10-29T00:00:00Z');
const row = (over: Partial<CsvQuarter>): CsvQuarter => ({
  start,
  end: new Date(start.getTime() + 900_000),
  localDate: '2023-10-29',
  ean: '541448820052377134',
  meterId: '1SAG1',
  direction: 'offtake',
  tariff: 'day',
  wh: 0,
  validationState: 'READ',
  ...over,
});

describe('one quarter from the export’s register rows', () => {
  it('adds day and night per direction and keeps the weakest state', () => {
    const [q] = quartersOf(
      [
        row({ tariff: 'day', wh: 120, validationState: 'VAL' }),
        row({ tariff: 'night', wh: 30, validationState: 'EST' }),
        row({ direction: 'injection', tariff: 'day', wh: 5, validationState: 'READ' }),
      ],
      7,
    );
    expect(q).toEqual({
      source: 'fluvius',
      siteId: 7,
      ts: start,
      importWh: 150,
      exportWh: 5,
      importNightWh: 30,
      state: 'EST',
    });
  });

  it('leaves a quarter without any volume out (a gap, not a zero), and a direction without one null', () => {
    const later = new Date(start.getTime() + 900_000);
    const quarters = quartersOf(
      [
        row({ wh: null, validationState: null }),
        row({ direction: 'injection', wh: null, validationState: null }),
        row({ start: later, wh: 80, validationState: 'READ' }),
        row({ start: later, direction: 'injection', wh: null, validationState: null }),
      ],
      7,
    );
    expect(quarters).toEqual([
      {
        source: 'fluvius',
        siteId: 7,
        ts: later,
        importWh: 80,
        exportWh: null,
        importNightWh: 0,
        state: 'READ',
      },
    ]);
  });

  it('counts a volume without a known state as not validated, so a gateway measurement beats it', () => {
    expect(quartersOf([row({ wh: 10, validationState: null })], 1)[0]?.state).toBe('NVAL');
  });

  it('keeps the night register of the offtake, and no split for a meter with one total register', () => {
    const later = new Date(start.getTime() + 900_000);
    const quarters = quartersOf(
      [
        row({ tariff: 'day', wh: null, validationState: null }),
        row({ tariff: 'night', wh: 173, validationState: 'READ' }),
        row({ direction: 'injection', tariff: 'night', wh: 40, validationState: 'READ' }),
        row({ start: later, tariff: 'total', wh: 90, validationState: 'READ' }),
      ],
      7,
    );
    expect(quarters.map((q) => [q.importWh, q.importNightWh])).toEqual([
      [173, 173],
      [90, null],
    ]);
  });
});
