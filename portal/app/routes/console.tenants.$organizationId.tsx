import { policy } from '@ilumen/services';
import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { useRevokeConfirmation } from '~/components/access-confirmations';
import { ActiveBadge } from '~/components/active-badge';
import { ConfirmModal, FormModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
import { TenantFields } from '~/components/tenant-fields';
import { useFormat, useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['role', 'tenants', 'users'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organization.name ?? ''} · iLumen` },
];

export const loader = load(async (ctx, { params }) => {
  const organizationId = params.organizationId;
  const organization = await ctx.services.organizations.get(ctx.actor, { organizationId });
  // Its people are for those who may read them (fleet sees the organization, not who works there).
  const people = policy.canOnOrg(ctx.actor, organization.id, 'org.users.read');
  const [users, invitations] = people
    ? await Promise.all([
        ctx.services.users.listForOrganization(ctx.actor, { organizationId }),
        ctx.services.invitations.listPendingForOrganization(ctx.actor, { organizationId }),
      ])
    : [null, null];
  return {
    organization,
    users,
    invitations,
    me: ctx.actor.type === 'user' ? ctx.actor.userId : null,
    canManageUsers: policy.canOnOrg(ctx.actor, organization.id, 'org.users.manage'),
    canEdit: policy.can(ctx.actor, 'tenants.manage') && organization.kind === 'installer',
    roles: policy.assignableRoles(ctx.actor, organization.kind),
  };
});

export const action = intentAction({
  'tenant.update': async (ctx, { fields }) => {
    await ctx.services.organizations.update(ctx.actor, fields);
    return done(ctx, 'common.saved');
  },
  'user.invite': async (ctx, { fields }) => {
    await ctx.services.invitations.inviteToOrganization(ctx.actor, fields);
    return done(ctx, 'users.invite.sent', { email: fields.email?.trim().toLowerCase() ?? '' });
  },
  'user.role': async (ctx, { fields }) => {
    await ctx.services.users.setRole(ctx.actor, fields);
    return done(ctx, 'users.roleChanged', { name: fields.name ?? '' });
  },
  'user.setActive': async (ctx, { fields }) => {
    await ctx.services.users.setActive(ctx.actor, fields);
    return done(ctx, fields.active === 'true' ? 'users.reactivated' : 'users.deactivated', {
      name: fields.name ?? '',
    });
  },
  'invitation.revoke': async (ctx, { fields }) => {
    await ctx.services.invitations.revoke(ctx.actor, fields);
    return done(ctx, 'users.invite.revoked');
  },
});

function RoleSelect({ user, roles }: { user: { id: number; name: string; role: string }; roles: string[] }) {
  const fetcher = useFetcher();
  const t = useT();
  return (
    <NativeSelect
      aria-label={`${t('users.role')} ${user.name}`}
      size="xs"
      value={user.role}
      data={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
      onChange={(e) =>
        fetcher.submit(
          { intent: 'user.role', userId: String(user.id), name: user.name, role: e.currentTarget.value },
          { method: 'post' },
        )
      }
    />
  );
}

export default function Tenant() {
  const data = useLoaderData<typeof loader>();
  const { organization } = data;
  const users = data.users ?? [];
  const invitations = data.invitations ?? [];
  const t = useT();
  const f = useFormat();
  const [editing, edit] = useDisclosure(false);
  const [inviting, invite] = useDisclosure(false);
  const [toggling, setToggling] = useState<(typeof users)[number] | null>(null);
  const revocation = useRevokeConfirmation<(typeof invitations)[number]>('invitation.revoke');
  const closeToggle = useCallback(() => setToggling(null), []);
  return (
    <Stack>
      <PageHeader title={organization.name}>
        {data.canEdit ? (
          <Button variant="light" onClick={edit.open}>
            {t('common.edit')}
          </Button>
        ) : null}
        {data.canManageUsers ? <Button onClick={invite.open}>{t('users.invite')}</Button> : null}
      </PageHeader>
      <Card withBorder>
        <Group gap="xl">
          <Text size="sm">
            {t('tenants.vat')}: {organization.vat_number ?? '—'}
          </Text>
          <Text size="sm">
            {t('common.email')}: {organization.email ?? '—'}
          </Text>
          <ActiveBadge active={organization.active} />
        </Group>
      </Card>
      {data.users ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('users.title')}
          </Title>
          {users.length === 0 ? (
            <Text c="dimmed">{t('users.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('common.name')}</Table.Th>
                    <Table.Th>{t('common.email')}</Table.Th>
                    <Table.Th>{t('users.role')}</Table.Th>
                    <Table.Th>{t('users.lastLogin')}</Table.Th>
                    <Table.Th>{t('common.status')}</Table.Th>
                    {data.canManageUsers ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td>{u.name}</Table.Td>
                      <Table.Td>{u.email}</Table.Td>
                      <Table.Td>
                        {data.canManageUsers && u.id !== data.me ? (
                          <RoleSelect user={u} roles={data.roles} />
                        ) : (
                          t(`role.${u.role}`)
                        )}
                      </Table.Td>
                      <Table.Td>{u.last_login_at ? f.dateTime(u.last_login_at) : t('users.never')}</Table.Td>
                      <Table.Td>
                        <ActiveBadge active={u.active} />
                      </Table.Td>
                      {data.canManageUsers ? (
                        <Table.Td>
                          {u.id !== data.me ? (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color={u.active ? 'red' : 'green'}
                              onClick={() => setToggling(u)}
                            >
                              {u.active ? t('users.deactivate') : t('users.reactivate')}
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
      ) : null}
      {invitations.length > 0 ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('users.invitations')}
          </Title>
          <Stack gap="xs">
            {invitations.map((i) => (
              <Group key={i.id} justify="space-between">
                <Text size="sm">
                  {i.email} · {i.role ? t(`role.${i.role}`) : ''} · {t('users.invitations.expires')}{' '}
                  {f.date(i.expires_at)}
                </Text>
                {data.canManageUsers ? (
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => revocation.revoke(i)}>
                    {t('users.invite.revoke')}
                  </Button>
                ) : null}
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}
      <FormModal
        opened={editing}
        onClose={edit.close}
        title={t('tenants.edit')}
        intent="tenant.update"
        submitLabel={t('common.save')}
      >
        {(errors) => <TenantFields errors={errors} values={organization} />}
      </FormModal>
      <FormModal
        opened={inviting}
        onClose={invite.close}
        title={t('users.invite.title')}
        intent="user.invite"
        submitLabel={t('users.invite')}
      >
        {(errors) => (
          <>
            <TextInput label={t('common.email')} name="email" type="email" required error={errors.email} />
            <NativeSelect
              label={t('users.role')}
              name="role"
              data={data.roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              error={errors.role}
            />
          </>
        )}
      </FormModal>
      <ConfirmModal
        item={toggling}
        onClose={closeToggle}
        title={toggling?.active ? t('users.deactivate') : t('users.reactivate')}
        intent="user.setActive"
        submitLabel={t('common.confirm')}
        danger={Boolean(toggling?.active)}
        fields={(u) => ({ userId: u.id, name: u.name, active: u.active ? 'false' : 'true' })}
        message={(u) => (u.active ? t('users.deactivate.confirm', { name: u.name }) : t('users.reactivate'))}
      />
      {revocation.modal}
    </Stack>
  );
}
