import { Anchor, Badge, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['search', 'troubleshoot'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.search')];

export const loader = load(async (ctx, { request }) => {
  const q = new URL(request.url).searchParams.get('q') ?? '';
  return ctx.services.search.global(ctx.actor, { q });
});

export default function Search() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const nothing = data.q.length >= 3 && data.sites.length === 0 && data.gateways.length === 0;
  return (
    <Stack>
      <PageHeader title={t('search.title')} />
      <Form method="get" role="search">
        <TextInput
          name="q"
          type="search"
          defaultValue={data.q}
          placeholder={t('search.placeholder')}
          description={t('search.help')}
          aria-label={t('search.title')}
          maw={560}
          autoFocus
        />
      </Form>
      {data.q.length > 0 && data.q.length < 3 ? <Text c="dimmed">{t('search.tooShort')}</Text> : null}
      {nothing ? <Text c="dimmed">{t('search.none', { q: data.q })}</Text> : null}
      {data.sites.length > 0 ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('search.sites')}
          </Title>
          <Stack gap="sm">
            {data.sites.map((s) => (
              <Group key={s.siteId} justify="space-between" wrap="nowrap" data-testid="search-site">
                <div>
                  <Anchor component={Link} to={`/console/sites/${s.siteId}`} fw={600}>
                    {s.address}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {s.organization} · {t(`search.match.${s.match}`, { detail: s.detail })}
                  </Text>
                </div>
                <Group gap="xs" wrap="nowrap">
                  {s.gatewaySerial ? (
                    <Badge variant="light" color={s.gatewayOnline ? 'green' : 'gray'}>
                      {s.gatewaySerial}
                    </Badge>
                  ) : null}
                  <Anchor component={Link} to={`/console/sites/${s.siteId}/troubleshoot`} size="sm">
                    {t('troubleshoot.open')}
                  </Anchor>
                </Group>
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}
      {data.gateways.length > 0 ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('search.gateways')}
          </Title>
          {data.gateways.map((g) => (
            <Text key={g.id} ff="monospace">
              {g.serial}
            </Text>
          ))}
        </Card>
      ) : null}
    </Stack>
  );
}
