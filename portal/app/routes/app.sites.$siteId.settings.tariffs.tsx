import { formatDate, formatMonthYear } from '@ilumen/i18n';
import { useLoaderData } from '@remix-run/react';
import { ContractPanel, contractFromFields } from '~/components/home/contract-panel';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { TariffsPanel } from '~/components/home/tariffs-panel';
import { useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['bill', 'settings', 'tariffs'] };

export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const [tariffs, contract] = await Promise.all([
    ctx.services.tariffs.list(ctx.actor, { siteId: site.id }),
    ctx.services.bill.contracts(ctx.actor, { siteId: site.id }),
  ]);
  return { site: { id: site.id, address: site.address }, tariffs, contract };
});

export const action = intentAction({
  'tariffs.save': async (ctx, { fields }) => {
    const { effectiveFrom } = await ctx.services.tariffs.save(ctx.actor, fields);
    return done(ctx, 'tariffs.saved', { date: formatDate(ctx.locale, effectiveFrom) });
  },
  'contract.save': async (ctx, { fields }) => {
    const { effectiveFrom } = await ctx.services.bill.saveContract(ctx.actor, {
      siteId: fields.siteId,
      contract: contractFromFields(fields),
    });
    return done(ctx, 'bill.contract.saved', { date: formatDate(ctx.locale, effectiveFrom) });
  },
  'contract.monthPrice': async (ctx, { fields }) => {
    const { month } = await ctx.services.bill.saveMonthPrice(ctx.actor, fields);
    return done(ctx, 'bill.variable.saved', { month: formatMonthYear(ctx.locale, month) });
  },
});

export default function Tariffs() {
  const { site, tariffs, contract } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('tariffs.title')}
        address={site.address}
        back={{ to: `/app/sites/${site.id}/settings`, label: t('settings.title') }}
      />
      <TariffsPanel data={tariffs} />
      <ContractPanel data={contract} />
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
