import { z } from 'zod';
import type { FluviusLogger } from '../client/logger';
import type { Clock } from '../time/clock';
import { headpointTypeSchema } from '../wire/energy-wire';

export const simulatorOptionsSchema = z.object({
  /** 0 picks a free port. */
  port: z.int().min(0).max(65_535).default(0),
  host: z.string().default('127.0.0.1'),
  tenantId: z.string().min(1).default('sim-tenant'),
  clientId: z.string().min(1).default('ilumen-sim'),
  clientSecret: z.string().min(1).default('sim-client-secret'),
  /** When set, certificate assertions signed for this certificate are accepted as well (production login). */
  clientCertificatePem: z.string().optional(),
  subscriptionKey: z.string().min(1).default('sim-subscription-key'),
  dataAccessContractNumber: z.string().min(1).default('DTC-SIM-0001'),
  /** Shown on the consent page as the company asking for data. */
  serviceProviderName: z.string().default('iLumen'),
  tokenLifetimeSeconds: z.int().min(1).default(3600),
  shortUrlValidityMinutes: z
    .int()
    .min(1)
    .default(24 * 60),
  /** The homeowner's approve/refuse takes this long to show up (the mandate reads Requested meanwhile). */
  decisionDelayMs: z.int().min(0).default(0),
  /**
   * When the homeowner is not the contract holder, the holder approves after this long — or never by itself
   * (null), leaving it to `control.approve`.
   */
  contractHolderDelayMs: z.int().min(0).nullable().default(null),
  renewalNoticeDays: z.int().min(0).default(90),
  /** How far back meter data exists before the mandate's own period limits it. */
  historyDays: z
    .int()
    .min(1)
    .default(3 * 365),
  maxWindowDays: z.int().min(1).default(184),
  /** An APIM-style rate limit per subscription key (429 + Retry-After); none by default. */
  rateLimit: z
    .object({ requestsPerSecond: z.number().positive(), burst: z.int().min(1).default(1) })
    .optional(),
  seed: z.int().default(1),
  /** EANs that are gas connections (energy type G). */
  gasEans: z.array(z.string()).default([]),
  /** Requests kept for `control.requests()` (oldest dropped first). */
  requestLogSize: z.int().min(0).default(10_000),
});

export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema> & {
  clock?: Clock;
  logger?: FluviusLogger;
};
export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;

export const meterLayoutSchema = z.object({
  headpointType: headpointTypeSchema,
  /** A separately metered PV installation reported as a production sub-headpoint. */
  productionSubHeadpoint: z.boolean(),
});
export type MeterLayout = z.infer<typeof meterLayoutSchema>;

/** Faults injected through the control API; each hits matching requests `times` times (default: until cleared). */
export const simulatorFaultSchema = z.object({
  kind: z.enum([
    'rate-limit',
    'server-error',
    'slow',
    'malformed-json',
    'unexpected-shape',
    'revoked',
    'duplicates',
  ]),
  route: z.enum(['token', 'short-url', 'mandates', 'energy', 'api', 'any']).default('api'),
  times: z.int().min(1).optional(),
  /** rate-limit: the Retry-After in seconds. */
  retryAfterSeconds: z.number().min(0).default(1),
  /** server-error: the status to answer (500, 502, 503, 504, 408). */
  status: z.int().min(400).max(599).default(500),
  /** slow: how long to hold the response, in real milliseconds. */
  delayMs: z.int().min(0).default(2_000),
  /** Only requests for this EAN (energy). */
  ean: z.string().optional(),
});
export type SimulatorFaultInput = z.input<typeof simulatorFaultSchema>;
export type SimulatorFault = z.output<typeof simulatorFaultSchema>;
export type SimulatorRoute = 'token' | 'short-url' | 'mandates' | 'energy';
