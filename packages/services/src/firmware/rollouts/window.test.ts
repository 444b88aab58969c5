import { describe, expect, it } from 'vitest';
import { inWindow } from './window';

describe('maintenance windows in site-local time', () => {
  const night = { from: '01:00', to: '05:00' };
  it('follows Brussels time across the clock change', () => {
    // 00:30 UTC in winter is 01:30 in Brussels; in summer 02:30
    expect(inWindow(night, 'Europe/Brussels', new Date('2026-01-15T00:30:00Z'))).toBe(true);
    expect(inWindow(night, 'Europe/Brussels', new Date('2026-01-14T23:30:00Z'))).toBe(false);
    expect(inWindow(night, 'Europe/Brussels', new Date('2026-07-15T03:30:00Z'))).toBe(false);
    expect(inWindow(night, 'Europe/Brussels', new Date('2026-07-15T02:59:00Z'))).toBe(true);
    expect(inWindow(night, 'UTC', new Date('2026-07-15T03:30:00Z'))).toBe(true);
  });

  it('wraps over midnight and keeps to the weekdays it starts on', () => {
    const weekend = { from: '22:00', to: '06:00', days: [6] }; // Saturday night into Sunday
    expect(inWindow(weekend, 'Europe/Brussels', new Date('2026-11-28T21:30:00Z'))).toBe(true); // Sat 22:30
    expect(inWindow(weekend, 'Europe/Brussels', new Date('2026-11-29T03:00:00Z'))).toBe(true); // Sun 04:00
    expect(inWindow(weekend, 'Europe/Brussels', new Date('2026-11-29T21:30:00Z'))).toBe(false); // Sun 22:30
    expect(inWindow(weekend, 'Europe/Brussels', new Date('2026-11-28T12:00:00Z'))).toBe(false); // Sat 13:00
    expect(inWindow(null, 'Europe/Brussels', new Date())).toBe(true);
  });
});
