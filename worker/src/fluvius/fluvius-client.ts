import {
  createFluviusClient,
  createRequestLimiter,
  type FluviusClient,
  type FluviusClientConfigInput,
  type FluviusLogger,
} from '@ilumen/fluvius';

export interface WorkerFluviusOptions {
  config: FluviusClientConfigInput;
  requestsPerSecond: number;
  maxInFlight: number;
  logger: FluviusLogger;
}

/**
 * The worker's one Fluvius client: one token cache and one limiter for every job, so the configured rate holds however
 * many jobs run at once (a 429's Retry-After also holds the limiter for all of them).
 */
export function createWorkerFluviusClient(options: WorkerFluviusOptions): FluviusClient {
  const limiter = createRequestLimiter({
    requestsPerSecond: options.requestsPerSecond,
    maxConcurrent: options.maxInFlight,
  });
  return createFluviusClient(options.config, { limiter, logger: options.logger });
}
