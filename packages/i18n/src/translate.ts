import type { Locale } from './locale';
import { formatMessage, type Params } from './message-format';
import { en, fr, type MessageKey, type Messages, nl } from './messages/index';

/**
 * The whole catalog of every language, for the server. A page gets only the messages its routes use (decision 171):
 * nothing the pages' script imports may import this module (`message-format.ts` and `codes.ts` do not).
 */
export const catalogs: Record<Locale, Messages> = { nl, fr, en };

/** A message in the given language with its arguments filled in. Unknown keys come back as the key itself. */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
  const template =
    (catalogs[locale] as Record<string, string>)[key] ?? (nl as Record<string, string>)[key] ?? key;
  return formatMessage(locale, template, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return key in nl;
}

export type Translator = ((key: MessageKey | string, params?: Params) => string) & {
  /** Whether the catalog has this key (a code's own text, or shown as sent). */
  has(key: string): boolean;
};

export function translator(locale: Locale): Translator {
  return Object.assign((key: string, params?: Params) => translate(locale, key, params), {
    has: isMessageKey,
  });
}

/** The messages of the catalog whose keys start with one of the namespaces (`console` holds `console.x.y`). */
export function messagesOf(locale: Locale, namespaces: Iterable<string>): Record<string, string> {
  const wanted = new Set(namespaces);
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(catalogs[locale]))
    if (wanted.has(key.slice(0, key.indexOf('.')))) out[key] = text;
  return out;
}
