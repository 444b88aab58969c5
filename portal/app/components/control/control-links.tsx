import { SimpleGrid, Title } from '@mantine/core';
import { MenuRow } from '~/components/home/settings-menu';
import { useT } from '~/lib/i18n';

const PAGES = [
  ['store', 'control.menu.store'],
  ['capacity', 'control.menu.capacity'],
  ['prices', 'control.menu.prices'],
  ['timeline', 'control.menu.timeline'],
] as const;

/** Energy control's pages of an address, as rows of the settings menu. */
export function ControlMenuRows({ siteId }: { siteId: number }) {
  const t = useT();
  return (
    <>
      {PAGES.map(([path, key]) => (
        <MenuRow key={path} to={`/app/sites/${siteId}/${path}`} title={t(key)} hint={t(`${key}.hint`)} />
      ))}
    </>
  );
}

/** The same pages on the dashboard. */
export function ControlDashboardCard({ siteId }: { siteId: number }) {
  const t = useT();
  return (
    <section aria-labelledby="control-links-title" data-testid="control-links">
      <Title order={2} size="h5" mb="xs" id="control-links-title">
        {t('control.dashboard.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        {PAGES.map(([path, key]) => (
          <MenuRow key={path} to={`/app/sites/${siteId}/${path}`} title={t(key)} hint={t(`${key}.hint`)} />
        ))}
      </SimpleGrid>
    </section>
  );
}

/** Where a control card's "Naar de iLuStore" and "see the prices" lead. */
export interface ControlLinks {
  store: string;
  prices: string | null;
}

/** In the homeowner view: the address's own iLuStore and prices pages. */
export const homeControlLinks = (siteId: number): ControlLinks => ({
  store: `/app/sites/${siteId}/store`,
  prices: `/app/sites/${siteId}/prices`,
});

/**
 * In the console: the site's modules list, where staff and the installer grant the modules (the homeowner's iLuStore
 * is not theirs to open); the console has no prices page.
 */
export const consoleControlLinks = (siteId: number): ControlLinks => ({
  store: `/console/sites/${siteId}/modules#modules`,
  prices: null,
});
