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

/** Numbers and amounts stay on one line ("12,42 kWh", not "12,42" over "kWh"). */
const ONE_LINE = { whiteSpace: 'nowrap' } as const;

/**
 * A charger's recent sessions: when, how much, how, and what it cost (the grid's part at the import tariff, the sun's
 * at the injection tariff). Four columns that fit a phone (390 px) without scrolling: the start's date over its
 * hours; when it still does not fit, the table scrolls and says so.
 */
export function SessionsTable({ sessions }: { sessions: SessionRow[] }) {
  const t = useT();
  const f = useFormat();
  if (sessions.length === 0) return <Text c="dimmed">{t('modules.charger.noSessions')}</Text>;
  const hhmm = (v: string) => f.time(v).slice(0, 5);
  return (
    <div>
      <Table.ScrollContainer minWidth={340} type="native">
        <Table striped data-testid="sessions-table" verticalSpacing={6} horizontalSpacing={8}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('modules.sessions.start')}</Table.Th>
              <Table.Th ta="right">{t('modules.sessions.energy')}</Table.Th>
              <Table.Th>{t('modules.sessions.mode')}</Table.Th>
              <Table.Th ta="right">{t('modules.sessions.cost')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.map((s) => {
              const sameDay = s.endedAt !== null && f.date(s.endedAt) === f.date(s.startedAt);
              const end =
                s.endedAt === null
                  ? t('modules.sessions.running')
                  : sameDay
                    ? hhmm(s.endedAt)
                    : f.dateTime(s.endedAt);
              return (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" style={ONE_LINE}>
                      {f.date(s.startedAt)}
                    </Text>
                    <Text size="xs" c="dimmed" aria-label={`${t('modules.sessions.end')}: ${end}`}>
                      {hhmm(s.startedAt)} – {end}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={ONE_LINE}>
                    {f.kwh(s.energyWh)}
                  </Table.Td>
                  <Table.Td>{t(`modules.charger.sessionMode.${s.mode}`)}</Table.Td>
                  <Table.Td ta="right" style={ONE_LINE} data-testid="session-cost">
                    {s.costEur === null ? '–' : f.euro(s.costEur)}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt={4}>
        {t('modules.sessions.costHint')}
      </Text>
    </div>
  );
}
