import type { MessageKey } from '@ilumen/i18n';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { RateTablePage } from '~/components/console/rate-table';
import { contractFromFields } from '~/components/home/contract-panel';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['bill', 'control'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.contractOffers')];

const KINDS = ['single', 'dayNight', 'exclusiveNight', 'variable', 'dynamic'] as const;
/** Each term with the decimals it is shown with: € per kWh to 5, € a year to 2, a factor to 4. */
const TERMS = [
  ['fixedEurPerYear', 2],
  ['importEurPerKwh', 5],
  ['dayEurPerKwh', 5],
  ['nightEurPerKwh', 5],
  ['exclusiveNightEurPerKwh', 5],
  ['exportEurPerKwh', 5],
  ['importFactor', 4],
  ['importAdderEurPerKwh', 5],
  ['exportFactor', 4],
  ['exportCostEurPerKwh', 5],
] as const;

/**
 * The contract offers every home's comparison prices its year under (decisions 191, 303): staff read them, iLumen's
 * admins add one, change one by saving its name again, and retire one (audited). The same rate-table page as the
 * network and CREG rates.
 */
export const loader = load(async (ctx) => ctx.services.contractOffers.list(ctx.actor));

export const action = intentAction({
  'offers.save': async (ctx, { fields }) => {
    await ctx.services.contractOffers.save(ctx.actor, {
      name: fields.name,
      contract: contractFromFields(fields),
    });
    return done(ctx, 'bill.offers.saved');
  },
  'offers.retire': async (ctx, { fields }) => {
    await ctx.services.contractOffers.retire(ctx.actor, fields);
    return done(ctx, 'bill.offers.retired');
  },
});

export default function ContractOffers() {
  const { offers, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const term = (k: (typeof TERMS)[number][0]) => t(`bill.contract.${k}` as MessageKey);
  return (
    <RateTablePage
      title={t('bill.offers.title')}
      intro={t('bill.offers.intro')}
      empty={t('bill.offers.none')}
      testId="contract-offers"
      minWidth={700}
      rows={offers}
      rowKey={(o) => String(o.id)}
      canEdit={canEdit}
      columns={[
        { label: t('bill.offers.name'), value: (o) => o.name },
        { label: t('bill.contract.kind'), value: (o) => t(`bill.contract.kind.${o.contract.kind}`) },
        {
          label: t('bill.offers.prices'),
          value: (o) =>
            TERMS.flatMap(([k, digits]) => {
              const v = (o.contract as Record<string, unknown>)[k];
              return typeof v === 'string' ? [`${term(k)}: ${f.number(Number(v), digits)}`] : [];
            }).join(' · '),
        },
      ]}
      save={{
        intent: 'offers.save',
        title: t('bill.offers.add'),
        fields: [
          { name: 'name', label: t('bill.offers.name') },
          {
            name: 'kind',
            label: t('bill.contract.kind'),
            errorKey: 'contract.kind',
            options: KINDS.map((k) => ({ value: k, label: t(`bill.contract.kind.${k}`) })),
          },
          ...TERMS.map(([k]) => ({ name: k, label: term(k), decimal: true, errorKey: `contract.${k}` })),
        ],
      }}
      remove={{
        intent: 'offers.retire',
        label: t('bill.offers.retire'),
        title: t('bill.offers.retireTitle'),
        fields: (o) => ({ offerId: o.id }),
        message: (o) => t('bill.offers.retireConfirm', { name: o.name }),
      }}
    />
  );
}
