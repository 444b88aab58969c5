import { describe, expect, it } from 'vitest';
import { brusselsDaysWindow, brusselsDayWindow, brusselsLocalDate } from '../time/brussels-time';
import { splitIntoWindows } from './windows';

const DAY_MS = 86_400_000;

describe('splitIntoWindows', () => {
  it('keeps a short period whole', () => {
    const day = brusselsDayWindow('2024-11-04');
    expect(splitIntoWindows(day.from, day.to)).toEqual([day]);
  });

  it('cuts three years into contiguous windows of at most 184 days, on Brussels midnights', () => {
    const { from, to } = brusselsDaysWindow('2021-11-05', '2024-11-04');
    const windows = splitIntoWindows(from, to);
    expect(windows[0]?.from).toEqual(from);
    expect(windows.at(-1)?.to).toEqual(to);
    for (const [i, w] of windows.entries()) {
      expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(184 * DAY_MS);
      expect(brusselsDayWindow(brusselsLocalDate(w.from)).from).toEqual(w.from); // starts at local midnight
      if (i > 0) expect(w.from).toEqual(windows[i - 1]?.to);
    }
    expect(windows).toHaveLength(Math.ceil(1096 / 184));
  });

  it('takes a day less when a window would cross the autumn change and run an hour over', () => {
    // 184 Brussels days from 1 May cross only the autumn change: 184 days + 1 hour, too long.
    const { from } = brusselsDayWindow('2024-05-01');
    const [first] = splitIntoWindows(from, new Date(from.getTime() + 400 * DAY_MS));
    expect(brusselsLocalDate(first!.to)).toBe('2024-10-31');
    expect(first!.to.getTime() - first!.from.getTime()).toBe(183 * DAY_MS + 3_600_000);
  });

  it('refuses an empty or reversed period', () => {
    const t = new Date('2024-01-01T00:00:00Z');
    expect(() => splitIntoWindows(t, t)).toThrow(RangeError);
  });
});
