import { INTL_TAG, type Locale } from './locale';

export const TIME_ZONE = 'Europe/Brussels';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    // A value that rounds to zero reads "0,00", never "−0,00" (an export of 3 W shown in kW).
    f = new Intl.NumberFormat(INTL_TAG[locale], { signDisplay: 'negative', ...options });
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

/** The true minus sign (U+2212), as typesetting writes a negative number; Intl gives a hyphen. */
export const MINUS = '\u2212';

/**
 * A number in the page's language ("1.234,5"; "1 234,5" in French), negative with a true minus sign. Every number,
 * amount and unit on a page goes through this module (decision 102): one decimal separator per page.
 */
export function formatNumber(locale: Locale, value: number, fractionDigits = 0): string {
  const text = numberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
  return text.replace('-', MINUS);
}

/**
 * A number with its unit ("232,2 V", "16 A", "55,0 °C"), a no-break space between them: a value never wraps away from
 * its unit on a phone ("75,40" over "kWh").
 */
export function formatQuantity(locale: Locale, value: number, unit: string, fractionDigits = 0): string {
  return `${formatNumber(locale, value, fractionDigits)}\u00a0${unit}`;
}

/** Watts shown as kW with two decimals ("1,23 kW"). */
export function formatKw(locale: Locale, watts: number): string {
  return formatQuantity(locale, watts / 1000, 'kW', 2);
}

export function formatW(locale: Locale, watts: number): string {
  return formatQuantity(locale, watts, 'W', 0);
}

/** Watt-hours shown as kWh with two decimals ("15,39 kWh"). */
export function formatKwh(locale: Locale, wh: number): string {
  return formatQuantity(locale, wh / 1000, 'kWh', 2);
}

/**
 * Euros from a decimal string or number ("€ 43,45" in Dutch, "43,45 €" in French, "€43,45" in English), with the
 * decimal and thousands separators of the page's numbers (CLDR's English-in-Belgium currency pattern would write
 * "€6.94" beside "20,54 kWh") and a true minus sign.
 */
export function formatEuro(locale: Locale, amount: string | number, fractionDigits = 2): string {
  const digits = { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  const symbols = separators(locale);
  return numberFormat(locale, { style: 'currency', currency: 'EUR', ...digits })
    .formatToParts(typeof amount === 'string' ? Number(amount) : amount)
    .map((part) =>
      part.type === 'decimal'
        ? symbols.decimal
        : part.type === 'group'
          ? symbols.group
          : part.type === 'minusSign'
            ? MINUS
            : part.value,
    )
    .join('');
}

const separatorCache = new Map<Locale, { decimal: string; group: string }>();
function separators(locale: Locale): { decimal: string; group: string } {
  let s = separatorCache.get(locale);
  if (!s) {
    const parts = numberFormat(locale, { minimumFractionDigits: 1 }).formatToParts(12345.5);
    s = {
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? ',',
      group: parts.find((p) => p.type === 'group')?.value ?? '.',
    };
    separatorCache.set(locale, s);
  }
  return s;
}

/** A month as the language writes it: "december 2026", "décembre 2026", "December 2026" (Brussels calendar). */
export function formatMonthYear(locale: Locale, value: Date | string): string {
  const d =
    typeof value === 'string'
      ? new Date(value.length <= 10 ? `${value.slice(0, 7)}-15T12:00:00Z` : value)
      : value;
  return dateFormat(locale, { month: 'long', year: 'numeric' }).format(d);
}

/**
 * A reading stored or sent in a neutral form ("232.2 V", "1500 W · 45 %", "Laden") in the page's number format;
 * `status` names a device status in the reader's language (for a reading that is one).
 */
export function formatReading(locale: Locale, reading: string, status?: (s: string) => string): string {
  const numbers = reading.replace(
    /(-?\d+(?:\.(\d+))?)(?=\s?(?:V|A|W|kW|kWh|%|°C)\b|\s?°C)/g,
    (_, n: string, frac?: string) => formatNumber(locale, Number(n), frac ? frac.length : 0),
  );
  if (!status) return numbers;
  return numbers
    .replace(/\(([^()]+)\)/g, (_, s: string) => `(${status(s)})`)
    .replace(/^[A-Z][\p{L}/ ]+$/u, (s) => status(s));
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
