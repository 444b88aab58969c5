import { Button, Group } from '@mantine/core';
import { Link } from '@remix-run/react';
import { useT } from '~/lib/i18n';

/** Gateways or devices: the fleet's two tables. */
export function FleetTabs({ active }: { active: 'gateways' | 'devices' }) {
  const t = useT();
  return (
    <Group gap="xs">
      <Button
        component={Link}
        to="/console/fleet"
        variant={active === 'gateways' ? 'filled' : 'default'}
        size="xs"
      >
        {t('fleet.gateways')}
      </Button>
      <Button
        component={Link}
        to="/console/fleet/devices"
        variant={active === 'devices' ? 'filled' : 'default'}
        size="xs"
      >
        {t('fleet.devices')}
      </Button>
    </Group>
  );
}
