/*
 * Over-the-air updates end to end on one gateway: a private Mosquitto, an HTTP server for artifacts, a simulated home
 * with a battery on Modbus and a meter on P1, and a host that restarts the runtime when the updater asks (as the
 * launcher and systemd do on the box). Signed releases install into the other slot and prove themselves; a release
 * that fails its health check rolls back by itself; tampered, foreign, wrong-hardware and stale ones are refused and
 * the gateway stays on what it ran.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ProjectBroker, startProjectBroker } from '@ilumen/broker';
import {
  digestOf,
  generateSigningKeys,
  type HealthFault,
  packArtifact,
  privateKeyFromPem,
  signDigest,
} from '@ilumen/firmware-signing';
import { type OtaStatusPayload, topics, wildcard } from '@ilumen/mqtt-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Slots } from '../src/ota/slots';
import { ScaledClock } from '../src/runtime/clock';
import type { GatewayRuntime } from '../src/runtime/gateway-runtime';
import type { SimulatedSite } from '../src/sim/site/simulated-site';
import { PlatformObserver } from './helpers/platform-observer';
import { gatewayFor, meterOnlySite, tempDataDir } from './helpers/quiet-site';

const SERIAL = 'ILS-OTATEST1';
const keys = generateSigningKeys();
const signer = privateKeyFromPem(keys.privateKeyPem);

let broker: ProjectBroker;
let platform: PlatformObserver;
let clock: ScaledClock;
let site: SimulatedSite;
let dataDir: string;
let rt: GatewayRuntime;
let restarts = 0;
let http: Server;
let httpBase: string;
const artifacts = new Map<string, Buffer>();
const requests: string[] = [];

function startRuntime(): GatewayRuntime {
  return gatewayFor(site, {
    serial: SERIAL,
    password: 'gw-pw',
    brokerUrl: broker.url,
    clock,
    dataDir,
    config: { hardwareRevision: 'B2', ota: { publicKey: keys.publicKey } },
    runtime: {
      firmwareVersion: '1.4.0',
      onRestartRequested: () => void restart(),
      ota: { healthTimeoutMs: 90_000, healthCheckEveryMs: 2000, download: { backoffMs: 10 } },
    },
  });
}

let restarting: Promise<void> | null = null;
function restart(): Promise<void> {
  restarting ??= (async () => {
    await rt.stop(3000, 'update');
    restarts++;
    rt = startRuntime();
    await rt.start();
  })().finally(() => {
    restarting = null;
  });
  return restarting;
}

beforeAll(async () => {
  broker = await startProjectBroker({
    gateways: [{ serial: SERIAL, password: 'gw-pw' }],
  });
  platform = await PlatformObserver.connect(
    broker,
    [wildcard('otaStatus'), wildcard('state')],
    `platform-ota-${process.pid}`,
  );
  http = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = artifacts.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      'content-length': String(body.length - start),
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    res.end(body.subarray(start));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpBase = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // a simulated home at 10× speed: a new version has 90 simulated seconds (9 real) to prove itself
  clock = new ScaledClock(Date.parse('2026-11-27T11:00:00Z'), 10);
  site = await meterOnlySite(clock, { seed: 3, battery: { capacityWh: 10_000, maxW: 5000 } }, 1000, 1000);
  site.start();
  dataDir = tempDataDir();
  rt = startRuntime();
  await rt.start();
  await platform.waitFor(() => rt.mqtt.connected && site.port !== undefined, 10_000, 'gateway connected');
  // the baseline: P1 flowing and the battery answering
  await platform.waitFor(
    () => rt.site.deviceList().some((d) => d.link === 'online') && rt.site.p1 !== null,
    15_000,
    'home up',
  );
}, 60_000);

afterAll(async () => {
  await restarting;
  await rt?.stop(2000);
  await site?.close();
  await platform?.close();
  await broker?.close();
  http?.closeAllConnections();
  await new Promise((r) => http?.close(r));
  rmSync(dataDir, { recursive: true, force: true });
});

interface ReleaseOptions {
  hardware?: string[];
  fault?: HealthFault;
  /** Sign with another key. */
  foreign?: boolean;
  /** Serve other bytes than the ones signed. */
  tamper?: boolean;
  issuedAt?: number;
  /** Signed as a downgrade from these versions. */
  downgradeFrom?: string[];
}

