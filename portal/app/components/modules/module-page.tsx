import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';

/** A module's page of an address (iLubat, iLuheat): back to the dashboard, the module's name and the address. */
export function ModulePage({ siteId, address, title, children }: { siteId: number; address: string; title: string; children: ReactNode }) {
  const t = useT();
  return (
    <Stack>
      <Anchor component={Link} to={`/app/sites/${siteId}`} size="sm">
        ← {t('common.back')}
      </Anchor>
      <div>
        <Title order={1} size="h3">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {address}
        </Text>
      </div>
      {children}
    </Stack>
  );
}
