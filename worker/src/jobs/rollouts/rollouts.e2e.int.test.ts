/*
 * Firmware rollouts end to end: 50 simulated homes, each a full gateway runtime with its updater, on a private
 * Mosquitto; the real ingest (ota/status through the ota sink), the rollout engine run by its BullMQ job, releases made
 * through the service with a real signing key, artifacts served by the portal's download handler. One simulated clock
 * (30×) drives the homes, the gateways' health checks, the ingest's times and the rollouts' soak times and windows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import {
  digestOf,
  generateSigningKeys,
  type HealthFault,
  healthFaultFor,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { ScaledClock, type Simulation, startSimulation } from '@ilumen/gateway-firmware/sim';
import { createWorker } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import {
  connectGatewayLink,
  createServices,
  firmwareDownloadHandler,
  RolloutEngine,
  type Services,
} from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Ingest, startIngest } from '../../ingest/ingest';
import { rolloutHandlers } from './rollouts-handlers';

const GATEWAYS = 50;
/*
 * 30×. A simulated deadline (the gateway's 5-minute health check, two minutes for live data to count as fresh) gets
 * only 1/SPEED of its length in real time, and reconnects, restarts and 50 runtimes on one busy process do not speed
 * up. At 60× the loaded CI machine once paused a good wave.
 */
const SPEED = 30;
// 02:20 in Brussels on a winter night
const START = Date.parse('2026-01-20T01:20:00Z');
const keys = generateSigningKeys();
const signer = privateKeyFromPem(keys.privateKeyPem);
const silent = createLogger({ name: 'rollouts-e2e', level: 'silent' });

let broker: ProjectBroker;
let h: ServiceHarness;
let services: Services;
let world: World;
let clock: ScaledClock;
let sim: Simulation;
let ingest: Ingest;
let worker: Worker;
let link: ReturnType<typeof connectGatewayLink>;
let http: Server;
let httpBase: string;
const storeDir = mkdtempSync(join(tmpdir(), 'fw-e2e-'));
/** A mirror that serves other bytes than the ones signed (a compromised CDN). */
const mirror = new Map<string, Buffer>();
const serials = Array.from({ length: GATEWAYS }, (_, i) => `ILS-SIM${String(i + 1).padStart(5, '0')}`);

