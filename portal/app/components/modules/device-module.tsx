import { Alert, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { DeviceHeader } from './device-header';
import { type PeriodFrame, PeriodNav } from './period-nav';
import type { Fault, ModuleType } from './status-badge';

/**
 * What a device module's page shows (iLubat, iLuheat; the page's frame is `ModulePage`): "none" without a device; each device's header, where a single device
 * carries the live status and figure; the period navigation (day to year) around the page's charts and figures.
 */
export function DeviceModule({
  type,
  product,
  devices,
  noneText,
  live,
  frame,
  basePath,
  children,
}: {
  type: ModuleType;
  product: string;
  devices: Array<{ id: number; model: string; serial: string; status: string | null; fault: Fault | null }>;
  noneText: string;
  /** What the live values say of the device (its status, its figure now); shown when the site has one such device. */
  live: { status: string | null | undefined; now: string; testId: string } | null;
  frame: PeriodFrame;
  basePath: string;
  children: ReactNode;
}) {
  if (devices.length === 0) return <Alert color="gray">{noneText}</Alert>;
  const single = devices.length === 1 ? live : null;
  return (
    <Stack>
      {devices.map((d) => (
        <DeviceHeader
          key={d.id}
          type={type}
          product={product}
          device={d}
          status={single?.status ?? d.status}
          now={
            single ? (
              <Text fw={700} data-testid={single.testId}>
                {single.now}
              </Text>
            ) : null
          }
        />
      ))}
      <PeriodNav frame={frame} basePath={basePath} kinds={['day', 'week', 'month', 'year']}>
        {children}
      </PeriodNav>
    </Stack>
  );
}
