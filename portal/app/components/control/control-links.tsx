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
