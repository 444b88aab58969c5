import { DashboardEnergy, type DashboardEnergyData } from '~/components/energy/dashboard-energy';
import { type LiveSnapshotView, useLiveStream } from '~/components/energy/live-circles';
import { Dashboard, type DashboardSite } from './dashboard';

/** A site's whole dashboard: what is there (modules, notices) and its energy (live circles, summaries). */
export function SiteDashboard({
  site,
  energy,
  latest = null,
  readOnly = false,
}: {
  site: DashboardSite;
  energy: DashboardEnergyData;
  /** The site's last known live values (the loader's), shown until the stream speaks. */
  latest?: LiveSnapshotView | null;
  readOnly?: boolean;
}) {
  const live = useLiveStream(site.id, site.hasGateway, latest);
  return (
    <Dashboard
      site={site}
      readOnly={readOnly}
      live={live.snapshot}
      slot={
        <DashboardEnergy
          siteId={site.id}
          hasGateway={site.hasGateway}
          hasInverter={site.hasInverter}
          live={live}
          energy={energy}
          linkable={!readOnly}
        />
      }
    />
  );
}
