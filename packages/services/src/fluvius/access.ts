import {
  createFluviusClient,
  type FluviusClient,
  type FluviusClientConfigInput,
  type FluviusClientDeps,
} from '@ilumen/fluvius';

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

/**
 * Fluvius as the composition root configured it (`fluviusFromEnv` of `@ilumen/fluvius`): without a client config
 * there is none, and starting a mandate says so.
 */
export function mandateFluvius(from: {
  config: FluviusClientConfigInput | null;
  historyDays?: number;
}): MandateFluvius {
  const settings = from.historyDays ? { historyDays: from.historyDays } : {};
  return { access: from.config ? { config: from.config } : null, settings };
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
