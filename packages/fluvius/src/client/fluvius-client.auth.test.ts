import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createManualClock,
  createRecordingSleep,
  type SimulatedFluvius,
  startSimulatedFluvius,
} from '../testing';
import { createClientAssertion } from './client-assertion';
import { FluviusAuthError, FluviusConfigError, FluviusError } from './errors';
import { createFluviusClient } from './fluvius-client';
import type { FluviusLogger } from './logger';

const NOW = new Date('2024-11-05T09:00:00Z');

function recordingLogger(): FluviusLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

let running: SimulatedFluvius[] = [];
async function start(...args: Parameters<typeof startSimulatedFluvius>) {
  const fluvius = await startSimulatedFluvius(...args);
  running.push(fluvius);
  return fluvius;
}
afterEach(async () => {
  await Promise.all(running.map((f) => f.close()));
  running = [];
});

describe('the access token', () => {
  it('is fetched once and reused for many calls', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({ simulator: { clock }, deps: { clock } });
    for (let i = 0; i < 5; i++) await client.listMandates();
    expect(simulator.control.stats()).toMatchObject({ tokensIssued: 1, apiRequests: 5 });
  });

  it('is fetched once for many callers asking at the same moment', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({ simulator: { clock }, deps: { clock } });
    await Promise.all(Array.from({ length: 20 }, () => client.listMandates()));
    expect(simulator.control.stats().tokenRequests).toBe(1);
  });

  it('is refreshed shortly before it expires, not after', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({
      simulator: { clock, tokenLifetimeSeconds: 3600 },
      deps: { clock },
    });
    await client.listMandates();
    clock.advance(54 * 60_000); // 6 minutes left: still used
    await client.listMandates();
    expect(simulator.control.stats().tokensIssued).toBe(1);
    clock.advance(2 * 60_000); // 4 minutes left: inside the 5-minute margin
    await client.listMandates();
    expect(simulator.control.stats().tokensIssued).toBe(2);
    expect(simulator.control.stats().byStatus['401']).toBeUndefined();
  });

  it('is replaced when the API says 401 although it had not expired', async () => {
    const clock = createManualClock(NOW);
    const { client, simulator } = await start({ simulator: { clock }, deps: { clock } });
    await client.listMandates();
    simulator.control.reset(); // forgets the tokens it issued, as a key rotation would
    await expect(client.listMandates()).resolves.toEqual([]);
    expect(simulator.control.stats()).toMatchObject({ tokensIssued: 1, byStatus: { 401: 1, 200: 2 } });
  });

  it('refuses a wrong client secret with auth_failed and never shows the secret', async () => {
    const logger = recordingLogger();
    const { client } = await start({
      config: { credentials: { kind: 'secret', clientSecret: 'not-the-secret-4711' } },
      deps: { logger },
    });
    const error = await client.listMandates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluviusAuthError);
    expect(error).toMatchObject({ code: 'auth_failed', status: 401, error: 'invalid_client' });
    expect(String((error as Error).message)).not.toContain('not-the-secret-4711');
    expect(logger.lines.join('\n')).not.toContain('not-the-secret-4711');
  });
});

describe('the subscription key', () => {
  it('is sent on every API call', async () => {
    const { client, simulator } = await start();
    await client.listMandates();
    expect(
      simulator.control
        .requests()
        .filter((r) => r.route === 'mandates')
        .map((r) => r.status),
    ).toEqual([200]);
  });

  it('when wrong, gives subscription_key_rejected (not a token retry, not a revoked mandate)', async () => {
    const { client, simulator } = await start({ config: { subscriptionKey: 'wrong-key-0815' } });
    const error = await client
      .getEnergy({
        referenceNumber: 'REF1',
        ean: '541448820052377134',
        from: new Date('2024-11-01T23:00:00Z'),
        to: new Date('2024-11-02T23:00:00Z'),
        granularity: 'quarter-hourly',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'subscription_key_rejected' });
    expect((error as Error).message).not.toContain('wrong-key-0815');
    expect(simulator.control.stats().byStatus).toEqual({ 200: 1, 401: 1 });
  });
});

describe('the certificate assertion (production login)', () => {
  let dir = '';
  let keyPem = '';
  let certPem = '';
  let otherCertPem = '';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fluvius-cert-'));
    const make = (name: string) =>
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          `/CN=${name}`,
          '-keyout',
          join(dir, `${name}.key`),
          '-out',
          join(dir, `${name}.crt`),
        ],
        { stdio: 'ignore' },
      );
    make('ilumen');
    make('other');
    keyPem = readFileSync(join(dir, 'ilumen.key'), 'utf8');
    certPem = readFileSync(join(dir, 'ilumen.crt'), 'utf8');
    otherCertPem = readFileSync(join(dir, 'other.crt'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs in with an RS256 assertion carrying the certificate thumbprint', async () => {
    const { client, simulator } = await start({
      simulator: { clientCertificatePem: certPem },
      config: {
        credentials: {
          kind: 'certificate',
          privateKeyPem: keyPem,
          certificatePem: certPem,
          presentAsTlsClientCertificate: false,
        },
      },
    });
    await expect(client.listMandates()).resolves.toEqual([]);
    expect(simulator.control.stats().tokensIssued).toBe(1);
  });

  it('is refused when signed for a certificate Fluvius does not know', async () => {
    const { client } = await start({
      simulator: { clientCertificatePem: otherCertPem },
      config: {
        credentials: {
          kind: 'certificate',
          privateKeyPem: keyPem,
          certificatePem: certPem,
          presentAsTlsClientCertificate: false,
        },
      },
    });
    const error = await client.listMandates().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'auth_failed', error: 'invalid_client' });
    expect((error as Error).message).not.toContain('PRIVATE KEY');
  });

  it('carries the claims Azure AD checks', () => {
    const assertion = createClientAssertion({
      clientId: 'client-1',
      audience: 'https://login.microsoftonline.com/tenant-1/v2.0',
      privateKeyPem: keyPem,
      certificatePem: certPem,
      now: NOW,
      jti: 'fixed-jti',
    });
    const [header, claims] = assertion
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.x5t).toMatch(/^[A-Za-z0-9_-]{27}$/); // 20 SHA-1 bytes, base64url
    expect(claims).toEqual({
      aud: 'https://login.microsoftonline.com/tenant-1/v2.0',
      iss: 'client-1',
      sub: 'client-1',
      jti: 'fixed-jti',
      nbf: NOW.getTime() / 1000,
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 3600,
    });
  });
});

describe('the config', () => {
  it('lists what is wrong without echoing values', () => {
    const attempt = () =>
      createFluviusClient({
        apiBaseUrl: 'not a url',
        tenantId: 't',
        clientId: 'c',
        scope: 's',
        credentials: { kind: 'secret', clientSecret: '' },
        subscriptionKey: 'very-secret-subscription-key',
        dataAccessContractNumber: 'DTC',
      });
    expect(attempt).toThrow(FluviusConfigError);
    try {
      attempt();
    } catch (error) {
      expect(error).toBeInstanceOf(FluviusError);
      expect((error as FluviusConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'apiBaseUrl',
        'credentials.clientSecret',
      ]);
      expect((error as Error).message).not.toContain('very-secret-subscription-key');
    }
  });

  it('backs off with a recording sleep in tests', async () => {
    // Sanity check of the test helper the fault tests rely on: it records and does not wait.
    const sleep = createRecordingSleep();
    const started = Date.now();
    await sleep(60_000);
    expect(sleep.calls).toEqual([60_000]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
