/** @ilumen/fluvius — the Fluvius ESCO API v3 client. Node only (undici, node:crypto). */
export {
  type FluviusClientConfig,
  type FluviusClientConfigInput,
  type FluviusRetryConfig,
  fluviusClientConfigSchema,
  parseFluviusClientConfig,
} from './client/config';
export {
  type EnergyReading,
  type EnergyRegister,
  energyRegisters,
  type FlattenedEnergy,
  flattenHeadpoint,
  type ReadingGranularity,
  type ReadingLevel,
} from './client/energy-readings';
export { fluviusConfigFromEnv, fluviusEnv, fluviusEnvSchema, fluviusFromEnv } from './client/env';
export * from './client/errors';
export {
  createFluviusClient,
  type EnergyResult,
  type FluviusClient,
  type FluviusClientDeps,
  type ShortUrl,
} from './client/fluvius-client';
export {
  type CreateShortUrlInput,
  createShortUrlInputSchema,
  type EnergyGranularity,
  type EnergyRequest,
  energyRequestSchema,
  type MandateFilter,
  mandateFilterSchema,
  toReferenceNumber,
} from './client/inputs';
export { type IntervalTotals, intervalTotals } from './client/interval-totals';
export { type FluviusLogger, silentLogger } from './client/logger';
export { createRequestLimiter, type RequestLimiter, type RequestLimiterOptions } from './client/rate-limiter';
export { MAX_WINDOW_DAYS, splitIntoWindows } from './client/windows';
export * from './time/brussels-time';
export { type Clock, realSleep, type Sleep, systemClock } from './time/clock';
export {
  type DataServiceType,
  dataServiceTypeSchema,
  type EnergyType,
  energyTypeSchema,
} from './wire/common';
export {
  type EnergyDirection,
  energyDirections,
  type HeadpointType,
  type ValidationState,
  validationStateSchema,
} from './wire/energy-wire';
export {
  type Mandate,
  type MandateStatus,
  mandateStatusSchema,
  type RenewalStatus,
  renewalStatusSchema,
} from './wire/mandate-wire';
