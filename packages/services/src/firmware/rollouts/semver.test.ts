import { describe, expect, it } from 'vitest';
import { compareVersions, isVersionRange, satisfies } from './semver';
import { inWindow } from './window';

describe('versions and ranges', () => {
  it('orders versions as semver does', () => {
    const sorted = ['1.10.0', '1.2.0', '1.2.0-rc.1', '1.2.0-rc.10', '1.2.0-beta', '0.9.9', '1.2.0-rc.2'].sort(
      compareVersions,
    );
    expect(sorted).toEqual([
      '0.9.9',
      '1.2.0-beta',
      '1.2.0-rc.1',
      '1.2.0-rc.2',
      '1.2.0-rc.10',
      '1.2.0',
      '1.10.0',
    ]);
  });

  it('matches ranges of comparators and alternatives', () => {
    expect(satisfies('1.4.2', '>=1.2.0 <1.5.0')).toBe(true);
    expect(satisfies('1.5.0', '>=1.2.0 <1.5.0')).toBe(false);
    expect(satisfies('1.5.0-rc.1', '<1.5.0')).toBe(true);
    expect(satisfies('0.1.0', '0.1.0')).toBe(true);
    expect(satisfies('2.0.0', '<1.0.0 || >=2.0.0')).toBe(true);
    expect(satisfies('1.0.0', '< 1.0.0 || >= 2.0.0')).toBe(false);
    expect(satisfies(null, '*')).toBe(true);
    expect(satisfies(null, '>=0.0.0')).toBe(false);
    expect(isVersionRange('>=1.2')).toBe(false);
    expect(isVersionRange('latest')).toBe(false);
    expect(() => satisfies('1.0.0', 'nope')).toThrow();
  });
});

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
