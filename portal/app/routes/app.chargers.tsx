import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link, useLoaderData } from '@remix-run/react';
import { IconChevronRight } from '@tabler/icons-react';
import { HomeError } from '~/components/home/home-error';
import { StatusBadge } from '~/components/modules/status-badge';
import { useT } from '~/lib/i18n';
import { DEVICE_CODES } from '~/lib/i18n-namespaces';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: [...DEVICE_CODES] };

/**
 * The charger pages: every charger the person may use, per address, each opening its detail page (start, stop, the
 * session, the history). What a chargers-scope ("iLuCharges") member sees of a site.
 */
export const loader = load(async (ctx) => ({ sites: await ctx.services.homeowner.chargers(ctx.actor) }));

export default function Chargers() {
  const { sites } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('modules.chargers.title')}
      </Title>
      {sites.length === 0 ? (
        <Text c="dimmed">{t('modules.chargers.none')}</Text>
      ) : (
        <Text size="sm">{t('modules.chargers.intro')}</Text>
      )}
      {sites.map((s) => (
        <Stack key={s.siteId} gap="xs" id={`site-${s.siteId}`}>
          <Title order={2} size="h5">
            {s.address}
          </Title>
          {s.chargers.length === 0 ? <Text c="dimmed">{t('modules.chargers.empty')}</Text> : null}
          {s.chargers.map((c) => (
            <Card key={c.id} withBorder>
              <Group justify="space-between" wrap="nowrap">
                <Card
                  component={Link}
                  to={`/app/chargers/${c.id}`}
                  padding={0}
                  style={{ flex: 1, minWidth: 0 }}
                  aria-label={`${t('modules.charger.open')}: iLucharge ${c.serial}`}
                >
                  <Group justify="space-between" wrap="nowrap">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={700}>iLucharge</Text>
                      <Text size="sm" c="dimmed" truncate="end">
                        {c.model} · {c.serial}
                      </Text>
                    </div>
                    <IconChevronRight size={20} aria-hidden />
                  </Group>
                </Card>
              </Group>
              <Group mt="xs">
                <StatusBadge type="charger" status={c.status} size="sm" />
              </Group>
            </Card>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
