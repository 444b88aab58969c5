// What energy control (issue 8) offers outside the services: inputs for forms and tRPC, job-side helpers.
export { type CapacityReport, capacityReportInput, type PeakQuarter, siteRateInput } from './capacity-report';
export { capacityRateSaveInput, DEFAULT_CAPACITY_RATE } from './capacity-report-rates';
export { dynamicChargingSaveInput } from './dynamic-charging';
export { type DayPlan, DayPlanner, type PlannedHour } from './dynamic-charging-plan';
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
export { controlSiteInput, moduleGrantInput, STORE_MODULES, storeModuleSchema } from './store-modules';
export {
  CONTROL_CONFIG_CONTRIBUTORS,
  controlServices,
  energyControlContributor,
} from './store-modules-services';
export { CONTROL_DEFAULTS } from './store-modules-settings';
export { timelineInput } from './store-modules-timeline';
