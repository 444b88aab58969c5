import { translate } from '@ilumen/i18n';
import { GATEWAY_REVOKE_REASONS } from '@ilumen/services';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { downloadCsv } from '~/components/console/csv-download';
import { IntentForm } from '~/components/console/intent-form';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['fleet', 'gateways'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.gateways')];

export const loader = load(async (ctx) => {
  const [recent, organizations] = await Promise.all([
    ctx.services.gateways.recent(ctx.actor, {}),
    ctx.services.organizations.options(ctx.actor),
  ]);
  return {
    ...recent,
    revokeReasons: GATEWAY_REVOKE_REASONS,
    organizations: organizations
      .filter((o) => o.kind === 'installer')
      .map((o) => ({ value: String(o.id), label: o.name })),
  };
});

export const action = intentAction({
  register: async (ctx, { fields }) => {
    const result = await ctx.services.gateways.register(ctx.actor, fields);
    return {
      ok: true as const,
      message: translate(ctx.locale, 'gateways.register.done', { count: result.registered.length }),
      result,
    };
  },
  // Staff take a returned or stolen box off the broker; the service audits it and the broker drops it at once.
  revoke: async (ctx, { fields }) => {
    const result = await ctx.services.gateways.revoke(ctx.actor, fields);
    return {
      ok: true as const,
      message: translate(ctx.locale, 'gateways.revoke.done', { serial: result.serial }),
    };
  },
});

type Registered = { serial: string; claimCode: string | null; organization: string | null };
type Skipped = { line: number; serial: string; reasonKey: string };

export default function RegisterGateways() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const [rows, setRows] = useState('');
  return (
    <Stack>
      <PageHeader title={t('gateways.title')} />
      <Text size="sm" c="dimmed">
        {t('gateways.counts', { total: data.total, unclaimed: data.unclaimed })} ·{' '}
        {t('gateways.broker', { kind: t(`gateways.broker.${data.broker ?? 'none'}`) })}
      </Text>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('gateways.register.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('gateways.register.help')}
        </Text>
        <IntentForm intent="register" submitLabel={t('gateways.register.submit')}>
          {(errors, result) => {
            const r = result?.ok ? (result.result as { registered: Registered[]; skipped: Skipped[] }) : null;
            const generated = r?.registered.filter((g) => g.claimCode) ?? [];
            return (
              <>
                <Textarea
                  label={t('gateways.register.rows')}
                  name="rows"
                  value={rows}
                  onChange={(e) => setRows(e.currentTarget.value)}
                  autosize
                  minRows={5}
                  maxRows={16}
                  error={errors.rows}
                  placeholder={'ILS-24A00017;K7QX2-MW9RT;Zonnewarmte BV\nILS-24A00018'}
                  styles={{ input: { fontFamily: 'monospace' } }}
                />
                <FileInput
                  label={t('gateways.register.file')}
                  accept=".csv,text/csv,text/plain"
                  clearable
                  onChange={(file) => file?.text().then(setRows)}
                  w={320}
                />
                <Group align="end">
                  <NativeSelect
                    label={t('gateways.register.installer')}
                    name="organizationId"
                    data={[{ value: '', label: '—' }, ...data.organizations]}
                    error={errors.organizationId}
                    w={260}
                  />
                  <TextInput label={t('gateways.register.note')} name="note" error={errors.note} w={260} />
                </Group>
                {generated.length > 0 ? (
                  <Alert color="orange" variant="light" title={t('gateways.register.generated')}>
                    <Table>
                      <Table.Tbody>
                        {generated.map((g) => (
                          <Table.Tr key={g.serial}>
                            <Table.Td ff="monospace">{g.serial}</Table.Td>
                            <Table.Td ff="monospace" data-testid="generated-code">
                              {g.claimCode}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                    <Button
                      mt="xs"
                      size="xs"
                      variant="light"
                      onClick={() =>
                        downloadCsv(
                          'ilusmart-claimcodes.csv',
                          [{ header: 'serial' }, { header: 'claim code' }],
                          generated.map((g) => [g.serial, g.claimCode]),
                        )
                      }
                    >
                      {t('gateways.register.download')}
                    </Button>
                  </Alert>
                ) : null}
                {r && r.skipped.length > 0 ? (
                  <Alert color="red" variant="light" title={t('gateways.register.skipped')}>
                    {r.skipped.map((s) => (
                      <div key={`${s.line}-${s.serial}`}>
                        {t('gateways.register.line', { line: s.line })} · {s.serial}: {t(s.reasonKey)}
                      </div>
                    ))}
                  </Alert>
                ) : null}
              </>
            );
          }}
        </IntentForm>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('gateways.revoke.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('gateways.revoke.help')}
        </Text>
        <IntentForm intent="revoke" submitLabel={t('gateways.revoke.submit')} danger>
          {(errors) => (
            <>
              <Group align="end">
                <TextInput
                  label={t('gateways.revoke.serial')}
                  name="serial"
                  error={errors.serial}
                  placeholder="ILS-24A00017"
                  w={220}
                  styles={{ input: { fontFamily: 'monospace' } }}
                />
                <NativeSelect
                  label={t('gateways.revoke.reason')}
                  name="reason"
                  data={data.revokeReasons.map((r) => ({
                    value: r,
                    label: t(`gateways.revoke.reason.${r}`),
                  }))}
                  error={errors.reason}
                  w={200}
                />
                <TextInput label={t('gateways.revoke.note')} name="note" error={errors.note} w={260} />
              </Group>
              <Checkbox name="confirm" label={t('gateways.revoke.confirm')} error={errors.confirm} />
            </>
          )}
        </IntentForm>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('gateways.recent')}
        </Title>
        <Table.ScrollContainer minWidth={520}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('fleet.col.serial')}</Table.Th>
                <Table.Th>{t('fleet.col.installer')}</Table.Th>
                <Table.Th>{t('common.createdAt')}</Table.Th>
                <Table.Th>{t('common.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td ff="monospace">{g.serial}</Table.Td>
                  <Table.Td>{g.organization_name ?? '—'}</Table.Td>
                  <Table.Td>{f.dateTime(g.created_at)}</Table.Td>
                  <Table.Td>
                    {g.mqtt_revoked_at ? (
                      <Badge variant="light" color="red" data-testid="gateway-revoked">
                        {t('gateways.revoked')} {f.date(g.mqtt_revoked_at)}
                      </Badge>
                    ) : g.site_id ? (
                      <Button
                        component={Link}
                        to={`/console/sites/${g.site_id}/troubleshoot`}
                        size="compact-xs"
                        variant="subtle"
                      >
                        {t('gateways.claimedAt')} {g.claimed_at ? f.date(g.claimed_at) : ''}
                      </Button>
                    ) : (
                      <Badge variant="light" color="gray">
                        {t('gateways.notClaimed')}
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}
