/** A site's energy: quarters from the gateway and Fluvius, their rollups, history charts and live values. */
export {
  type Anomaly,
  type AnomalyEntry,
  type AnomalySource,
  derivedEventUid,
  gridConnections,
  IMPLAUSIBLE_EVENT,
  recentAnomalies,
  recordAnomalies,
} from './anomalies';
export { BillService, contractSaveInput, monthPriceInput, rateSaveInput, siteAreaInput } from './bill';
export type { ComparisonRowView, MonthRow, SiteComparison } from './comparison';
export { ComparisonService, energyExportInput } from './comparison-service';
export { ContractOffersService, offerRetireInput, offerSaveInput } from './contract-offers';
export { ENERGY_CSV_COLUMNS } from './energy-csv';
export {
  capacityInput,
  type EnergyValues,
  type HistoryBucket,
  type HistorySeries,
  HistoryService,
  historyInput,
} from './history';
export { LIVE_TTL_SECONDS, LiveService, type LiveSnapshot, liveForPermissions, liveKeys } from './live';
export { effectiveGrid } from './precedence';
export { withRetry } from './retry';
export { gridAreaOfPostalCode } from './site-bill';
export {
  type FluviusQuarter,
  type GatewayQuarter,
  type QuarterWrite,
  recomputeMonthPeak,
  recordMeterPeak,
  recordMeterPeakHistory,
  siteTimeKeys,
  writeQuarters,
} from './store';
