import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectBroker } from '@ilumen/broker';
import { createLogger } from '@ilumen/logger';
import {
  connectGatewayLink,
  createServices,
  dynsecBrokerCredentials,
  type FirmwareSettings,
  type Services,
  systemClock,
} from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { ServerBuild } from '@remix-run/node';
import { createPortalApp } from '../../server/app';
import { LiveHub } from '../../server/live-hub';
import { reservedServer } from './listen';

const portalRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = path.resolve(portalRoot, '..');

export interface ConsoleOpsPortal extends ServiceHarness {
  world: World;
  services: Services;
  url: string;
  /** The project's broker (as the demo runs it, TLS for gateways): they log in with what claiming made. */
  broker: ProjectBroker;
  close(): Promise<void>;
}

/**
 * The built portal (like `startPortal`) whose services reach gateways through the project's broker as the portal
 * user, claim gateways through its dynamic security API as the admin user, and a real worker process (ingest and jobs) on the same database,
 * Redis prefix and broker — the commissioning flow as it runs in production.
 */
export async function startConsoleOpsPortal(
  label: string,
  options: {
    /** Releases and their artifacts (decision 060): a key and a store, as `FIRMWARE_*` give the portal. */
    firmware?: FirmwareSettings;
  } = {},
): Promise<ConsoleOpsPortal> {
  const reserved = await reservedServer();
  const { url } = reserved;
  const h = await createServiceHarness(label, { publicUrl: url, broker: { tls: true } });
  const broker = h.broker!;
  const link = connectGatewayLink({
    url: broker.url,
    ...broker.users.portal,
    clientId: `${h.redisPrefix}-portal`,
  });
  await new Promise<void>((resolve) =>
    link.client.connected ? resolve() : link.client.once('connect', () => resolve()),
  );
  // Claiming creates the gateway's login through the broker's dynamic security API, as production does.
  const credentials = dynsecBrokerCredentials(await broker.admin());
  // Real time: a simulated gateway checks a command's expiry against its own clock.
  const services = createServices(
    { ...h.services.deps, gatewayLink: link, clock: systemClock },
    {
      secureCookies: false,
      brokerCredentials: credentials,
      ...(options.firmware ? { firmware: options.firmware } : {}),
    },
  );
  const world = await createWorld(services);

  const worker = await startWorker({
    DATABASE_URL: h.testDb.url,
    REDIS_PREFIX: h.redisPrefix,
    ...broker.envFor('worker'),
    INGEST_MQTT_USERNAME: broker.users.ingest.username,
    INGEST_MQTT_PASSWORD: broker.users.ingest.password,
    SMTP_URL: h.sink.smtpUrl,
    PUBLIC_URL: url,
    INGEST_CLIENT_ID: `${h.redisPrefix}-ingest`,
    INGEST_SHARE_GROUP: `g${randomBytes(3).toString('hex')}`,
    // The tests run their own alarm passes with short delays; the worker's own would only add noise.
    ALARMS_EVALUATE_EVERY_S: '3600',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  });

  // A copy of the build of our own: another `remix vite:build` in the shared checkout replaces the assets under it.
  const buildDir = path.join(
    portalRoot,
    'node_modules/.cache',
    `ilumen-test-build-${randomBytes(4).toString('hex')}`,
  );
  cpSync(path.join(portalRoot, 'build'), buildDir, { recursive: true });
  const build = (await import(path.join(buildDir, 'server/index.js'))) as ServerBuild;
  // the dashboards' live values, from the ingest through Redis, as production serves them
  const liveHub = new LiveHub(h.redis.duplicate());
  const app = createPortalApp({
    liveHub,
    mode: 'production',
    services,
    // errors are printed: a journey's page that answers 500 (once seen on a loaded run, not again) then says why
    logger: createLogger({
      name: 'portal-test',
      level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error',
    }),
    publicUrl: url,
    build,
    clientDir: path.join(buildDir, 'client'),
  });
  reserved.serve(app);
  return {
    ...h,
    services,
    world,
    url,
    broker,
    async close() {
      await reserved.close();
      await stopWorker(worker);
      await liveHub.close();
      await link.close();
      await h.close();
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

/** The worker as `npm start` runs it, in its own process; resolves once it says it started. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: path.join(repoRoot, 'worker'),
    env: { ...process.env, ...env, NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // a worker that never said it started is not left running after the test file (tsx passes SIGTERM on)
      child.kill('SIGTERM');
      reject(
        new Error(
          `worker did not start within 180 s (tsx compiles it first; slow while the suite shares two cores):\n${output.slice(-2000)}`,
        ),
      );
    }, 180_000);
    // Keep reading its output (a full pipe would stall it), but only keep what comes before it started.
    const onData = (chunk: Buffer) => {
      if (started) return;
      output += chunk.toString();
      if (output.includes('worker started')) {
        started = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`worker exited (${code}):\n${output.slice(-2000)}`));
    });
  });
  if (process.env.TEST_LOG_LEVEL === 'debug')
    child.stdout?.on('data', (c: Buffer) => process.stdout.write(`[worker] ${c}`));
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}
