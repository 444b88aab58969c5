import type { MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { useCurrentSiteId } from '~/components/home/current-site';
import { homeFrame } from '~/components/home/home.server';
import { HomeShell } from '~/components/home/home-shell';
import { HOME_PAGE } from '~/lib/i18n-namespaces';
import { ErrorPage } from '~/root';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: HOME_PAGE };

export const meta: MetaFunction = () => [{ title: 'iLusmart · iLumen' }];

/** The homeowner view's frame: every page under /app. Embeddable (CSP frame-ancestors, server/app.ts). */
export const loader = load(async (ctx, { request }) => homeFrame(ctx, request));

export default function HomeLayout() {
  const frame = useLoaderData<typeof loader>();
  const currentSiteId = useCurrentSiteId();
  return (
    <HomeShell
      sites={frame.sites}
      currentSiteId={currentSiteId}
      unread={frame.unread}
      user={frame.user}
      embedded={frame.embedded}
      hasChargers={frame.hasChargers}
    >
      <Outlet />
    </HomeShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
