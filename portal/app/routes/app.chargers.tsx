import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useLoaderData } from '@remix-run/react';
import { HomeError } from '~/components/home/home-error';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

/**
 * The charger pages: every charger the person may use, per address. What a chargers-scope ("iLuCharges") member
 * sees of a site; starting a charge and the sessions come with the charger issue.
 */
export const loader = load(async (ctx) => ({ sites: await ctx.services.homeowner.chargers(ctx.actor) }));

export default function Chargers() {
  const { sites } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('home.chargers.title')}
      </Title>
      {sites.length === 0 ? <Text c="dimmed">{t('home.chargers.none')}</Text> : <Text size="sm">{t('home.chargers.intro')}</Text>}
      {sites.map((s) => (
        <Stack key={s.siteId} gap="xs" id={`site-${s.siteId}`}>
          <Title order={2} size="h5">
            {s.address}
          </Title>
          {s.chargers.length === 0 ? <Text c="dimmed">{t('home.chargers.empty')}</Text> : null}
          {s.chargers.map((c) => (
            <Card key={c.id} withBorder>
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={700}>iLucharge</Text>
                  <Text size="sm" c="dimmed">
                    {c.model} · {c.serial}
                  </Text>
                </div>
                <Badge variant="light" color={c.status === 'Laden' ? 'green' : c.status === 'Fout' ? 'red' : 'gray'}>
                  {c.status ? t(`home.chargers.status.${c.status}`) : t('home.dashboard.statusUnknown')}
                </Badge>
              </Group>
              {/* SLOT(issue 7/8): start a charge (fast or smart), the session's kW, km/h and charged km. */}
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
