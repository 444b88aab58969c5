import { CompositeChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { LiveSnapshotView } from '~/components/energy/live-circles';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { BucketTable } from './bucket-table';
import { DeviceModule } from './device-module';
import { Figures } from './figures';
import { bucketLabel, type PeriodFrame } from './period-nav';
import type { Fault } from './status-badge';

export interface HeatData extends PeriodFrame {
  siteId: number;
  boilers: Array<{ id: number; model: string; serial: string; status: string | null; fault: Fault | null }>;
  buckets: Array<{ start: string; label: string; consumptionWh: number; avgTempC: number | null }>;
  totals: { consumptionWh: number; avgTempC: number | null };
}

/** The iLuheat page (manual 3C): the boiler's consumption (bars) and its average temperature (line) per period. */
export function HeatView({ data, live }: { data: HeatData; live: LiveSnapshotView | null }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const liveHeat = live?.live.heat;
  const kind = data.period.kind;
  return (
    <DeviceModule
      type="heat"
      product="iLuheat"
      devices={data.boilers}
      noneText={t('modules.heat.none')}
      live={
        liveHeat
          ? {
              status: liveHeat.status,
              now: t('modules.heat.tempNow', { temp: f.number(liveHeat.tempC, 1) }),
              testId: 'heat-temp-now',
            }
          : null
      }
      frame={data}
      basePath={`/app/sites/${data.siteId}/heat`}
    >
      <div aria-hidden="true">
        <CompositeChart
          h={260}
          data={data.buckets.map((b) => ({
            label: bucketLabel(kind, b.label, locale),
            consumption: b.consumptionWh / 1000,
            temp: b.avgTempC,
          }))}
          dataKey="label"
          withLegend
          withRightYAxis
          legendProps={{ verticalAlign: 'bottom' }}
          maxBarWidth={28}
          withDots={false}
          curveType="monotone"
          connectNulls
          valueFormatter={(v) => f.number(v, 1)}
          series={[
            {
              name: 'consumption',
              label: `${t('modules.heat.consumption')} (kWh)`,
              color: 'orange.6',
              type: 'bar',
            },
            {
              name: 'temp',
              label: `${t('modules.heat.avgTemp')} (°C)`,
              color: 'red.7',
              type: 'line',
              yAxisId: 'right',
            },
          ]}
        />
      </div>
      <BucketTable
        caption={t('modules.heat.title')}
        kind={kind}
        buckets={data.buckets}
        columns={[
          { label: t('modules.heat.consumption'), value: (b) => f.kwh(b.consumptionWh) },
          {
            label: t('modules.heat.avgTemp'),
            value: (b) => (b.avgTempC === null ? '–' : `${f.number(b.avgTempC, 1)} °C`),
          },
        ]}
      />
      {data.buckets.every((b) => b.consumptionWh === 0 && b.avgTempC === null) ? (
        <Text size="sm" c="dimmed" ta="center">
          {t('modules.empty')}
        </Text>
      ) : null}
      <Figures
        items={[
          {
            label: t('modules.heat.consumption'),
            value: f.kwh(data.totals.consumptionWh),
            color: 'orange.7',
            testId: 'heat-consumption',
          },
          {
            label: t('modules.heat.avgTemp'),
            value: data.totals.avgTempC === null ? '–' : `${f.number(data.totals.avgTempC, 1)} °C`,
            color: 'red.7',
            testId: 'heat-avg-temp',
          },
        ]}
      />
    </DeviceModule>
  );
}
