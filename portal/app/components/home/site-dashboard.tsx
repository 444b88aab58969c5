import { DashboardEnergy, type DashboardEnergyData } from '~/components/energy/dashboard-energy';
import { useLiveStream } from '~/components/energy/live-circles';
import { Dashboard, type DashboardSite } from './dashboard';

/** A site's whole dashboard: what is there (modules, notices) and its energy (live circles, summaries). */
export function SiteDashboard({
  site,
  energy,
  readOnly = false,
}: {
  site: DashboardSite;
  energy: DashboardEnergyData;
  readOnly?: boolean;
}) {
  const live = useLiveStream(site.id, site.hasGateway);
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
