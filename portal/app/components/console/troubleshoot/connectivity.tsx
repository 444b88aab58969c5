import { Badge, Table } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';
import { TableCard } from './parts';

export function Connectivity({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.connectivity')}
      empty={data.connectivity.length === 0 ? t('troubleshoot.connectivity.empty') : null}
    >
      {data.connectivity.map((c) => (
        <Table.Tr key={`${c.at}-${c.reason}-${c.online}`}>
          <Table.Td>{f.dateTime(c.at)}</Table.Td>
          <Table.Td>
            <Badge color={c.online ? 'green' : 'red'} variant="light">
              {c.online ? t('troubleshoot.online') : t('troubleshoot.offline')}
            </Badge>
          </Table.Td>
          <Table.Td>{t(`troubleshoot.reason.${c.reason}`)}</Table.Td>
          <Table.Td>{c.firmware_version ?? ''}</Table.Td>
        </Table.Tr>
      ))}
    </TableCard>
  );
}
