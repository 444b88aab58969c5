import {
  formatDate,
  formatDateTime,
  formatEuro,
  formatHourMinute,
  formatKw,
  formatKwh,
  formatMessage,
  formatMonthYear,
  formatNumber,
  formatQuantity,
  formatReading,
  formatTime,
  type Locale,
  type MessageKey,
  type Params,
} from '@ilumen/i18n';
import { createContext, type ReactNode, useContext, useMemo } from 'react';

interface I18nValue {
  locale: Locale;
  messages: Record<string, string>;
}

const I18nContext = createContext<I18nValue>({ locale: 'nl', messages: {} });

/**
 * Every message this browser tab has received, per language: the root loader sends only the namespaces of the
 * routes of the page asked for (decision 171), so a page reached later adds its own and keeps the others'.
 */
const received = new Map<Locale, Record<string, string>>();

/** The root loader sends the messages of the page's routes; components translate with `useT()`. */
export function I18nProvider({ locale, messages, children }: I18nValue & { children: ReactNode }) {
  const value = useMemo(() => {
    if (typeof document === 'undefined') return { locale, messages };
    const all = { ...received.get(locale), ...messages };
    received.set(locale, all);
    return { locale, messages: all };
  }, [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}

export type T = ((key: MessageKey | (string & {}), params?: Params) => string) & {
  /** Whether the page has a text for this key (a code's own text, else it is shown as sent). */
  has(key: string): boolean;
};

export function useT(): T {
  const { locale, messages } = useContext(I18nContext);
  return useMemo(
    () =>
      Object.assign((key: string, params?: Params) => formatMessage(locale, messages[key] ?? key, params), {
        has: (key: string) => key in messages,
      }),
    [locale, messages],
  );
}

/** Numbers, money and dates in the reader's language, all from `@ilumen/i18n`'s format module (decision 102). */
export function useFormat() {
  const locale = useLocale();
  return useMemo(
    () => ({
      number: (v: number, digits = 0) => formatNumber(locale, v, digits),
      quantity: (v: number, unit: string, digits = 0) => formatQuantity(locale, v, unit, digits),
      reading: (text: string, status?: (s: string) => string) => formatReading(locale, text, status),
      monthYear: (v: Date | string) => formatMonthYear(locale, v),
      hourMinute: (v: Date | string) => formatHourMinute(locale, v),
      kw: (w: number) => formatKw(locale, w),
      kwh: (wh: number) => formatKwh(locale, wh),
      euro: (v: string | number) => formatEuro(locale, v),
      date: (v: Date | string) => formatDate(locale, v),
      dateTime: (v: Date | string) => formatDateTime(locale, v),
      time: (v: Date | string) => formatTime(locale, v),
    }),
    [locale],
  );
}
