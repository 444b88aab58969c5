import { BarChart, LineChart } from '@mantine/charts';
import { Stack, Text, Title } from '@mantine/core';
import type { LiveSnapshotView } from '~/components/energy/live-circles';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { BucketTable } from './bucket-table';
import { DeviceModule } from './device-module';
import { Figures } from './figures';
import { bucketLabel, type PeriodFrame } from './period-nav';
import type { Fault } from './status-badge';

export interface BatteryData extends PeriodFrame {
  siteId: number;
  batteries: Array<{ id: number; model: string; serial: string; status: string | null; fault: Fault | null }>;
  buckets: Array<{
    start: string;
    label: string;
    storedWh: number;
    deliveredWh: number;
    socPct: number | null;
    savingEur: string;
  }>;
  soc: Array<{ at: string; socPct: number }>;
  totals: { storedWh: number; deliveredWh: number; savingEur: string; daysWithoutTariff: number };
}

/**
 * The iLubat page (manual 3B): the state of charge through the day, and under it the energy stored that day and
 * what it saved at the import tariff; per week, month and year the energy stored and given back.
 */
export function BatteryView({ data, live }: { data: BatteryData; live: LiveSnapshotView | null }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const kind = data.period.kind;
  const liveBattery = live?.live.battery;
  return (
    <DeviceModule
      type="battery"
      product="iLubat"
      devices={data.batteries}
      noneText={t('modules.battery.none')}
      live={
        liveBattery
          ? {
              status: liveBattery.status,
              now: t('modules.battery.socNow', { soc: f.number(liveBattery.socPct, 0) }),
              testId: 'battery-soc-now',
            }
          : null
      }
      frame={data}
      basePath={`/app/sites/${data.siteId}/battery`}
    >
      {kind === 'day' ? (
        <Stack gap={4}>
          <Title order={3} size="h6">
            {t('modules.battery.soc')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('modules.battery.socHint')}
          </Text>
          <div aria-hidden="true">
            <LineChart
              h={240}
              data={data.soc.map((p) => ({ time: f.time(p.at).slice(0, 5), soc: p.socPct }))}
              dataKey="time"
              yAxisProps={{ domain: [0, 100] }}
              unit={'\u00a0%'}
              withDots={false}
              curveType="monotone"
              series={[{ name: 'soc', label: t('modules.battery.soc'), color: 'green.6' }]}
            />
          </div>
          {data.soc.length === 0 ? (
            <Text size="sm" c="dimmed" ta="center">
              {t('modules.empty')}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <div aria-hidden="true">
          <BarChart
            h={240}
            data={data.buckets.map((b) => ({
              label: bucketLabel(kind, b.label, locale),
              stored: b.storedWh / 1000,
              delivered: b.deliveredWh / 1000,
            }))}
            dataKey="label"
            unit={'\u00a0kWh'}
            yAxisProps={{ width: 64 }}
            valueFormatter={(v) => f.number(v, 2)}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            series={[
              { name: 'stored', label: t('modules.battery.stored'), color: 'green.6' },
              { name: 'delivered', label: t('modules.battery.delivered'), color: 'blue.6' },
            ]}
          />
        </div>
      )}
      <BucketTable
        caption={t('modules.battery.title')}
        kind={kind}
        buckets={data.buckets}
        columns={[
          { label: t('modules.battery.stored'), value: (b) => f.kwh(b.storedWh) },
          { label: t('modules.battery.delivered'), value: (b) => f.kwh(b.deliveredWh) },
          {
            label: t('modules.battery.soc'),
            value: (b) => (b.socPct === null ? '–' : `${f.number(b.socPct, 1)} %`),
          },
        ]}
      />
      <Figures
        items={[
          {
            label: t('modules.battery.stored'),
            value: f.kwh(data.totals.storedWh),
            color: 'green.7',
            testId: 'battery-stored',
          },
          {
            label: t('modules.battery.delivered'),
            value: f.kwh(data.totals.deliveredWh),
            color: 'blue.7',
            testId: 'battery-delivered',
          },
          {
            label: t('modules.battery.saving'),
            value: f.euro(data.totals.savingEur),
            testId: 'battery-saving',
            hint:
              data.totals.daysWithoutTariff > 0
                ? t('modules.battery.noTariff')
                : t('modules.battery.savingHint'),
          },
        ]}
      />
    </DeviceModule>
  );
}
