import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { useSwipe } from '~/lib/use-swipe';

export type PeriodKind = 'day' | 'week' | 'month' | 'year';

export interface PeriodFrame {
  period: { kind: PeriodKind; key: string; firstDay: string; lastDay: string };
  previousDate: string;
  nextDate: string | null;
}

/** The period in words, as the page's heading says it ("maandag 7 december 2026", "Week 49 · …", "december 2026"). */
export function periodTitle(
  p: PeriodFrame['period'],
  locale: string,
  t: ReturnType<typeof useT>,
  f: ReturnType<typeof useFormat>,
) {
  const tag = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' }[locale] ?? 'nl-BE';
  const d = new Date(`${p.firstDay}T12:00:00Z`);
  if (p.kind === 'day')
    return new Intl.DateTimeFormat(tag, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(d);
  if (p.kind === 'week')
    return `${t('energy.week.label', { week: Number(p.key.split('-W')[1]) })} · ${f.date(p.firstDay)} – ${f.date(p.lastDay)}`;
  if (p.kind === 'month')
    return new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  return p.key;
}

/**
 * Day/week/month/year with previous and next (buttons, or a swipe on a phone), the period in the URL
 * (`?period=week&date=2026-11-23`) so every view can be linked and reloaded: the energy overview and the device pages.
 */
export function PeriodNav({
  frame,
  basePath,
  kinds,
  label,
  children,
}: {
  frame: PeriodFrame;
  basePath: string;
  kinds: readonly PeriodKind[];
  /** What the period choice is named for a screen reader (the overview's "Overzicht"). */
  label?: string;
  children: ReactNode;
}) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const navigate = useNavigate();
  const href = (period: string, date: string) => `${basePath}?period=${period}&date=${date}`;
  const swipe = useSwipe(
    () => navigate(href(frame.period.kind, frame.previousDate)),
    () => {
      if (frame.nextDate) navigate(href(frame.period.kind, frame.nextDate));
    },
  );
  const heading = periodTitle(frame.period, locale, t, f);
  return (
    <Stack {...swipe}>
      <SegmentedControl
        fullWidth
        aria-label={label}
        value={frame.period.kind}
        onChange={(v) => navigate(href(v, frame.period.firstDay))}
        data={kinds.map((k) => ({ value: k, label: t(`energy.overview.${k}`) }))}
      />
      <Group justify="space-between" wrap="nowrap">
        <Button
          component={Link}
          to={href(frame.period.kind, frame.previousDate)}
          variant="subtle"
          aria-label={t('energy.overview.previous')}
          prefetch="intent"
        >
          ‹
        </Button>
        {/* a sentence: its first letter up, not every word (CSS capitalize wrote "Maandag 7 December") */}
        <Title order={2} size="h5" ta="center" data-testid="period-title">
          {heading.charAt(0).toUpperCase() + heading.slice(1)}
        </Title>
        {frame.nextDate ? (
          <Button
            component={Link}
            to={href(frame.period.kind, frame.nextDate)}
            variant="subtle"
            aria-label={t('energy.overview.next')}
            prefetch="intent"
          >
            ›
          </Button>
        ) : (
          <Button variant="subtle" disabled aria-label={t('energy.overview.next')}>
            ›
          </Button>
        )}
      </Group>
      {children}
      <Text size="xs" c="dimmed" ta="center" hiddenFrom="sm">
        {t('energy.overview.swipe')}
      </Text>
    </Stack>
  );
}

/** The label of a chart bucket: an hour as is, a day as "ma 23", a month as "jan". */
export function bucketLabel(kind: PeriodKind, label: string, locale: string): string {
  const tag = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' }[locale] ?? 'nl-BE';
  if (kind === 'day') return label.slice(0, 5);
  if (kind === 'year')
    return new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' }).format(
      new Date(`${label}-15T12:00:00Z`),
    );
  const d = new Date(`${label}T12:00:00Z`);
  return kind === 'week'
    ? new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(d)
    : String(d.getUTCDate());
}
