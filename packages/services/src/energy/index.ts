export { effectiveGrid } from './precedence';
export { withRetry } from './retry';
export {
  type FluviusQuarter,
  type GatewayQuarter,
  type QuarterWrite,
  recomputeMonthPeak,
  recordMeterPeak,
  writeQuarters,
} from './store';
