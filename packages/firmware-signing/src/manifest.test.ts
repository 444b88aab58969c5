import { describe, expect, it } from 'vitest';
import { downgradeRefusal, firmwareManifestSchema } from './manifest';

const manifest = (version: string, downgradeFrom?: string[]) =>
  firmwareManifestSchema.parse({
    format: 1,
    version,
    hardwareRevisions: ['B2'],
    createdAt: '2026-12-01T10:00:00.000Z',
    downgradeFrom,
  });

describe('the downgrade rule', () => {
  it('lets a higher or equal version replace the running one', () => {
    expect(downgradeRefusal(manifest('1.6.0'), '1.5.0')).toBeNull();
    expect(downgradeRefusal(manifest('1.5.0'), '1.5.0-rc.2')).toBeNull();
    expect(downgradeRefusal(manifest('1.10.0'), '1.9.3')).toBeNull();
  });

  it('refuses a lower version unless the signed manifest names the running one', () => {
    expect(downgradeRefusal(manifest('1.4.0'), '1.5.0')).toBe(
      'version 1.4.0 is older than the running 1.5.0 and not signed as a downgrade from it',
    );
    expect(downgradeRefusal(manifest('1.5.0-rc.1'), '1.5.0')).not.toBeNull();
    expect(downgradeRefusal(manifest('1.4.0', ['1.5.0']), '1.5.0')).toBeNull();
    // a downgrade signed for one bad release does not take a later one down
    expect(downgradeRefusal(manifest('1.4.0', ['1.5.0']), '1.6.0')).not.toBeNull();
  });

  it('accepts only versions in downgradeFrom', () => {
    expect(() => manifest('1.4.0', ['latest'])).toThrow();
    expect(() => manifest('1.4.0', [])).toThrow();
  });
});
