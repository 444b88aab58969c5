import type { MessageKey } from '@ilumen/i18n';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { RateTablePage } from '~/components/console/rate-table';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['bill', 'control'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.networkRates')];

/** The amounts of a rate table, in the order a grid operator's tariff sheet lists them (decision 181). */
const AMOUNTS = [
  ['capacityEurPerKwYear', 5],
  ['offtakeEurPerKwh', 5],
  ['dataManagementEurPerYear', 2],
  ['transmissionEurPerKwh', 5],
  ['energyFundEurPerYear', 2],
  ['exciseEurPerKwh', 5],
  ['vatPct', 2],
] as const;
type Amount = (typeof AMOUNTS)[number][0];

/** The network rates per grid area (decision 181): staff read them, iLumen's admins keep them (audited). */
export const loader = load(async (ctx) => ctx.services.bill.rates(ctx.actor));

export const action = intentAction({
  'rates.save': async (ctx, { fields }) => {
    const { name, ...rates } = fields;
    await ctx.services.bill.saveRates(ctx.actor, { name, rates });
    return done(ctx, 'bill.rates.saved');
  },
  'rates.delete': async (ctx, { fields }) => {
    await ctx.services.bill.deleteRates(ctx.actor, fields);
    return done(ctx, 'bill.rates.deleted');
  },
});

export default function NetworkRates() {
  const { rates, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const label = (k: Amount) => t(`bill.rates.${k}` as MessageKey);
  return (
    <RateTablePage
      title={t('bill.rates.title')}
      intro={t('bill.rates.intro')}
      empty={t('bill.rates.none')}
      testId="network-rates"
      minWidth={900}
      rows={rates}
      rowKey={(r) => `${r.area}@${r.effectiveFrom}`}
      canEdit={canEdit}
      columns={[
        { label: t('bill.rates.area'), value: (r) => r.area },
        { label: t('bill.rates.effectiveFrom'), value: (r) => f.date(r.effectiveFrom) },
        { label: t('bill.rates.name'), value: (r) => r.name },
        ...AMOUNTS.map(([k, digits]) => ({
          label: label(k),
          numeric: true,
          value: (r: (typeof rates)[number]) => f.number(Number(r[k]), digits),
        })),
      ]}
      save={{
        intent: 'rates.save',
        title: t('bill.rates.add'),
        fields: [
          {
            name: 'area',
            label: t('bill.rates.area'),
            description: t('bill.area.code'),
            errorKey: 'rates.area',
          },
          {
            name: 'effectiveFrom',
            label: t('bill.rates.effectiveFrom'),
            type: 'date',
            errorKey: 'rates.effectiveFrom',
          },
          { name: 'name', label: t('bill.rates.name') },
          ...AMOUNTS.map(([k]) => ({ name: k, label: label(k), decimal: true, errorKey: `rates.${k}` })),
        ],
      }}
      remove={{
        intent: 'rates.delete',
        label: t('bill.rates.delete'),
        title: t('bill.rates.deleteTitle'),
        fields: (r) => ({ area: r.area, effectiveFrom: r.effectiveFrom }),
        message: (r) => t('bill.rates.deleteConfirm', { area: r.area, date: f.date(r.effectiveFrom) }),
      }}
    />
  );
}
