import { Card, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { type AuditRow, useAuditColumns } from '~/components/audit-table';
import type { ServerColumn } from '~/components/data-table';
import { ListFilters, ListTable } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['audit'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.audit')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters, filtered } = listParams(request, { action: '', actorEmail: '', from: '', to: '' });
  const result = await ctx.services.audit.list(ctx.actor, params);
  return { ...result, filters, filtered };
});

/** The audit log as a console list: filters in the URL, sorted and paged on the server like the other lists. */
export default function Audit() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const auditColumns = useAuditColumns({ showTenant: true });
  const columns = useMemo<ServerColumn<AuditRow>[]>(
    () =>
      auditColumns.map((c) => ({
        id: c.id,
        header: c.label,
        enableSorting: c.sortable,
        cell: ({ row }) => c.cell(row.original),
      })),
    [auditColumns],
  );
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Card withBorder>
        <ListFilters>
          <TextInput
            name="action"
            label={t('audit.filter.action')}
            defaultValue={data.filters.action}
            placeholder="site."
          />
          <TextInput
            name="actorEmail"
            label={t('audit.filter.actor')}
            defaultValue={data.filters.actorEmail}
          />
          <TextInput
            name="from"
            type="date"
            label={t('audit.filter.from')}
            defaultValue={data.filters.from}
          />
          <TextInput name="to" type="date" label={t('audit.filter.to')} defaultValue={data.filters.to} />
        </ListFilters>
        <ListTable
          list={data}
          columns={columns}
          caption={t('audit.title')}
          emptyText={t('audit.empty')}
          filtered={data.filtered}
        />
      </Card>
    </>
  );
}