/** The last instruction `release()` sent, to send again as a replay. */
let lastInstruction: Record<string, unknown> = {};

/** Builds, signs, serves and announces a release; resolves with the gateway's steps once it reached a final one. */
async function release(version: string, o: ReleaseOptions = {}): Promise<OtaStatusPayload[]> {
  const { bytes } = packArtifact(
    {
      format: 1,
      version,
      hardwareRevisions: o.hardware ?? ['B2'],
      createdAt: '2026-11-27T10:00:00.000Z',
      healthFault: o.fault,
      downgradeFrom: o.downgradeFrom,
    },
    [{ path: 'gateway.mjs', data: Buffer.from(`// gateway ${version}\n${'x'.repeat(50_000)}`) }],
  );
  const d = await digestOf([bytes]);
  const served = Buffer.from(bytes);
  if (o.tamper) served[served.length - 100] = (served[served.length - 100] ?? 0) ^ 0x55;
  const path = `/fw/${version}-${randomUUID()}.ilfw`;
  artifacts.set(path, served);
  const rolloutId = randomUUID().slice(0, 8);
  const issuedAt = o.issuedAt ?? clock.now();
  lastInstruction = {
    v: 1,
    id: randomUUID(),
    rolloutId,
    version,
    url: `${httpBase}${path}`,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    signature: signDigest(
      o.foreign ? privateKeyFromPem(generateSigningKeys().privateKeyPem) : signer,
      d.sha256,
    ),
    issuedAt: new Date(issuedAt).toISOString(),
    expiresAt: new Date(issuedAt + 3600_000).toISOString(),
  };
  await platform.publish(topics.ota(SERIAL), lastInstruction);
  const steps = () =>
    platform
      .of('otaStatus', SERIAL)
      .filter((s) => s.payload.rolloutId === rolloutId)
      .map((s) => s.payload);
  await platform.waitFor(
    () => steps().some((s) => ['healthy', 'failed', 'rolled-back'].includes(s.step)),
    30_000,
    `the end of ${version}`,
  );
  await restarting;
  return steps();
}

/** Every step of a release that installs and proves itself. */
const INSTALLED = ['downloading', 'downloading', 'verifying', 'installing', 'rebooting', 'healthy'];

/** The firmware version in the latest online `state` the gateway published. */
const reportedVersion = () => {
  const latest = platform
    .of('state', SERIAL)
    .filter((s) => s.payload.online)
    .at(-1)?.payload;
  return latest?.online ? latest.firmwareVersion : undefined;
};

