import { type Locale, translate } from '@ilumen/i18n';
import type { AppError } from '@ilumen/services';

export type TranslationLocale = Locale;

export interface TranslatedError {
  status: number;
  code: string;
  message: string;
  fieldErrors: Record<string, string>;
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
    fieldErrors[field] = translate(locale, fe.key, fe.params);
  return {
    status: error.status,
    code: error.code,
    message: translate(locale, error.messageKey, error.params),
    fieldErrors,
  };
}
