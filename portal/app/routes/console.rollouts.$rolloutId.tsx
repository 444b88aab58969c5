import { auditActionText, codedText, rolloutStepText } from '@ilumen/i18n';
import { policy } from '@ilumen/services';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useRevalidator, useSearchParams, useSubmit } from '@remix-run/react';
import { useEffect, useMemo } from 'react';
import { IntentForm } from '~/components/console/intent-form';
import { type ServerColumn, ServerTable } from '~/components/data-table';
import { RolloutStatusBadge, TARGET_STATES, TargetStateBadge } from '~/components/firmware/status-badges';
import { WaveCard } from '~/components/firmware/wave-card';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: ['audit', 'device', 'fault', 'firmware', 'modules', 'refusal', 'rollouts', 'troubleshoot'],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.rollout')];

/** One rollout: its waves with progress and health figures, every gateway's state and steps, its history and audit. */
export const loader = load(async (ctx, { params, request }) => {
  const search = Object.fromEntries(new URL(request.url).searchParams);
  const rollout = await ctx.services.rollouts.get(ctx.actor, { rolloutId: params.rolloutId });
  const [targets, gateway] = await Promise.all([
    ctx.services.rollouts.targets(ctx.actor, { ...search, rolloutId: rollout.id }),
    search.gateway
      ? ctx.services.rollouts.targetLog(ctx.actor, { rolloutId: rollout.id, gatewayId: search.gateway })
      : null,
  ]);
  return {
    rollout,
    targets,
    gateway,
    filters: { state: search.state ?? '', waveNo: search.waveNo ?? '', search: search.search ?? '' },
    canManage: policy.can(ctx.actor, 'firmware.manage'),
  };
});

export const action = intentAction({
  'rollout.pause': async (ctx, { fields }) => {
    await ctx.services.rollouts.pause(ctx.actor, { ...fields, rolloutId: fields.rolloutId });
    return done(ctx, 'rollouts.pausedDone');
  },
  'rollout.resume': async (ctx, { fields }) => {
    await ctx.services.rollouts.resume(ctx.actor, fields);
    return done(ctx, 'rollouts.resumedDone');
  },
  'rollout.retry': async (ctx, { fields }) => {
    const { retried } = await ctx.services.rollouts.retryFailed(ctx.actor, fields);
    return done(ctx, 'rollouts.retriedDone', { retried });
  },
  'rollout.abort': async (ctx, { fields }) => {
    await ctx.services.rollouts.abort(ctx.actor, fields);
    return done(ctx, 'rollouts.abortedDone');
  },
});

type Data = Awaited<ReturnType<typeof loader>>;
type TargetRow = Data['targets']['rows'][number];

/** While a rollout moves, its page follows it (every 5 s; a new page load is cheap: a few indexed counts). */
function useLiveRefresh(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (state === 'idle' && document.visibilityState === 'visible') revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [active, revalidate, state]);
}

function Actions({ rollout }: { rollout: Data['rollout'] }) {
  const t = useT();
  const [aborting, abort] = useDisclosure(false);
  const [retrying, retry] = useDisclosure(false);
  const hidden = { rolloutId: rollout.id };
  return (
    <Group gap="xs">
      {rollout.status === 'running' ? (
        <IntentForm intent="rollout.pause" submitLabel={t('rollouts.pause')} hidden={hidden} />
      ) : null}
      {rollout.status === 'paused' ? (
        <IntentForm intent="rollout.resume" submitLabel={t('rollouts.resume')} hidden={hidden} />
      ) : null}
      {rollout.failed > 0 && rollout.status !== 'aborted' ? (
        <Button variant="light" onClick={retry.open}>
          {t('rollouts.retry')}
        </Button>
      ) : null}
      <Modal opened={retrying} onClose={retry.close} title={t('rollouts.retry')} centered>
        <Text size="sm" mb="sm">
          {t('rollouts.retryHint', { failed: rollout.failed })}
        </Text>
        <IntentForm
          intent="rollout.retry"
          submitLabel={t('rollouts.retry')}
          hidden={hidden}
          onDone={retry.close}
        />
      </Modal>
      {rollout.status === 'running' || rollout.status === 'paused' ? (
        <Button color="red" variant="light" onClick={abort.open}>
          {t('rollouts.abort')}
        </Button>
      ) : null}
      <Modal opened={aborting} onClose={abort.close} title={t('rollouts.abort')} centered>
        <Text size="sm" mb="sm">
          {t('rollouts.abortHint')}
        </Text>
        <IntentForm
          intent="rollout.abort"
          submitLabel={t('rollouts.abort')}
          hidden={hidden}
          danger
          onDone={abort.close}
        >
          {(errors) => <TextInput name="reason" label={t('rollouts.reason')} error={errors.reason} />}
        </IntentForm>
      </Modal>
    </Group>
  );
}

