import type { SiteComparison } from '@ilumen/services';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Await, Link, useLoaderData } from '@remix-run/react';
import { Suspense } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { HomeError } from '~/components/home/home-error';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { useHydrated } from '~/lib/use-hydrated';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['bill', 'comparison'] };

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.comparison', { brand: 'iLusmart' }),
];

/**
 * Which contract fits the home and what the control saved, on its own last 12 months (decisions 191, 240). A year of
 * quarters billed a dozen times takes a moment: the page comes at once and the comparison follows when it is ready.
 */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  return {
    site: { id: site.id, address: site.address },
    comparison: ctx.services.comparison.comparison(ctx.actor, { siteId: site.id }),
  };
});

export const action = intentAction({
  'comparison.mail': async (ctx, { fields }) => {
    const { email } = await ctx.services.comparison.mailComparison(ctx.actor, { siteId: fields.siteId });
    return done(ctx, 'comparison.mailed', { email });
  },
});

export default function ComparisonPage() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const hydrated = useHydrated();
  const loading = (
    <Group data-testid="comparison-loading">
      <Loader size="sm" />
      <Text size="sm">{t('comparison.loading')}</Text>
    </Group>
  );
  return (
    <Stack>
      <Anchor component={Link} to={`/app/sites/${data.site.id}/bill`} size="sm">
        ← {t('title.bill')}
      </Anchor>
      <Title order={1} size="h3">
        {t('comparison.title')}
      </Title>
      {/* The comparison streams in after the page. Its boundary waits for hydration: the frame's own first updates
          (live values, notifications) would otherwise reach a boundary still hydrating, and React gives up on the
          page with error 421. */}
      {hydrated ? (
        <Suspense fallback={loading}>
          <Await resolve={data.comparison}>
            {(c) => <ComparisonView siteId={data.site.id} comparison={c as SiteComparison} />}
          </Await>
        </Suspense>
      ) : (
        loading
      )}
    </Stack>
  );
}

