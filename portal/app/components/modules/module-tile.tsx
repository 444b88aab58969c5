import { Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from '@remix-run/react';
import { IconChevronRight } from '@tabler/icons-react';
import type { LiveSnapshotView } from '~/components/energy/live-circles';
import { useFormat, useT } from '~/lib/i18n';
import { MODULE_NAMES, type ModuleType, StatusBadge } from './status-badge';

export interface TileModule {
  id: number;
  /** The device's key: the name its live values carry (decision 071). */
  key: string;
  type: string;
  model: string;
  status: string | null;
}

/** Where a module's tile leads: the iLubat and iLuheat charts of the address, the iLucharge's own page. */
export function moduleHref(siteId: number, m: { id: number; type: string }): string | null {
  if (m.type === 'battery') return `/app/sites/${siteId}/battery`;
  if (m.type === 'heat') return `/app/sites/${siteId}/heat`;
  if (m.type === 'charger') return `/app/chargers/${m.id}`;
  return null;
}

/**
 * A module on the dashboard (manual 3): its name and what it shows there — the iLubat's state of charge, the
 * iLuheat's temperature, the iLucharge's power — with its status from the live values when they are there, else the
 * last one stored; the tile opens the module's page, the status explains itself.
 */
export function ModuleTile({
  siteId,
  module: m,
  live,
  linkable = true,
}: {
  siteId: number;
  module: TileModule;
  live: LiveSnapshotView | null | undefined;
  linkable?: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const type = m.type as ModuleType;
  // support's read-only view (in the console) shows the tiles but has no module pages to open
  const href = linkable ? moduleHref(siteId, m) : null;
  // live values name a charger by its device key, as the gateway does
  const charger = type === 'charger' ? live?.live.chargers?.find((c) => c.id === m.key) : undefined;
  const liveStatus =
    type === 'battery'
      ? live?.live.battery?.status
      : type === 'heat'
        ? live?.live.heat?.status
        : charger?.status;
  const status = liveStatus ?? m.status;
  // iLumen's modules by their names; the inverter and the meter by what they are, in the reader's language
  const typeKey = `devices.type.${m.type}`;
  const name = MODULE_NAMES[type] ?? (t.has(typeKey) ? t(typeKey) : m.type);
  const head = (
    <>
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <div style={{ minWidth: 0 }}>
          <Text fw={700}>{name}</Text>
          <Text size="xs" c="dimmed" truncate="end">
            {m.model}
          </Text>
        </div>
        {href ? <IconChevronRight size={18} aria-hidden /> : null}
      </Group>
      {type === 'battery' && live?.live.battery ? (
        <Text size="lg" fw={700} mt={4} data-testid="tile-soc">
          {f.number(live.live.battery.socPct, 0)} %
        </Text>
      ) : null}
      {type === 'heat' && live?.live.heat ? (
        <Text size="lg" fw={700} mt={4} data-testid="tile-temp">
          {f.number(live.live.heat.tempC, 1)} °C
        </Text>
      ) : null}
      {m.type === 'inverter' && live?.live.pv ? (
        <Text size="lg" fw={700} mt={4} data-testid="tile-pv">
          {f.number(live.live.pv.w)} W
        </Text>
      ) : null}
      {charger && charger.w > 0 ? (
        <Text size="lg" fw={700} mt={4} data-testid="tile-charger-power">
          {f.kw(charger.w)}
        </Text>
      ) : null}
    </>
  );
  return (
    <Card
      withBorder
      padding="sm"
      data-testid={`tile-${type}`}
      style={status === 'Fout' ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}
    >
      <Stack gap={6}>
        {href ? (
          <UnstyledButton
            component={Link}
            to={href}
            aria-label={t('modules.tile.open', { module: `${name} ${m.model}` })}
          >
            {head}
          </UnstyledButton>
        ) : (
          <div>{head}</div>
        )}
        <StatusBadge type={type} status={status} size="sm" />
        {status === 'Fout' ? (
          <Text size="xs" c="red.8">
            {t('modules.meaning.battery.Fout')}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
