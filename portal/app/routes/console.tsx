import { translate } from '@ilumen/i18n';
import { policy } from '@ilumen/services';
import { Outlet, useLoaderData, useRouteError } from '@remix-run/react';
import { ConsoleShell } from '~/components/console-shell';
import { ErrorPage } from '~/root';
import { loader as load } from '~/server/route.server';

/**
 * The message namespaces the frame adds (decision 171): none, as the navigation's labels are translated here on the
 * server; each console page declares its own.
 */
export const handle = { i18n: [] };

/** Everything under /console needs a staff or installer role; the navigation shows what the policy allows. */
export const loader = load(async (ctx) => {
  policy.requirePermission(ctx.actor, 'console.enter');
  const actor = policy.requireUser(ctx.actor);
  const t = (k: Parameters<typeof translate>[1]) => translate(ctx.locale, k);
  const nav = [{ to: '/console', label: t('nav.dashboard') }];
  if (policy.can(actor, 'sites.list')) nav.push({ to: '/console/sites', label: t('nav.sites') });
  if (policy.can(actor, 'mandates.list')) nav.push({ to: '/console/mandates', label: t('nav.mandates') });
  if (policy.can(actor, 'commissioning.start'))
    nav.push({ to: '/console/commissioning', label: t('nav.commissioning') });
  if (policy.can(actor, 'alarms.list')) nav.push({ to: '/console/alarms', label: t('nav.alarms') });
  if (policy.can(actor, 'fleet.list')) nav.push({ to: '/console/fleet', label: t('nav.fleet') });
  if (policy.can(actor, 'gateways.register')) nav.push({ to: '/console/gateways', label: t('nav.gateways') });
  if (policy.can(actor, 'fleet.list')) nav.push({ to: '/console/search', label: t('nav.search') });
  if (policy.can(actor, 'firmware.read')) {
    nav.push(
      { to: '/console/firmware', label: t('nav.firmware') },
      { to: '/console/rollouts', label: t('nav.rollouts') },
    );
  }
  if (policy.can(actor, 'capacityRates.read'))
    nav.push(
      { to: '/console/capacity-rates', label: t('nav.capacityRates') },
      { to: '/console/network-rates', label: t('nav.networkRates') },
      { to: '/console/creg-rates', label: t('nav.cregRates') },
    );
  if (policy.can(actor, 'contractOffers.read'))
    nav.push({ to: '/console/contract-offers', label: t('nav.contractOffers') });
  if (policy.can(actor, 'tenants.read')) nav.push({ to: '/console/tenants', label: t('nav.tenants') });
  const own = actor.memberships[0];
  if (own) nav.push({ to: `/console/tenants/${own.organizationId}`, label: t('nav.users') });
  const audit = policy.auditScope(actor);
  if ('all' in audit || audit.organizationIds.length > 0)
    nav.push({ to: '/console/audit', label: t('nav.audit') });
  return { nav, user: { name: actor.name, email: actor.email }, links: policy.consoleLinks(actor) };
});

export default function ConsoleLayout() {
  const { nav, user } = useLoaderData<typeof loader>();
  return (
    <ConsoleShell nav={nav} user={user}>
      <Outlet />
    </ConsoleShell>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
