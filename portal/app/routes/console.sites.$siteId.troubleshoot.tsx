import { EVENT_FILTERS } from '@ilumen/services';
import { Anchor, SimpleGrid, Stack } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AnomaliesCard } from '~/components/console/anomalies-card';
import { AlarmsPanel } from '~/components/console/troubleshoot/alarms-panel';
import { Commands } from '~/components/console/troubleshoot/commands';
import { Connectivity } from '~/components/console/troubleshoot/connectivity';
import { GatewayCard } from '~/components/console/troubleshoot/gateway-card';
import { GatewayCommands } from '~/components/console/troubleshoot/gateway-commands';
import { LivePanel } from '~/components/console/troubleshoot/live-panel';
import { Refused } from '~/components/console/troubleshoot/refused';
import { Registers } from '~/components/console/troubleshoot/registers';
import { Telegram } from '~/components/console/troubleshoot/telegram';
import { Timeline } from '~/components/console/troubleshoot/timeline';
import { usePoll } from '~/components/console/use-poll';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171); `p1` for the OBIS labels the service sends as keys. */
export const handle = {
  i18n: [
    'alarms',
    'commands',
    'commissioning',
    'config',
    'control',
    'device',
    'devices',
    'fault',
    'fleet',
    'modules',
    'p1',
    'refusal',
    'rollouts',
    'troubleshoot',
  ],
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, 'title.troubleshoot', {
    before: data ? `${data.site.street} ${data.site.house_number}` : undefined,
  }),
];

export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  const search = new URL(request.url).searchParams;
  const [overview, events] = await Promise.all([
    ctx.services.troubleshooting.overview(ctx.actor, { siteId: site.id }),
    ctx.services.troubleshooting.events(ctx.actor, {
      siteId: site.id,
      page: search.get('eventsPage') ?? '1',
      type: search.get('eventType') ?? '',
    }),
  ]);
  return {
    site: {
      id: site.id,
      street: site.street,
      house_number: site.house_number,
      postal_code: site.postal_code,
      city: site.city,
    },
    ...overview,
    events,
    eventFilters: [...EVENT_FILTERS],
  };
});

export const action = intentAction({
  'registers.read': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.readRegisters(ctx.actor, fields);
    return done(ctx, 'troubleshoot.registers.sent');
  },
  'modbus.scan': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.scanModbus(ctx.actor, fields);
    return done(ctx, 'troubleshoot.scan.sent');
  },
  'gateway.reboot': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.reboot(ctx.actor, fields);
    return done(ctx, 'troubleshoot.reboot.sent');
  },
  'log.tail': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.tailLog(ctx.actor, fields);
    return done(ctx, 'troubleshoot.log.sent');
  },
  'telegram.request': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.requestTelegram(ctx.actor, fields);
    return done(ctx, 'commands.status.sent');
  },
});

export default function Troubleshoot() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  usePoll(data.commands.some((c) => c.status === 'sent'));
  return (
    <Stack>
      <PageHeader
        title={`${t('troubleshoot.title')} · ${data.site.street} ${data.site.house_number}, ${data.site.postal_code} ${data.site.city}`}
      >
        <Anchor component={Link} to={`/console/sites/${data.site.id}`}>
          {t('alarms.openSite')}
        </Anchor>
      </PageHeader>
      <GatewayCard data={data} />
      <AlarmsPanel data={data} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Connectivity data={data} />
        <LivePanel data={data} />
      </SimpleGrid>
      <Registers data={data} />
      {data.canDiagnose && data.gateway ? (
        <GatewayCommands serial={data.gateway.serial} commands={data.commands} />
      ) : null}
      <Telegram data={data} />
      <Timeline data={data} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Commands data={data} />
        <Refused data={data} />
      </SimpleGrid>
      <AnomaliesCard anomalies={data.anomalies} />
    </Stack>
  );
}
