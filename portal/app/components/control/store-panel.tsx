import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { useFormat, useT } from '~/lib/i18n';

export interface StoreData {
  siteId: number;
  modules: Array<{ module: string; granted: boolean; grantedAt: string | null }>;
}

/** The iLuStore (manual): each module, whether it is active for this address and what it does. */
export function StorePanel({ data }: { data: StoreData }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="sm">
      <Text size="sm">{t('control.store.intro')}</Text>
      {data.modules.map((m) => (
        <Card key={m.module} withBorder data-testid={`store-${m.module}`}>
          <Group justify="space-between" wrap="nowrap" mb={4}>
            <Title order={2} size="h5">
              {t(`control.module.${m.module}`)}
            </Title>
            <Badge color={m.granted ? 'green' : 'gray'} variant="light">
              {m.granted ? t('control.store.active') : t('control.store.inactive')}
            </Badge>
          </Group>
          <Text size="sm">{t(`control.module.${m.module}.what`)}</Text>
          {m.granted ? (
            <Group justify="space-between" mt="xs">
              <Text size="xs" c="dimmed">
                {m.grantedAt ? t('control.store.activeSince', { date: f.date(m.grantedAt) }) : null}
              </Text>
              <Anchor
                component={Link}
                to={
                  m.module === 'dynamic_charging'
                    ? `/app/sites/${data.siteId}/prices`
                    : `/app/sites/${data.siteId}/settings/installations/ilusmart`
                }
                size="sm"
              >
                {t('control.store.settings')}
              </Anchor>
            </Group>
          ) : (
            <Text size="xs" c="dimmed" mt="xs">
              {t('control.store.howToGet')}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
