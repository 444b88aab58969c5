import { optionalString } from '@ilumen/config';
import { z } from 'zod';
import { type FluviusClientConfig, parseFluviusClientConfig } from './config';
import { FluviusConfigError } from './errors';

/**
 * The FLUVIUS_* variables, for the composition root that owns `process.env` (this package never reads it). Either
 * FLUVIUS_CLIENT_SECRET (sandbox) or FLUVIUS_PRIVATE_KEY_PEM + FLUVIUS_CERTIFICATE_PEM (production) must be set.
 */
export const fluviusEnvSchema = z.object({
  FLUVIUS_API_BASE_URL: z.string(),
  FLUVIUS_TENANT_ID: z.string(),
  FLUVIUS_TOKEN_URL: z.string().optional(),
  FLUVIUS_CLIENT_ID: z.string(),
  FLUVIUS_SCOPE: z.string(),
  FLUVIUS_CLIENT_SECRET: z.string().optional(),
  FLUVIUS_PRIVATE_KEY_PEM: z.string().optional(),
  FLUVIUS_CERTIFICATE_PEM: z.string().optional(),
  FLUVIUS_SUBSCRIPTION_KEY: z.string(),
  FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER: z.string(),
  FLUVIUS_CONSENT_PAGE_URL: z.string().optional(),
});

export function fluviusConfigFromEnv(env: Record<string, string | undefined>): FluviusClientConfig {
  const parsed = fluviusEnvSchema.safeParse(env);
  if (!parsed.success) {
    // Same rule as the config: name what is wrong, never echo a value.
    throw new FluviusConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return parseFluviusClientConfig({
    apiBaseUrl: e.FLUVIUS_API_BASE_URL,
    tenantId: e.FLUVIUS_TENANT_ID,
    tokenUrl: e.FLUVIUS_TOKEN_URL,
    clientId: e.FLUVIUS_CLIENT_ID,
    scope: e.FLUVIUS_SCOPE,
    credentials: e.FLUVIUS_CLIENT_SECRET
      ? { kind: 'secret', clientSecret: e.FLUVIUS_CLIENT_SECRET }
      : {
          kind: 'certificate',
          privateKeyPem: e.FLUVIUS_PRIVATE_KEY_PEM,
          certificatePem: e.FLUVIUS_CERTIFICATE_PEM,
        },
    subscriptionKey: e.FLUVIUS_SUBSCRIPTION_KEY,
    dataAccessContractNumber: e.FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER,
    consentPageUrl: e.FLUVIUS_CONSENT_PAGE_URL,
  });
}

/**
 * The FLUVIUS_* variables as a process declares them in its env schema (the portal's and the worker's): each may be
 * left out, and without FLUVIUS_API_BASE_URL there is no Fluvius. FLUVIUS_HISTORY_DAYS: how far back a mandate asks.
 */
export const fluviusEnv = {
  FLUVIUS_API_BASE_URL: optionalString,
  FLUVIUS_TENANT_ID: optionalString,
  FLUVIUS_TOKEN_URL: optionalString,
  FLUVIUS_CLIENT_ID: optionalString,
  FLUVIUS_SCOPE: optionalString,
  FLUVIUS_CLIENT_SECRET: optionalString,
  FLUVIUS_PRIVATE_KEY_PEM: optionalString,
  FLUVIUS_CERTIFICATE_PEM: optionalString,
  FLUVIUS_SUBSCRIPTION_KEY: optionalString,
  FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER: optionalString,
  FLUVIUS_CONSENT_PAGE_URL: optionalString,
  FLUVIUS_HISTORY_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3 * 366)
    .optional(),
};
const fluviusOptionalEnvSchema = z.object(fluviusEnv);

/**
 * Fluvius from an environment record: no config when FLUVIUS_API_BASE_URL is unset, otherwise a config that must be
 * complete (a half-configured Fluvius refuses to start, naming what is missing, never a value).
 */
export function fluviusFromEnv(env: Record<string, unknown>): {
  config: FluviusClientConfig | null;
  historyDays?: number;
} {
  const { FLUVIUS_HISTORY_DAYS, ...client } = fluviusOptionalEnvSchema.parse(env);
  const historyDays = FLUVIUS_HISTORY_DAYS ? { historyDays: FLUVIUS_HISTORY_DAYS } : {};
  if (!client.FLUVIUS_API_BASE_URL) return { config: null, ...historyDays };
  return { config: fluviusConfigFromEnv(client), ...historyDays };
}
