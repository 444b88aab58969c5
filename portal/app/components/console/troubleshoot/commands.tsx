import { Badge, Table, Text } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';
import { TableCard } from './parts';

export function Commands({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.commands.title')}
      empty={data.commands.length === 0 ? t('troubleshoot.commands.empty') : null}
      maxHeight={320}
      testId="recent-commands"
    >
      {data.commands.map((c) => (
        <Table.Tr key={c.id}>
          <Table.Td w={170}>{f.dateTime(c.issuedAt)}</Table.Td>
          <Table.Td ff="monospace">{c.name}</Table.Td>
          <Table.Td>
            <Badge
              variant="light"
              color={c.status === 'succeeded' ? 'green' : c.status === 'sent' ? 'blue' : 'red'}
              style={{ whiteSpace: 'nowrap' }}
            >
              {t(`commands.badge.${c.status}`)}
            </Badge>
            <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-word' }} mt={2}>
              {c.errorMessage ??
                (c.result && c.name !== 'p1.lastTelegram' ? JSON.stringify(c.result).slice(0, 120) : '')}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </TableCard>
  );
}
