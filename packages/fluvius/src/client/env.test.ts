import { describe, expect, it } from 'vitest';
import { fluviusFromEnv } from './env';
import { FluviusConfigError } from './errors';

const complete = {
  FLUVIUS_API_BASE_URL: 'https://fluvius.example/api',
  FLUVIUS_TENANT_ID: 'tenant',
  FLUVIUS_CLIENT_ID: 'client',
  FLUVIUS_SCOPE: 'scope',
  FLUVIUS_CLIENT_SECRET: 'secret',
  FLUVIUS_SUBSCRIPTION_KEY: 'key',
  FLUVIUS_DATA_ACCESS_CONTRACT_NUMBER: '123',
};

describe('Fluvius from a process environment', () => {
  it('is off without FLUVIUS_API_BASE_URL (a blank one too), keeping how far back mandates ask', () => {
    expect(fluviusFromEnv({})).toEqual({ config: null });
    expect(fluviusFromEnv({ FLUVIUS_API_BASE_URL: ' ', FLUVIUS_HISTORY_DAYS: '400' })).toEqual({
      config: null,
      historyDays: 400,
    });
  });

  it('is on with a complete configuration', () => {
    const f = fluviusFromEnv(complete);
    expect(f.config?.apiBaseUrl).toBe('https://fluvius.example/api');
    expect(f.config?.credentials).toEqual({ kind: 'secret', clientSecret: 'secret' });
  });

  it('refuses a half configuration, naming what is missing and never a value', () => {
    const { FLUVIUS_TENANT_ID: _, ...half } = complete;
    const error = (() => {
      try {
        fluviusFromEnv(half);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FluviusConfigError);
    expect(String((error as Error).message)).toContain('FLUVIUS_TENANT_ID');
    expect(String((error as Error).message)).not.toContain('secret');
  });
});
