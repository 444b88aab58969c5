import { IntlMessageFormat } from 'intl-messageformat';
import { INTL_TAG, type Locale } from './locale';
import { en, fr, type MessageKey, type Messages, nl } from './messages/index';

export const catalogs: Record<Locale, Messages> = { nl, fr, en };

export type Params = Record<string, string | number>;

/**
 * Parsed messages, one per language and text (see docs/decisions/100-icu-messages.md): a page renders hundreds of
 * messages, and parsing is what costs, so each text is parsed once per process. Catalog texts are finite; the cap only
 * guards against a caller that translates free text with braces.
 */
const parsed = new Map<string, IntlMessageFormat | null>();
const PARSED_CAP = 10_000;

function compiled(locale: Locale, template: string): IntlMessageFormat | null {
  const cacheKey = `${locale}\u0000${template}`;
  let format = parsed.get(cacheKey);
  if (format === undefined) {
    try {
      // ignoreTag: a text may hold "<" ("< 5 kW"); no message uses rich-text tags.
      format = new IntlMessageFormat(template, INTL_TAG[locale], undefined, { ignoreTag: true });
    } catch {
      format = null; // not ICU (a raw key or a stray brace): shown as written
    }
    if (parsed.size >= PARSED_CAP) parsed.clear();
    parsed.set(cacheKey, format);
  }
  return format;
}

/** The old `{name}` fill, kept for a text that is not valid ICU or misses an argument: never throws. */
function fillPlain(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * An ICU MessageFormat text in the given language: `{name}` arguments, `{count, plural, one {…} other {…}}` and
 * `{kind, select, …}`. A text without braces is returned as it is (the common case costs a lookup only).
 */
export function formatMessage(locale: Locale, template: string, params?: Params): string {
  if (!template.includes('{')) return template;
  const format = compiled(locale, template);
  if (!format) return params ? fillPlain(template, params) : template;
  try {
    return String(format.format(params ?? {}));
  } catch {
    // A missing argument: keep what can be filled rather than fail the page.
    return params ? fillPlain(template, params) : template;
  }
}

/** A message in the given language with its arguments filled in. Unknown keys come back as the key itself. */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
  const template =
    (catalogs[locale] as Record<string, string>)[key] ?? (nl as Record<string, string>)[key] ?? key;
  return formatMessage(locale, template, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in nl;
}

export type Translator = (key: MessageKey | string, params?: Params) => string;

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