export default function RolloutPage() {
  const { rollout, targets, gateway, filters, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const submit = useSubmit();
  const [params] = useSearchParams();
  useLiveRefresh(rollout.status === 'running' || rollout.inFlight > 0);

  const columns = useMemo<ServerColumn<TargetRow>[]>(() => {
    // a gateway's steps open under the table, keeping the current filters and page
    const gatewayLink = (gatewayId: number) => {
      const next = new URLSearchParams(params);
      next.set('gateway', String(gatewayId));
      return `?${next.toString()}`;
    };
    return [
      {
        id: 'serial',
        header: t('rollouts.col.serial'),
        cell: ({ row }) => (
          <Anchor component={Link} to={gatewayLink(row.original.gatewayId)} preventScrollReset>
            {row.original.serial}
          </Anchor>
        ),
      },
      { id: 'wave', header: t('rollouts.col.wave'), cell: ({ row }) => row.original.waveNo + 1 },
      { id: 'from', header: t('rollouts.col.from'), cell: ({ row }) => row.original.fromVersion ?? '—' },
      {
        id: 'state',
        header: t('rollouts.col.state'),
        cell: ({ row }) => (
          <Group gap={4}>
            <TargetStateBadge state={row.original.state} progressPct={row.original.progressPct} />
            {row.original.problems.map((p) => (
              <Badge key={p} size="xs" color="red" variant="outline">
                {t(`rollouts.problem.${p}`)}
              </Badge>
            ))}
          </Group>
        ),
      },
      {
        id: 'last',
        header: t('rollouts.col.lastStep'),
        cell: ({ row }) => (row.original.lastStepAt ? f.dateTime(row.original.lastStepAt) : '—'),
      },
      {
        id: 'reason',
        header: t('rollouts.col.reason'),
        cell: ({ row }) => (
          <Text size="xs">
            {row.original.waiting
              ? t(`rollouts.wait.${row.original.waiting}`)
              : codedText(t, row.original.reason, { fromGateway: true })}
          </Text>
        ),
      },
    ];
  }, [t, f, params]);

  const window = rollout.window
    ? t('rollouts.window', { from: rollout.window.from, to: rollout.window.to })
    : t('rollouts.noWindow');
  return (
    <Stack>
      <Anchor component={Link} to="/console/rollouts" size="sm">
        ← {t('rollouts.title')}
      </Anchor>
      <PageHeader title={rollout.name}>
        <RolloutStatusBadge status={rollout.outcome} />
        {canManage ? <Actions rollout={rollout} /> : null}
      </PageHeader>
      <Text size="sm" c="dimmed">
        {rollout.release.version} · {rollout.release.hardwareRevision} ·{' '}
        {t(`firmware.channel.${rollout.release.channel}`)} ·{' '}
        {t('rollouts.gatewayCount', { count: rollout.targets })} ·{' '}
        {t('rollouts.rate', { rate: f.number(rollout.ratePerMinute) })} · {window} ·{' '}
        {t('rollouts.field.maxFailurePct')}: {f.number(rollout.maxFailurePct, 1)} %
        {rollout.status === 'running' ? ` · ${t('rollouts.live')}` : ''}
      </Text>
      {rollout.pauseReason && rollout.status === 'paused' ? (
        <Alert color="orange" variant="light" role="status">
          {t('rollouts.pausedBecause', { reason: codedText(t, rollout.pauseReason) })}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2, xl: Math.min(4, rollout.waves.length) }}>
        {rollout.waves.map((w) => (
          <WaveCard key={w.waveNo} wave={w} />
        ))}
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('rollouts.targets.title')}
        </Title>
        <Form
          method="get"
          role="search"
          onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}
        >
          <Group align="end" mb="md">
            <TextInput
              name="search"
              type="search"
              label={t('common.search')}
              defaultValue={filters.search}
              placeholder="ILS-"
            />
            <NativeSelect
              name="state"
              label={t('rollouts.col.state')}
              defaultValue={filters.state}
              data={[
                { value: '', label: t('common.all') },
                ...TARGET_STATES.map((s) => ({ value: s, label: t(`rollouts.state.${s}`) })),
              ]}
            />
            <NativeSelect
              name="waveNo"
              label={t('rollouts.col.wave')}
              defaultValue={filters.waveNo}
              data={[
                { value: '', label: t('common.all') },
                ...rollout.waves.map((w) => ({ value: String(w.waveNo), label: String(w.waveNo + 1) })),
              ]}
            />
          </Group>
        </Form>
        <ServerTable
          columns={columns}
          rows={targets.rows}
          total={targets.total}
          page={targets.page}
          pageSize={targets.pageSize}
          caption={t('rollouts.targets.title')}
          emptyText={t('common.noResults')}
          getRowId={(r) => String(r.gatewayId)}
        />
      </Card>

      {gateway ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('rollouts.gatewayLog', { serial: gateway.serial })}
          </Title>
          <Timeline bulletSize={14} lineWidth={2}>
            {gateway.log.map((l) => (
              <Timeline.Item key={l.id} title={rolloutStepText(t, l.step)}>
                <Text size="xs" c="dimmed">
                  {f.dateTime(l.at)}
                </Text>
                {l.detail ? (
                  <Text size="sm">{codedText(t, l.detail, { instant: f.dateTime, fromGateway: true })}</Text>
                ) : null}
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      ) : null}

      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('rollouts.log.title')}
          </Title>
          <Table>
            <Table.Tbody>
              {rollout.log.map((l) => (
                <Table.Tr key={l.id}>
                  <Table.Td w={150}>
                    <Text size="xs">{f.dateTime(l.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {rolloutStepText(t, l.step)}
                    </Text>
                    {l.detail ? (
                      <Text size="xs">{codedText(t, l.detail, { instant: f.dateTime })}</Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4">
              {t('rollouts.audit.title')}
            </Title>
            <Anchor component={Link} to="/console/audit?action=rollout" size="sm">
              {t('rollouts.audit.all')}
            </Anchor>
          </Group>
          <Table>
            <Table.Tbody>
              {rollout.audit.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td w={150}>
                    <Text size="xs">{f.dateTime(a.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500} title={a.action}>
                      {auditActionText(t, a.action)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {a.actorEmail ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
