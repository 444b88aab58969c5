import { auditActionText } from '@ilumen/i18n';
import { Box, Code, Table, Text } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
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

/** The audit table's columns, one definition for the audit log (a console list, sorted on the server) and a site's lines. */
export function useAuditColumns({ showTenant = false }: { showTenant?: boolean } = {}) {
  const t = useT();
  const f = useFormat();
  return useMemo(() => {
    const columns: Array<{ id: string; label: string; sortable: boolean; cell: (r: AuditRow) => ReactNode }> =
      [
        {
          id: 'at',
          label: t('audit.when'),
          sortable: true,
          cell: (r) => (
            <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
              {f.dateTime(r.at)}
            </Text>
          ),
        },
        {
          id: 'actor_email',
          label: t('audit.who'),
          sortable: true,
          cell: (r) => r.actor_email ?? t('audit.system'),
        },
        {
          id: 'action',
          label: t('audit.what'),
          sortable: true,
          // the action in words; its stored code (what the action filter takes) on hover
          cell: (r) => (
            <Text span size="sm" title={r.action} data-testid="audit-action">
              {auditActionText(t, r.action)}
            </Text>
          ),
        },
        {
          id: 'entity_type',
          label: t('audit.object'),
          sortable: true,
          cell: (r) => (
            <Code>
              {r.entity_type} #{r.entity_id}
            </Code>
          ),
        },
        ...(showTenant
          ? [
              {
                id: 'organization',
                label: t('audit.tenant'),
                sortable: false,
                cell: (r: AuditRow) => r.organization_name ?? '—',
              },
            ]
          : []),
        {
          id: 'changes',
          label: t('audit.changes'),
          sortable: false,
          cell: (r) => (
            <Box maw={360}>
              <Changes before={r.before} after={r.after} />
            </Box>
          ),
        },
        { id: 'ip', label: t('audit.ip'), sortable: false, cell: (r) => r.ip ?? '—' },
      ];
    return columns;
  }, [t, f, showTenant]);
}

/** A site's few audit lines on the site page, newest first, in the audit log's columns (the audit log sorts its own). */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  const t = useT();
  const columns = useAuditColumns();
  if (rows.length === 0) return <Text c="dimmed">{t('audit.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.id}>{c.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              {columns.map((c) => (
                <Table.Td key={c.id}>{c.cell(r)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
