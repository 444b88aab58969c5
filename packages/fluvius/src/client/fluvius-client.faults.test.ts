import { afterEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  createRecordingSleep,
  type SimulatedFluvius,
  startSimulatedFluvius,
} from '../testing';
import { brusselsDayWindow } from '../time/brussels-time';
import type { FluviusClientConfigInput } from './config';
import {
  FluviusHttpError,
  FluviusResponseError,
  FluviusRetriesExhaustedError,
  MandateRevokedError,
} from './errors';
import type { FluviusClientDeps } from './fluvius-client';
import type { FluviusLogger } from './logger';
import { createRequestLimiter } from './rate-limiter';

const NOW = new Date('2024-11-05T09:00:00Z');
const EAN = '541448820052377134';
const REF = 'FAULTS1';

let running: SimulatedFluvius[] = [];
afterEach(async () => {
  await Promise.all(running.map((f) => f.close()));
  running = [];
});

function recordingLogger(): FluviusLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

async function start(config: Partial<FluviusClientConfigInput> = {}, deps: FluviusClientDeps = {}) {
  const clock = createManualClock(NOW);
  const sleep = createRecordingSleep();
  const logger = recordingLogger();
  const fluvius = await startSimulatedFluvius({
    simulator: { clock },
    config,
    deps: { clock, sleep, logger, random: () => 0.5, ...deps },
  });
  running.push(fluvius);
  fluvius.simulator.control.createMandate({ referenceNumber: REF, ean: EAN });
  const yesterday = () =>
    fluvius.client.getEnergy({
      referenceNumber: REF,
      ean: EAN,
      ...brusselsDayWindow('2024-11-04'),
      granularity: 'quarter-hourly',
    });
  const energyStatuses = () =>
    fluvius.simulator.control
      .requests()
      .filter((r) => r.route === 'energy')
      .map((r) => r.status);
  return { ...fluvius, sleep, logger, yesterday, energyStatuses };
}

describe('429 Too Many Requests', () => {
  it('waits out a storm of 429s, honouring Retry-After, and then succeeds', async () => {
    const f = await start();
    f.simulator.control.setFault({ kind: 'rate-limit', route: 'energy', retryAfterSeconds: 2, times: 4 });
    const result = await f.yesterday();
    expect(result.readings.length).toBe(192);
    expect(f.energyStatuses()).toEqual([429, 429, 429, 429, 200]);
    expect(f.sleep.calls).toHaveLength(4);
    for (const delay of f.sleep.calls) expect(delay).toBeGreaterThanOrEqual(2000);
  });

  it('gives up cleanly after the configured attempts with rate_limited and when to come back', async () => {
    const f = await start({ retry: { maxAttempts: 4 } });
    f.simulator.control.setFault({ kind: 'rate-limit', route: 'energy', retryAfterSeconds: 1 });
    const error = await f.yesterday().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluviusRetriesExhaustedError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      attempts: 4,
      lastStatus: 429,
      route: 'GET Mandate/energy',
    });
    expect((error as FluviusRetriesExhaustedError).retryAfter).toEqual(new Date(NOW.getTime() + 1000));
    expect(f.energyStatuses()).toEqual([429, 429, 429, 429]);
  });

  it('does not sit out a Retry-After longer than allowed, so a job can reschedule', async () => {
    const f = await start({ retry: { maxRetryAfterMs: 60_000 } });
    f.simulator.control.setFault({ kind: 'rate-limit', route: 'energy', retryAfterSeconds: 600 });
    const error = await f.yesterday().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'rate_limited', attempts: 1 });
    expect((error as FluviusRetriesExhaustedError).retryAfter).toEqual(new Date(NOW.getTime() + 600_000));
    expect(f.sleep.calls).toEqual([]);
  });

  it('holds the shared limiter so parallel requests back off together', async () => {
    const clock = createManualClock(NOW);
    const limiterSleep = createRecordingSleep();
    const limiter = createRequestLimiter({ maxConcurrent: 4 }, { clock, sleep: limiterSleep });
    const f = await start({}, { limiter });
    f.simulator.control.setFault({ kind: 'rate-limit', route: 'energy', retryAfterSeconds: 3, times: 10 });
    const results = await Promise.all(Array.from({ length: 12 }, () => f.yesterday()));
    expect(results.every((r) => r.readings.length === 192)).toBe(true);
    expect(f.energyStatuses().filter((s) => s === 429)).toHaveLength(10);
    // The limiter was told to hold for the Retry-After, so requests queued behind it waited too.
    expect(limiterSleep.calls.some((ms) => ms > 0 && ms <= 3000)).toBe(true);
  });
});

