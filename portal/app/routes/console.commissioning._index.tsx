import { policy } from '@ilumen/services';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError } from '~/components/form-error';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { redirectWithFlash } from '~/server/flash.server';
import { formObject, loader as load, action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['commissioning', 'fleet', 'sites'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.commissioning')];

export const loader = load(async (ctx) => {
  const [open, done, organizations] = await Promise.all([
    ctx.services.commissioning.list(ctx.actor, {}),
    ctx.services.commissioning.list(ctx.actor, { done: '1' }),
    ctx.services.organizations.options(ctx.actor),
  ]);
  return {
    open,
    done: done.slice(0, 20),
    canStart: policy.can(ctx.actor, 'commissioning.start'),
    organizations: organizations
      .filter((o) => o.kind === 'installer' && policy.canOnOrg(ctx.actor, o.id, 'org.sites.create'))
      .map((o) => ({ value: String(o.id), label: o.name })),
  };
});

export const action = wrap(async (ctx, { form }) => {
  const { siteId } = await ctx.services.commissioning.start(ctx.actor, formObject(form));
  return redirectWithFlash(`/console/commissioning/${siteId}`, { key: 'commissioning.site.saved' });
});

type Row = Awaited<ReturnType<typeof loader>>['open'][number];

function List({ rows, empty }: { rows: Row[]; empty: string }) {
  const t = useT();
  const f = useFormat();
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fleet.col.address')}</Table.Th>
            <Table.Th>{t('fleet.col.installer')}</Table.Th>
            <Table.Th>{t('common.status')}</Table.Th>
            <Table.Th>{t('commissioning.report.started')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.site_id}>
              <Table.Td>
                <Anchor component={Link} to={`/console/commissioning/${r.site_id}`}>
                  {r.street} {r.house_number}, {r.postal_code} {r.city}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.organization_name}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={r.completed_at ? 'green' : 'blue'}>
                  {t(`commissioning.step.${r.step}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {f.date(r.started_at)}
                {r.started_by ? (
                  <Text size="xs" c="dimmed">
                    {t('commissioning.startedBy', { name: r.started_by })}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function CommissioningIndex() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <Stack>
      <PageHeader title={t('commissioning.title')} />
      {data.canStart ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('commissioning.new')}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('commissioning.site.help')}
          </Text>
          <Form method="post">
            <Stack gap="sm">
              <FormError message={result && !result.ok ? result.message : null} fieldErrors={errors} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {data.organizations.length > 1 ? (
                  <NativeSelect
                    label={t('sites.installer')}
                    name="organizationId"
                    data={data.organizations}
                    error={errors.organizationId}
                  />
                ) : (
                  <input type="hidden" name="organizationId" value={data.organizations[0]?.value ?? ''} />
                )}
                <TextInput
                  label={t('common.name')}
                  description={t('common.optional')}
                  name="name"
                  error={errors.name}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 4 }}>
                <TextInput label={t('sites.street')} name="street" required error={errors.street} />
                <TextInput
                  label={t('sites.houseNumber')}
                  name="houseNumber"
                  required
                  error={errors.houseNumber}
                />
                <TextInput
                  label={t('sites.postalCode')}
                  name="postalCode"
                  required
                  inputMode="numeric"
                  error={errors.postalCode}
                />
                <TextInput label={t('sites.city')} name="city" required error={errors.city} />
              </SimpleGrid>
              <TextInput
                label={t('commissioning.site.ownerEmail')}
                name="ownerEmail"
                type="email"
                required
                error={errors.ownerEmail}
                maw={420}
              />
              <Group>
                <Button type="submit" loading={navigation.state === 'submitting'}>
                  {t('commissioning.start')}
                </Button>
              </Group>
            </Stack>
          </Form>
        </Card>
      ) : null}
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('commissioning.inProgress')}
        </Title>
        <List rows={data.open} empty={t('commissioning.empty')} />
      </Card>
      {data.done.length > 0 ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('commissioning.completedList')}
          </Title>
          <List rows={data.done} empty="" />
        </Card>
      ) : null}
    </Stack>
  );
}
