import { formatDateTime, translate } from '@ilumen/i18n';
import { notificationParams } from '@ilumen/services';
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useFetcher, useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { useLocale, useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['notification', 'notifications'] };

/** The bell: maintenance announcements, mandates that became ready, shares. */
export const loader = load(async (ctx) => {
  const list = await ctx.services.notifications.list(ctx.actor, { pageSize: 50 });
  const t = (key: string) => translate(ctx.locale, key);
  return {
    unread: list.unread,
    rows: list.rows.map((n) => {
      const params = notificationParams(n.params, t);
      return {
        id: n.id,
        kind: n.kind,
        title: translate(ctx.locale, n.titleKey, params),
        body: translate(ctx.locale, n.bodyKey, params),
        readAt: n.readAt,
        createdAt: n.createdAt,
      };
    }),
  };
});

export const action = intentAction({
  'notification.read': async (ctx, { fields }) => {
    await ctx.services.notifications.markRead(ctx.actor, fields);
    return { ok: true as const, message: '' };
  },
  'notification.readAll': async (ctx) => {
    await ctx.services.notifications.markAllRead(ctx.actor);
    return done(ctx, 'notifications.allRead');
  },
});

function Item({ n }: { n: ReturnType<typeof useLoaderData<typeof loader>>['rows'][number] }) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher({ key: `notification-${n.id}` });
  const unread = !n.readAt && fetcher.state === 'idle' && !fetcher.data;
  return (
    <Card withBorder padding="sm" bg={unread ? 'var(--mantine-color-orange-0)' : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Text fw={700}>{n.title}</Text>
            {unread ? (
              <Badge size="xs" color="orange">
                {t('notifications.unread')}
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">{n.body}</Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(locale, new Date(n.createdAt))}
          </Text>
        </div>
        {unread ? (
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="notification.read" />
            <input type="hidden" name="notificationId" value={n.id} />
            <Button type="submit" size="compact-xs" variant="subtle">
              {t('notifications.markRead')}
            </Button>
          </fetcher.Form>
        ) : null}
      </Group>
    </Card>
  );
}

export default function Notifications() {
  const list = useLoaderData<typeof loader>();
  const t = useT();
  const all = useFetcher({ key: 'notifications-all' });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('notifications.title')}
        </Title>
        {list.unread > 0 ? (
          <all.Form method="post">
            <input type="hidden" name="intent" value="notification.readAll" />
            <Button type="submit" size="xs" variant="light">
              {t('notifications.markAllRead')}
            </Button>
          </all.Form>
        ) : null}
      </Group>
      {list.rows.length === 0 ? <Text c="dimmed">{t('notifications.empty')}</Text> : null}
      {list.rows.map((n) => (
        <Item key={n.id} n={n} />
      ))}
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
