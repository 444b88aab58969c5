import { Anchor, Badge, Button, Card, Container, Group, Stack, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { LanguageSwitch } from '~/components/language-switch';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

export const meta: MetaFunction = () => [{ title: 'iLusmart · iLumen' }];

/** The homeowner's start: their addresses. (The full homeowner view is built on this page.) */
export const loader = load(async (ctx) => {
  const sites = await ctx.services.sites.mine(ctx.actor);
  const name = ctx.actor.type === 'user' ? ctx.actor.name : '';
  return { sites, name };
});

export default function HomeownerHome() {
  const { sites, name } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Container size="xs" py="md">
      <Stack>
        <Group justify="space-between">
          <Text fw={800} c="orange.7" size="lg">
            iLusmart
          </Text>
          <Group gap="xs">
            <LanguageSwitch />
            <Form method="post" action="/logout">
              <Button type="submit" size="xs" variant="subtle">
                {t('nav.logout')}
              </Button>
            </Form>
          </Group>
        </Group>
        <Title order={1} size="h3">
          {t('dashboard.welcome', { name })}
        </Title>
        {sites.length === 0 ? <Text c="dimmed">{t('common.empty')}</Text> : null}
        {sites.map((s) => (
          <Card key={s.id} withBorder>
            <Group justify="space-between">
              <div>
                <Text fw={600}>
                  {s.street} {s.house_number}
                </Text>
                <Text size="sm" c="dimmed">
                  {s.postal_code} {s.city}
                </Text>
              </div>
              <Badge variant="light">{s.role === 'owner' ? t('siteRole.owner') : t(`siteScope.${s.scope}`)}</Badge>
            </Group>
          </Card>
        ))}
        <Anchor href="mailto:ilusmart@ilumen.be" size="sm">
          ilusmart@ilumen.be
        </Anchor>
        <Link to="/" hidden>
          home
        </Link>
      </Stack>
    </Container>
  );
}
