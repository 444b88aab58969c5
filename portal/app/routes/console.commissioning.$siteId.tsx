import { isAppError } from '@ilumen/services';
import { Alert, Anchor, Button, Card, Stack, Stepper, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useFetcher, useLoaderData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { DevicesStep } from '~/components/console/commissioning/devices-step';
import { EanStep } from '~/components/console/commissioning/ean-step';
import { Credentials, GatewayStep } from '~/components/console/commissioning/gateway-step';
import { GridStep } from '~/components/console/commissioning/grid-step';
import { LiveStep } from '~/components/console/commissioning/live-step';
import { ReportStep } from '~/components/console/commissioning/report-step';
import { SiteStep } from '~/components/console/commissioning/site-step';
import { IntentForm, type IntentResult } from '~/components/console/intent-form';
import { usePoll } from '~/components/console/use-poll';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'alarms',
    'commissioning',
    'config',
    'device',
    'devices',
    'fault',
    'gateways',
    'mandate',
    'modules',
    'refusal',
    'rollouts',
    'sites',
    'troubleshoot',
  ],
};

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, 'title.commissioning', {
    before: data ? `${data.site.street} ${data.site.house_number}` : undefined,
  }),
];

export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  try {
    const view = await ctx.services.commissioning.get(ctx.actor, { siteId: site.id });
    return {
      site: { id: site.id, street: site.street, house_number: site.house_number },
      view,
      canOpen: false,
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found')
      return {
        site: { id: site.id, street: site.street, house_number: site.house_number },
        view: null,
        canOpen: site.permissions.includes('site.manage'),
      };
    throw error;
  }
});

export const action = intentAction({
  open: async (ctx, { fields }) => {
    await ctx.services.commissioning.open(ctx.actor, fields);
    return done(ctx, 'commissioning.site.saved');
  },
  'site.save': async (ctx, { fields }) => {
    await ctx.services.commissioning.saveSite(ctx.actor, fields);
    return done(ctx, 'commissioning.site.saved');
  },
  'grid.save': async (ctx, { fields }) => {
    await ctx.services.commissioning.saveGrid(ctx.actor, fields);
    return done(ctx, 'commissioning.grid.saved');
  },
  'ean.save': async (ctx, { fields }) => {
    const { consentUrl } = await ctx.services.commissioning.saveEan(ctx.actor, fields);
    return { ...done(ctx, 'commissioning.ean.saved'), consentUrl };
  },
  'gateway.claim': async (ctx, { fields }) => {
    const claimed = await ctx.services.commissioning.claim(ctx.actor, fields);
    return {
      ...done(ctx, 'commissioning.gateway.claimed', { serial: claimed.serial }),
      username: claimed.username,
      password: claimed.password,
    };
  },
  'scan.start': async (ctx, { fields }) => {
    await ctx.services.commissioning.scan(ctx.actor, fields);
    return done(ctx, 'commissioning.scan.sent');
  },
  'devices.confirm': async (ctx, { fields }) => {
    const { deviceIds } = await ctx.services.commissioning.confirmDevices(ctx.actor, fields);
    return done(ctx, 'commissioning.devices.confirmed', { count: deviceIds.length });
  },
  'live.check': async (ctx, { fields }) => {
    const { ok } = await ctx.services.commissioning.liveCheck(ctx.actor, fields);
    return done(ctx, ok ? 'commissioning.live.passed' : 'commissioning.live.failed');
  },
  activate: async (ctx, { fields }) => {
    await ctx.services.commissioning.activate(ctx.actor, fields);
    return done(ctx, 'commissioning.activated');
  },
});

const STEP_ORDER = ['site', 'grid', 'ean', 'gateway', 'devices', 'live', 'report', 'done'] as const;

export default function CommissioningWizard() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const view = data.view;
  const current = view ? STEP_ORDER.indexOf(view.step) : 0;
  const [active, setActive] = useState(current);
  // The same fetcher as the claim form's: its answer (the one-time password) stays on the page after the step closes.
  const claim = useFetcher<IntentResult>({ key: 'intent-gateway.claim' });
  const credentials =
    claim.data?.ok && typeof claim.data.username === 'string' && typeof claim.data.password === 'string'
      ? { username: claim.data.username, password: claim.data.password }
      : null;
  // Move on with the wizard when a step is done (the loader says which step is next).
  useEffect(() => setActive(current), [current]);
  const waiting = Boolean(
    view &&
      ((view.gateway && !view.gateway.online) ||
        view.scans.some((s) => s.status === 'sent') ||
        view.config?.state === 'pending'),
  );
  usePoll(waiting && !view?.completedAt);

  if (!view) {
    return (
      <Stack>
        <PageHeader title={`${t('commissioning.title')} · ${data.site.street} ${data.site.house_number}`} />
        {data.canOpen ? (
          <IntentForm intent="open" submitLabel={t('commissioning.start')} />
        ) : (
          <Text c="dimmed">{t('commissioning.empty')}</Text>
        )}
      </Stack>
    );
  }
  const panels = [
    <SiteStep key="site" view={view} />,
    <GridStep key="grid" view={view} />,
    <EanStep key="ean" view={view} />,
    <GatewayStep key="gateway" view={view} />,
    <DevicesStep key="devices" view={view} />,
    <LiveStep key="live" view={view} />,
    <ReportStep key="report" view={view} />,
  ];
  return (
    <Stack>
      <PageHeader
        title={`${t('commissioning.title')} · ${view.site.street} ${view.site.house_number}, ${view.site.postal_code} ${view.site.city}`}
      >
        <Button component={Link} to={`/console/sites/${view.site.id}`} variant="default">
          {t('alarms.openSite')}
        </Button>
      </PageHeader>
      {view.completedAt ? (
        <Alert color="green" variant="light">
          {t('commissioning.isDone', { date: f.date(view.completedAt) })}{' '}
          <Anchor component={Link} to={`/console/commissioning/${view.site.id}/report`}>
            {t('commissioning.report.open')}
          </Anchor>
        </Alert>
      ) : !view.canEdit ? (
        <Alert color="gray" variant="light">
          {t('commissioning.readOnly')}
        </Alert>
      ) : null}
      {credentials ? <Credentials username={credentials.username} password={credentials.password} /> : null}
      <Card withBorder>
        <Stepper
          active={Math.min(active, 6)}
          onStepClick={(i) => i <= current && setActive(i)}
          size="sm"
          wrap
        >
          {STEP_ORDER.slice(0, 7).map((step, i) => (
            <Stepper.Step
              key={step}
              label={t(`commissioning.step.${step}`)}
              allowStepSelect={i <= current}
              completedIcon={undefined}
            >
              <div data-testid={`step-${step}`}>{panels[i]}</div>
            </Stepper.Step>
          ))}
        </Stepper>
      </Card>
    </Stack>
  );
}
