import type { MessageKey } from '@ilumen/i18n';
import { Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { ConfirmModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
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

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rates'][number];

export default function NetworkRates() {
  const { rates, canEdit } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  const { fetcher, result, errors, submit } = useActionFetcher('network-rates-save');
  const [deleting, setDeleting] = useState<Row | null>(null);
  const label = (k: Amount) => t(`bill.rates.${k}` as MessageKey);
  return (
    <Stack>
      <PageHeader title={t('bill.rates.title')} />
      <Text size="sm">{t('bill.rates.intro')}</Text>
      <Card withBorder>
        {rates.length === 0 ? (
          <Text c="dimmed">{t('bill.rates.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table data-testid="network-rates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('bill.rates.area')}</Table.Th>
                  <Table.Th>{t('bill.rates.effectiveFrom')}</Table.Th>
                  <Table.Th>{t('bill.rates.name')}</Table.Th>
                  {AMOUNTS.map(([k]) => (
                    <Table.Th key={k} ta="right">
                      {label(k)}
                    </Table.Th>
                  ))}
                  {canEdit ? <Table.Th /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rates.map((r) => (
                  <Table.Tr key={`${r.area}@${r.effectiveFrom}`}>
                    <Table.Td>{r.area}</Table.Td>
                    <Table.Td>{f.date(r.effectiveFrom)}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    {AMOUNTS.map(([k, digits]) => (
                      <Table.Td key={k} ta="right">
                        {f.number(Number(r[k]), digits)}
                      </Table.Td>
                    ))}
                    {canEdit ? (
                      <Table.Td>
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(r)}>
                          {t('bill.rates.delete')}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {canEdit ? (
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {t('bill.rates.add')}
          </Title>
          <fetcher.Form method="post" aria-label={t('bill.rates.add')}>
            <input type="hidden" name="intent" value="rates.save" />
            <Stack gap="sm">
              <ActionResult result={result} />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  name="area"
                  label={t('bill.rates.area')}
                  description={t('bill.area.code')}
                  error={errors['rates.area']}
                />
                <TextInput
                  name="effectiveFrom"
                  type="date"
                  label={t('bill.rates.effectiveFrom')}
                  error={errors['rates.effectiveFrom']}
                />
                <TextInput name="name" label={t('bill.rates.name')} error={errors.name} />
                {AMOUNTS.map(([k]) => (
                  <TextInput
                    key={k}
                    name={k}
                    label={label(k)}
                    inputMode="decimal"
                    error={errors[`rates.${k}`]}
                  />
                ))}
              </SimpleGrid>
              <Group>
                <Button type="submit" {...submit}>
                  {t('control.save')}
                </Button>
              </Group>
            </Stack>
          </fetcher.Form>
        </Card>
      ) : null}
      <ConfirmModal
        item={deleting}
        onClose={() => setDeleting(null)}
        title={t('bill.rates.deleteTitle')}
        intent="rates.delete"
        submitLabel={t('bill.rates.delete')}
        fields={(r) => ({ area: r.area, effectiveFrom: r.effectiveFrom })}
        message={(r) => t('bill.rates.deleteConfirm', { area: r.area, date: f.date(r.effectiveFrom) })}
      />
    </Stack>
  );
}
