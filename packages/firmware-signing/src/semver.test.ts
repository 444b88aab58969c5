import { describe, expect, it } from 'vitest';
import { compareVersions, isVersionRange, satisfies } from './semver';

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