async function until<T>(
  what: string,
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 120_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  broker = await startProjectBroker({
    gateways: serials.map((s) => ({ serial: s, password: `pw-${s}` })),
  });
  h = await createServiceHarness('rollouts_e2e', { connectionLimit: 10 });
  clock = new ScaledClock(START, SPEED);
  const simNow = { now: () => new Date(clock.now()) };
  const download = firmwareDownloadHandler({ artifact: (sha) => services.firmware.artifact(sha) });
  http = createServer((req, res) => {
    const [, area, sha = ''] = (req.url ?? '').split('/');
    if (area === 'firmware') void download(req, res, sha);
    else if (area === 'mirror' && mirror.has(sha))
      res.writeHead(200, { 'content-length': String(mirror.get(sha)!.length) }).end(mirror.get(sha));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  services = createServices(
    { ...h.services.deps, clock: simNow },
    {
      secureCookies: false,
      firmware: {
        store: { kind: 'directory', dir: storeDir },
        publicKey: keys.publicKey,
        downloadBaseUrl: httpBase,
        maxBytes: 10 * 1024 * 1024,
      },
    },
  );
  world = await createWorld(services);

  const db = h.testDb.db;
  for (const [i, serial] of serials.entries()) {
    const org = i % 2 === 0 ? world.orgs.instA : world.orgs.instB;
    const site = await db
      .insertInto('sites')
      .values({
        organization_id: org,
        street: 'Simulatiestraat',
        house_number: String(i + 1),
        postal_code: '3000',
        city: 'Leuven',
      })
      .executeTakeFirstOrThrow();
    await db
      .insertInto('gateways')
      .values({
        serial,
        site_id: Number(site.insertId),
        organization_id: org,
        hardware_revision: 'SIM',
        online: false,
      })
      .execute();
  }

  ingest = await startIngest({
    db,
    redis: h.redis,
    logger: silent,
    redisPrefix: h.redisPrefix,
    mqttUrl: broker.url,
    mqttUsername: broker.users.ingest.username,
    mqttPassword: broker.users.ingest.password,
    shareGroup: 'e2e',
    clientId: `ingest-e2e-${process.pid}`,
    now: simNow.now,
  });
  link = connectGatewayLink({
    url: broker.url,
    ...broker.users.worker,
    clientId: `rollouts-e2e-${process.pid}`,
  });
  const engine = new RolloutEngine({
    db,
    redis: h.redis,
    redisPrefix: h.redisPrefix,
    clock: simNow,
    link,
    logger: silent,
  });
  const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
  worker = createWorker('rollouts', rolloutHandlers({ engine, logger: silent }), {
    connection,
    prefix: h.redisPrefix,
    concurrency: 1,
  });
  // a tick every 250 real ms is every 7.5 simulated seconds
  await h.jobs.schedule('rollouts', 'rollouts-tick', 250, 'tick', {});

  sim = await startSimulation({
    gateways: GATEWAYS,
    speed: SPEED,
    clock,
    brokerUrl: broker.url,
    credentials: (serial) => ({ password: `pw-${serial}` }),
    liveIntervalS: 30,
    // 50 homes and their Modbus servers share this process with the platform's side. On a loaded machine the event
    // loop, not the wire, decides how soon an answer is read, and its stalls pass as minutes of simulated time: with
    // the simulator's 200 ms loopback timeout and the 5-minute health check, restarted gateways missed their devices
    // and rolled a good release back ("Modbus devices not answering"). So the homes get a gateway's real 1 s timeout
    // and more, the health check 20 simulated minutes (the rollouts wait an hour for a gateway to come back), and
    // coarser telegrams, polls and control cycles than the simulator's default, which is all a rollout looks at.
    modbusTiming: {
      timeoutMs: 2000,
      retries: 2,
      retryDelayMs: 50,
      reconnectDelayMs: 200,
      reconnectDelayMaxMs: 1000,
    },
    ota: { healthTimeoutMs: 20 * 60_000 },
    telegramIntervalS: 10,
    pollIntervalS: 30,
    controlPeriodMs: 10_000,
    seed: 10,
    gatewayConfig: () => ({ ota: { publicKey: keys.publicKey } }),
  });
  await until(
    'every gateway online',
    () => db.selectFrom('gateways').select('firmware_version').where('online', '=', true).execute(),
    (rows) => rows.length === GATEWAYS && rows.every((r) => r.firmware_version === '0.1.0'),
    60_000,
  );
}, 180_000);

afterAll(async () => {
  await sim?.stop();
  await worker?.close();
  await ingest?.stop();
  await link?.close();
  http?.closeAllConnections();
  await new Promise((r) => http?.close(r));
  await broker?.close();
  await h?.close();
  rmSync(storeDir, { recursive: true, force: true });
}, 60_000);

const fleet = () => world.actor(world.users.fleet);

/** A release built, signed with the fleet key and added through the service (uploaded, or at a mirror's URL). */
async function release(version: string, o: { fault?: HealthFault; tamperedMirror?: boolean } = {}) {
  const { bytes, manifest } = packArtifact(
    {
      format: 1,
      version,
      hardwareRevisions: ['SIM'],
      createdAt: new Date(clock.now()).toISOString(),
      healthFault: o.fault,
    },
    [{ path: 'gateway.mjs', data: Buffer.from(`// the simulator's gateway as ${version}\n`) }],
  );
  const d = await digestOf([bytes]);
  const signature = signDigest(signer, d.sha256);
  if (!o.tamperedMirror)
    return {
      release: await services.firmware.create(
        await fleet(),
        { version, hardwareRevision: 'SIM', signature },
        { chunks: Readable.from([bytes]) },
      ),
      manifest,
    };
  const evil = Buffer.from(bytes);
  evil[evil.length - 40] = (evil[evil.length - 40] ?? 0) ^ 0x01;
  mirror.set(d.sha256, evil);
  const rel = await services.firmware.create(await fleet(), {
    version,
    hardwareRevision: 'SIM',
    signature,
    url: `${httpBase}/mirror/${d.sha256}`,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
  });
  return { release: rel, manifest };
}

const get = async (rolloutId: number) => services.rollouts.get(await fleet(), { rolloutId });
const targets = async (rolloutId: number) =>
  (await services.rollouts.targets(await fleet(), { rolloutId, pageSize: 200 })).rows;
/** The targets' states and reasons, counted: what a failed expectation about a rollout should say. */
const why = async (rolloutId: number) => {
  const counts = new Map<string, number>();
  for (const t of await targets(rolloutId)) {
    const key = t.reason ? `${t.state} (${t.reason})` : t.state;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(counts));
};
const running = (serial: string) => sim.gateways.find((g) => g.serial === serial)!.runtime;
const versionsInDb = async () =>
  Object.fromEntries(
    (await h.testDb.db.selectFrom('gateways').select(['serial', 'firmware_version']).execute()).map((r) => [
      r.serial,
      r.firmware_version,
    ]),
  );

describe('rollouts to 50 simulated gateways', () => {
  it('refuses a tampered artifact on every gateway, which all keep running their version', async () => {
    const { release: rel } = await release('0.2.0', { tamperedMirror: true });
    const r = await services.rollouts.create(await fleet(), {
      name: 'tampered mirror',
      releaseId: rel.id,
      waves: '100',
      soakMinutes: 5,
      ratePerMinute: 1000,
      maxFailurePct: 10,
    });
    expect(r.targets).toBe(GATEWAYS);
    const done = await until(
      'every gateway to refuse',
      () => get(r.id),
      (x) => (x.states.failed ?? 0) === GATEWAYS,
    );
    expect(done.status).toBe('paused');
    const rows = await targets(r.id);
    expect(
      rows.every(
        (t) =>
          t.state === 'failed' &&
          t.reason === 'sha256 does not match the signed digest: the artifact was changed',
      ),
    ).toBe(true);
    for (const s of serials) {
      expect(running(s).ota.runningVersion()).toBe('0.1.0');
      expect(running(s).state).toBe('running');
    }
    expect(Object.values(await versionsInDb()).every((v) => v === '0.1.0')).toBe(true);
    await services.rollouts.abort(await fleet(), { rolloutId: r.id });
  }, 180_000);

  it('pauses a bad release itself in the canary wave; the gateways that failed their health check roll back', async () => {
    const { release: rel, manifest } = await release('0.2.1', { fault: { check: 'p1', sharePct: 60 } });
    const r = await services.rollouts.create(await fleet(), {
      name: 'bad build',
      releaseId: rel.id,
      waves: '10,50,100',
      soakMinutes: 10,
      ratePerMinute: 600,
      maxFailurePct: 10,
      onlineTimeoutMinutes: 60,
    });
    expect(r.waves).toEqual([5, 20, 25]);
    const paused = await until(
      'the rollout to pause',
      () => get(r.id),
      (x) => x.status === 'paused',
    );
    expect(paused.currentWave).toBe(0);
    // stored as a code, shown in the reader's language (decision 101)
    expect(paused.pauseReason).toMatch(/"key":"rollouts.log.waveFailures".*"wave":1,"failed":\d,"targets":5/);
    // let the canary's in-flight gateways finish what they started
    const settled = await until(
      'the canary to settle',
      () => get(r.id),
      (x) => x.inFlight === 0,
    );
    const rows = await targets(r.id);
    const canary = rows.filter((t) => t.waveNo === 0);
    expect(canary).toHaveLength(5);
    // exactly the canary gateways the fault hits rolled back; the others run the new version
    for (const t of canary) {
      const faulty = healthFaultFor(manifest, t.serial) !== null;
      expect([t.serial, t.state]).toEqual([t.serial, faulty ? 'rolled_back' : 'healthy']);
      if (faulty) expect(t.reason).toMatch(/health check failed: no P1 telegram since the start/);
      expect(running(t.serial).ota.runningVersion()).toBe(faulty ? '0.1.0' : '0.2.1');
    }
    expect(settled.waves[0]!.states.rolled_back).toBeGreaterThanOrEqual(1);
    // nobody outside the canary was sent anything
    expect(rows.filter((t) => t.waveNo > 0).every((t) => t.state === 'pending' && t.sentAt === null)).toBe(
      true,
    );
    const back = canary.filter((t) => t.state === 'rolled_back').map((t) => t.serial);
    await until(
      'the rolled-back gateways to report their old version',
      versionsInDb,
      (v) => back.every((s) => v[s] === '0.1.0'),
      30_000,
    );
    const log = await services.rollouts.targetLog(await fleet(), {
      rolloutId: r.id,
      gatewayId: canary.find((t) => t.state === 'rolled_back')!.gatewayId,
    });
    expect(log.log.map((l) => l.step)).toEqual([
      'sent',
      'downloading',
      'verifying',
      'installing',
      'rebooting',
      'rolled_back',
    ]);
    await services.rollouts.abort(await fleet(), { rolloutId: r.id });
  }, 180_000);

  it('brings a good release to 100 % wave by wave, only inside the maintenance window', async () => {
    const { release: rel } = await release('0.3.0');
    // a window that opens five simulated minutes from now (Brussels time) and lasts three hours
    const local = (ms: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Brussels',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(ms);
    const opensAt = Math.ceil((clock.now() + 5 * 60_000) / 60_000) * 60_000;
    const r = await services.rollouts.create(await fleet(), {
      name: 'night release',
      releaseId: rel.id,
      waves: '10,50,100',
      soakMinutes: 10,
      ratePerMinute: 120,
      onlineTimeoutMinutes: 60,
      windowFrom: local(opensAt),
      windowTo: local(opensAt + 3 * 3600_000),
    });
    expect(r.targets).toBe(GATEWAYS);
    await until(
      'the moment before the window opens',
      async () => clock.now(),
      (now) => now >= opensAt - 60_000,
      60_000,
    );
    const before = await get(r.id);
    expect(before.states).toEqual({ pending: GATEWAYS });
    const done = await until(
      'the rollout to complete',
      () => get(r.id),
      (x) => x.status !== 'running',
      240_000,
    );
    expect(done.status, `paused: ${done.pauseReason}; ${await why(r.id)}`).toBe('completed');
    expect(done.states).toEqual({ healthy: GATEWAYS });
    expect(done.waves.map((w) => [w.status, w.targets, w.health?.passed])).toEqual([
      ['passed', 5, true],
      ['passed', 20, true],
      ['passed', 25, true],
    ]);
    expect(done.waves[2]!.health).toMatchObject({
      healthy: 25,
      failurePct: 0,
      before: { p1Flowing: 25 },
      after: { p1Flowing: 25 },
    });
    const rows = await targets(r.id);
    expect(rows.every((t) => Date.parse(t.sentAt!) >= opensAt)).toBe(true);
    // waves one after another, each after the previous one's soak
    const firstSent = (wave: number) =>
      Math.min(...rows.filter((t) => t.waveNo === wave).map((t) => Date.parse(t.sentAt!)));
    expect(firstSent(1)).toBeGreaterThanOrEqual(Date.parse(done.waves[0]!.soakUntil!));
    expect(firstSent(2)).toBeGreaterThanOrEqual(Date.parse(done.waves[1]!.soakUntil!));
    for (const s of serials) expect(running(s).ota.runningVersion()).toBe('0.3.0');
    await until(
      'every gateway to report 0.3.0',
      versionsInDb,
      (v) => Object.values(v).every((x) => x === '0.3.0'),
      30_000,
    );
  }, 300_000);

  it('stops new installs when aborted', async () => {
    const { release: rel } = await release('0.4.0');
    const r = await services.rollouts.create(await fleet(), {
      name: 'to abort',
      releaseId: rel.id,
      waves: '100',
      soakMinutes: 5,
      ratePerMinute: 6,
    });
    await until(
      'the first gateways to be sent to',
      () => get(r.id),
      (x) => (x.states.pending ?? 0) <= GATEWAYS - 6,
    );
    const aborted = await services.rollouts.abort(await fleet(), {
      rolloutId: r.id,
      reason: 'changed our minds',
    });
    const sent = GATEWAYS - (aborted.states.cancelled ?? 0);
    expect(sent).toBeGreaterThanOrEqual(6);
    expect(sent).toBeLessThan(GATEWAYS);
    // ten simulated minutes later nothing more went out, and only those sent to run the new version
    const later = clock.now() + 10 * 60_000;
    await until(
      'ten simulated minutes',
      async () => clock.now(),
      (now) => now >= later,
      60_000,
    );
    const after = await get(r.id);
    expect(after.status).toBe('aborted');
    expect(after.states.cancelled).toBe(GATEWAYS - sent);
    const updated = sim.gateways.filter((g) => g.runtime.ota.runningVersion() === '0.4.0').length;
    expect(updated).toBeLessThanOrEqual(sent);
    expect(after.audit.map((a) => a.action)).toContain('rollout.abort');
  }, 180_000);
});
