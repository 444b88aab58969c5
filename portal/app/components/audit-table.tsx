import { auditActionText } from '@ilumen/i18n';
import { Code, Table, Text } from '@mantine/core';
import { SortableTh, useUrlSort } from '~/components/data-table';
import { useFormat, useT } from '~/lib/i18n';

export interface AuditRow {
  id: number;
  at: string | Date;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  organization_name?: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}

function Changes({
  before,
  after,
}: {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (keys.length === 0) return null;
  return (
    <Code block fz="xs">
      {keys
        .map((k) =>
          before === null
            ? `${k}: ${JSON.stringify(after?.[k] ?? null)}`
            : after === null
              ? `${k}: ${JSON.stringify(before[k] ?? null)} → ∅`
              : `${k}: ${JSON.stringify(before[k] ?? null)} → ${JSON.stringify(after[k] ?? null)}`,
        )
        .join('\n')}
    </Code>
  );
}

/**
 * Audit lines, newest first. Given the list's `sort` (the audit page: sorted on the server, kept in the URL), its
 * headers sort it; a site's few lines on the site page come without.
 */
export function AuditTable({
  rows,
  showTenant,
  sort,
}: {
  rows: AuditRow[];
  showTenant?: boolean;
  sort?: { sort: string; desc: boolean };
}) {
  const t = useT();
  const f = useFormat();
  const urlSort = useUrlSort(sort ?? { sort: 'at', desc: true });
  const th = (column: string, label: string) =>
    sort ? (
      <SortableTh
        label={label}
        direction={sort.sort === column ? (sort.desc ? 'desc' : 'asc') : false}
        onSort={() => urlSort.toggle(column)}
      />
    ) : (
      <Table.Th>{label}</Table.Th>
    );
  if (rows.length === 0) return <Text c="dimmed">{t('audit.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {th('at', t('audit.when'))}
            {th('actor_email', t('audit.who'))}
            {th('action', t('audit.what'))}
            {th('entity_type', t('audit.object'))}
            {showTenant ? <Table.Th>{t('audit.tenant')}</Table.Th> : null}
            <Table.Th>{t('audit.changes')}</Table.Th>
            <Table.Th>{t('audit.ip')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.at)}</Table.Td>
              <Table.Td>{r.actor_email ?? t('audit.system')}</Table.Td>
              {/* the action in words; its stored code (what the action filter takes) on hover */}
              <Table.Td title={r.action} data-testid="audit-action">
                {auditActionText(t, r.action)}
              </Table.Td>
              <Table.Td>
                <Code>
                  {r.entity_type} #{r.entity_id}
                </Code>
              </Table.Td>
              {showTenant ? <Table.Td>{r.organization_name ?? '—'}</Table.Td> : null}
              <Table.Td maw={360}>
                <Changes before={r.before} after={r.after} />
              </Table.Td>
              <Table.Td>{r.ip ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
