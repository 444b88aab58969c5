import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { consoleControlLinks } from '~/components/control/control-links';
import {
  DynamicChargingCard,
  LoadBalancingCard,
  PeakShavingCard,
} from '~/components/control/ilusmart-control';
import { ilusmartControlData } from '~/components/control/ilusmart-control.server';
import { MaintenanceList } from '~/components/control/maintenance-list';
import { TimelineList } from '~/components/control/timeline-list';
import { FormError } from '~/components/form-error';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'control',
    'device',
    'energy',
    'fault',
    'modules',
    'refusal',
    'rollouts',
    'settings',
    'troubleshoot',
  ],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.modules')];

/**
 * A site's iLuStore modules in the console: staff and the site's installer grant or withdraw them (audited) and set
 * the grid operator's capacity rate; the settings the owner sees; the maintenance charges; and the gateway's
 * decisions with their reasons — what support looks at when a homeowner asks "why did it do that".
 */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  const cursor = new URL(request.url).searchParams.get('cursor') ?? undefined;
  const [modules, control, maintenance, timeline, rate, rates] = await Promise.all([
    ctx.services.storeModules.list(ctx.actor, { siteId: site.id }),
    ilusmartControlData(ctx, ctx.actor, site.id),
    ctx.services.maintenance.list(ctx.actor, { siteId: site.id }),
    ctx.services.timeline.list(ctx.actor, { siteId: site.id, show: 'decisions', cursor }),
    ctx.services.capacityRates.forSite(site.id),
    ctx.services.capacityRates.choices(),
  ]);
  return {
    site: { id: site.id, address: `${site.street} ${site.house_number}, ${site.postal_code} ${site.city}` },
    modules,
    control,
    maintenance,
    timeline,
    rate: { code: rate.code, choices: rates },
  };
});

export const action = intentAction({
  'module.grant': async (ctx, { fields }) => {
    await ctx.services.storeModules.grant(ctx.actor, fields);
    return done(ctx, 'control.console.granted');
  },
  'module.revoke': async (ctx, { fields }) => {
    await ctx.services.storeModules.revoke(ctx.actor, fields);
    return done(ctx, 'control.console.revoked');
  },
  'rate.save': async (ctx, { fields }) => {
    await ctx.services.capacityReport.setSiteRate(ctx.actor, fields);
    return done(ctx, 'control.console.rateSaved');
  },
  'peak.save': async (ctx, { fields }) => {
    await ctx.services.peakShaving.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
  'dynamic.save': async (ctx, { fields }) => {
    await ctx.services.dynamicCharging.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
  'lb.save': async (ctx, { fields }) => {
    await ctx.services.loadBalancing.save(ctx.actor, fields);
    return done(ctx, 'control.saved');
  },
});

function ModuleRow({
  m,
  canGrant,
}: {
  m: { module: string; granted: boolean; grantedAt: string | null; grantedBy: string | null };
  canGrant: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const { fetcher, result, submit } = useActionFetcher(`module-${m.module}`);
  return (
    <Card withBorder data-testid={`module-${m.module}`}>
      <Group justify="space-between" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Text fw={600}>{t(`control.module.${m.module}`)}</Text>
            <Badge color={m.granted ? 'green' : 'gray'} variant="light">
              {m.granted ? t('control.store.active') : t('control.store.inactive')}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t(`control.module.${m.module}.what`)}
          </Text>
          {m.granted && m.grantedAt ? (
            <Text size="xs" c="dimmed">
              {t('control.console.grantedBy', { name: m.grantedBy ?? '—', date: f.date(m.grantedAt) })}
            </Text>
          ) : null}
          {result && !result.ok ? <FormError message={result.message} /> : null}
        </div>
        {canGrant ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value={m.granted ? 'module.revoke' : 'module.grant'} />
            <input type="hidden" name="module" value={m.module} />
            <Button type="submit" size="xs" variant={m.granted ? 'default' : 'filled'} {...submit}>
              {m.granted ? t('control.console.revoke') : t('control.console.grant')}
            </Button>
          </fetcher.Form>
        ) : null}
      </Group>
    </Card>
  );
}

function RateForm({
  rate,
  canEdit,
}: {
  rate: { code: string; choices: Array<{ code: string; name: string }> };
  canEdit: boolean;
}) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher('site-rate');
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="rate.save" />
      <Group align="flex-end">
        <NativeSelect
          name="rateCode"
          label={t('control.console.rate')}
          defaultValue={rate.code}
          disabled={!canEdit}
          data={rate.choices.map((c) => ({ value: c.code, label: c.name }))}
          error={errors.rateCode}
        />
        {canEdit ? (
          <Button type="submit" variant="default" {...submit}>
            {t('control.save')}
          </Button>
        ) : null}
      </Group>
      {result ? (
        <Stack mt="xs">
          <ActionResult result={result} />
        </Stack>
      ) : null}
    </fetcher.Form>
  );
}

export default function SiteModules() {
  const { site, modules, control, maintenance, timeline, rate } = useLoaderData<typeof loader>();
  const t = useT();
  const links = consoleControlLinks(site.id);
  return (
    <Stack>
      <PageHeader title={t('control.console.title')}>
        <Anchor component={Link} to={`/console/sites/${site.id}`}>
          {site.address}
        </Anchor>
      </PageHeader>
      <Title order={2} size="h4" id="modules">
        {t('control.console.modules')}
      </Title>
      <Stack gap="xs">
        {modules.modules.map((m) => (
          <ModuleRow key={m.module} m={m} canGrant={modules.canGrant} />
        ))}
      </Stack>
      <Card withBorder>
        <RateForm rate={rate} canEdit={modules.canGrant} />
      </Card>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <PeakShavingCard siteId={site.id} links={links} data={control.peak} hasGateway={false} />
        <DynamicChargingCard siteId={site.id} links={links} data={control.dynamic} />
        <LoadBalancingCard siteId={site.id} links={links} data={control.balancing} />
      </SimpleGrid>
      <MaintenanceList items={maintenance} />
      <Title order={2} size="h4">
        {t('control.console.decisions')}
      </Title>
      <TimelineList data={timeline} devices={timeline.devices} show="decisions" storeHref={links.store} />
    </Stack>
  );
}
