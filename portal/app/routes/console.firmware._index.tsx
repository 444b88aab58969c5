import { policy } from '@ilumen/services';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Modal,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useSubmit } from '@remix-run/react';
import { useCallback, useState } from 'react';
import { ReleaseForm } from '~/components/firmware/release-form';
import { ConfirmModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['firmware'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.firmware')];

/** Releases (decisions 060–062): what gateways may be updated to, signed by the fleet key the portal checks against. */
export const loader = load(async (ctx, { request }) => {
  const includeRetired = new URL(request.url).searchParams.get('retired') === '1';
  const releases = await ctx.services.firmware.list(ctx.actor, { includeRetired });
  const { publicKey, store } = ctx.services.firmware.settings;
  return {
    releases,
    includeRetired,
    keyPrefix: publicKey ? publicKey.slice(0, 12) : null,
    store: store !== null,
    canManage: policy.can(ctx.actor, 'firmware.manage'),
  };
});

export const action = intentAction({
  'release.create': async (ctx, { fields, form }) => {
    const file = form.get('file');
    // the form parser already holds the file in memory (FIRMWARE_MAX_MB bounds what the service keeps)
    const upload =
      file instanceof Blob && file.size > 0
        ? { chunks: once(new Uint8Array(await file.arrayBuffer())) }
        : null;
    const release = await ctx.services.firmware.create(ctx.actor, fields, upload);
    return done(ctx, 'firmware.created', { version: release.version });
  },
  'release.retire': async (ctx, { fields }) => {
    const release = await ctx.services.firmware.retire(ctx.actor, fields);
    return done(ctx, 'firmware.retiredDone', { version: release.version });
  },
});

async function* once(bytes: Uint8Array) {
  yield bytes;
}

type Release = Awaited<ReturnType<typeof loader>>['releases'][number];

export default function FirmwareReleases() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const submit = useSubmit();
  const [creating, create] = useDisclosure(false);
  const [retiring, setRetiring] = useState<Release | null>(null);
  const closeRetire = useCallback(() => setRetiring(null), []);
  return (
    <>
      <PageHeader title={t('firmware.title')}>
        {data.canManage ? <Button onClick={create.open}>{t('firmware.new')}</Button> : null}
      </PageHeader>
      <Alert color={data.keyPrefix ? 'blue' : 'orange'} variant="light" mb="md">
        {data.keyPrefix
          ? t('firmware.key.configured', { prefix: `${data.keyPrefix}…` })
          : t('firmware.key.missing')}
      </Alert>
      <Card withBorder>
        <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true })}>
          <Checkbox
            name="retired"
            value="1"
            defaultChecked={data.includeRetired}
            label={t('firmware.showRetired')}
            mb="sm"
          />
        </Form>
        {data.releases.length === 0 ? (
          <Text c="dimmed">{t('firmware.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped>
              <caption style={{ captionSide: 'top', textAlign: 'left' }}>{t('firmware.title')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('firmware.field.version')}</Table.Th>
                  <Table.Th>{t('firmware.field.hardwareRevision')}</Table.Th>
                  <Table.Th>{t('firmware.field.channel')}</Table.Th>
                  <Table.Th>{t('firmware.col.size')}</Table.Th>
                  <Table.Th>{t('firmware.field.sha256')}</Table.Th>
                  <Table.Th>{t('firmware.col.created')}</Table.Th>
                  <Table.Th>{t('firmware.col.rollouts')}</Table.Th>
                  {data.canManage ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.releases.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Text fw={600}>{r.version}</Text>
                      {r.notes ? (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {r.notes}
                        </Text>
                      ) : null}
                      {r.retiredAt ? (
                        <Badge size="xs" color="gray" variant="light">
                          {t('firmware.retired')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{r.hardwareRevision}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={r.channel === 'stable' ? 'green' : r.channel === 'beta' ? 'yellow' : 'gray'}
                      >
                        {t(`firmware.channel.${r.channel}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{f.number(Math.round(r.sizeBytes / 1024))} KiB</Table.Td>
                    <Table.Td>
                      <Tooltip label={r.sha256}>
                        <Code>{r.sha256.slice(0, 12)}…</Code>
                      </Tooltip>
                      <Text size="xs" c="dimmed">
                        <Anchor href={r.url} size="xs">
                          {r.stored ? t('firmware.stored') : t('firmware.external')}
                        </Anchor>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {f.dateTime(r.createdAt)}
                      <Text size="xs" c="dimmed">
                        {r.createdBy ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{f.number(r.rollouts)}</Table.Td>
                    {data.canManage ? (
                      <Table.Td>
                        {r.retiredAt ? null : (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setRetiring(r)}
                          >
                            {t('firmware.retire')}
                          </Button>
                        )}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <Modal opened={creating} onClose={create.close} title={t('firmware.new')} size="lg" centered>
        <ReleaseForm onDone={create.close} />
      </Modal>
      <ConfirmModal
        item={retiring}
        onClose={closeRetire}
        title={t('firmware.retire')}
        intent="release.retire"
        submitLabel={t('firmware.retire')}
        fields={(r) => ({ releaseId: r.id })}
        message={(r) => `${r.version} (${r.hardwareRevision})`}
      />
    </>
  );
}
