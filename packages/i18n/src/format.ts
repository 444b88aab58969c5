import { INTL_TAG, type Locale } from './locale';

export const TIME_ZONE = 'Europe/Brussels';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], options);
    cache.set(key, f);
  }
  return f;
}
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_TAG[locale], { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

export function formatNumber(locale: Locale, value: number, fractionDigits = 0): string {
  return numberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Watts shown as kW with two decimals ("1,23 kW"). */
export function formatKw(locale: Locale, watts: number): string {
  return `${formatNumber(locale, watts / 1000, 2)} kW`;
}

export function formatW(locale: Locale, watts: number): string {
  return `${formatNumber(locale, watts, 0)} W`;
}

/** Watt-hours shown as kWh with two decimals ("15,39 kWh"). */
export function formatKwh(locale: Locale, wh: number): string {
  return `${formatNumber(locale, wh / 1000, 2)} kWh`;
}

/** Euros from a decimal string or number ("€ 43,45" in Dutch, "43,45 €" in French). */
export function formatEuro(locale: Locale, amount: string | number, fractionDigits = 2): string {
  return numberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(typeof amount === 'string' ? Number(amount) : amount);
}

export function formatDate(locale: Locale, value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T12:00:00Z` : value) : value;
  return dateFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
}

export function formatDateTime(locale: Locale, value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

export function formatTime(locale: Locale, value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(
    d,
  );
}

/** A clock time without seconds, `02:00` (Brussels time), for windows and schedules. */
export function formatHourMinute(locale: Locale, value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}
