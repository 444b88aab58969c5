import { Alert } from '@mantine/core';
import { type PeriodFrame, PeriodNav, periodTitle } from '~/components/modules/period-nav';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { type ChartBucket, EnergyChart } from './energy-chart';
import { PeriodTotals } from './period-totals';

export interface OverviewData extends PeriodFrame {
  siteId: number;
  buckets: Array<ChartBucket & { expectedQuarters: number }>;
  totals: { importWh: number; exportWh: number; productionWh: number };
  cost: { netEur: string; daysWithoutTariff: number };
}

/**
 * "Overzicht": day, week, month and year charts, previous/next period with buttons or a swipe, totals and cost
 * underneath. The period lives in the URL (`?period=week&date=2026-11-23`), so every view can be linked and reloaded.
 */
export function Overview({ data, basePath }: { data: OverviewData; basePath: string }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const expected = data.buckets.reduce((s, b) => s + b.expectedQuarters, 0);
  const present = data.buckets.reduce((s, b) => s + b.gridQuarters, 0);
  const percent = expected > 0 ? Math.round((present / expected) * 100) : 0;
  const title = periodTitle(data.period, locale, t, f);
  const kinds = ['day', 'week', 'month', 'year'] as const;

  return (
    <PeriodNav frame={data} basePath={basePath} kinds={kinds} label={t('energy.overview.title')}>
      <EnergyChart kind={data.period.kind} buckets={data.buckets} caption={title} />
      {present > 0 && percent < 100 ? (
        <Alert color="yellow" variant="light">
          {t('energy.overview.incomplete', { percent })}
        </Alert>
      ) : null}
      <PeriodTotals totals={data.totals} cost={data.cost} />
    </PeriodNav>
  );
}
