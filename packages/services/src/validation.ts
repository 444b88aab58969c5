import { validateEan } from '@ilumen/fluvius/ean';
import { isMessageKey } from '@ilumen/i18n';
import { z } from 'zod';
import { AppError, type FieldError } from './errors';

/**
 * Input schemas are shared by forms (strings), tRPC and seeds. Failures become field errors with message keys, so
 * each person reads them in their own language. Custom refinements put a message key in `message`.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const absentIfBlank = (v: unknown) => (v === null ? undefined : blankToUndefined(v));
const trim = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

export const text = (max: number, min = 1) => z.preprocess(trim, z.string().min(min).max(max));
export const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.preprocess(trim, z.string().max(max)).optional());
export const email = () =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.email().max(254));
const toNumber = (v: unknown) => {
  const b = blankToUndefined(v);
  return typeof b === 'string' ? Number(b.trim().replace(',', '.')) : b;
};
export const intRange = (min: number, max: number) =>
  z.preprocess(
    toNumber,
    z.custom<number>((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max, {
      message: 'validation.integerRange',
      params: { min, max },
    }),
  );
/** A number (a decimal comma is fine) from `min` to `max`; the message says the range. */
export const numberRange = (min: number, max: number) =>
  z.preprocess(
    toNumber,
    z.custom<number>((v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max, {
      message: 'validation.numberRange',
      params: { min, max },
    }),
  );
/** A checkbox or JSON boolean: 'on', 'true', '1' are true; 'false', '0', '' are false. */
export const bool = () =>
  z.preprocess((v) => {
    if (typeof v === 'string') return ['on', 'true', '1', 'yes'].includes(v.toLowerCase());
    if (typeof v === 'number') return v !== 0;
    return v;
  }, z.boolean());
export const id = () => z.coerce.number().int().positive();

/**
 * A list's query string (a console table's search form, a tRPC list call): every field given empty ("sort=",
 * "status=", "page=") counts as not given, so it takes its default or filters nothing. A search form posts each of its
 * fields as it stands, so an empty one must never become a refusal.
 */
export function listQuery<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, schema]) => [key, z.preprocess(absentIfBlank, schema as z.ZodType)]),
  );
  return z.object(fields as unknown as { [K in keyof S]: z.ZodType<z.output<S[K]>, unknown> });
}
/** Page number and size of a list, each from 1. */
export const paging = (defaultPageSize: number, maxPageSize = 100) => ({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(maxPageSize).default(defaultPageSize),
});
/** A list's sort column (one of `columns`, else the default) and direction ("1" or "true" is descending). */
export const sorting = <const C extends readonly [string, ...string[]]>(
  columns: C,
  defaultColumn: C[number],
  defaultDesc = false,
) => ({
  sort: z.enum(columns).catch(defaultColumn as never),
  desc: z.preprocess(
    (v) => (v === undefined ? defaultDesc : v === true || v === 'true' || v === '1'),
    z.boolean(),
  ),
});
export const localDate = () =>
  z.preprocess(
    trim,
    z
      .string()
      .refine(
        (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
        'validation.date',
      ),
  );

const knownTimeZones = new Set(Intl.supportedValuesOf('timeZone'));
knownTimeZones.add('UTC');
export const timezone = () =>
  z.preprocess(
    trim,
    z.string().refine((v) => knownTimeZones.has(v), 'validation.timezone'),
  );

const COMMON_PASSWORDS = new Set([
  'password123',
  'wachtwoord1',
  'wachtwoord123',
  'azerty1234',
  'qwerty1234',
  '1234567890',
  'motdepasse1',
  'welkom12345',
  'ilumen12345',
  'iloveyou123',
  'passw0rd123',
  'abcdefghij1',
  'zonnepaneel1',
]);

/** At least 10 characters with letters and digits, or a passphrase of 16+ characters; not a well-known one. */
export const password = () =>
  z
    .string()
    .max(200)
    .superRefine((v, ctx) => {
      const strong = v.length >= 16 || (v.length >= 10 && /\p{L}/u.test(v) && /\d/.test(v));
      if (!strong || new Set(v).size < 5)
        ctx.addIssue({ code: 'custom', message: 'validation.passwordWeak' });
      else if (COMMON_PASSWORDS.has(v.toLowerCase()))
        ctx.addIssue({ code: 'custom', message: 'validation.passwordCommon' });
    });

function issueToFieldError(issue: z.core.$ZodIssue, input: unknown): FieldError {
  const raw = issue.path.reduce<unknown>(
    (value, key) =>
      value && typeof value === 'object'
        ? (value as Record<PropertyKey, unknown>)[key as PropertyKey]
        : undefined,
    input,
  );
  const missing = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  // a schema that names its own message (`.regex(re, 'firmware.url')`) says it better than the generic one
  if (!missing && issue.code !== 'custom' && isMessageKey(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? { key: 'validation.required' }
          : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } };
      if (issue.origin === 'number')
        return issue.inclusive === false
          ? { key: 'validation.greaterThan', params: { min: Number(issue.minimum) } }
          : { key: 'validation.atLeast', params: { min: Number(issue.minimum) } };
      return { key: 'validation.required' };
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'number')
        return { key: 'validation.atMost', params: { max: Number(issue.maximum) } };
      return { key: 'validation.tooMany', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'validation.email' } : { key: 'validation.form' };
    case 'invalid_type':
      if (missing) return { key: 'validation.required' };
      return issue.expected === 'number' ? { key: 'validation.number' } : { key: 'validation.choice' };
    case 'invalid_value':
    case 'invalid_union':
      return missing ? { key: 'validation.required' } : { key: 'validation.choice' };
    case 'custom':
      return {
        key: (issue.message as FieldError['key']) ?? 'validation.form',
        params: issue.params as FieldError['params'],
      };
    default:
      return { key: 'validation.form' };
  }
}

/**
 * The form field a problem belongs to: a list's item (`waves.2`, `serials.0`) is the list's field, which is the input
 * the person typed it in.
 */
function fieldOf(path: readonly PropertyKey[]): string {
  const end = path.findIndex((k) => typeof k === 'number');
  return (end === -1 ? path : path.slice(0, end)).map(String).join('.') || '_';
}

/** Turns a zod failure into the AppError a form shows: one message per field (the first problem of each). */
export function validationError(error: z.ZodError, input: unknown): AppError {
  const fields: Record<string, FieldError> = {};
  for (const issue of error.issues) {
    const path = fieldOf(issue.path);
    if (!fields[path]) fields[path] = issueToFieldError(issue, input);
  }
  return new AppError('validation', 'validation.form', {}, fields);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, input);
  return result.data;
}

const EAN_KEYS = {
  'ean.non_digit': 'validation.ean.digits',
  'ean.length': 'validation.ean.length',
  'ean.not_belgian': 'validation.ean.prefix',
  'ean.check_digit': 'validation.ean.checkDigit',
} as const;

/** An electricity connection's EAN-18: separators dropped, one message per fault. */
export const ean = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v)),
    z
      .string()
      .min(1)
      .transform((input, ctx) => {
        const result = validateEan(input);
        if (result.ok) return result.ean;
        ctx.addIssue({ code: 'custom', message: EAN_KEYS[result.fault.code] });
        return z.NEVER;
      }),
  );
