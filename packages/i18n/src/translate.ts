import type { Locale } from './locale';
import { en, fr, type MessageKey, type Messages, nl } from './messages/index';

export const catalogs: Record<Locale, Messages> = { nl, fr, en };

export type Params = Record<string, string | number>;

/** A message in the given language with `{name}` placeholders filled in. Unknown keys come back as the key itself. */
export function translate(locale: Locale, key: MessageKey | string, params?: Params): string {
  const template =
    (catalogs[locale] as Record<string, string>)[key] ?? (nl as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return key in nl;
}

export type Translator = (key: MessageKey | string, params?: Params) => string;

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}
