import { Alert, Button, Group, SimpleGrid, Stack, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { LiveSnapshotView } from '~/components/energy/live-circles';
import { ModuleTile, type TileModule } from '~/components/modules/module-tile';
import { useT } from '~/lib/i18n';
import { RoleBadge } from './home-shell';

export interface DashboardSite {
  id: number;
  address: string;
  via: string;
  scope: string | null;
  hasGateway: boolean;
  hasInverter: boolean;
  modules: TileModule[];
}

/**
 * The dashboard of one address. Its energy body — the two live circles, yesterday's summary, the monthly net import
 * with its cost (decision 005) — goes in the marked slot and receives the same `site`. What is here needs no
 * energy data: where the data comes from, why PV may be missing, and the modules with their last known status.
 */
export function Dashboard({
  site,
  readOnly = false,
  slot,
  live,
}: {
  site: DashboardSite;
  readOnly?: boolean;
  slot?: ReactNode;
  live?: LiveSnapshotView | null;
}) {
  const t = useT();
  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h3">
          {t('home.dashboard.title')}
        </Title>
        <RoleBadge role={site.via === 'owner' ? 'owner' : 'member'} scope={site.scope} />
      </Group>
      {site.hasGateway ? null : (
        <Alert color="gray" variant="light">
          {t('home.dashboard.noGateway')}
        </Alert>
      )}
      {site.hasInverter ? null : (
        <Alert color="gray" variant="light">
          {t('home.dashboard.noInverter')}
        </Alert>
      )}
      <div data-slot="dashboard-energy">{slot}</div>
      {site.modules.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('home.dashboard.devices')}
          </Title>
          <SimpleGrid cols={{ base: 2, xs: 3 }}>
            {site.modules.map((m) => (
              <ModuleTile key={m.id} siteId={site.id} module={m} live={live} linkable={!readOnly} />
            ))}
          </SimpleGrid>
        </Stack>
      ) : null}
      {readOnly ? null : <AddAddressButton />}
    </Stack>
  );
}

/**
 * The manual's "+" at the bottom right of the dashboard: add an address (the Fluvius mandate flow). In the page's
 * flow, under the last card, not floating: a floating button covered "Afmelden" and the figures under it on a phone.
 */
export function AddAddressButton() {
  const t = useT();
  return (
    <Group justify="flex-end">
      <Button
        component={Link}
        to="/app/add-address"
        radius="xl"
        size="md"
        leftSection={<IconPlus size={18} />}
        aria-label={t('home.addAddress.fab')}
        data-testid="add-address"
      >
        {t('home.addAddress.fab')}
      </Button>
    </Group>
  );
}
