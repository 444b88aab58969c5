import { fluviusEnv } from '@ilumen/fluvius';
import { z } from 'zod';

/**
 * The worker's Fluvius settings: the client's FLUVIUS_* (shared with the portal, see @ilumen/fluvius) and how hard and
 * when the worker may ask. Without FLUVIUS_API_BASE_URL the worker runs no Fluvius jobs.
 */
export const fluviusWorkerEnv = {
  ...fluviusEnv,
  /** Requests per second to the Fluvius API from this worker, all jobs together. */
  FLUVIUS_RATE_LIMIT_RPS: z.coerce.number().positive().max(1000).default(10),
  /** Requests in flight at once. */
  FLUVIUS_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(256).default(8),
  /** Fluvius jobs running at once in this worker. */
  FLUVIUS_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** When the nightly sync is planned (cron, Europe/Brussels), and over how many minutes its jobs are spread. */
  FLUVIUS_SYNC_CRON: z.string().default('30 1 * * *'),
  FLUVIUS_SYNC_SPREAD_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(12 * 60)
    .default(240),
  /** Open mandates are asked about this often. */
  FLUVIUS_POLL_MINUTES: z.coerce.number().int().min(1).default(60),
  /** When approved mandates' renewal status is checked, and when recent days are repaired (cron, Europe/Brussels). */
  FLUVIUS_CHECK_CRON: z.string().default('0 7 * * *'),
  FLUVIUS_REPAIR_CRON: z.string().default('0 14 * * *'),
};
