import { LOCALE_NAMES, LOCALES, type Locale } from '@ilumen/i18n';
import { NativeSelect } from '@mantine/core';
import { useFetcher, useLocation } from '@remix-run/react';
import { useLocale, useT } from '~/lib/i18n';

/** Changes the language: stored on the account when logged in, in a cookie otherwise. */
export function LanguageSwitch() {
  const fetcher = useFetcher();
  const locale = useLocale();
  const t = useT();
  const location = useLocation();
  return (
    <NativeSelect
      aria-label={t('common.language')}
      size="xs"
      w={130}
      value={locale}
      data={LOCALES.map((l: Locale) => ({ value: l, label: LOCALE_NAMES[l] }))}
      onChange={(e) =>
        fetcher.submit(
          { locale: e.currentTarget.value, redirectTo: `${location.pathname}${location.search}` },
          { method: 'post', action: '/language' },
        )
      }
    />
  );
}
