import { formatMonthYear, type Locale, type Params, translate } from '@ilumen/i18n';
import type { AppError } from '@ilumen/services';

export type TranslationLocale = Locale;

export interface TranslatedError {
  status: number;
  code: string;
  message: string;
  fieldErrors: Record<string, string>;
}

/**
 * A service names a month in an error as `YYYY-MM` (it knows no language); the reader gets its name ("januari 2025").
 */
function namedMonths(locale: Locale, params: Params | undefined): Params | undefined {
  if (!params) return params;
  let out: Params | undefined;
  for (const [name, value] of Object.entries(params))
    if (typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
      out ??= { ...params };
      out[name] = formatMonthYear(locale, value);
    }
  return out ?? params;
}

/** An AppError in the reader's language; anything else is the generic "unexpected" message (details go to the log). */
export function translateAppError(error: AppError | null, locale: Locale): TranslatedError {
  if (!error)
    return {
      status: 500,
      code: 'unexpected',
      message: translate(locale, 'error.unexpected'),
      fieldErrors: {},
    };
  const fieldErrors: Record<string, string> = {};
  for (const [field, fe] of Object.entries(error.fieldErrors))
    fieldErrors[field] = translate(locale, fe.key, namedMonths(locale, fe.params));
  return {
    status: error.status,
    code: error.code,
    message: translate(locale, error.messageKey, namedMonths(locale, error.params)),
    fieldErrors,
  };
}
