import { Alert, Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@remix-run/react';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { useSwipe } from '~/lib/use-swipe';
import { type ChartBucket, EnergyChart } from './energy-chart';
import { PeriodTotals } from './period-totals';

export interface OverviewData {
  siteId: number;
  period: { kind: 'day' | 'week' | 'month' | 'year'; key: string; firstDay: string; lastDay: string };
  previousDate: string;
  nextDate: string | null;
  buckets: Array<ChartBucket & { expectedQuarters: number }>;
  totals: { importWh: number; exportWh: number; productionWh: number };
  cost: { netEur: string; daysWithoutTariff: number };
}

function periodTitle(
  p: OverviewData['period'],
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
 * "Overzicht": day, week, month and year charts, previous/next period with buttons or a swipe, totals and cost
 * underneath. The period lives in the URL (`?period=week&date=2026-11-23`), so every view can be linked and reloaded.
 */
export function Overview({ data, basePath }: { data: OverviewData; basePath: string }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const navigate = useNavigate();
  const href = (period: string, date: string) => `${basePath}?period=${period}&date=${date}`;
  const swipe = useSwipe(
    () => navigate(href(data.period.kind, data.previousDate)),
    () => {
      if (data.nextDate) navigate(href(data.period.kind, data.nextDate));
    },
  );
  const expected = data.buckets.reduce((s, b) => s + b.expectedQuarters, 0);
  const present = data.buckets.reduce((s, b) => s + b.gridQuarters, 0);
  const percent = expected > 0 ? Math.round((present / expected) * 100) : 0;
  const title = periodTitle(data.period, locale, t, f);

  return (
    <Stack {...swipe}>
      <SegmentedControl
        fullWidth
        aria-label={t('energy.overview.title')}
        value={data.period.kind}
        onChange={(v) => navigate(href(v, data.period.firstDay))}
        data={(['day', 'week', 'month', 'year'] as const).map((k) => ({
          value: k,
          label: t(`energy.overview.${k}`),
        }))}
      />
      <Group justify="space-between" wrap="nowrap">
        <Button
          component={Link}
          to={href(data.period.kind, data.previousDate)}
          variant="subtle"
          aria-label={t('energy.overview.previous')}
          prefetch="intent"
        >
          ‹
        </Button>
        <Title order={2} size="h5" ta="center" data-testid="period-title">
          {title.charAt(0).toUpperCase() + title.slice(1)}
        </Title>
        {data.nextDate ? (
          <Button
            component={Link}
            to={href(data.period.kind, data.nextDate)}
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
      <EnergyChart kind={data.period.kind} buckets={data.buckets} caption={title} />
      {present > 0 && percent < 100 ? (
        <Alert color="yellow" variant="light">
          {t('energy.overview.incomplete', { percent })}
        </Alert>
      ) : null}
      <PeriodTotals totals={data.totals} cost={data.cost} />
      <Text size="xs" c="dimmed" ta="center" hiddenFrom="sm">
        {t('energy.overview.swipe')}
      </Text>
    </Stack>
  );
}
