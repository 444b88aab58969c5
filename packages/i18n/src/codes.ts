import { isMessageKey, type Params } from './translate';

/** A translator as the server (`translator(locale)`) and the pages (`useT()`) have it. */
type T = (key: string, params?: Params) => string;

/**
 * A device status (a code the gateway sends as the manual names it: "Standby", "Laden", "OK"…) in the reader's
 * language; a type's own word first (a boiler "Laden" is heating), then the general one; an unknown status shows as
 * sent. See docs/decisions/101-codes-translated-at-the-edge.md.
 */
export function deviceStatusText(
  t: T,
  type: string | null | undefined,
  status: string | null | undefined,
): string {
  if (status === null || status === undefined || status === '') return '—';
  const own = `modules.status.${type}.${status}`;
  if (type && isMessageKey(own)) return t(own);
  const general = `device.status.${status}`;
  return isMessageKey(general) ? t(general) : status;
}

/**
 * A device fault's text in the reader's language, from its code (the gateway's Dutch text is only the fallback for a
 * code we do not know).
 */
export function faultText(t: T, code: string | number | null | undefined, sent?: string | null): string {
  if (code === null || code === undefined || code === '') return sent ?? '';
  const key = `fault.text.${Number(code)}`;
  if (isMessageKey(key)) return t(key);
  return sent || t('fault.text.unknown', { code: String(code) });
}
