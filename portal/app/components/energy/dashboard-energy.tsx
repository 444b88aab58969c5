import { Button, Stack } from '@mantine/core';
import { Link } from '@remix-run/react';
import { useT } from '~/lib/i18n';
import { LiveCircles, type LiveSnapshotView, type LiveState } from './live-circles';
import { MonthlyNet, type MonthNet } from './monthly-net';
import { YesterdaySummary } from './yesterday-summary';

export interface DashboardEnergyData {
  yesterday: { importWh: number; exportWh: number; productionWh: number; hasData: boolean };
  monthly: MonthNet[];
}

/** The dashboard's energy body: live circles, the way to the overview, yesterday's summary, the months' net import. */
export function DashboardEnergy({
  siteId,
  hasGateway,
  hasInverter,
  live,
  energy,
  linkable = true,
}: {
  siteId: number;
  /** Off in support's read-only view in the console: the overview is a page of the homeowner's own. */
  linkable?: boolean;
  hasGateway: boolean;
  hasInverter: boolean;
  live: { snapshot: LiveSnapshotView | null; state: LiveState };
  energy: DashboardEnergyData;
}) {
  const t = useT();
  return (
    <Stack>
      {hasGateway ? (
        <LiveCircles snapshot={live.snapshot} state={live.state} hasInverter={hasInverter} />
      ) : null}
      {linkable ? (
        <>
          <Button component={Link} to={`/app/sites/${siteId}/overview`} variant="light" fullWidth>
            {t('energy.overview.title')}
          </Button>
          <Button component={Link} to={`/app/sites/${siteId}/bill`} variant="subtle" fullWidth>
            {t('bill.link')}
          </Button>
        </>
      ) : null}
      <YesterdaySummary data={energy.yesterday} />
      <MonthlyNet months={energy.monthly} />
    </Stack>
  );
}
