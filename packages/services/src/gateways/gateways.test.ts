import { describe, expect, it } from 'vitest';
import { claimCodeHash, generateClaimCode, normalizeClaimCode, parseRegisterRows } from './gateways';

describe('registering gateways', () => {
  it('reads pasted or uploaded lines with their codes and installers, and names each line it refuses', () => {
    const { lines, errors } = parseRegisterRows(
      'serial;claim code;installer\nILS-24A00017;K7QX2-MW9RT;Zonnewarmte BV\nils-24a00018\n\nILS-X;ABCDEF\nILS-24A00019,ab!\n# a comment\nILS-24A00020\tQQQQQQQQ',
    );
    expect(lines).toEqual([
      { line: 2, serial: 'ILS-24A00017', code: 'K7QX2-MW9RT', organization: 'Zonnewarmte BV' },
      { line: 3, serial: 'ILS-24A00018', code: null, organization: null },
      { line: 8, serial: 'ILS-24A00020', code: 'QQQQQQQQ', organization: null },
    ]);
    expect(errors).toEqual([
      { line: 5, serial: 'ILS-X', reasonKey: 'gateways.register.badSerial' },
      { line: 6, serial: 'ILS-24A00019', reasonKey: 'gateways.register.badCode' },
    ]);
  });

  it('hashes a claim code with its serial, whatever the spacing and case the installer types', () => {
    expect(normalizeClaimCode(' k7qx2-mw9rt ')).toBe('K7QX2MW9RT');
    expect(claimCodeHash('ILS-24A00017', 'k7qx2 mw9rt')).toBe(claimCodeHash('ILS-24A00017', 'K7QX2-MW9RT'));
    expect(claimCodeHash('ILS-24A00018', 'K7QX2-MW9RT')).not.toBe(
      claimCodeHash('ILS-24A00017', 'K7QX2-MW9RT'),
    );
    const code = generateClaimCode();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
  });
});
