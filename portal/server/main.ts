import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fluviusFromEnv } from '@ilumen/fluvius';
import { createLogger } from '@ilumen/logger';
import {
  brokerCheck,
  createMetrics,
  databaseCheck,
  migrationsCheck,
  redisCheck,
  startOpsServer,
  watchPool,
} from '@ilumen/observability';
import { brokerCredentialsFromEnv, mandateFluvius } from '@ilumen/services';
import { openServices } from '@ilumen/services/runtime';
import type { ServerBuild } from '@remix-run/node';
import { loadPortalEnv } from '../app/server/env.server';
import { firmwareSettingsFromEnv } from '../app/server/firmware-env.server';
import { oauthProvidersFromEnv } from '../app/server/oauth-env.server';
import { createPortalApp, parseTrustProxy } from './app';
import { LiveHub } from './live-hub';
import { parsePlatformLogins } from './mqtt-auth';

// Composition root of the portal: parse env once, create connections, hand them to the app, close them on exit.
const env = loadPortalEnv();
const logger = createLogger({ name: 'portal', level: env.LOG_LEVEL });
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Gateway logins go to the broker named by BROKER_* (decision 018): the dynamic security admin connects here.
const brokerCredentials = brokerCredentialsFromEnv(env);
const runtime = openServices({
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  publicUrl: env.PUBLIC_URL,
  connectionLimit: 20,
  oauthProviders: oauthProvidersFromEnv(env),
  fluvius: mandateFluvius(fluviusFromEnv(env)),
  brokerCredentials,
  firmware: firmwareSettingsFromEnv(env),
  mqtt: {
    url: env.MQTT_URL,
    username: env.MQTT_USERNAME,
    password: env.MQTT_PASSWORD,
    clientId: `ilumen-portal-${hostname()}-${process.pid}`,
  },
});
const { services } = runtime;
const liveHub = new LiveHub(runtime.redis.duplicate());

// Health, readiness and metrics (docs/operations.md): the checks are the dependencies a request may need.
const metrics = createMetrics('portal');
const { db } = services.deps;
watchPool(metrics, db);
metrics.onScrape(async () => metrics.liveStreams.set(liveHub.streams));
const readiness = {
  database: databaseCheck(db),
  migrations: migrationsCheck(db),
  redis: redisCheck(runtime.redis),
  broker: brokerCheck(env.MQTT_URL, (validTo) =>
    metrics.certificateExpiry.set({ name: 'broker' }, validTo.getTime() / 1000),
  ),
};
const opsServer = env.OPS_PORT
  ? await startOpsServer({ port: env.OPS_PORT, host: env.OPS_HOST, checks: readiness, metrics })
  : null;

let build: ServerBuild | (() => Promise<ServerBuild>);
let viteMiddlewares: import('express').RequestHandler | undefined;
let closeVite = async () => {};
if (env.NODE_ENV === 'production') {
  build = (await import(path.join(root, 'build/server/index.js'))) as ServerBuild;
} else {
  const vite = await import('vite');
  const server = await vite.createServer({ root, server: { middlewareMode: true } });
  viteMiddlewares = server.middlewares;
  build = () => server.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>;
  closeVite = () => server.close();
}

const app = createPortalApp({
  services,
  logger,
  publicUrl: env.PUBLIC_URL,
  build,
  viteMiddlewares,
  clientDir: path.join(root, 'build/client'),
  embedFrameAncestors: env.EMBED_FRAME_ANCESTORS.split(/\s+/).filter(Boolean),
  liveHub,
  trustProxy: parseTrustProxy(env.TRUST_PROXY),
  readiness,
  metrics,
  ...(env.MQTT_AUTH_TOKEN
    ? { mqttAuth: { token: env.MQTT_AUTH_TOKEN, platformLogins: parsePlatformLogins(env.MQTT_AUTH_USERS) } }
    : {}),
});

const server = app.listen(env.PORT, env.HOST, () => {
  logger.info({ url: env.PUBLIC_URL, host: env.HOST, port: env.PORT }, 'portal listening');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'portal stopping');
  const deadline = setTimeout(() => process.exit(1), 10_000);
  deadline.unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Open live streams never end by themselves: give requests in flight a moment, then close what is left.
  setTimeout(() => server.closeAllConnections(), 1000).unref();
  await closed;
  await opsServer?.close();
  await closeVite();
  await liveHub.close();
  await runtime.close();
  await brokerCredentials?.close?.();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
