import { formatMonthYear, type Locale } from '@ilumen/i18n';
import type { CapacityReport } from '@ilumen/services';
import {
  Accordion,
  Alert,
  Badge,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { SerializeFrom } from '@remix-run/node';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { controllerLabel, decisionText } from './decision-text';

/** The report as the page receives it (dates as strings). */
export type CapacityReportData = SerializeFrom<CapacityReport>;

function monthName(locale: Locale, month: string): string {
  return formatMonthYear(locale, month);
}

/**
 * The capacity report: the 12 monthly peaks with what each counts for, the average the bill uses and the year's
 * estimated cost, and per peak the quarter that made it — what was running, the battery's charge, the decisions — and
 * when peak shaving was on, why it could not prevent it.
 */
export function CapacityReportView({ data }: { data: CapacityReportData }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const kw = (w: number | null) => (w === null ? '—' : f.kw(w));
  return (
    <Stack>
      <Text size="sm">{t('control.capacity.intro')}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            {t('control.capacity.rolling')}
          </Text>
          <Text fw={700} size="xl" data-testid="capacity-average">
            {f.kw(data.rolling.averageW)}
          </Text>
          {data.peakShaving.active ? (
            <Text size="xs" c="dimmed">
              {t('control.capacity.threshold', { threshold: f.kw(data.peakShaving.thresholdW) })}
            </Text>
          ) : null}
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            {t('control.capacity.cost')}
          </Text>
          <Text fw={700} size="xl" data-testid="capacity-cost">
            {f.euro(data.cost.eurPerYear)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('control.capacity.costHint', {
              rate: f.number(Number(data.cost.rate.eurPerKwYear), 2),
              name: data.cost.rate.name,
              month: f.euro(data.cost.eurPerMonth),
            })}
          </Text>
        </Card>
      </SimpleGrid>
      <Accordion variant="separated" data-testid="capacity-months">
        {data.months.map((m) => (
          <Accordion.Item key={m.month} value={m.month}>
            <Accordion.Control disabled={!m.quarter}>
              <Group justify="space-between" wrap="nowrap" pr="xs">
                <div>
                  <Text fw={600} tt="capitalize">
                    {monthName(locale, m.month)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {m.at
                      ? `${t('control.capacity.moment')}: ${f.dateTime(m.quarter?.start ?? m.at)}`
                      : t('control.capacity.noPeak')}
                  </Text>
                  {m.overThreshold ? (
                    <Badge color="orange" variant="light" size="sm" mt={2}>
                      {t('control.capacity.over')}
                    </Badge>
                  ) : null}
                </div>
                <Group gap="xs" wrap="nowrap">
                  <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    <Text fw={700}>{kw(m.peakW)}</Text>
                    {m.peakW !== null && m.countedW !== null && m.peakW < m.countedW ? (
                      <Text size="xs" c="dimmed">
                        {t('control.capacity.counted')} {f.kw(m.countedW)}
                      </Text>
                    ) : null}
                  </div>
                </Group>
              </Group>
            </Accordion.Control>
            {m.quarter ? (
              <Accordion.Panel>
                <PeakQuarter q={m.quarter} />
              </Accordion.Panel>
            ) : null}
          </Accordion.Item>
        ))}
      </Accordion>
    </Stack>
  );
}

function PeakQuarter({ q }: { q: NonNullable<CapacityReportData['months'][number]['quarter']> }) {
  const t = useT();
  const f = useFormat();
  const name = (key: string | null) =>
    q.devices.find((d) => d.deviceKey === key)?.name ??
    q.batteries.find((b) => b.deviceKey === key)?.name ??
    key ??
    '';
  const rows: Array<[string, number | null]> = [
    [t('control.capacity.import'), q.importW],
    [t('control.capacity.production'), q.productionW],
    [t('control.capacity.battery'), q.batteryW],
    [t('control.capacity.ev'), q.evW],
    [t('control.capacity.heat'), q.heatW],
  ];
  return (
    <Stack gap="sm">
      {q.why ? (
        <Alert color="orange" variant="light" title={t('control.capacity.why')} data-testid="capacity-why">
          {t(`control.capacity.cause.${q.why.cause}`)}
        </Alert>
      ) : null}
      <Title order={3} size="h6">
        {t('control.capacity.details')}
      </Title>
      <Table>
        <Table.Tbody>
          {rows
            .filter(([, w]) => w !== null && w !== 0)
            .map(([label, w]) => (
              <Table.Tr key={label}>
                <Table.Td>{label}</Table.Td>
                <Table.Td ta="right">{f.kw(w!)}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      {q.batteries.length > 0 ? (
        <Text size="sm">
          {q.batteries
            .map((b) =>
              t('control.capacity.soc', {
                name: b.name,
                soc: b.socPct === null ? '—' : f.number(b.socPct, 0),
              }),
            )
            .join(' · ')}
        </Text>
      ) : null}
      <Title order={3} size="h6">
        {t('control.capacity.events')}
      </Title>
      {q.events.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('control.capacity.noEvents')}
        </Text>
      ) : (
        <List size="sm" spacing={4}>
          {q.events.map((e) => (
            <List.Item key={`${e.ts}-${e.type}-${e.action}`}>
              <Text span size="sm" c="dimmed">
                {f.time(e.ts).slice(0, 5)}{' '}
              </Text>
              {e.type === 'control.decision'
                ? `${controllerLabel(t, e.controller)}: ${decisionText(t, f, { ...e, code: typeof e.values?.code === 'string' ? e.values.code : null }, name) ?? ''}`
                : `${name(e.deviceKey)}: ${e.detail ?? e.type}`}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
