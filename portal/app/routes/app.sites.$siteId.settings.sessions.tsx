import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { Link, useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { requirePeriod } from '~/components/modules/export.server';
import { ExportForm } from '~/components/modules/export-form';
import { useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['settings'] };

/** "Mail laadsessies" in an address's settings (manual, "Overzicht per adres"): its main user, for a period. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  // today in Brussels (the services' clock), as YYYY-MM-DD
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(
    ctx.services.deps.clock.now(),
  );
  return {
    site: { id: site.id, address: site.address },
    owner: site.permissions.includes('site.owner'),
    from: `${today.slice(0, 4)}-01-01`,
    to: today,
  };
});

export const action = intentAction({
  'export.site': async (ctx, { fields }) => {
    // whoever may not see the address is refused before the form is read (tenant isolation)
    await ctx.services.homeowner.site(ctx.actor, { siteId: fields.siteId });
    requirePeriod(fields);
    const { email } = await ctx.services.chargeExports.requestSite(ctx.actor, fields);
    return done(ctx, 'modules.export.queued', { email });
  },
});

export default function SessionsExport() {
  const { site, owner, from, to } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('modules.export.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <Stack>
        <Text size="sm">{t('modules.export.intro')}</Text>
        {owner ? (
          <ExportForm
            intent="export.site"
            label={t('modules.export.title')}
            hint={t('modules.export.siteHint')}
            from={from}
            to={to}
          />
        ) : (
          <Alert color="gray">{t('modules.export.ownerOnly')}</Alert>
        )}
        <Anchor component={Link} to="/app/exports" size="sm">
          {t('modules.export.ownerTitle')} →
        </Anchor>
      </Stack>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
