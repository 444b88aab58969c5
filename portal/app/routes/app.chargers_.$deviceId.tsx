import '@mantine/charts/styles.css';
import { ActionIcon, Alert, Anchor, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { IconChevronRight, IconSettings } from '@tabler/icons-react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { lastLiveValues } from '~/components/energy/live.server';
import { useLiveStream } from '~/components/energy/live-circles';
import { FormModal } from '~/components/form-modal';
import type { HomeHandle } from '~/components/home/current-site';
import { HomeError } from '~/components/home/home-error';
import { ChargerChart } from '~/components/modules/charger-chart';
import { ChargerLive } from '~/components/modules/charger-live';
import { ChargerStartForm } from '~/components/modules/charger-start-form';
import { CommandStatus } from '~/components/modules/command-status';
import { SessionsTable } from '~/components/modules/sessions-table';
import { FaultNotice, StatusBadge } from '~/components/modules/status-badge';
import { useFormat, useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.charger', { brand: 'iLusmart' }),
];

/**
 * An iLucharge's detail page (manual 3D): for everyone who may use the charger — "iLuCharges" members too, so its
 * path names the charger, not an address they may not open. Start and stop go to the gateway as commands.
 */
/** The header shows the charger's own address (a homeowner with two addresses saw the other one). */
export const handle: HomeHandle = {
  i18n: [...DEVICE_CODES, 'commands', 'csv', 'energy'],
  siteIdOf: (data) => (data as { charger?: { siteId: number } } | undefined)?.charger?.siteId ?? null,
  chargers: true,
};

export const loader = load(async (ctx, { params, request }) => {
  const search = new URL(request.url).searchParams;
  const detail = await ctx.services.charging.detail(ctx.actor, { deviceId: params.deviceId });
  const [chart, live] = await Promise.all([
    ctx.services.charging.chart(ctx.actor, {
      deviceId: detail.charger.id,
      period: search.get('period') ?? 'week',
      date: search.get('date') ?? undefined,
    }),
    // the last known live values (the charger's power, status and session), from the first paint on
    detail.gateway ? lastLiveValues(ctx, detail.charger.siteId) : null,
  ]);
  return { ...detail, chart, live };
});

export const action = intentAction({
  'charge.start': async (ctx, { fields, params }) => {
    const sent = await ctx.services.charging.start(ctx.actor, { ...fields, deviceId: params.deviceId });
    return done(ctx, sent.gatewayOnline ? 'modules.charger.sent' : 'modules.charger.offline');
  },
  'charge.stop': async (ctx, { params }) => {
    const sent = await ctx.services.charging.stop(ctx.actor, { deviceId: params.deviceId });
    return done(ctx, sent.gatewayOnline ? 'modules.charger.sent' : 'modules.charger.offline');
  },
  'charger.settings': async (ctx, { fields, params }) => {
    await ctx.services.charging.saveSettings(ctx.actor, { ...fields, deviceId: params.deviceId });
    return done(ctx, 'modules.charger.saved');
  },
  'export.charger': async (ctx, { params }) => {
    const { email } = await ctx.services.chargeExports.requestCharger(ctx.actor, {
      deviceId: params.deviceId,
    });
    return done(ctx, 'modules.export.queued', { email });
  },
});

function ExportButton() {
  const t = useT();
  const { fetcher, result, submit } = useActionFetcher('export-charger');
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="export.charger" />
      <Stack gap="xs">
        <Button type="submit" variant="light" {...submit}>
          {t('modules.charger.exportButton')}
        </Button>
        <ActionResult result={result} />
      </Stack>
    </fetcher.Form>
  );
}

