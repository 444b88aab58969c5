import { Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['control'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.capacityRates')];

/** The capacity tariff per grid operator (€/kW/year, excl. VAT): staff reads them, iLumen's admins keep them (audited). */
export const loader = load(async (ctx) => ctx.services.capacityRates.list(ctx.actor));

export const action = intentAction({
  'rate.save': async (ctx, { fields }) => {
    await ctx.services.capacityRates.save(ctx.actor, fields);
    return done(ctx, 'control.rates.saved');
  },
});

export default function CapacityRates() {
  const { rates, canEdit, defaultCode } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const { fetcher, result, errors, submit } = useActionFetcher('rate-save');
  return (
    <Stack>
      <PageHeader title={t('control.rates.title')} />
      <Text size="sm">{t('control.rates.intro')}</Text>
      <Card withBorder>
        <Table data-testid="capacity-rates">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('control.rates.name')}</Table.Th>
              <Table.Th>{t('control.rates.codeLabel')}</Table.Th>
              <Table.Th ta="right">{t('control.rates.amountLabel')}</Table.Th>
              <Table.Th>{t('control.rates.updated')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.map((r) => (
              <Table.Tr key={r.code}>
                <Table.Td>
                  {r.name}
                  {r.code === defaultCode ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({t('control.rates.default')})
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{r.code}</Table.Td>
                <Table.Td ta="right">{f.number(Number(r.eurPerKwYear), 2)}</Table.Td>
                <Table.Td>{r.updatedAt ? f.dateTime(r.updatedAt) : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      {canEdit ? (
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {t('control.rates.add')}
          </Title>
          <fetcher.Form method="post" aria-label={t('control.rates.add')}>
            <input type="hidden" name="intent" value="rate.save" />
            <Stack gap="sm">
              <ActionResult result={result} />
              <Group grow align="flex-start">
                <TextInput
                  name="code"
                  label={t('control.rates.codeLabel')}
                  description={t('control.rates.code')}
                  error={errors.code}
                />
                <TextInput name="name" label={t('control.rates.name')} error={errors.name} />
                <TextInput
                  name="eurPerKwYear"
                  label={t('control.rates.amountLabel')}
                  inputMode="decimal"
                  error={errors.eurPerKwYear}
                />
              </Group>
              <Group>
                <Button type="submit" {...submit}>
                  {t('control.save')}
                </Button>
              </Group>
            </Stack>
          </fetcher.Form>
        </Card>
      ) : null}
    </Stack>
  );
}