function ComparisonView({ siteId, comparison: c }: { siteId: number; comparison: SiteComparison }) {
  const t = useT();
  const f = useFormat();
  if (c.state === 'empty')
    return (
      <Alert color="gray" data-testid="comparison-empty">
        {t('comparison.empty')}
      </Alert>
    );
  const noPrices = Math.max(0, ...c.rows.map((r) => r.actual.quartersWithoutPrice));
  const latest = c.monthly.at(-1);
  return (
    <Stack data-testid="comparison">
      <Text size="sm">{t('comparison.intro', { from: f.date(c.firstDay), to: f.date(c.lastDay) })}</Text>
      {!c.wholeMonths || c.months < 12 ? (
        <Alert color="blue" data-testid="comparison-partial">
          {c.wholeMonths
            ? t('comparison.partial', { months: c.months, from: f.date(c.firstDay) })
            : t('comparison.partialDays', { days: c.days, from: f.date(c.firstDay), to: f.date(c.lastDay) })}
        </Alert>
      ) : null}
      {c.simpleTariff ? <Alert color="gray">{t('comparison.simpleTariff')}</Alert> : null}
      {c.noOwnContract ? <Alert color="yellow">{t('comparison.noOwn')}</Alert> : null}
      {noPrices > 0 ? <Alert color="yellow">{t('comparison.noPrices', { count: noPrices })}</Alert> : null}
      <Card withBorder>
        <Table.ScrollContainer minWidth={520}>
          <Table data-testid="comparison-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('comparison.contract')}</Table.Th>
                <Table.Th ta="right">{t('comparison.actual')}</Table.Th>
                <Table.Th ta="right">{t('comparison.without')}</Table.Th>
                <Table.Th ta="right">{t('comparison.saved')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.rows.map((r) => (
                <Table.Tr key={r.id} data-testid={`comparison-row-${r.kind}`}>
                  <Table.Td fw={r.kind === 'own' ? 700 : undefined}>
                    {r.kind === 'own'
                      ? r.ownKind
                        ? t('comparison.ownKind', { kind: t(`bill.contract.kind.${r.ownKind}`) })
                        : t('comparison.own')
                      : r.name}{' '}
                    {r.cheapest ? (
                      <Badge color="green" variant="light">
                        {t('comparison.cheapest')}
                      </Badge>
                    ) : null}
                    {r.actual.monthsWithoutPrice.length > 0 ? (
                      <Text size="xs" c="orange.8" data-testid="no-month-price">
                        {t('comparison.noMonthPrice', {
                          months: r.actual.monthsWithoutPrice.map((m) => f.monthYear(m)).join(', '),
                        })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="actual">
                    {f.euro(r.actual.netEur)}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="without">
                    {f.euro(r.without.netEur)}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="saved">
                    {f.euro(r.savedEur)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {c.rows.length <= 1 ? (
          <Text size="sm" c="dimmed">
            {t('comparison.noOffers')}
          </Text>
        ) : null}
        <Text size="xs" c="dimmed" mt="xs">
          {t('comparison.controlHint')}
        </Text>
      </Card>
      <Title order={2} size="h5">
        {t('comparison.shares.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Share
          label={t('comparison.shares.selfConsumption')}
          value={c.shares.selfConsumptionPct}
          without={c.sharesWithout.selfConsumptionPct}
          testId="self-consumption"
        />
        <Share
          label={t('comparison.shares.selfSufficiency')}
          value={c.shares.selfSufficiencyPct}
          without={c.sharesWithout.selfSufficiencyPct}
          testId="self-sufficiency"
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('comparison.shares.hint')}
      </Text>
      <Title order={2} size="h5">
        {t('comparison.months.title')}
      </Title>
      {latest ? (
        <Text size="sm" data-testid="comparison-latest">
          {latest.lastYear
            ? t('comparison.months.latest', {
                net: f.euro(latest.thisYear.netEur),
                diff: f.euro((Number(latest.thisYear.netEur) - Number(latest.lastYear.netEur)).toFixed(2)),
                month: f.monthYear(`${Number(latest.month.slice(0, 4)) - 1}${latest.month.slice(4)}-01`),
              })
            : t('comparison.months.latestNone', {
                net: f.euro(latest.thisYear.netEur),
                month: f.monthYear(`${Number(latest.month.slice(0, 4)) - 1}${latest.month.slice(4)}-01`),
              })}
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={520}>
        <Table data-testid="comparison-months">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('comparison.months.month')}</Table.Th>
              <Table.Th ta="right">{t('comparison.months.import')}</Table.Th>
              <Table.Th ta="right">{t('comparison.months.net')}</Table.Th>
              <Table.Th ta="right">{t('comparison.months.lastYear')}</Table.Th>
              <Table.Th ta="right">{t('comparison.months.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.monthly.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{f.monthYear(`${m.month}-01`)}</Table.Td>
                <Table.Td ta="right">{f.kwh(Number(m.thisYear.importKwh) * 1000)}</Table.Td>
                <Table.Td ta="right">{f.euro(m.thisYear.netEur)}</Table.Td>
                <Table.Td ta="right">{m.lastYear ? f.euro(m.lastYear.netEur) : '—'}</Table.Td>
                <Table.Td ta="right">
                  {m.lastYear
                    ? f.euro((Number(m.thisYear.netEur) - Number(m.lastYear.netEur)).toFixed(2))
                    : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Downloads siteId={siteId} />
    </Stack>
  );
}

function Share({
  label,
  value,
  without,
  testId,
}: {
  label: string;
  value: number | null;
  without: number | null;
  testId: string;
}) {
  const t = useT();
  const f = useFormat();
  const pct = (v: number | null) => (v === null ? '—' : `${f.number(v, 1)}\u00a0%`);
  return (
    <Card withBorder data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {pct(value)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('comparison.without')}: {pct(without)}
      </Text>
    </Card>
  );
}

function Downloads({ siteId }: { siteId: number }) {
  const t = useT();
  const { fetcher, result, submit } = useActionFetcher('comparison.mail');
  return (
    <Stack gap="xs">
      <Group>
        <Button component="a" href={`/app/sites/${siteId}/comparison.pdf`} variant="light" download>
          {t('comparison.pdf')}
        </Button>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="comparison.mail" />
          <Button type="submit" variant="subtle" {...submit}>
            {t('comparison.mail')}
          </Button>
        </fetcher.Form>
      </Group>
      <ActionResult result={result} />
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