export default function ChargerPage() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const [settings, { open, close }] = useDisclosure(false);
  const live = useLiveStream(d.charger.siteId, Boolean(d.gateway), d.live);
  // live values carry the open session's energy too (contract: chargers[].sessionWh)
  const liveCharger = live.snapshot?.live.chargers?.find((c) => c.id === d.charger.key) as
    | { id: string; w: number; status: string; sessionWh?: number }
    | undefined;
  const status = liveCharger?.status ?? d.charger.status;
  const running = Boolean(d.openSession) || status === 'Laden' || status === 'Slaapt';
  const sessionWh = liveCharger?.sessionWh ?? d.openSession?.energyWh ?? null;
  return (
    <Stack>
      <Anchor component={Link} to="/app/chargers" size="sm">
        ← {t('modules.chargers.title')}
      </Anchor>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Title order={1} size="h3">
            {t('modules.charger.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {d.charger.address}
          </Text>
          <Text size="xs" c="dimmed">
            {d.charger.model} · {d.charger.serial}
          </Text>
        </div>
        {d.canOperate ? (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={open}
            aria-label={t('modules.charger.settings')}
          >
            <IconSettings size={22} />
          </ActionIcon>
        ) : null}
      </Group>
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between">
            <StatusBadge type="charger" status={status} size="lg" />
            {d.openSession ? (
              <Text size="sm" c="dimmed">
                {t('modules.charger.sessionSince', { time: f.dateTime(d.openSession.startedAt) })} ·{' '}
                {t(`modules.charger.sessionMode.${d.openSession.mode}`)}
              </Text>
            ) : liveCharger?.sessionWh === undefined ? (
              <Text size="sm" c="dimmed">
                {t('modules.charger.noSession')}
              </Text>
            ) : null}
          </Group>
          <ChargerLive
            powerW={liveCharger ? liveCharger.w : null}
            sessionWh={sessionWh}
            consumption={d.consumptionKwhPer100km}
          />
          {d.openSession?.target ? (
            <Text size="sm" ta="center">
              {t('modules.charger.guaranteeSummary', {
                km: f.number(d.openSession.target.energyWh / (d.consumptionKwhPer100km * 10)),
                time: f.time(d.openSession.target.by).slice(0, 5),
              })}
            </Text>
          ) : null}
        </Stack>
      </Card>
      {d.charger.fault ? (
        <FaultNotice fault={d.charger.fault} device={`iLucharge ${d.charger.serial}`} />
      ) : null}
      {d.gateway === null ? <Alert color="gray">{t('modules.charger.noGateway')}</Alert> : null}
      {d.gateway && !d.gateway.online ? (
        <Alert color="orange" variant="light" data-testid="gateway-offline">
          {t('commands.offline')}
        </Alert>
      ) : null}
      {d.lastCommand ? (
        <CommandStatus command={d.lastCommand} gatewayOnline={Boolean(d.gateway?.online)} />
      ) : null}
      {d.canOperate ? (
        <Card withBorder>
          <ChargerStartForm running={running} />
        </Card>
      ) : d.gateway ? (
        <Alert color="gray" variant="light">
          {t('modules.charger.readOnly')}
        </Alert>
      ) : null}
      <Title order={2} size="h4">
        {t('modules.charger.history')}
      </Title>
      <ChargerChart data={d.chart} />
      <Title order={2} size="h4">
        {d.ownOnly ? t('modules.charger.sessionsOwn') : t('modules.charger.sessions')}
      </Title>
      <SessionsTable
        sessions={
          // the session still charging with its energy so far, as the card above says it (stored only now and then)
          sessionWh === null
            ? d.sessions
            : d.sessions.map((x) => (x.endedAt === null ? { ...x, energyWh: sessionWh } : x))
        }
      />
      <ExportButton />
      {d.others.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('modules.charger.others')}
          </Title>
          {d.others.map((c) => (
            <Card
              key={c.id}
              withBorder
              padding="sm"
              component={Link}
              to={`/app/chargers/${c.id}`}
              aria-label={`${t('modules.charger.open')}: iLucharge ${c.serial}, ${c.address}`}
            >
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600}>iLucharge · {c.model}</Text>
                  <Text size="sm" c="dimmed">
                    {c.address}
                  </Text>
                </div>
                <IconChevronRight size={18} aria-hidden />
              </Group>
            </Card>
          ))}
        </Stack>
      ) : null}
      <FormModal
        opened={settings}
        onClose={close}
        title={t('modules.charger.settings')}
        intent="charger.settings"
        submitLabel={t('common.save')}
      >
        {(errors) => (
          <TextInput
            name="consumptionKwhPer100km"
            label={t('modules.charger.consumption')}
            description={t('modules.charger.consumptionHint')}
            defaultValue={f.number(d.consumptionKwhPer100km, 1)}
            inputMode="decimal"
            error={errors.consumptionKwhPer100km}
            data-autofocus
          />
        )}
      </FormModal>
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
