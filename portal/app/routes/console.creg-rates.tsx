import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { RateTablePage } from '~/components/console/rate-table';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['companyCar', 'control'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.cregRates')];

const REGIONS = ['flanders', 'brussels', 'wallonia'] as const;

/**
 * The CREG's quarterly reference rates per region for company cars charged at home (decision 192): staff read them,
 * iLumen's admins add, change and delete one (audited); a quarter's rate saved late gives corrections at the next run.
 */
export const loader = load(async (ctx) => ctx.services.companyCars.rates(ctx.actor));

export const action = intentAction({
  'creg.save': async (ctx, { fields }) => {
    await ctx.services.companyCars.saveRate(ctx.actor, fields);
    return done(ctx, 'companyCar.rates.saved');
  },
  'creg.delete': async (ctx, { fields }) => {
    await ctx.services.companyCars.deleteRate(ctx.actor, fields);
    return done(ctx, 'companyCar.rates.deleted');
  },
});

export default function CregRates() {
  const { rates, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const region = (r: string) => t(`companyCar.region.${r as (typeof REGIONS)[number]}`);
  return (
    <RateTablePage
      title={t('companyCar.rates.title')}
      intro={t('companyCar.rates.intro')}
      empty={t('companyCar.rates.none')}
      testId="creg-rates"
      rows={rates}
      rowKey={(r) => `${r.region}@${r.quarter}`}
      canEdit={canEdit}
      columns={[
        { label: t('companyCar.rates.quarter'), value: (r) => r.quarter },
        { label: t('companyCar.rates.region'), value: (r) => region(r.region) },
        {
          label: t('companyCar.rates.eurPerKwh'),
          numeric: true,
          value: (r) => f.number(Number(r.eurPerKwh), 4),
        },
        { label: t('companyCar.rates.updated'), value: (r) => f.dateTime(r.updatedAt) },
      ]}
      save={{
        intent: 'creg.save',
        title: t('companyCar.rates.add'),
        fields: [
          {
            name: 'quarter',
            label: t('companyCar.rates.quarter'),
            description: t('companyCar.rate.quarter'),
          },
          {
            name: 'region',
            label: t('companyCar.rates.region'),
            options: REGIONS.map((r) => ({ value: r, label: region(r) })),
          },
          {
            name: 'eurPerKwh',
            label: t('companyCar.rates.eurPerKwh'),
            description: t('companyCar.rate.value'),
            decimal: true,
          },
        ],
      }}
      remove={{
        intent: 'creg.delete',
        label: t('companyCar.rates.delete'),
        title: t('companyCar.rates.deleteTitle'),
        fields: (r) => ({ region: r.region, quarter: r.quarter }),
        message: (r) => t('companyCar.rates.deleteConfirm', { region: region(r.region), quarter: r.quarter }),
      }}
    />
  );
}
