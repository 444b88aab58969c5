import { refusalText } from '@ilumen/i18n';
import { Table, Text } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';
import { TableCard } from './parts';

export function Refused({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.refused.title')}
      empty={data.refused.length === 0 ? t('troubleshoot.refused.empty') : null}
    >
      {data.refused
        .map((r, i) => ({ ...r, key: `${r.at}#${i}` }))
        .map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td w={170}>{f.dateTime(r.at)}</Table.Td>
            <Table.Td ff="monospace">{r.topic.split('/').at(-1)}</Table.Td>
            <Table.Td>
              <Text size="sm">{refusalText(t, r.reason)}</Text>
              <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {r.sample.slice(0, 160)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
    </TableCard>
  );
}
