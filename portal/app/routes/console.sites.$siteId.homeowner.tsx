import { Alert, Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ilusmartData } from '~/components/home/ilusmart.server';
import { IlusmartPanel, InstallationsPanel } from '~/components/home/installations-panel';
import { SiteDashboard } from '~/components/home/site-dashboard';
import { TariffsPanel } from '~/components/home/tariffs-panel';
import { UsersPanel } from '~/components/home/users-panel';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'bill',
    'device',
    'devices',
    'energy',
    'fault',
    'home',
    'ilusmart',
    'installations',
    'modules',
    'refusal',
    'rollouts',
    'settings',
    'share',
    'siteScope',
    'sites',
    'support',
    'tariffs',
    'troubleshoot',
    'users',
  ],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.homeownerView')];

/**
 * Support (and admins) open a site's homeowner view from the console: read-only (the actor every service gets here
 * is read-only, so no change goes through), and each opening is written to the audit log. One loader, one audit
 * line; the tabs switch in the browser.
 */
export const loader = load(async (ctx, { params }) => {
  const viewer = await ctx.services.homeowner.openSupportView(ctx.actor, { siteId: params.siteId });
  const siteId = Number(params.siteId);
  const [site, tariffs, installations, ilusmart, shares, yesterday, monthly] = await Promise.all([
    ctx.services.homeowner.site(viewer, { siteId }),
    ctx.services.tariffs.list(viewer, { siteId }),
    ctx.services.homeowner.installations(viewer, { siteId }),
    ilusmartData(ctx, viewer, siteId),
    ctx.services.homeowner.shares(viewer, { siteId }),
    ctx.services.history.yesterday(viewer, { siteId }),
    ctx.services.history.monthlyNet(viewer, { siteId, months: 12 }),
  ]);
  return {
    site: { ...site, via: 'owner' },
    tariffs,
    installations,
    ilusmart,
    shares,
    energy: { yesterday, monthly },
  };
});

export default function SupportHomeownerView() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack maw={720}>
      <Anchor component={Link} to={`/console/sites/${data.site.id}`} size="sm">
        ← {data.site.address}
      </Anchor>
      <Title order={1} size="h2">
        {t('support.view.title')}
      </Title>
      <Alert color="blue" variant="light" role="note">
        {t('support.view.banner')}
      </Alert>
      <Text fw={600}>{data.site.address}</Text>
      <Tabs defaultValue="dashboard" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="dashboard">{t('support.view.dashboard')}</Tabs.Tab>
          <Tabs.Tab value="tariffs">{t('settings.tariffs')}</Tabs.Tab>
          <Tabs.Tab value="installations">{t('settings.installations')}</Tabs.Tab>
          <Tabs.Tab value="users">{t('settings.users')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="dashboard" pt="md">
          <SiteDashboard site={data.site} energy={data.energy} readOnly />
        </Tabs.Panel>
        <Tabs.Panel value="tariffs" pt="md">
          <TariffsPanel data={data.tariffs} readOnly />
        </Tabs.Panel>
        <Tabs.Panel value="installations" pt="md">
          <Stack>
            <InstallationsPanel data={data.installations} ilusmartHref={null} />
            <IlusmartPanel data={data.ilusmart} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="users" pt="md">
          <UsersPanel data={data.shares} readOnly />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
