import { CompositeChart } from '@mantine/charts';
import { Alert, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { LiveSnapshotView } from '~/components/energy/live-circles';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { DeviceHeader } from './device-header';
import { Figures } from './figures';
import { bucketLabel, type PeriodFrame, PeriodNav } from './period-nav';
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
  if (data.boilers.length === 0) return <Alert color="gray">{t('modules.heat.none')}</Alert>;
  const liveHeat = live?.live.heat;
  const kind = data.period.kind;
  return (
    <Stack>
      {data.boilers.map((b) => (
        <DeviceHeader
          key={b.id}
          type="heat"
          product="iLuheat"
          device={b}
          status={(data.boilers.length === 1 ? liveHeat?.status : undefined) ?? b.status}
          now={
            liveHeat && data.boilers.length === 1 ? (
              <Text fw={700} data-testid="heat-temp-now">
                {t('modules.heat.tempNow', { temp: f.number(liveHeat.tempC, 1) })}
              </Text>
            ) : null
          }
        />
      ))}
      <PeriodNav
        frame={data}
        basePath={`/app/sites/${data.siteId}/heat`}
        kinds={['day', 'week', 'month', 'year']}
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
        <VisuallyHidden>
          <table>
            <caption>{t('modules.heat.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('modules.heat.consumption')}</th>
                <th scope="col">{t('modules.heat.avgTemp')}</th>
              </tr>
            </thead>
            <tbody>
              {data.buckets.map((b) => (
                <tr key={b.start}>
                  <th scope="row">{b.label}</th>
                  <td>{f.kwh(b.consumptionWh)}</td>
                  <td>{b.avgTempC === null ? '–' : `${f.number(b.avgTempC, 1)} °C`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </VisuallyHidden>
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
      </PeriodNav>
    </Stack>
  );
}
