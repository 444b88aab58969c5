import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { TimersPanel } from '~/components/modules/timers-panel';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [...DEVICE_CODES, 'config', 'settings'],
};

/** "Stel oplaadtimers in" (manual, "Instellen laadtimers"): the battery charge timers of an address. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const timers = await ctx.services.chargeTimers.list(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, timers };
});

export const action = intentAction({
  'timer.add': async (ctx, { fields }) => {
    await ctx.services.chargeTimers.add(ctx.actor, fields);
    return done(ctx, 'modules.timers.added');
  },
  'timer.remove': async (ctx, { fields }) => {
    await ctx.services.chargeTimers.remove(ctx.actor, fields);
    return done(ctx, 'modules.timers.removed');
  },
});

export default function Timers() {
  const { site, timers } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('modules.timers.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}`, label: t('home.menu.dashboard') }}
      />
      <TimersPanel data={timers} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
