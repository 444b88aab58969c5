import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';

/** A module's page of an address (iLubat, iLuheat): back to the dashboard, the module's name and the address. */
export function ModulePage({
  siteId,
  address,
  title,
  children,
}: {
  siteId: number;
  address: string;
  title: string;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Stack gap={0}>
      <SettingsHeader
        title={title}
        address={address}
        back={{ to: `/app/sites/${siteId}`, label: t('common.back') }}
      />
      <Stack>{children}</Stack>
    </Stack>
  );
}
