import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { UsersPanel } from '~/components/home/users-panel';
import { useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['settings', 'share', 'users'] };

/** "Gebruikers": sharing the address. Only its main user gets here. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const shares = await ctx.services.homeowner.shares(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, shares };
});

export const action = intentAction({
  'share.add': async (ctx, { fields }) => {
    const { email, changed } = await ctx.services.homeowner.share(ctx.actor, fields);
    return done(ctx, changed ? 'share.scopeChanged' : 'share.sent', { email });
  },
  'share.remove': async (ctx, { fields }) => {
    await ctx.services.homeowner.unshare(ctx.actor, fields);
    return done(ctx, 'share.removed', { email: String(fields.email ?? '') });
  },
  'share.revoke': async (ctx, { fields }) => {
    await ctx.services.homeowner.revokeShare(ctx.actor, fields);
    return done(ctx, 'share.revoked');
  },
});

export default function Users() {
  const { site, shares } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('share.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <UsersPanel data={shares} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
