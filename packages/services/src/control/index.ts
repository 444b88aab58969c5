import type { ServiceDeps } from '../deps';
import type { GatewayConfigService } from '../gateways/config';
import { CapacityReportService } from './capacity-report';
import { CapacityRateService } from './capacity-report-rates';
import { DynamicChargingService } from './dynamic-charging';
import { StoreModuleService } from './ilustore-modules';
import { LoadBalancingService } from './load-balancing';
import { MaintenanceService } from './maintenance';
import { PeakShavingService } from './peak-shaving';
import { PriceService } from './prices';
import { TimelineService } from './timeline';

// What energy control (decisions 050–055) offers outside the services: inputs for forms and tRPC, job-side helpers.
export { type CapacityReport, capacityReportInput, type PeakQuarter, siteRateInput } from './capacity-report';
export { capacityRateSaveInput, DEFAULT_CAPACITY_RATE } from './capacity-report-rates';
export { dynamicChargingSaveInput } from './dynamic-charging';
export { type DayPlan, DayPlanner, type PlannedHour } from './dynamic-charging-plan';
export { CONTROL_CONFIG_CONTRIBUTORS, energyControlContributor } from './gateway-config';
export { controlSiteInput, moduleGrantInput, STORE_MODULES, storeModuleSchema } from './ilustore-modules';
export { loadBalancingSaveInput } from './load-balancing';
export {
  chargeKey,
  type MaintenanceSettings,
  maintenanceSettingsSchema,
  type PlannedCharge,
} from './maintenance';
export { cheapestWindow, defaultWindow } from './maintenance-window';
export { peakShavingSaveInput } from './peak-shaving';
export { dayAheadResultSchema, PRICE_ZONE, type StoredPrices } from './prices';
export { CONTROL_DEFAULTS } from './settings';
export { timelineInput } from './timeline';

/** Energy control's services (decisions 050–055): iLuStore modules, the three modules' settings, prices, report, maintenance, timeline. */
export function controlServices(deps: ServiceDeps, core: { gatewayConfig: GatewayConfigService }) {
  const prices = new PriceService(deps);
  const capacityRates = new CapacityRateService(deps);
  return {
    storeModules: new StoreModuleService(deps, core.gatewayConfig),
    peakShaving: new PeakShavingService(deps, core.gatewayConfig),
    loadBalancing: new LoadBalancingService(deps, core.gatewayConfig),
    dynamicCharging: new DynamicChargingService(deps, core.gatewayConfig, prices),
    prices,
    capacityRates,
    capacityReport: new CapacityReportService(deps, capacityRates),
    maintenance: new MaintenanceService(deps, prices),
    timeline: new TimelineService(deps),
  };
}
