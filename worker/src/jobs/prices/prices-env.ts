import { z } from 'zod';

const optional = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

/**
 * Day-ahead prices and battery maintenance (decisions 050–055). The ENTSO-E client is made from ENTSO-E's base URL and a
 * security token; without both there are no price jobs (the demo points them at the local price server).
 */
export const controlWorkerEnv = {
  /** e.g. `https://web-api.tp.entsoe.eu`, or the local price server's url. */
  ENTSOE_BASE_URL: optional.pipe(z.url().optional()),
  ENTSOE_TOKEN: optional,
  /** When to try for tomorrow's prices (cron, Europe/Brussels): they come out around 13:00; tried until they are in. */
  PRICES_FETCH_CRON: z.string().default('*/30 13-20 * * *'),
  /** Sites per job when the new plans go out to the gateways. */
  PRICES_PUBLISH_CHUNK: z.coerce.number().int().min(1).max(1000).default(250),
  /** When batteries are checked for a maintenance charge (cron, Europe/Brussels), after the prices are in. */
  MAINTENANCE_CRON: z.string().default('30 16 * * *'),
  /** A battery not at 100 % within this many days gets a maintenance charge (manual; default 14). */
  MAINTENANCE_INTERVAL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  /** Hours of the maintenance window. */
  MAINTENANCE_WINDOW_HOURS: z.coerce.number().int().min(1).max(8).default(3),
  /** How often what the gateways reported is recorded on the planned charges. */
  MAINTENANCE_RECONCILE_S: z.coerce.number().int().min(10).max(3600).default(300),
  /** Energy control in this worker (planning, maintenance, sending configs); `false` for an ingest-only worker. */
  CONTROL_ENABLED: z.enum(['true', 'false']).default('true'),
};
