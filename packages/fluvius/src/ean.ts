import { z } from 'zod';

/**
 * Belgian EAN-18 (GSRN) of a connection point. Pure: safe to import in the browser.
 *
 * Faults are reported one at a time, in the order a person would fix them: characters first, then length, then the
 * country prefix, then the check digit — so a typo in a digit gives the check-digit message, not a length one.
 */

export const EAN_LENGTH = 18;
export const BELGIAN_EAN_PREFIX = '54';

export const eanErrorCodes = ['ean.non_digit', 'ean.length', 'ean.not_belgian', 'ean.check_digit'] as const;
export type EanErrorCode = (typeof eanErrorCodes)[number];

export type EanFault =
  | { code: 'ean.non_digit'; invalidCharacters: string[] }
  | { code: 'ean.length'; length: number }
  | { code: 'ean.not_belgian'; prefix: string }
  | { code: 'ean.check_digit'; expectedCheckDigit: number; actualCheckDigit: number };

export type EanValidation = { ok: true; ean: string } | { ok: false; normalised: string; fault: EanFault };

/** Separators people type or paste (spaces, non-breaking spaces, dots, dashes) are dropped; nothing else changes. */
export function normaliseEan(input: string): string {
  return input.replace(/[\s.\-\u00a0\u202f]/g, '');
}

/**
 * GS1 mod-10 check digit over the data digits (all but the last of an EAN-18, i.e. 17 digits): from the rightmost
 * data digit leftwards the weights are 3, 1, 3, …
 */
export function computeCheckDigit(dataDigits: string): number {
  if (!/^\d+$/.test(dataDigits)) throw new TypeError('computeCheckDigit expects digits only');
  let sum = 0;
  for (let i = 0; i < dataDigits.length; i++) {
    const digit = dataDigits.charCodeAt(dataDigits.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function validateEan(input: string): EanValidation {
  const normalised = normaliseEan(input);
  const invalidCharacters = [...new Set(normalised.replace(/\d/g, ''))];
  if (invalidCharacters.length > 0) {
    return { ok: false, normalised, fault: { code: 'ean.non_digit', invalidCharacters } };
  }
  if (normalised.length !== EAN_LENGTH) {
    return { ok: false, normalised, fault: { code: 'ean.length', length: normalised.length } };
  }
  if (!normalised.startsWith(BELGIAN_EAN_PREFIX)) {
    return { ok: false, normalised, fault: { code: 'ean.not_belgian', prefix: normalised.slice(0, 2) } };
  }
  const expectedCheckDigit = computeCheckDigit(normalised.slice(0, EAN_LENGTH - 1));
  const actualCheckDigit = Number(normalised[EAN_LENGTH - 1]);
  if (expectedCheckDigit !== actualCheckDigit) {
    return {
      ok: false,
      normalised,
      fault: { code: 'ean.check_digit', expectedCheckDigit, actualCheckDigit },
    };
  }
  return { ok: true, ean: normalised };
}

export function isValidEan(input: string): boolean {
  return validateEan(input).ok;
}

/**
 * For forms and tRPC input: normalises, then fails with the fault code as the issue message and the fault's details
 * in `params`, so the UI can translate it.
 */
export const eanSchema = z.string().transform((input, ctx) => {
  const result = validateEan(input);
  if (result.ok) return result.ean;
  ctx.issues.push({ code: 'custom', message: result.fault.code, params: { ...result.fault }, input });
  return z.NEVER;
});
