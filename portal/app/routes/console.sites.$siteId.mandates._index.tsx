import { translate } from '@ilumen/i18n';
import { formatAddress } from '@ilumen/services';
import { Alert, Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { MandateStartForm } from '~/components/fluvius/mandate-start-form';
import { MandateStatus } from '~/components/fluvius/mandate-status';
import { startMandate } from '~/components/fluvius/mandates.server';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { type ActionResult, intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['consoleMandates', 'mandate', 'mandates', 'siteMandates'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fluvius')];

/** A site's Fluvius side in the console: its meters, its mandates with their sync, starting and linking a mandate. */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  const fluvius = await ctx.services.mandates.forSite(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: formatAddress(site) }, ...fluvius };
});

export const action = intentAction({
  'mandate.start': (ctx, { fields }) => startMandate(ctx, fields),
  'mandate.link': async (ctx, { fields }) => {
    await ctx.services.mandates.link(ctx.actor, fields);
    return done(ctx, 'siteMandates.linked');
  },
  'mandate.check': async (ctx, { fields }) => {
    await ctx.services.mandates.checkNow(ctx.actor, fields);
    return { ok: true as const, message: translate(ctx.locale, 'mandates.checkQueued') };
  },
  'mandate.cancel': async (ctx, { fields }) => {
    await ctx.services.mandates.cancel(ctx.actor, fields);
    return done(ctx, 'mandates.cancelled');
  },
});

export default function SiteMandates() {
  const { site, mandates, meters, canStart } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | { ok: true; message: string } | undefined;
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <Anchor component={Link} to={`/console/sites/${site.id}`} size="sm">
        ← {site.address}
      </Anchor>
      <PageHeader title={`${t('siteMandates.title')} · ${site.address}`}>
        {canStart && meters.length > 0 ? (
          <Button component={Link} to={`/console/sites/${site.id}/mandates/import`} variant="light">
            {t('mandates.import')}
          </Button>
        ) : null}
      </PageHeader>
      {result ? (
        <Alert color={result.ok ? 'green' : 'red'} variant="light" role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </Alert>
      ) : null}
      <Card withBorder>
        <Text size="xs" c="dimmed">
          {t('siteMandates.meter')}
        </Text>
        <Text ff="monospace">{meters.length > 0 ? meters.map((m) => `EAN ${m.ean}`).join(', ') : '—'}</Text>
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('mandates.title')}
        </Title>
        {mandates.length === 0 ? (
          <Text c="dimmed">{t('siteMandates.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('mandates.ean')}</Table.Th>
                  <Table.Th>{t('common.status')}</Table.Th>
                  <Table.Th>{t('consoleMandates.origin')}</Table.Th>
                  <Table.Th>{t('consoleMandates.expires')}</Table.Th>
                  <Table.Th>{t('consoleMandates.syncedThrough')}</Table.Th>
                  <Table.Th>{t('consoleMandates.lastError')}</Table.Th>
                  {canStart ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {mandates.map((m) => (
                  <Table.Tr key={m.id} data-testid={`mandate-${m.id}`}>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {m.ean}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('consoleMandates.reference')} {m.reference}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <MandateStatus status={m.status} renewalStatus={m.renewalStatus} />
                    </Table.Td>
                    <Table.Td>{t(`mandate.origin.${m.origin}`)}</Table.Td>
                    <Table.Td>{m.endsOn ? f.date(m.endsOn) : '—'}</Table.Td>
                    <Table.Td>
                      {m.syncedThrough ? f.date(m.syncedThrough) : '—'}
                      {m.status === 'linked' && m.historyFrom ? (
                        <Text size="xs" c="dimmed">
                          {m.backfillDone
                            ? t('mandates.historyFrom', { date: f.date(m.historyFrom) })
                            : t('mandates.historyBusy', { date: f.date(m.backfillBefore ?? m.historyFrom) })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {m.lastError ? (
                        <Text size="xs" c="red.8" lineClamp={3} maw={260} title={m.lastError}>
                          {m.lastError}
                        </Text>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    {canStart ? (
                      <Table.Td>
                        <Group gap={4}>
                          {m.status === 'approved' ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="mandate.link" />
                              <input type="hidden" name="mandateId" value={m.id} />
                              <Button type="submit" size="compact-xs">
                                {t('siteMandates.link')}
                              </Button>
                            </Form>
                          ) : null}
                          {['pending', 'requested', 'approved', 'linked'].includes(m.status) ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="mandate.check" />
                              <input type="hidden" name="mandateId" value={m.id} />
                              <Button type="submit" size="compact-xs" variant="subtle">
                                {t('mandates.checkNow')}
                              </Button>
                            </Form>
                          ) : null}
                          {m.status === 'pending' || m.status === 'requested' ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="mandate.cancel" />
                              <input type="hidden" name="mandateId" value={m.id} />
                              <Button type="submit" size="compact-xs" variant="subtle" color="red">
                                {t('mandates.cancel')}
                              </Button>
                            </Form>
                          ) : null}
                        </Group>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {canStart ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('mandate.start.title')}
          </Title>
          <MandateStartForm siteId={site.id} console />
        </Card>
      ) : null}
    </Stack>
  );
}
