import { deviceStatusText } from '@ilumen/i18n';
import { DEVICE_TYPES } from '@ilumen/services/constants';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { useAccessConfirmations } from '~/components/access-confirmations';
import { AuditTable } from '~/components/audit-table';
import { lastLiveValues } from '~/components/energy/live.server';
import { LiveCircles, useLiveStream } from '~/components/energy/live-circles';
import { ConfirmModal, FormModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'audit',
    'commissioning',
    'control',
    'device',
    'devices',
    'energy',
    'fault',
    'members',
    'modules',
    'refusal',
    'rollouts',
    'settings',
    'siteMandates',
    'siteRole',
    'siteScope',
    'sites',
    'support',
    'troubleshoot',
    'users',
  ],
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  data
    ? { title: `${data.site.street} ${data.site.house_number} · iLumen` }
    : pageTitle(matches, 'title.site'),
];

export const loader = load(async (ctx, { params, request }) => {
  const siteId = params.siteId;
  const site = await ctx.services.sites.get(ctx.actor, { siteId });
  const auditPage = new URL(request.url).searchParams.get('auditPage') ?? '1';
  // Who lives there is for those who may see the site's people (fleet sees the devices, not the people).
  const people = site.permissions.includes('site.people');
  const [devices, members, invitations, audit, live] = await Promise.all([
    ctx.services.devices.list(ctx.actor, { siteId }),
    people ? ctx.services.members.list(ctx.actor, { siteId }) : null,
    people ? ctx.services.invitations.listPendingForSite(ctx.actor, { siteId }) : null,
    site.permissions.includes('site.audit')
      ? ctx.services.audit.listForSite(ctx.actor, { siteId, page: auditPage, pageSize: 20 })
      : null,
    // the last known live values, so the live card shows numbers from the first paint, as the homeowner's dashboard
    site.live ? lastLiveValues(ctx, site.id) : null,
  ]);
  return {
    site,
    devices,
    live,
    members,
    invitations,
    audit,
    canManage: site.permissions.includes('site.manage'),
    canRemoveMembers: site.permissions.includes('site.members'),
  };
});

