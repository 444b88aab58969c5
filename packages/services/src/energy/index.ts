export { writeQuarters, recordMeterPeak, recomputeMonthPeak, type QuarterWrite, type GatewayQuarter, type FluviusQuarter } from './store';
export { effectiveGrid } from './precedence';
export { withRetry } from './retry';