describe('over-the-air updates', () => {
  it('downloads, checks and installs a signed release into the other slot, restarts into it and reports it healthy', async () => {
    expect(rt.ota.runningVersion()).toBe('1.4.0');
    const steps = await release('1.5.0');
    expect(steps.map((s) => s.step)).toEqual(INSTALLED);
    expect(steps[0]).toMatchObject({ progressPct: 0 });
    expect(steps[1]).toMatchObject({ progressPct: 100 });
    expect(restarts).toBe(1);
    expect(rt.ota.runningVersion()).toBe('1.5.0');
    expect(new Slots(join(dataDir, 'firmware')).active()).toBe('a');
    await platform.waitFor(() => reportedVersion() === '1.5.0', 5000, 'state with the new version');
    // the downloaded artifact is gone once unpacked
    expect(readdirSync(join(dataDir, 'firmware', 'download'))).toEqual([]);
  }, 60_000);

  it('rolls back by itself when the new version fails its health check, and runs the old one again', async () => {
    const before = restarts;
    const steps = await release('1.6.0', { fault: { check: 'p1', sharePct: 100 } });
    expect(steps.map((s) => s.step)).toEqual([
      'downloading',
      'downloading',
      'verifying',
      'installing',
      'rebooting',
      'rolled-back',
    ]);
    expect(steps.at(-1)).toMatchObject({
      reason: expect.stringMatching(/health check failed: no P1 telegram since the start/),
    });
    expect(restarts).toBe(before + 2);
    expect(rt.ota.runningVersion()).toBe('1.5.0');
    expect(new Slots(join(dataDir, 'firmware')).active()).toBe('a');
    await platform.waitFor(
      () => reportedVersion() === '1.5.0' && rt.site.p1 !== null,
      5000,
      'the old version back',
    );
  }, 60_000);

  it('refuses a tampered artifact, one signed by another key, one for other hardware and a stale instruction, and keeps working', async () => {
    const before = restarts;
    const served = requests.length;
    const foreign = await release('1.7.0', { foreign: true });
    expect(foreign.map((s) => s.step)).toEqual(['failed']);
    expect(foreign[0]).toMatchObject({ reason: "signature does not verify against this gateway's key" });
    expect(requests.length).toBe(served); // refused before downloading anything

    const tampered = await release('1.7.0', { tamper: true });
    expect(tampered.at(-1)).toMatchObject({
      step: 'failed',
      reason: 'sha256 does not match the signed digest: the artifact was changed',
    });
    expect(tampered.map((s) => s.step)).not.toContain('installing');

    const other = await release('1.7.0', { hardware: ['Z9'] });
    expect(other.at(-1)).toMatchObject({ step: 'failed', reason: 'built for hardware Z9, this is B2' });

    const stale = await release('1.7.0', { issuedAt: clock.now() - 2 * 3600_000 });
    expect(stale).toEqual([
      expect.objectContaining({ step: 'failed', reason: expect.stringMatching(/instruction expired/) }),
    ]);

    expect(restarts).toBe(before);
    expect(rt.ota.runningVersion()).toBe('1.5.0');
    expect(rt.state).toBe('running');
    const p1At = rt.site.p1?.receivedAt ?? 0;
    await platform.waitFor(() => (rt.site.p1?.receivedAt ?? 0) > p1At, 5000, 'telegrams still read');
  }, 90_000);

  it('answers a repeated instruction for the version it runs without installing again', async () => {
    const before = restarts;
    const steps = await release('1.5.0');
    expect(steps.map((s) => s.step)).toEqual(['healthy']);
    expect(restarts).toBe(before);
  }, 30_000);

  it('refuses an instruction sent again (same id), even after restarts, without answering it', async () => {
    // the bad release that rolled back: sending its instruction again must not try it again
    const bad = await release('1.6.1', { fault: { check: 'p1', sharePct: 100 } });
    expect(bad.at(-1)?.step).toBe('rolled-back');
    const replay = lastInstruction;
    const before = restarts;
    const statuses = platform.of('otaStatus', SERIAL).length;
    await platform.publish(topics.ota(SERIAL), replay);
    // instructions are handled in order: once a fresh one is answered, the replay has been dealt with
    const fresh = await release('1.5.0');
    expect(fresh.map((s) => s.step)).toEqual(['healthy']);
    expect(platform.of('otaStatus', SERIAL).length).toBe(statuses + 1);
    expect(rt.ota.replaysRefused).toBe(1);
    expect(restarts).toBe(before);
    expect(rt.ota.runningVersion()).toBe('1.5.0');
  }, 90_000);

  it('refuses an older release unless it is signed as a downgrade from the running version', async () => {
    const before = restarts;
    const served = requests.length;
    const old = await release('1.4.2');
    expect(old.at(-1)).toMatchObject({
      step: 'failed',
      reason: 'version 1.4.2 is older than the running 1.5.0 and not signed as a downgrade from it',
    });
    expect(requests.length).toBe(served + 1);
    const otherFrom = await release('1.4.2', { downgradeFrom: ['1.6.0'] });
    expect(otherFrom.at(-1)).toMatchObject({ step: 'failed', reason: /not signed as a downgrade/ });
    expect(restarts).toBe(before);
    expect(rt.ota.runningVersion()).toBe('1.5.0');

    const signed = await release('1.4.2', { downgradeFrom: ['1.5.0'] });
    expect(signed.map((s) => s.step)).toEqual(INSTALLED);
    expect(rt.ota.runningVersion()).toBe('1.4.2');
  }, 90_000);
});
