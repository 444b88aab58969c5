import { formatMonthYear, gridAreaName } from '@ilumen/i18n';
import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['bill', 'comparison', 'energyExport'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.bill', { brand: 'iLusmart' })];

function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month's bill of an address, as the supplier's and grid operator's lines read together (decision 131). */
export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const month = new URL(request.url).searchParams.get('month') ?? undefined;
  const result = await ctx.services.bill.month(ctx.actor, { siteId: site.id, month });
  return {
    site: { id: site.id, address: site.address },
    ...result,
    previous: shiftMonth(result.month, -1),
    // no bill of a month still to come
    next: shiftMonth(result.month, 1) <= result.thisMonth ? shiftMonth(result.month, 1) : null,
  };
});

const GROUPS = ['energy', 'network', 'levies'] as const;

export default function BillPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const { bill } = data;
  const base = `/app/sites/${data.site.id}/bill`;
  const groupTotal = { energy: bill.energyEur, network: bill.networkEur, levies: bill.leviesEur };
  return (
    <Stack>
      <Anchor component={Link} to={`/app/sites/${data.site.id}`} size="sm">
        ← {t('common.back')}
      </Anchor>
      <Title order={1} size="h3">
        {t('bill.title', { month: formatMonthYear(locale, data.month) })}
      </Title>
      <Text size="sm">{t('bill.intro')}</Text>
      {data.through ? (
        <Text size="sm" c="dimmed" data-testid="bill-through">
          {t('bill.through', { date: f.date(data.through) })}
        </Text>
      ) : null}
      <Group justify="space-between">
        <Anchor component={Link} to={`${base}?month=${data.previous}`} size="sm">
          ← {t('bill.previous')}
        </Anchor>
        {data.next ? (
          <Anchor component={Link} to={`${base}?month=${data.next}`} size="sm">
            {t('bill.next')} →
          </Anchor>
        ) : null}
      </Group>
      <Text size="xs" c="dimmed">
        {data.area ? t('bill.area', { area: gridAreaName(data.area) }) : t('bill.noArea')}
      </Text>
      {bill.daysWithoutContract > 0 ? (
        <Alert color="yellow">{t('bill.noContract', { days: bill.daysWithoutContract })}</Alert>
      ) : null}
      {bill.daysWithoutRates > 0 ? (
        <Alert color="yellow">{t('bill.noRates', { days: bill.daysWithoutRates })}</Alert>
      ) : null}
      {bill.quartersWithoutPrice > 0 ? (
        <Alert color="yellow">{t('bill.noPrices', { count: bill.quartersWithoutPrice })}</Alert>
      ) : null}
      {bill.monthsWithoutPrice.length > 0 ? (
        <Alert color="red" data-testid="bill-no-month-price">
          {t('bill.noMonthPrice', { months: bill.monthsWithoutPrice.map((m) => f.monthYear(m)).join(', ') })}{' '}
          <Anchor component={Link} to={`/app/sites/${data.site.id}/settings/tariffs`} size="sm">
            {t('bill.variable.title')} →
          </Anchor>
        </Alert>
      ) : null}
      {bill.quartersByClock > 0 ? (
        <Text size="xs" c="dimmed" data-testid="bill-by-clock">
          {t('bill.byClock', { count: bill.quartersByClock })}
        </Text>
      ) : null}
      <Card withBorder data-testid="bill">
        <Table>
          <Table.Tbody>
            {GROUPS.map((group) => (
              <BillGroup key={group} group={group} total={groupTotal[group]} lines={bill.lines} />
            ))}
            <Table.Tr>
              <Table.Td>{t('bill.exclVat')}</Table.Td>
              <Table.Td />
              <Table.Td ta="right">{f.euro(bill.exclVatEur)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('bill.vat')}</Table.Td>
              <Table.Td />
              <Table.Td ta="right">{f.euro(bill.vatEur)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fw={700}>{t('bill.inclVat')}</Table.Td>
              <Table.Td />
              <Table.Td ta="right" fw={700}>
                {f.euro(bill.inclVatEur)}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td>{t('bill.injection', { kwh: f.kwh(Number(bill.injectionKwh) * 1000) })}</Table.Td>
              <Table.Td />
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {`−\u00a0${f.euro(bill.injectionEur)}`}
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fw={700}>{t('bill.net')}</Table.Td>
              <Table.Td />
              <Table.Td ta="right" fw={700} data-testid="bill-net">
                {f.euro(bill.netEur)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
      <Group>
        <Button
          component="a"
          variant="light"
          href={`/app/sites/${data.site.id}/bill.pdf?month=${data.month}`}
          download
        >
          {t('energyExport.billPdf')}
        </Button>
        <Button component={Link} to={`/app/sites/${data.site.id}/comparison`} variant="subtle">
          {t('comparison.link')}
        </Button>
        <Anchor component={Link} to="/app/exports" size="sm">
          {t('energyExport.link')}
        </Anchor>
      </Group>
    </Stack>
  );
}

function BillGroup({
  group,
  total,
  lines,
}: {
  group: 'energy' | 'network' | 'levies';
  total: string;
  lines: Array<{ key: string; group: string; kwh: string | null; eur: string }>;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <Table.Tr>
        <Table.Td fw={600}>{t(`bill.group.${group}`)}</Table.Td>
        <Table.Td />
        <Table.Td ta="right" fw={600}>
          {f.euro(total)}
        </Table.Td>
      </Table.Tr>
      {lines
        .filter((l) => l.group === group)
        .map((l) => (
          <Table.Tr key={l.key}>
            <Table.Td pl="lg">{t(`bill.line.${l.key}` as Parameters<typeof t>[0])}</Table.Td>
            <Table.Td ta="right" c="dimmed">
              {l.kwh === null ? '' : f.kwh(Number(l.kwh) * 1000)}
            </Table.Td>
            <Table.Td ta="right">{f.euro(l.eur)}</Table.Td>
          </Table.Tr>
        ))}
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
