import { CompositeChart } from '@mantine/charts';
import { Text } from '@mantine/core';
import { BucketTable } from '~/components/modules/bucket-table';
import { bucketLabel, type PeriodKind } from '~/components/modules/period-nav';
import { useFormat, useLocale, useT } from '~/lib/i18n';

export interface ChartBucket {
  label: string;
  importWh: number;
  exportWh: number;
  netWh: number;
  productionWh: number;
  /** Quarters with grid data: a bucket with none (a day still to come, a gap) is left empty, not drawn as zero. */
  gridQuarters: number;
}

/**
 * The overview chart as the manual draws it: per bucket a red bar (net import, up) or a green bar (net export, down)
 * and the orange production curve, in kWh. A hidden table gives screen readers the same numbers.
 */
export function EnergyChart({
  kind,
  buckets,
  caption,
}: {
  kind: PeriodKind;
  buckets: ChartBucket[];
  caption: string;
}) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const data = buckets.map((b) => {
    const empty = b.gridQuarters === 0 && b.importWh === 0 && b.exportWh === 0 && b.productionWh === 0;
    return {
      label: bucketLabel(kind, b.label, locale),
      netImport: empty ? null : b.netWh > 0 ? b.netWh / 1000 : 0,
      netExport: empty ? null : b.netWh < 0 ? b.netWh / 1000 : 0,
      production: empty ? null : b.productionWh / 1000,
    };
  });
  return (
    <>
      <div aria-hidden="true">
        <CompositeChart
          h={260}
          data={data}
          dataKey="label"
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          maxBarWidth={28}
          curveType="monotone"
          withDots={false}
          yAxisLabel="kWh"
          yAxisProps={{ width: 48 }}
          valueFormatter={(v) => f.number(v, 2)}
          composedChartProps={{ stackOffset: 'sign' }}
          barProps={{ stackId: 'net' }}
          series={[
            { name: 'netImport', label: t('energy.live.netImport'), color: 'red.6', type: 'bar' },
            { name: 'netExport', label: t('energy.live.netExport'), color: 'green.6', type: 'bar' },
            {
              name: 'production',
              label: t('energy.overview.productionCurve'),
              color: 'orange.6',
              type: 'line',
            },
          ]}
        />
      </div>
      <BucketTable
        caption={caption}
        kind={kind}
        buckets={buckets}
        columns={[
          { label: t('energy.import'), value: (b) => f.kwh(b.importWh) },
          { label: t('energy.export'), value: (b) => f.kwh(b.exportWh) },
          { label: t('energy.production'), value: (b) => f.kwh(b.productionWh) },
        ]}
      />
      {buckets.every((b) => b.importWh === 0 && b.exportWh === 0 && b.productionWh === 0) ? (
        <Text size="sm" c="dimmed" ta="center">
          {t('energy.overview.empty')}
        </Text>
      ) : null}
    </>
  );
}
