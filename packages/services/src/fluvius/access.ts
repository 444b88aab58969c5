import {
  createFluviusClient,
  type FluviusClient,
  type FluviusClientConfigInput,
  type FluviusClientDeps,
  fluviusConfigFromEnv,
} from '@ilumen/fluvius';
import { z } from 'zod';

/**
 * How the service layer reaches Fluvius. A process either hands in a client it owns (the worker: one client with one
 * token cache and one rate limiter for every job) or a config from which a short-lived client is made per call (the
 * portal: starting a mandate is one request now and then, and nothing is left open between requests).
 */
export type FluviusAccess =
  | { client: FluviusClient }
  | { config: FluviusClientConfigInput; deps?: FluviusClientDeps };

export interface MandateSettings {
  /** How far back a mandate asks for data, in days (Fluvius keeps at most three years). */
  historyDays: number;
  /** How long a mandate is asked for, in days. */
  validityDays: number;
  /** A pending request nobody completed in Mijn Fluvius is given up after this many days. */
  abandonAfterDays: number;
}

export const defaultMandateSettings: MandateSettings = {
  historyDays: 3 * 365,
  validityDays: 3 * 365,
  abandonAfterDays: 14,
};

export interface MandateFluvius {
  /** Null: no Fluvius configured in this process; starting a mandate says so. */
  access: FluviusAccess | null;
  settings?: Partial<MandateSettings>;
}

const optional = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

/** The FLUVIUS_* variables a process may set (all optional here: without FLUVIUS_API_BASE_URL there is no Fluvius). */
export const fluviusEnv = {
  FLUVIUS_API_BASE_URL: optional,
  FLUVIUS_TENANT_ID: optional,
  FLUVIUS_TOKEN_URL: optional,
  FLUVIUS_CLIENT_ID: optional,
  FLUVIUS_SCOPE: optional,
  FLUVIUS_CLIENT_SECRET: optional,
  FLUVIUS_PRIVATE_KEY_PEM: optional,
  FLUVIUS_CERTIFICATE_PEM: optional,
  FLUVIUS_SUBSCRIPTION_KEY: optional,
  FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER: optional,
  FLUVIUS_CONSENT_PAGE_URL: optional,
  FLUVIUS_HISTORY_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3 * 366)
    .optional(),
};
const fluviusEnvSchema = z.object(fluviusEnv);

/**
 * Fluvius from an environment record: null when FLUVIUS_API_BASE_URL is unset, otherwise a config that must be
 * complete (a half-configured Fluvius refuses to start, naming what is missing, never a value).
 */
export function mandateFluviusFromEnv(env: Record<string, unknown>): MandateFluvius {
  const { FLUVIUS_HISTORY_DAYS, ...client } = fluviusEnvSchema.parse(env);
  const settings = FLUVIUS_HISTORY_DAYS ? { historyDays: FLUVIUS_HISTORY_DAYS } : {};
  if (!client.FLUVIUS_API_BASE_URL) return { access: null, settings };
  return { access: { config: fluviusConfigFromEnv(client) }, settings };
}

/** Runs `fn` with a client: the shared one, or one made for this call and closed after it. */
export async function withFluviusClient<T>(
  access: FluviusAccess,
  fn: (client: FluviusClient) => Promise<T>,
): Promise<T> {
  if ('client' in access) return fn(access.client);
  const client = createFluviusClient(access.config, access.deps);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
