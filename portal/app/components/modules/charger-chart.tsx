import { BarChart } from '@mantine/charts';
import { Stack, Text } from '@mantine/core';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { BucketTable } from './bucket-table';
import { Figures } from './figures';
import { bucketLabel, type PeriodFrame, PeriodNav } from './period-nav';

export interface ChargerChartData extends PeriodFrame {
  deviceId: number;
  buckets: Array<{ start: string; label: string; energyWh: number; solarWh: number; sessions: number }>;
  totals: { energyWh: number; solarWh: number; sessions: number; km: number };
  ownOnly: boolean;
}

/** Energy charged per day (week, month) or month (year), the solar part stacked under the rest (manual 3D). */
export function ChargerChart({ data }: { data: ChargerChartData }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const kind = data.period.kind;
  return (
    <PeriodNav frame={data} basePath={`/app/chargers/${data.deviceId}`} kinds={['week', 'month', 'year']}>
      <Text size="xs" c="dimmed">
        {t('modules.charger.historyHint')}
      </Text>
      <div aria-hidden="true">
        <BarChart
          h={220}
          type="stacked"
          data={data.buckets.map((b) => ({
            label: bucketLabel(kind, b.label, locale),
            solar: b.solarWh / 1000,
            grid: (b.energyWh - b.solarWh) / 1000,
          }))}
          dataKey="label"
          // a no-break space: the axis wrapped "4,0 kWh" over two lines
          unit={'\u00a0kWh'}
          yAxisProps={{ width: 64 }}
          valueFormatter={(v) => f.number(v, 1)}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          series={[
            { name: 'solar', label: t('csv.chargeSessions.solar'), color: 'yellow.6' },
            { name: 'grid', label: t('energy.import'), color: 'gray.6' },
          ]}
        />
      </div>
      <BucketTable
        caption={t('modules.charger.history')}
        kind={kind}
        buckets={data.buckets}
        columns={[{ label: t('modules.sessions.energy'), value: (b) => f.kwh(b.energyWh) }]}
      />
      <Stack gap={0}>
        <Figures
          items={[
            {
              label: t('modules.sessions.energy'),
              value: f.kwh(data.totals.energyWh),
              testId: 'charged-energy',
            },
            {
              label: t('modules.charger.charged'),
              value: t('modules.charger.chargedValue', { km: f.number(data.totals.km) }),
              testId: 'charged-km',
            },
            {
              label: t('modules.charger.sessions'),
              value: f.number(data.totals.sessions),
              testId: 'charged-sessions',
            },
          ]}
        />
      </Stack>
    </PeriodNav>
  );
}
