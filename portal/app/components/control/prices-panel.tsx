import { Alert, Badge, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export interface PricesData {
  siteId: number;
  granted: boolean;
  enabled: boolean;
  hours: number;
  days: Array<{
    day: string;
    published: boolean;
    minutes: 15 | 60 | null;
    hourly: Array<{ start: string; label: string; eurPerMwh: number }>;
    planned: Array<{ start: string; end: string; eurPerMwh: number }> | null;
    meanEurPerMwh: number | null;
  }>;
}

/** Hourly prices as bars (negative ones below the axis), the planned hours in the brand colour. */
function PriceChart({
  hourly,
  planned,
  label,
}: {
  hourly: PricesData['days'][number]['hourly'];
  planned: Set<string>;
  label: string;
}) {
  const w = 24;
  const height = 160;
  const max = Math.max(10, ...hourly.map((h) => h.eurPerMwh));
  const min = Math.min(0, ...hourly.map((h) => h.eurPerMwh));
  const y = (v: number) => ((max - v) / (max - min)) * height;
  return (
    <svg
      viewBox={`0 0 ${hourly.length * w} ${height + 18}`}
      width="100%"
      role="img"
      aria-label={label}
      data-testid="price-chart"
    >
      <line x1={0} x2={hourly.length * w} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-5)" />
      {hourly.map((h, i) => {
        const top = Math.min(y(h.eurPerMwh), y(0));
        const isPlanned = planned.has(h.start);
        return (
          <g key={h.start}>
            <rect
              x={i * w + 3}
              y={top}
              width={w - 6}
              height={Math.max(1, Math.abs(y(h.eurPerMwh) - y(0)))}
              rx={2}
              fill={isPlanned ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-gray-4)'}
              data-planned={isPlanned || undefined}
            >
              <title>{`${h.label}: ${h.eurPerMwh} €/MWh`}</title>
            </rect>
            {i % 3 === 0 ? (
              <text
                x={i * w + w / 2}
                y={height + 14}
                fontSize={10}
                textAnchor="middle"
                fill="var(--mantine-color-dimmed)"
              >
                {h.label.slice(0, 2)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** Today's and tomorrow's day-ahead prices per hour with the hours dynamic charging planned. */
export function PricesPanel({ data }: { data: PricesData }) {
  const t = useT();
  const f = useFormat();
  const tomorrow = data.days[1];
  const [which, setWhich] = useState(tomorrow?.published ? '1' : '0');
  const day = data.days[Number(which)] ?? data.days[0]!;
  const planned = new Set((day.planned ?? []).map((p) => p.start));
  const labelOf = (start: string) => day.hourly.find((h) => h.start === start)?.label ?? start.slice(11, 16);
  return (
    <Stack>
      <Text size="sm">{t('control.prices.intro')}</Text>
      <SegmentedControl
        value={which}
        onChange={setWhich}
        data={[
          { value: '0', label: `${t('control.prices.today')} · ${f.date(data.days[0]!.day)}` },
          { value: '1', label: `${t('control.prices.tomorrow')} · ${f.date(data.days[1]!.day)}` },
        ]}
      />
      {!day.published ? (
        <Alert color="gray" variant="light" data-testid="prices-not-yet">
          {t('control.prices.notYet')}
        </Alert>
      ) : (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              {f.date(day.day)}
            </Title>
            {day.minutes === 15 ? (
              <Badge variant="light" color="gray">
                15 min
              </Badge>
            ) : null}
          </Group>
          <PriceChart hourly={day.hourly} planned={planned} label={t('control.prices.chart')} />
          {day.minutes === 15 ? (
            <Text size="xs" c="dimmed" mt={4}>
              {t('control.prices.quarterly')}
            </Text>
          ) : null}
          {data.granted && data.enabled ? (
            <Text size="sm" mt="sm" data-testid="prices-planned">
              {day.planned && day.planned.length > 0
                ? t('control.prices.plannedHours', {
                    hours: day.planned.map((p) => labelOf(p.start)).join(', '),
                    mean: day.meanEurPerMwh === null ? '—' : f.number(day.meanEurPerMwh, 2),
                  })
                : t('control.prices.noPlan')}
            </Text>
          ) : null}
          <Table mt="sm" striped data-testid="prices-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('control.prices.hour')}</Table.Th>
                <Table.Th ta="right">{t('control.prices.price')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {day.hourly.map((h) => (
                <Table.Tr key={h.start} data-planned={planned.has(h.start) || undefined}>
                  <Table.Td>{h.label}</Table.Td>
                  <Table.Td ta="right">{f.number(h.eurPerMwh, 2)}</Table.Td>
                  <Table.Td>
                    {planned.has(h.start) ? (
                      <Badge color="orange" variant="light" size="sm">
                        {t('control.prices.planned')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
