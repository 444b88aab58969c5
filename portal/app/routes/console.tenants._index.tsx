import { policy } from '@ilumen/services';
import { Anchor, Badge, Button, Card, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { ActiveBadge } from '~/components/active-badge';
import { useClientSort } from '~/components/data-table';
import { ConfirmModal, FormModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
import { TenantFields } from '~/components/tenant-fields';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['tenants'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.tenants')];

export const loader = load(async (ctx) => {
  const organizations = await ctx.services.organizations.list(ctx.actor);
  return { organizations, canManage: policy.can(ctx.actor, 'tenants.manage') };
});

export const action = intentAction({
  'tenant.create': async (ctx, { fields }) => {
    await ctx.services.organizations.create(ctx.actor, fields);
    return done(ctx, 'tenants.created', { name: fields.name?.trim() ?? '' });
  },
  'tenant.setActive': async (ctx, { fields }) => {
    await ctx.services.organizations.setActive(ctx.actor, fields);
    return done(ctx, fields.active === 'true' ? 'tenants.reactivated' : 'tenants.deactivated', {
      name: fields.name ?? '',
    });
  },
});

type Organization = Awaited<ReturnType<typeof loader>>['organizations'][number];
/** What each column of the tenants table sorts by (the list is short and whole: sorted in the browser). */
const TENANT_SORTS: Record<string, (o: Organization) => string | number | null> = {
  name: (o) => o.name,
  vat: (o) => o.vat_number,
  sites: (o) => o.siteCount,
  users: (o) => o.userCount,
  status: (o) => (o.active ? 0 : 1),
};

export default function Tenants() {
  const { organizations, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const [creating, create] = useDisclosure(false);
  const [toggling, setToggling] = useState<(typeof organizations)[number] | null>(null);
  const closeToggle = useCallback(() => setToggling(null), []);
  const table = useClientSort(organizations, TENANT_SORTS, { sort: 'name', desc: false });
  return (
    <>
      <PageHeader title={t('tenants.title')}>
        {canManage ? <Button onClick={create.open}>{t('tenants.new')}</Button> : null}
      </PageHeader>
      <Card withBorder>
        {organizations.length === 0 ? (
          <Text c="dimmed">{t('tenants.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  {table.th('name', t('common.name'))}
                  {table.th('vat', t('tenants.vat'))}
                  {table.th('sites', t('tenants.sites'))}
                  {table.th('users', t('tenants.users'))}
                  {table.th('status', t('common.status'))}
                  {canManage ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {table.rows.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/console/tenants/${o.id}`}>
                        {o.name}
                      </Anchor>
                      {o.kind === 'operator' ? (
                        <Badge ml="xs" size="xs" variant="light">
                          {t('tenants.operator')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{o.vat_number ?? '—'}</Table.Td>
                    <Table.Td>{f.number(o.siteCount)}</Table.Td>
                    <Table.Td>{f.number(o.userCount)}</Table.Td>
                    <Table.Td>
                      <ActiveBadge active={o.active} />
                    </Table.Td>
                    {canManage ? (
                      <Table.Td>
                        {o.kind === 'installer' ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color={o.active ? 'red' : 'green'}
                            onClick={() => setToggling(o)}
                          >
                            {o.active ? t('tenants.deactivate') : t('tenants.reactivate')}
                          </Button>
                        ) : null}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <FormModal
        opened={creating}
        onClose={create.close}
        title={t('tenants.new')}
        intent="tenant.create"
        submitLabel={t('common.create')}
      >
        {(errors) => <TenantFields errors={errors} />}
      </FormModal>
      <ConfirmModal
        item={toggling}
        onClose={closeToggle}
        title={toggling?.active ? t('tenants.deactivate') : t('tenants.reactivate')}
        intent="tenant.setActive"
        submitLabel={t('common.confirm')}
        danger={Boolean(toggling?.active)}
        fields={(o) => ({ organizationId: o.id, name: o.name, active: o.active ? 'false' : 'true' })}
        message={(o) =>
          o.active ? t('tenants.deactivate.confirm', { name: o.name }) : t('tenants.reactivate')
        }
      />
    </>
  );
}
