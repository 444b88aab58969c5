import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { type Fault, FaultNotice, type ModuleType, StatusBadge } from './status-badge';

/**
 * One iLubat or iLuheat on its page: product and model, serial, the live figure (when there is one to show), the
 * manual's status with its meaning, and what to do on a Fout.
 */
export function DeviceHeader({
  type,
  product,
  device,
  status,
  now,
}: {
  type: ModuleType;
  product: string;
  device: { model: string; serial: string; fault: Fault | null };
  status: string | null;
  now: ReactNode;
}) {
  return (
    <Stack gap="xs">
      {/* on a phone the live figure and the status go under the name rather than squeezing the status badge */}
      <Group justify="space-between" gap="xs">
        <div>
          <Text fw={700}>
            {product} · {device.model}
          </Text>
          <Text size="xs" c="dimmed">
            {device.serial}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
          {now}
          <StatusBadge type={type} status={status} />
        </Group>
      </Group>
      {device.fault ? <FaultNotice fault={device.fault} device={`${product} ${device.serial}`} /> : null}
    </Stack>
  );
}
