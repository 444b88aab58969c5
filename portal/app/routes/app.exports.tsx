import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useLoaderData } from '@remix-run/react';
import { EnergyExportForm } from '~/components/energy/energy-export-form';
import { HomeError } from '~/components/home/home-error';
import { requirePeriod } from '~/components/modules/export.server';
import { ExportForm } from '~/components/modules/export-form';
import { useFormat, useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['energyExport'] };

/** The charge sessions of every address the person is the main user of ("overzicht eigenaar"), and their exports. */
export const loader = load(async (ctx) => {
  const [exports, sites] = await Promise.all([
    ctx.services.chargeExports.list(ctx.actor),
    ctx.services.homeowner.sites(ctx.actor),
  ]);
  // today in Brussels (the services' clock), as YYYY-MM-DD
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(
    ctx.services.deps.clock.now(),
  );
  return {
    ...exports,
    from: `${today.slice(0, 4)}-01-01`,
    to: today,
    // the addresses whose data the person reads, for the energy data export (decision 241)
    dataSites: sites.filter((s) => s.data).map((s) => ({ id: s.id, address: s.address })),
    month: today.slice(0, 7),
  };
});

export const action = intentAction({
  'export.owner': async (ctx, { fields }) => {
    requirePeriod(fields);
    const { email } = await ctx.services.chargeExports.requestOwner(ctx.actor, fields);
    return done(ctx, 'modules.export.queued', { email });
  },
  'energyExport.csv': async (ctx, { fields }) => {
    const { url } = await ctx.services.comparison.checkEnergyExport(ctx.actor, fields);
    return { ok: true as const, message: '', url };
  },
});

export default function Exports() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('energyExport.title')}
      </Title>
      <Text size="sm">{t('energyExport.intro')}</Text>
      {data.dataSites.length > 0 ? (
        <EnergyExportForm sites={data.dataSites} from={data.from} to={data.to} month={data.month} />
      ) : (
        <Alert color="gray">{t('energyExport.noSites')}</Alert>
      )}
      <Title order={2} size="h4" mt="lg">
        {t('modules.export.ownerTitle')}
      </Title>
      <Text size="sm">{t('modules.export.intro')}</Text>
      {data.ownsSites ? (
        <ExportForm
          intent="export.owner"
          label={t('modules.export.ownerTitle')}
          hint={t('modules.export.ownerHint')}
          from={data.from}
          to={data.to}
        />
      ) : (
        <Alert color="gray">{t('modules.export.noOwnedSites')}</Alert>
      )}
      {data.exports.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('modules.export.recent')}
          </Title>
          <Table data-testid="exports-table">
            <Table.Tbody>
              {data.exports.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{t(`modules.export.scope.${e.scope}`)}</Table.Td>
                  <Table.Td>
                    {f.date(e.from)} – {f.date(e.to)}
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={e.status === 'sent' ? 'green' : e.status === 'failed' ? 'red' : 'blue'}
                    >
                      {t(`modules.export.status.${e.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{e.rows === null ? '' : f.number(e.rows)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
