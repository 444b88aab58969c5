import { Table, Text } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';

export interface SessionRow {
  id: number;
  startedAt: string;
  endedAt: string | null;
  energyWh: number;
  solarWh: number | null;
  mode: 'fast' | 'smart';
  costEur: string | null;
}

/** A charger's recent sessions: when, how much, how, and what it cost at the tariff of its day. */
export function SessionsTable({ sessions }: { sessions: SessionRow[] }) {
  const t = useT();
  const f = useFormat();
  if (sessions.length === 0) return <Text c="dimmed">{t('modules.charger.noSessions')}</Text>;
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table striped data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('modules.sessions.start')}</Table.Th>
            <Table.Th>{t('modules.sessions.end')}</Table.Th>
            <Table.Th ta="right">{t('modules.sessions.energy')}</Table.Th>
            <Table.Th>{t('modules.sessions.mode')}</Table.Th>
            <Table.Th ta="right">{t('modules.sessions.cost')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sessions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{f.dateTime(s.startedAt)}</Table.Td>
              <Table.Td>{s.endedAt ? f.dateTime(s.endedAt) : t('modules.sessions.running')}</Table.Td>
              <Table.Td ta="right">{f.kwh(s.energyWh)}</Table.Td>
              <Table.Td>{t(`modules.charger.sessionMode.${s.mode}`)}</Table.Td>
              <Table.Td ta="right">{s.costEur === null ? '–' : f.euro(s.costEur)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