export const action = intentAction({
  'device.create': async (ctx, { fields }) => {
    await ctx.services.devices.create(ctx.actor, fields);
    return done(ctx, 'devices.added');
  },
  'device.update': async (ctx, { fields }) => {
    await ctx.services.devices.update(ctx.actor, fields);
    return done(ctx, 'devices.updated');
  },
  'device.remove': async (ctx, { fields }) => {
    await ctx.services.devices.remove(ctx.actor, fields);
    return done(ctx, 'devices.removed');
  },
  'member.invite': async (ctx, { fields }) => {
    await ctx.services.invitations.inviteToSite(ctx.actor, fields);
    return done(ctx, 'members.invite.sent', {
      email: String(fields.email ?? '')
        .trim()
        .toLowerCase(),
    });
  },
  'member.remove': async (ctx, { fields }) => {
    await ctx.services.members.remove(ctx.actor, fields);
    return done(ctx, 'members.removed', { email: String(fields.email ?? '') });
  },
  'invitation.revoke': async (ctx, { fields }) => {
    await ctx.services.invitations.revoke(ctx.actor, fields);
    return done(ctx, 'users.invite.revoked');
  },
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Device = Data['devices'][number];

function DeviceFields({ errors, device }: { errors: Record<string, string>; device?: Device }) {
  const t = useT();
  const [type, setType] = useState<string>(device?.type ?? 'battery');
  return (
    <>
      {device ? <input type="hidden" name="deviceId" value={device.id} /> : null}
      {device ? <input type="hidden" name="type" value={device.type} /> : null}
      <NativeSelect
        label={t('devices.type')}
        name={device ? undefined : 'type'}
        disabled={Boolean(device)}
        value={type}
        onChange={(e) => setType(e.currentTarget.value)}
        data={DEVICE_TYPES.map((d) => ({ value: d, label: t(`devices.type.${d}`) }))}
        error={errors.type}
      />
      <TextInput
        label={t('devices.manufacturer')}
        name="manufacturer"
        defaultValue={device?.manufacturer ?? ''}
        error={errors.manufacturer}
      />
      <TextInput
        label={t('devices.model')}
        name="model"
        required
        defaultValue={device?.model}
        error={errors.model}
      />
      <TextInput
        label={t('devices.serial')}
        name="serial"
        required
        defaultValue={device?.serial}
        error={errors.serial}
      />
      {type === 'meter' ? (
        <TextInput
          label={t('devices.ean')}
          name="ean"
          required
          inputMode="numeric"
          defaultValue={device?.ean ?? ''}
          error={errors.ean}
          placeholder="54…"
        />
      ) : null}
      <TextInput
        label={t('devices.activeSince')}
        name="activeSince"
        type="date"
        defaultValue={device?.active_since ?? ''}
        error={errors.activeSince}
      />
    </>
  );
}

function DevicesCard({ devices, canManage }: { devices: Device[]; canManage: boolean }) {
  const t = useT();
  const f = useFormat();
  const [adding, add] = useDisclosure(false);
  const [editing, setEditing] = useState<Device | null>(null);
  const [removing, setRemoving] = useState<Device | null>(null);
  const closeEdit = useCallback(() => setEditing(null), []);
  const closeRemove = useCallback(() => setRemoving(null), []);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('sites.devices')}
        </Title>
        {canManage ? (
          <Button size="xs" onClick={add.open}>
            {t('devices.add')}
          </Button>
        ) : null}
      </Group>
      {devices.length === 0 ? (
        <Text c="dimmed">{t('devices.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('devices.type')}</Table.Th>
                <Table.Th>{t('devices.model')}</Table.Th>
                <Table.Th>{t('devices.serial')}</Table.Th>
                <Table.Th>{t('devices.activeSince')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
                {canManage ? <Table.Th>{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {devices.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{t(`devices.type.${d.type}`)}</Table.Td>
                  <Table.Td>{[d.manufacturer, d.model].filter(Boolean).join(' ')}</Table.Td>
                  <Table.Td>
                    {d.serial}
                    {d.ean ? (
                      <Text size="xs" c="dimmed">
                        EAN {d.ean}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{f.date(d.active_since)}</Table.Td>
                  <Table.Td>
                    {d.status ? <Badge variant="light">{deviceStatusText(t, d.type, d.status)}</Badge> : '—'}
                  </Table.Td>
                  {canManage ? (
                    <Table.Td>
                      <Group gap={4}>
                        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(d)}>
                          {t('common.edit')}
                        </Button>
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(d)}>
                          {t('common.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <FormModal
        opened={adding}
        onClose={add.close}
        title={t('devices.add')}
        intent="device.create"
        submitLabel={t('common.add')}
      >
        {(errors) => <DeviceFields errors={errors} />}
      </FormModal>
      <FormModal
        opened={Boolean(editing)}
        onClose={closeEdit}
        title={t('devices.edit')}
        intent="device.update"
        submitLabel={t('common.save')}
      >
        {(errors) => (editing ? <DeviceFields errors={errors} device={editing} /> : null)}
      </FormModal>
      <ConfirmModal
        item={removing}
        onClose={closeRemove}
        title={t('common.delete')}
        intent="device.remove"
        submitLabel={t('common.delete')}
        fields={(d) => ({ deviceId: d.id })}
        message={(d) => t('devices.remove.confirm', { model: d.model, serial: d.serial })}
      />
    </Card>
  );
}

function MembersCard({
  data,
  members,
  invitations,
}: {
  data: Data;
  members: NonNullable<Data['members']>;
  invitations: NonNullable<Data['invitations']>;
}) {
  const t = useT();
  const f = useFormat();
  const [inviting, invite] = useDisclosure(false);
  const confirm = useAccessConfirmations<(typeof members)[number], (typeof invitations)[number]>({
    removeIntent: 'member.remove',
    revokeIntent: 'invitation.revoke',
    removeMessage: (email) => t('members.remove.confirm', { email }),
  });
  const hasOwner = members.some((m) => m.role === 'owner');
  const [role, setRole] = useState<string>(hasOwner ? 'member' : 'owner');
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('sites.members')}
        </Title>
        {data.canManage ? (
          <Button size="xs" onClick={invite.open}>
            {t('members.invite')}
          </Button>
        ) : null}
      </Group>
      {members.length === 0 && invitations.length === 0 ? <Text c="dimmed">{t('members.empty')}</Text> : null}
      <Stack gap="xs">
        {members.map((m) => (
          <Group key={m.userId} justify="space-between" wrap="nowrap">
            <div>
              <Text size="sm" fw={500}>
                {m.name}
              </Text>
              <Text size="xs" c="dimmed">
                {m.email}
              </Text>
            </div>
            <Group gap="xs" wrap="nowrap">
              <Badge variant="light" color={m.role === 'owner' ? 'orange' : 'gray'}>
                {m.role === 'owner' ? t('siteRole.owner') : t(`siteScope.${m.scope}`)}
              </Badge>
              {data.canRemoveMembers ? (
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => confirm.remove(m)}>
                  {t('common.delete')}
                </Button>
              ) : null}
            </Group>
          </Group>
        ))}
        {invitations.map((i) => (
          <Group key={`inv-${i.id}`} justify="space-between" wrap="nowrap">
            <div>
              <Text size="sm">{i.email}</Text>
              <Text size="xs" c="dimmed">
                {t('members.pending')} · {t('users.invitations.expires')} {f.date(i.expires_at)}
              </Text>
            </div>
            {data.canManage ? (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => confirm.revoke(i)}>
                {t('users.invite.revoke')}
              </Button>
            ) : null}
          </Group>
        ))}
      </Stack>
      <FormModal
        opened={inviting}
        onClose={invite.close}
        title={t('members.invite')}
        intent="member.invite"
        submitLabel={t('users.invite')}
      >
        {(errors) => (
          <>
            <TextInput label={t('common.email')} name="email" type="email" required error={errors.email} />
            <NativeSelect
              label={t('members.role')}
              name="role"
              value={role}
              onChange={(e) => setRole(e.currentTarget.value)}
              data={[
                ...(hasOwner ? [] : [{ value: 'owner', label: t('siteRole.owner') }]),
                { value: 'member', label: t('siteRole.member') },
              ]}
              error={errors.role}
            />
            {role === 'member' ? (
              <NativeSelect
                label={t('members.scope')}
                name="scope"
                data={[
                  { value: 'all', label: t('siteScope.all') },
                  { value: 'chargers', label: t('siteScope.chargers') },
                ]}
                error={errors.scope}
              />
            ) : null}
          </>
        )}
      </FormModal>
      {confirm.modals}
    </Card>
  );
}

/** The site's live values, from the stream the homeowner's dashboard uses, for whoever may watch them there. */
function LiveCard({
  siteId,
  hasInverter,
  latest,
}: {
  siteId: number;
  hasInverter: boolean;
  latest: Data['live'];
}) {
  const t = useT();
  const live = useLiveStream(siteId, true, latest);
  return (
    <Card withBorder data-testid="site-live">
      <Title order={2} size="h4" mb="sm">
        {t('energy.live.title')}
      </Title>
      <LiveCircles snapshot={live.snapshot} state={live.state} hasInverter={hasInverter} />
    </Card>
  );
}

export default function SiteDetail() {
  const data = useLoaderData<typeof loader>();
  const { site } = data;
  const t = useT();
  const [params, setParams] = useSearchParams();
  return (
    <Stack>
      <PageHeader title={`${site.street} ${site.house_number}, ${site.postal_code} ${site.city}`}>
        <Button component={Link} to={`/console/sites/${site.id}/mandates`} variant="default">
          {t('siteMandates.open')}
        </Button>
        <Button component={Link} to={`/console/sites/${site.id}/troubleshoot`} variant="default">
          {t('troubleshoot.open')}
        </Button>
        {site.permissions.includes('site.data') ? (
          <Button component={Link} to={`/console/sites/${site.id}/modules`} variant="default">
            {t('control.console.link')}
          </Button>
        ) : null}
        {data.canManage || site.status === 'draft' ? (
          <Button component={Link} to={`/console/commissioning/${site.id}`} variant="default">
            {t('commissioning.open')}
          </Button>
        ) : null}
        {site.permissions.includes('site.supportView') ? (
          <Button component={Link} to={`/console/sites/${site.id}/homeowner`} variant="default">
            {t('support.view.open')}
          </Button>
        ) : null}
        {site.permissions.includes('site.embed') ? (
          <Button component={Link} to={`/console/sites/${site.id}/embed`} variant="default">
            {t('settings.embed')}
          </Button>
        ) : null}
        {data.canManage ? (
          <Button component={Link} to={`/console/sites/${site.id}/edit`} variant="light">
            {t('common.edit')}
          </Button>
        ) : null}
      </PageHeader>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <div>
            <Text size="xs" c="dimmed">
              {t('sites.installer')}
            </Text>
            <Text>{site.organization_name}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('sites.grid')}
            </Text>
            <Text>
              {t(`sites.gridPhases.${site.grid_phases}`)} · {site.main_fuse_a} A
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('sites.timezone')}
            </Text>
            <Text>{site.timezone}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('common.status')}
            </Text>
            <Badge variant="light">{t(`sites.status.${site.status}`)}</Badge>
          </div>
        </SimpleGrid>
        {site.name ? <Text mt="sm">{site.name}</Text> : null}
      </Card>
      {site.live ? (
        <LiveCard
          siteId={site.id}
          hasInverter={data.devices.some((d) => d.type === 'inverter')}
          latest={data.live}
        />
      ) : null}
      {/* side by side only where the devices table (status and actions at its end) fits its half without scrolling */}
      <SimpleGrid cols={{ base: 1, xl: data.members ? 2 : 1 }}>
        <DevicesCard devices={data.devices} canManage={data.canManage} />
        {data.members && data.invitations ? (
          <MembersCard data={data} members={data.members} invitations={data.invitations} />
        ) : null}
      </SimpleGrid>
      {data.audit ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('sites.audit')}
          </Title>
          <AuditTable rows={data.audit.rows} />
          {data.audit.total > data.audit.pageSize ? (
            <Pagination
              mt="sm"
              size="sm"
              total={Math.ceil(data.audit.total / data.audit.pageSize)}
              value={data.audit.page}
              onChange={(p) => {
                const next = new URLSearchParams(params);
                next.set('auditPage', String(p));
                setParams(next, { preventScrollReset: true });
              }}
            />
          ) : null}
        </Card>
      ) : null}
      <Anchor component={Link} to="/console/sites" size="sm">
        ← {t('sites.title')}
      </Anchor>
    </Stack>
  );
}
