import { Group, Stack, Text } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';

/** km of range in `wh` for a car using `kwhPer100km` (kWh/100 km × 10 = Wh/km). */
export const kmOf = (wh: number, kwhPer100km: number) => wh / (kwhPer100km * 10);

/**
 * The session now (manual 3D): the power under the iLucharge (kW), the charging speed in km of range per hour of
 * charging, and the km charged since the session began — from the car's average consumption.
 */
export function ChargerLive({
  powerW,
  sessionWh,
  consumption,
}: {
  powerW: number | null;
  sessionWh: number | null;
  consumption: number;
}) {
  const t = useT();
  const f = useFormat();
  const speed = powerW === null ? null : (powerW / 1000 / consumption) * 100;
  const item = (label: string, value: string, testId: string, sub?: string) => (
    <Stack gap={0} align="center" miw={90}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
      {sub ? (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      ) : null}
    </Stack>
  );
  return (
    <Group justify="space-around" wrap="wrap" aria-live="polite">
      {item(t('modules.charger.power'), powerW === null ? '–' : f.kw(powerW), 'charger-power')}
      {item(
        t('modules.charger.speed'),
        speed === null ? '–' : t('modules.charger.speedValue', { km: f.number(speed, 0) }),
        'charger-speed',
      )}
      {item(
        t('modules.charger.charged'),
        sessionWh === null
          ? '–'
          : t('modules.charger.chargedValue', { km: f.number(kmOf(sessionWh, consumption), 0) }),
        'charger-km',
        sessionWh === null ? undefined : t('modules.charger.sessionEnergy', { kwh: f.kwh(sessionWh) }),
      )}
    </Group>
  );
}