describe('5xx and timeouts', () => {
  it('retries 500s with growing, jittered delays and succeeds', async () => {
    const f = await start({ retry: { baseDelayMs: 400 } });
    f.simulator.control.setFault({ kind: 'server-error', route: 'energy', status: 500, times: 3 });
    await f.yesterday();
    expect(f.energyStatuses()).toEqual([500, 500, 500, 200]);
    // Equal jitter with random() = 0.5: three quarters of 400, 800, 1600.
    expect(f.sleep.calls).toEqual([300, 600, 1200]);
  });

  it('retries 408, 502 and 503 too', async () => {
    const f = await start();
    for (const status of [408, 502, 503])
      f.simulator.control.addFault({ kind: 'server-error', route: 'energy', status, times: 1 });
    await f.yesterday();
    expect(f.energyStatuses()).toEqual([408, 502, 503, 200]);
  });

  it('gives up with unavailable when the API stays down', async () => {
    const f = await start({ retry: { maxAttempts: 3 } });
    f.simulator.control.setFault({ kind: 'server-error', route: 'api', status: 503 });
    const error = await f.client.listMandates().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', attempts: 3, lastStatus: 503 });
  });

  it('retries a response that is too slow', async () => {
    const f = await start({ requestTimeoutMs: 150 });
    f.simulator.control.setFault({ kind: 'slow', route: 'energy', delayMs: 600, times: 1 });
    const result = await f.yesterday();
    expect(result.readings.length).toBe(192);
    expect(
      f.logger.lines.some((line) => line.includes('fluvius request retry') && line.includes('Timeout')),
    ).toBe(true);
  });

  it('fails on a token endpoint that is down, as unavailable', async () => {
    const f = await start({ retry: { maxAttempts: 2 } });
    f.simulator.control.setFault({ kind: 'server-error', route: 'token', status: 500 });
    await expect(f.client.listMandates()).rejects.toMatchObject({ code: 'unavailable', route: 'POST token' });
  });
});

describe('revoked mandates', () => {
  it('throws MandateRevokedError on 403 and does not retry', async () => {
    const f = await start();
    await f.yesterday();
    f.simulator.control.revoke(REF);
    const error = await f.yesterday().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MandateRevokedError);
    expect(error).toMatchObject({ code: 'mandate_revoked', referenceNumber: REF, ean: EAN, status: 403 });
    expect(f.energyStatuses()).toEqual([200, 403]);
    expect((await f.client.listMandates({ referenceNumber: REF }))[0]?.status).toBe('Finished');
  });

  it('treats an injected 403 the same way', async () => {
    const f = await start();
    f.simulator.control.setFault({ kind: 'revoked', ean: EAN });
    await expect(f.yesterday()).rejects.toBeInstanceOf(MandateRevokedError);
  });

  it('treats energy for an unknown mandate as not permitted', async () => {
    const f = await start();
    await expect(
      f.client.getEnergy({
        referenceNumber: 'NOPE',
        ean: EAN,
        ...brusselsDayWindow('2024-11-04'),
        granularity: 'daily',
      }),
    ).rejects.toMatchObject({ code: 'mandate_revoked' });
  });
});

describe('unexpected answers', () => {
  it('reports a body that is not JSON clearly, without retrying', async () => {
    const f = await start();
    f.simulator.control.setFault({ kind: 'malformed-json', route: 'energy', times: 1 });
    const error = await f.yesterday().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluviusResponseError);
    expect(error).toMatchObject({ code: 'unexpected_response', reason: 'malformed_json' });
    expect((error as Error).message).toBe('GET Mandate/energy answered with a body that is not JSON');
    expect(f.energyStatuses()).toEqual([200]);
  });

  it('names the fields of a JSON body with an unexpected shape', async () => {
    const f = await start();
    f.simulator.control.setFault({ kind: 'unexpected-shape', route: 'energy', times: 1 });
    const error = (await f.yesterday().catch((e: unknown) => e)) as FluviusResponseError;
    expect(error).toMatchObject({ code: 'unexpected_response', reason: 'unexpected_shape' });
    expect(error.issues.join(' ')).toContain(
      'data.headpoint.physicalMeters.0.quarterHourlyEnergy.0.measurements.0.offtake.total.value',
    );
    f.simulator.control.setFault({ kind: 'unexpected-shape', route: 'mandates', times: 1 });
    await expect(f.client.listMandates()).rejects.toMatchObject({ reason: 'unexpected_shape' });
  });

  it('reports a 404 with the route and status', async () => {
    const f = await start();
    const broken = await startSimulatedFluvius({ config: { apiBaseUrl: `${f.simulator.url}/v2/nothing` } });
    running.push(broken);
    const error = await broken.client.listMandates().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FluviusHttpError);
    expect(error).toMatchObject({ code: 'http_error', status: 404, route: 'GET Mandate' });
  });

  it('never writes credentials into logs or errors, whatever goes wrong', async () => {
    const f = await start({ retry: { maxAttempts: 3 } });
    f.simulator.control.addFault({ kind: 'server-error', route: 'energy', times: 1 });
    f.simulator.control.addFault({ kind: 'rate-limit', route: 'energy', times: 1 });
    await f.yesterday();
    f.simulator.control.setFault({ kind: 'server-error', route: 'mandates' });
    const error = await f.client.listMandates().catch((e: unknown) => e);
    const everything = `${f.logger.lines.join('\n')}\n${String(error)}\n${JSON.stringify(error)}`;
    const config = f.simulator.clientConfig;
    expect(f.logger.lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(config.subscriptionKey);
    expect(everything).not.toContain(
      config.credentials.kind === 'secret' ? config.credentials.clientSecret : '',
    );
    expect(everything).not.toContain('sim.');
  });
});
