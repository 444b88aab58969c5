import { describe, expect, it } from 'vitest';
import { isAppError } from './errors';
import { releaseCreateInput } from './firmware/releases/releases';
import { rolloutCreateInput } from './firmware/rollouts/rollouts';
import { parseInput } from './validation';

/** What a form shows under each field when the server refuses it: the field a person typed in, and the allowed range. */
function refusal(schema: Parameters<typeof parseInput>[0], input: Record<string, unknown>) {
  try {
    parseInput(schema, input);
  } catch (e) {
    if (isAppError(e)) return e.fieldErrors;
    throw e;
  }
  throw new Error('accepted');
}

const rollout = { name: 'x', releaseId: '1' };

describe('server field errors', () => {
  it('name the allowed range of an out-of-range number instead of "enter a number"', () => {
    expect(refusal(rolloutCreateInput, { ...rollout, ratePerMinute: '0', maxFailurePct: '150' })).toEqual({
      ratePerMinute: { key: 'validation.integerRange', params: { min: 1, max: 100_000 } },
      maxFailurePct: { key: 'validation.numberRange', params: { min: 0, max: 100 } },
    });
  });

  it('put a bad item of a list on the list field the person typed it in', () => {
    const e = refusal(rolloutCreateInput, {
      ...rollout,
      waves: '10, abc, 100',
      serials: 'ILS-24A00017, nope',
    });
    expect(Object.keys(e).sort()).toEqual(['serials', 'waves']);
    expect(e.waves).toEqual({ key: 'firmware.waves' });
    expect(e.serials).toEqual({ key: 'firmware.serial' });
    expect(refusal(rolloutCreateInput, { ...rollout, windowDays: '1, 9' })).toEqual({
      windowDays: { key: 'validation.integerRange', params: { min: 1, max: 7 } },
    });
  });

  it("keep a schema's own message for a pattern it checks", () => {
    expect(
      refusal(releaseCreateInput, {
        version: '1.5.0',
        hardwareRevision: 'SIM',
        signature: 'short',
        url: 'ftp://x',
        sizeBytes: '-3',
      }),
    ).toEqual({
      signature: { key: 'firmware.signatureFormat' },
      url: { key: 'firmware.url' },
      sizeBytes: { key: 'validation.greaterThan', params: { min: 0 } },
    });
  });

  it('still falls back to a plain number message for text in a number field', () => {
    expect(refusal(rolloutCreateInput, { ...rollout, soakMinutes: 'veel' })).toEqual({
      soakMinutes: { key: 'validation.integerRange', params: { min: 0, max: 7 * 24 * 60 } },
    });
  });
});
