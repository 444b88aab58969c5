import { useLoaderData } from '@remix-run/react';
import { Dashboard } from '~/components/home/dashboard';
import { HomeError } from '~/components/home/home-error';
import { dashboardData } from '~/components/home/home.server';
import { loader as load } from '~/server/route.server';

/** The dashboard of one address. */
export const loader = load(async (ctx, { params }) => dashboardData(ctx, params.siteId));

export default function SiteDashboard() {
  const { site } = useLoaderData<typeof loader>();
  return <Dashboard site={site} />;
}

export function ErrorBoundary() {
  return <HomeError />;
}
