import { describe, expect, it } from 'vitest';
import {
  bucketIndexOf,
  bucketsOf,
  dayBuckets,
  dayRange,
  HOUR_MS,
  hourBucketsOfDay,
  instantOfLocal,
  isoWeekday,
  localDate,
  localMonth,
  localTime,
  meterRegister,
  monthBuckets,
  monthRange,
  nextPeriod,
  periodFromKey,
  periodOf,
  previousPeriod,
  QUARTER_MS,
  quarterFloor,
  quarterStartsOfDay,
  shiftPeriod,
  startOfLocalDay,
  toInstant,
  weekRange,
  yearRange,
} from './calendar';

const iso = (s: string) => Date.parse(s);

// An independent oracle: the runtime's own formatting of the Brussels date.
const oracle = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const clockChanges = [
  { year: 2024, spring: '2024-03-31', autumn: '2024-10-27' },
  { year: 2025, spring: '2025-03-30', autumn: '2025-10-26' },
  { year: 2026, spring: '2026-03-29', autumn: '2026-10-25' },
];

describe('clock-change days', () => {
  for (const { year, spring, autumn } of clockChanges) {
    it(`${spring} (spring, ${year}) has 23 hours and 92 quarters`, () => {
      const day = dayRange(spring);
      expect(day.end - day.start).toBe(23 * HOUR_MS);
      expect(quarterStartsOfDay(spring)).toHaveLength(92);
      const hours = hourBucketsOfDay(spring);
      expect(hours.map((h) => h.label).slice(0, 4)).toEqual(['00:00', '01:00', '03:00', '04:00']);
      expect(hours).toHaveLength(23);
      expect(hours.at(-1)?.label).toBe('23:00');
      // Midnight local is 23:00 UTC the evening before (still CET).
      expect(new Date(day.start).toISOString()).toBe(`${localDateMinus(spring)}T23:00:00.000Z`);
      expect(new Date(day.end).toISOString()).toBe(`${spring}T22:00:00.000Z`);
    });

    it(`${autumn} (autumn, ${year}) has 25 hours, 100 quarters and a second 02:00`, () => {
      const day = dayRange(autumn);
      expect(day.end - day.start).toBe(25 * HOUR_MS);
      const quarters = quarterStartsOfDay(autumn);
      expect(quarters).toHaveLength(100);
      expect(quarters[0]).toBe(day.start);
      expect(quarters.at(-1)).toBe(day.end - QUARTER_MS);
      const hours = hourBucketsOfDay(autumn);
      expect(hours.map((h) => h.label).slice(0, 5)).toEqual([
        '00:00',
        '01:00',
        '02:00',
        '02:00 (2)',
        '03:00',
      ]);
      expect(new Set(hours.map((h) => h.label)).size).toBe(25);
      expect(hours[3]).toMatchObject({ localHour: 2, occurrence: 2 });
      expect(new Date(day.start).toISOString()).toBe(`${localDateMinus(autumn)}T22:00:00.000Z`);
      expect(new Date(day.end).toISOString()).toBe(`${autumn}T23:00:00.000Z`);
      // Both 02:00 hours belong to the same local date.
      expect(localDate(hours[2]!.start)).toBe(autumn);
      expect(localDate(hours[3]!.start)).toBe(autumn);
    });

    it(`the days around the ${year} clock changes have 24 hours`, () => {
      for (const d of [
        localDateMinus(spring),
        localDatePlus(spring),
        localDateMinus(autumn),
        localDatePlus(autumn),
      ]) {
        expect(hourBucketsOfDay(d)).toHaveLength(24);
        expect(quarterStartsOfDay(d)).toHaveLength(96);
      }
    });
  }

  it('local times across the autumn change', () => {
    expect(localTime(iso('2024-10-27T00:30:00Z'))).toBe('02:30');
    expect(localTime(iso('2024-10-27T01:30:00Z'))).toBe('02:30');
    expect(localTime(iso('2024-03-31T01:00:00Z'))).toBe('03:00');
    expect(localTime(iso('2024-03-31T00:59:00Z'))).toBe('01:59');
  });

  it('instantOfLocal picks the earlier repeated time and skips the spring gap forward', () => {
    expect(new Date(instantOfLocal('2024-10-27', 2, 30)).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(new Date(instantOfLocal('2024-03-31', 2, 30)).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(new Date(instantOfLocal('2024-07-01', 13, 0)).toISOString()).toBe('2024-07-01T11:00:00.000Z');
  });
});

function localDateMinus(date: string): string {
  return periodOf('day', startOfLocalDay(date) - 1).firstDay;
}
function localDatePlus(date: string): string {
  return periodOf('day', dayRange(date).end).firstDay;
}

describe('whole years', () => {
  for (const year of [2023, 2024, 2025, 2026]) {
    it(`the quarters of every day of ${year} add up to the year's quarters and tile it`, () => {
      const y = yearRange(`${year}-06-15`);
      let total = 0;
      let expectedStart = y.start;
      for (const day of dayBuckets(y)) {
        const quarters = quarterStartsOfDay(day.date);
        expect([92, 96, 100]).toContain(quarters.length);
        expect(quarters[0]).toBe(expectedStart);
        total += quarters.length;
        expectedStart = quarters.at(-1)! + QUARTER_MS;
      }
      expect(expectedStart).toBe(y.end);
      expect(total).toBe((y.end - y.start) / QUARTER_MS);
      expect(total).toBe(y.days * 96);
    });

    it(`localDate agrees with Intl for every quarter of ${year}`, () => {
      const y = yearRange(`${year}-01-01`);
      for (let t = y.start - HOUR_MS * 3; t < y.end + HOUR_MS * 3; t += QUARTER_MS) {
        const got = localDate(t);
        if (got !== oracle.format(t)) expect(got, new Date(t).toISOString()).toBe(oracle.format(t));
        if (localDate(t + QUARTER_MS - 1) !== got) {
          throw new Error(`a quarter straddles two dates at ${new Date(t).toISOString()}`);
        }
      }
    });
  }
});

describe('every day from 2000 to 2040', () => {
  it('starts at the instant where Intl turns the date', () => {
    let day = dayRange('2000-01-01');
    while (day.firstDay < '2041-01-01') {
      expect(oracle.format(day.start)).toBe(day.firstDay);
      if (oracle.format(day.start - 1) === day.firstDay) throw new Error(`${day.firstDay} starts too late`);
      expect([23, 24, 25]).toContain((day.end - day.start) / HOUR_MS);
      day = nextPeriod(day);
    }
  });
});

describe('periods', () => {
  it('finds the day of an instant at the local midnight edges', () => {
    expect(localDate(iso('2024-10-26T21:59:59.999Z'))).toBe('2024-10-26');
    expect(localDate(iso('2024-10-26T22:00:00.000Z'))).toBe('2024-10-27');
    expect(localDate(iso('2024-10-27T22:59:59.999Z'))).toBe('2024-10-27');
    expect(localDate(iso('2024-10-27T23:00:00.000Z'))).toBe('2024-10-28');
    expect(localDate(iso('2024-12-31T23:00:00.000Z'))).toBe('2025-01-01');
    expect(localMonth(iso('2024-09-30T22:00:00.000Z'))).toBe('2024-10');
  });

  it('months are local months', () => {
    const october = monthRange('2024-10-15');
    expect(october.key).toBe('2024-10');
    expect(new Date(october.start).toISOString()).toBe('2024-09-30T22:00:00.000Z');
    expect(new Date(october.end).toISOString()).toBe('2024-10-31T23:00:00.000Z');
    expect(october.days).toBe(31);
    expect(october).toMatchObject({ firstDay: '2024-10-01', lastDay: '2024-10-31' });
    const days = dayBuckets(october);
    expect(days).toHaveLength(31);
    expect(days.filter((d) => d.end - d.start === 25 * HOUR_MS).map((d) => d.date)).toEqual(['2024-10-27']);
    expect(monthRange('2024-02-10').days).toBe(29);
    expect(monthRange('2025-02-10').days).toBe(28);
  });

  it('weeks are ISO weeks starting Monday', () => {
    const w = weekRange('2024-10-27'); // a Sunday
    expect(w.key).toBe('2024-W43');
    expect(w).toMatchObject({ firstDay: '2024-10-21', lastDay: '2024-10-27', days: 7 });
    expect(w.end - w.start).toBe((7 * 24 + 1) * HOUR_MS);
    expect(weekRange('2024-12-30').key).toBe('2025-W01');
    expect(weekRange('2021-01-03').key).toBe('2020-W53');
    expect(weekRange('2026-01-01').key).toBe('2026-W01');
    expect(isoWeekday('2024-10-21')).toBe(1);
    expect(isoWeekday('2024-10-27')).toBe(7);
  });

  it('keys name their period and round-trip', () => {
    for (const key of ['2024-10-27', '2024-W43', '2020-W53', '2025-W01', '2024-10', '2024']) {
      expect(periodFromKey(key).key).toBe(key);
    }
    expect(periodFromKey('2025-W01').firstDay).toBe('2024-12-30');
    expect(() => periodFromKey('2024-W53')).toThrow();
    expect(() => periodFromKey('2024-13')).toThrow();
    expect(() => periodFromKey('2024-02-30')).toThrow();
    expect(() => periodFromKey('yesterday')).toThrow();
  });

  it('steps to previous and next periods', () => {
    expect(previousPeriod(dayRange('2024-03-01')).key).toBe('2024-02-29');
    expect(nextPeriod(dayRange('2024-12-31')).key).toBe('2025-01-01');
    expect(previousPeriod(weekRange('2025-01-01')).key).toBe('2024-W52');
    expect(nextPeriod(monthRange('2024-12-05')).key).toBe('2025-01');
    expect(shiftPeriod(monthRange('2024-01-05'), -13).key).toBe('2022-12');
    expect(previousPeriod(yearRange('2024-01-01')).key).toBe('2023');
    // Adjacent periods touch without gaps.
    const d = dayRange('2024-10-27');
    expect(previousPeriod(d).end).toBe(d.start);
    expect(nextPeriod(d).start).toBe(d.end);
  });

  it('a year has 12 month buckets and buckets follow the period kind', () => {
    const y = yearRange('2024-05-05');
    const months = monthBuckets(y);
    expect(months.map((m) => m.month)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
    ]);
    expect(months[0]!.start).toBe(y.start);
    expect(months.at(-1)!.end).toBe(y.end);
    expect(bucketsOf(dayRange('2024-10-27'))).toHaveLength(25);
    expect(bucketsOf(weekRange('2024-10-27'))).toHaveLength(7);
    expect(bucketsOf(y)).toHaveLength(12);
  });

  it('bucketIndexOf finds the bucket of an instant', () => {
    const hours = hourBucketsOfDay('2024-10-27');
    expect(bucketIndexOf(hours, iso('2024-10-27T01:10:00Z'))).toBe(3); // the second 02:00
    expect(bucketIndexOf(hours, hours[0]!.start - 1)).toBe(-1);
    expect(bucketIndexOf(hours, hours.at(-1)!.end)).toBe(-1);
  });
});

describe('instants', () => {
  it('quarterFloor floors to the quarter', () => {
    expect(quarterFloor(iso('2024-10-27T01:14:59.999Z'))).toBe(iso('2024-10-27T01:00:00Z'));
    expect(quarterFloor(iso('2024-10-27T01:15:00.000Z'))).toBe(iso('2024-10-27T01:15:00Z'));
    expect(quarterFloor('2024-10-27T03:44:00+02:00')).toBe(iso('2024-10-27T01:30:00Z'));
    expect(quarterFloor(new Date('1969-12-31T23:59:00Z'))).toBe(iso('1969-12-31T23:45:00Z'));
  });

  it('accepts instants with a zone only', () => {
    expect(toInstant('2024-10-27T02:30:00+02:00')).toBe(iso('2024-10-27T00:30:00Z'));
    expect(() => toInstant('2024-10-27T02:30:00')).toThrow(/zone/);
    expect(() => toInstant(Number.NaN)).toThrow();
    expect(() => dayRange('2024-02-30')).toThrow();
  });
});

describe('the day/night register of a Belgian two-rate meter', () => {
  const at = (date: string, time: string) =>
    instantOfLocal(date, Number(time.slice(0, 2)), Number(time.slice(3)));
  it('is day on weekdays from 07:00 to 22:00 Brussels time, night otherwise and all weekend', () => {
    expect(meterRegister(at('2026-12-07', '06:59'))).toBe(2);
    expect(meterRegister(at('2026-12-07', '07:00'))).toBe(1);
    expect(meterRegister(at('2026-12-07', '21:59'))).toBe(1);
    expect(meterRegister(at('2026-12-07', '22:00'))).toBe(2);
    // summer time too: 07:00 local is 05:00 UTC
    expect(meterRegister(Date.parse('2026-06-10T05:00:00Z'))).toBe(1);
    expect(meterRegister(Date.parse('2026-06-10T04:59:00Z'))).toBe(2);
    expect(meterRegister(at('2026-12-05', '12:00'))).toBe(2);
    expect(meterRegister(at('2026-12-06', '12:00'))).toBe(2);
  });

  it('is night all day on public holidays, fixed and movable', () => {
    for (const holiday of [
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-07-21',
    ])
      expect(meterRegister(at(holiday, '12:00')), holiday).toBe(2);
    for (const holiday of ['2026-11-11', '2026-12-25', '2025-04-21', '2027-03-29'])
      expect(meterRegister(at(holiday, '12:00')), holiday).toBe(2);
    // the days around them are ordinary weekdays
    for (const day of ['2026-11-10', '2026-11-12', '2026-04-07', '2026-05-15', '2026-12-24'])
      expect(meterRegister(at(day, '12:00')), day).toBe(1);
  });
});
