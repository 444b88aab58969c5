import { policy } from '@ilumen/services';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useLoaderData } from '@remix-run/react';
import { useFormat, useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

export const loader = load(async (ctx) => {
  const actor = policy.requireUser(ctx.actor);
  const counts = await ctx.services.sites.counts(actor);
  const tenants = policy.can(actor, 'tenants.read') ? (await ctx.services.organizations.list(actor)).filter((o) => o.kind === 'installer').length : null;
  return { name: actor.name, sites: counts.sites, tenants };
});

export default function ConsoleHome() {
  const { name, sites, tenants } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.welcome', { name })}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder component={Link} to="/console/sites">
          <Text c="dimmed" size="sm">
            {t('dashboard.sites')}
          </Text>
          <Text fw={700} size="xl">
            {f.number(sites)}
          </Text>
        </Card>
        {tenants !== null ? (
          <Card withBorder component={Link} to="/console/tenants">
            <Text c="dimmed" size="sm">
              {t('dashboard.tenants')}
            </Text>
            <Text fw={700} size="xl">
              {f.number(tenants)}
            </Text>
          </Card>
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}
