import { Badge, Card, ScrollArea, Table, Text, Title } from '@mantine/core';
import { type T, useFormat, useT } from '~/lib/i18n';

/** One implausible value as the troubleshooting service gives it (decision 090). */
export interface AnomalyRow {
  id: number;
  ts: string | Date;
  code: 'over-connection' | 'counter-backwards' | 'counter-jump' | 'future-time';
  field: string;
  value: number | string;
  limit: number | string | null;
  source: 'live' | 'gateway' | 'fluvius';
}

type Format = ReturnType<typeof useFormat>;

/** A value in the unit its field has: power in kW, current in A, energy and counters in kWh, times as times. */
function inUnit(field: string, v: number | string | null, f: Format): string {
  if (v === null) return '—';
  if (typeof v === 'string') return f.dateTime(v);
  if (field.endsWith('currentA')) return `${f.number(v, 1)} A`;
  if (/W$|\.w$/.test(field)) return f.kw(v);
  return f.kwh(v);
}

function fieldLabel(field: string, t: T): string {
  const phase = /^grid\.phases\.(l[123])\.currentA$/.exec(field);
  if (phase) return t('troubleshoot.anomalies.field.phaseCurrent', { phase: phase[1]!.toUpperCase() });
  const charger = /^charger\.(.+)$/.exec(field);
  if (charger) return t('troubleshoot.anomalies.field.charger', { id: charger[1]! });
  return t(`troubleshoot.anomalies.field.${field}`);
}

/** One implausible value's reason in the reader's language: field, value and limit in their units. */
export function anomalyText(
  t: T,
  f: Format,
  a: Pick<AnomalyRow, 'field' | 'value' | 'limit'> & { code: string },
): string {
  return t(`troubleshoot.anomalies.code.${a.code}`, {
    field: fieldLabel(a.field, t),
    value: inUnit(a.field, a.value, f),
    limit: inUnit(a.field, a.limit, f),
  });
}

/** The support desk's list of values the platform refused as implausible, each with its reason in the reader's language. */
export function AnomaliesCard({ anomalies }: { anomalies: AnomalyRow[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Card withBorder data-testid="anomalies">
      <Title order={2} size="h5" mb={4}>
        {t('troubleshoot.anomalies.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('troubleshoot.anomalies.help')}
      </Text>
      {anomalies.length === 0 ? <Text c="dimmed">{t('troubleshoot.anomalies.empty')}</Text> : null}
      <ScrollArea.Autosize mah={260}>
        <Table>
          <Table.Tbody>
            {anomalies.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td w={170}>{f.dateTime(a.ts)}</Table.Td>
                <Table.Td w={150}>
                  <Badge variant="light" color="orange" style={{ whiteSpace: 'nowrap' }}>
                    {t(`troubleshoot.anomalies.source.${a.source}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{anomalyText(t, f, a)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Card>
  );
}
