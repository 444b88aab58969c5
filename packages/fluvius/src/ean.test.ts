import { describe, expect, it } from 'vitest';
import { computeCheckDigit, eanSchema, normaliseEan, validateEan } from './ean';

describe('computeCheckDigit', () => {
  it('gives the check digit of the verified examples in ean.md', () => {
    for (const ean of ['541448820052377134', '541448860018322037', '541448820050357909']) {
      expect(computeCheckDigit(ean.slice(0, 17))).toBe(Number(ean[17]));
    }
  });

  it('weights the rightmost data digit by 3', () => {
    // 17 zeros and a 1 at the right: sum 3 → check 7; the 1 one place left: sum 1 → check 9.
    expect(computeCheckDigit('00000000000000001')).toBe(7);
    expect(computeCheckDigit('00000000000000010')).toBe(9);
  });

  it('refuses non-digits', () => {
    expect(() => computeCheckDigit('5414a')).toThrow(TypeError);
  });
});

describe('validateEan', () => {
  it('accepts the electricity and gas examples', () => {
    expect(validateEan('541448820052377134')).toEqual({ ok: true, ean: '541448820052377134' });
    expect(validateEan('541448860018322037')).toEqual({ ok: true, ean: '541448860018322037' });
    expect(validateEan('541448820050357909')).toEqual({ ok: true, ean: '541448820050357909' });
  });

  it('rejects the spec example 541440012345678900 and says the check digit should be 7', () => {
    expect(validateEan('541440012345678900')).toMatchObject({
      ok: false,
      fault: { code: 'ean.check_digit', expectedCheckDigit: 7, actualCheckDigit: 0 },
    });
  });

  it('agrees with ean.md on the sandbox mock EANs', () => {
    expect(validateEan('541440010000000001').ok).toBe(true);
    expect(validateEan('541440110000000001')).toMatchObject({
      ok: false,
      fault: { code: 'ean.check_digit' },
    });
  });

  it('normalises spaces, dots and dashes as people type them', () => {
    expect(normaliseEan(' 5414 4882.0052-377134 ')).toBe('541448820052377134');
    expect(validateEan('5414 4882 0052 3771 34')).toEqual({ ok: true, ean: '541448820052377134' });
  });

  it('gives one fault per kind of mistake', () => {
    expect(validateEan('54144882005237713A')).toMatchObject({
      fault: { code: 'ean.non_digit', invalidCharacters: ['A'] },
    });
    expect(validateEan('5414488200523771')).toMatchObject({ fault: { code: 'ean.length', length: 16 } });
    expect(validateEan('5414488200523771345')).toMatchObject({ fault: { code: 'ean.length', length: 19 } });
    expect(validateEan('')).toMatchObject({ fault: { code: 'ean.length', length: 0 } });
    // The anonymised EAN of the CSV fixtures: 18 digits but not Belgian.
    expect(validateEan('123456879123456789')).toMatchObject({
      fault: { code: 'ean.not_belgian', prefix: '12' },
    });
  });

  it('finds every single-digit typo in a valid EAN', () => {
    const valid = '541448820052377134';
    for (let position = 0; position < 17; position++) {
      const digit = Number(valid[position]);
      const typo = `${valid.slice(0, position)}${(digit + 1) % 10}${valid.slice(position + 1)}`;
      const result = validateEan(typo);
      expect(result.ok, typo).toBe(false);
    }
  });
});

describe('eanSchema', () => {
  it('returns the normalised EAN', () => {
    expect(eanSchema.parse('5414.4882.0052.3771.34')).toBe('541448820052377134');
  });

  it('puts the fault code in the message and the details in params', () => {
    const result = eanSchema.safeParse('541440012345678900');
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.message).toBe('ean.check_digit');
    expect(issue).toMatchObject({ params: { expectedCheckDigit: 7 } });
  });
});
