import { describe, expect, it } from 'vitest';
import {
  addBrusselsDays,
  addDays,
  brusselsDaysWindow,
  brusselsDayWindow,
  brusselsLocalDate,
  brusselsOffsetMinutes,
  brusselsWallTimeCandidates,
  brusselsWallTimeToUtc,
  brusselsYesterday,
  quarterHoursInBrusselsDay,
} from './brussels-time';

const iso = (d: Date | null) => d?.toISOString();

describe('Brussels day windows', () => {
  it('starts a winter day at 23:00Z and a summer day at 22:00Z', () => {
    expect(iso(brusselsDayWindow('2020-11-18').from)).toBe('2020-11-17T23:00:00.000Z');
    expect(iso(brusselsDayWindow('2020-11-18').to)).toBe('2020-11-18T23:00:00.000Z');
    expect(iso(brusselsDayWindow('2024-07-01').from)).toBe('2024-06-30T22:00:00.000Z');
  });

  it('gives the spring clock-change day 23 hours (92 quarters)', () => {
    const { from, to } = brusselsDayWindow('2024-03-31');
    expect(iso(from)).toBe('2024-03-30T23:00:00.000Z');
    expect(iso(to)).toBe('2024-03-31T22:00:00.000Z');
    expect(quarterHoursInBrusselsDay('2024-03-31')).toBe(92);
  });

  it('gives the autumn clock-change day 25 hours (100 quarters)', () => {
    const { from, to } = brusselsDayWindow('2023-10-29');
    expect(iso(from)).toBe('2023-10-28T22:00:00.000Z');
    expect(iso(to)).toBe('2023-10-29T23:00:00.000Z');
    expect(quarterHoursInBrusselsDay('2023-10-29')).toBe(100);
    expect(quarterHoursInBrusselsDay('2021-10-31')).toBe(100);
    expect(quarterHoursInBrusselsDay('2023-10-30')).toBe(96);
  });

  it('spans several days, both ends included', () => {
    const { from, to } = brusselsDaysWindow('2024-03-30', '2024-04-01');
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(71);
    expect(() => brusselsDaysWindow('2024-04-02', '2024-04-01')).toThrow(RangeError);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('wall time to UTC', () => {
  it('has two instants for the repeated autumn hour, summer time first', () => {
    const wall = { year: 2023, month: 10, day: 29, hour: 2, minute: 15 };
    expect(brusselsWallTimeCandidates(wall).map(iso)).toEqual([
      '2023-10-29T00:15:00.000Z',
      '2023-10-29T01:15:00.000Z',
    ]);
    expect(iso(brusselsWallTimeToUtc(wall, 'later'))).toBe('2023-10-29T01:15:00.000Z');
  });

  it('has no instant in the spring gap', () => {
    expect(brusselsWallTimeToUtc({ year: 2024, month: 3, day: 31, hour: 2, minute: 30 })).toBeNull();
    expect(iso(brusselsWallTimeToUtc({ year: 2024, month: 3, day: 31, hour: 3, minute: 0 }))).toBe(
      '2024-03-31T01:00:00.000Z',
    );
  });

  it('knows the offset on both sides of a change', () => {
    expect(brusselsOffsetMinutes(new Date('2023-10-29T00:59:59Z'))).toBe(120);
    expect(brusselsOffsetMinutes(new Date('2023-10-29T01:00:00Z'))).toBe(60);
  });
});

describe('local dates of instants', () => {
  it('puts 22:30Z in summer on the next Brussels day', () => {
    expect(brusselsLocalDate(new Date('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
    expect(brusselsLocalDate(new Date('2024-06-30T21:59:59Z'))).toBe('2024-06-30');
  });

  it('finds yesterday just after local midnight', () => {
    expect(brusselsYesterday(new Date('2024-01-01T23:05:00Z'))).toBe('2024-01-01');
    expect(brusselsYesterday(new Date('2024-01-01T22:55:00Z'))).toBe('2023-12-31');
  });

  it('keeps local midnight when adding days across a clock change', () => {
    const start = brusselsDayWindow('2024-03-30').from;
    expect(iso(addBrusselsDays(start, 2))).toBe(iso(brusselsDayWindow('2024-04-01').from));
  });
});
