import { Card, Pagination, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData, useSearchParams } from '@remix-run/react';
import { AuditTable } from '~/components/audit-table';
import { ListFilters } from '~/components/list-page';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { listParams } from '~/server/list-params.server';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['audit'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.audit')];

export const loader = load(async (ctx, { request }) => {
  const { params, filters } = listParams(request, { action: '', actorEmail: '', from: '', to: '' });
  const result = await ctx.services.audit.list(ctx.actor, params);
  return { ...result, filters };
});

export default function Audit() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const [params, setParams] = useSearchParams();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
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
        <AuditTable rows={data.rows} showTenant sort={{ sort: data.sort, desc: data.desc }} />
        {pages > 1 ? (
          <Pagination
            mt="sm"
            size="sm"
            total={pages}
            value={data.page}
            onChange={(p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            }}
          />
        ) : null}
      </Card>
    </>
  );
}
