import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFluviusClient, type FluviusClient } from '@ilumen/fluvius';
import { type FluviusSimulator, startFluviusSimulator } from '@ilumen/fluvius/simulator';
import { createLogger } from '@ilumen/logger';
import { createServices, MandateSync, type Services } from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { ServerBuild } from '@remix-run/node';
import { createPortalApp } from '../../server/app';
import { reservedServer } from './listen';

const portalRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface FluviusPortal extends ServiceHarness {
  world: World;
  services: Services;
  url: string;
  simulator: FluviusSimulator;
  /** What the worker runs, called on demand by the tests (poll, sync, backfill). */
  sync: MandateSync;
  close(): Promise<void>;
}

/**
 * The built portal on its own database, Redis prefix, mail worker and SMTP sink (like `startPortal`), with a Fluvius
 * simulator on a free port that the portal's services reach by config, and a MandateSync with its own client.
 */
export async function startFluviusPortal(
  label: string,
  options: { historyDays?: number } = {},
): Promise<FluviusPortal> {
  const reserved = await reservedServer();
  const { url } = reserved;
  const h = await createServiceHarness(label, { publicUrl: url });
  const simulator = await startFluviusSimulator();
  const settings = { historyDays: options.historyDays ?? 7 };
  const services = createServices(h.services.deps, {
    secureCookies: false,
    fluvius: { access: { config: simulator.clientConfig }, settings },
  });
  const world = await createWorld(services);
  const client: FluviusClient = createFluviusClient(simulator.clientConfig);
  const sync = new MandateSync({
    db: h.testDb.db,
    jobs: h.jobs,
    clock: h.clock,
    client,
    publicUrl: url,
    settings,
  });
  const build = (await import(path.join(portalRoot, 'build/server/index.js'))) as ServerBuild;
  const app = createPortalApp({
    services,
    logger: createLogger({
      name: 'portal-test',
      level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent',
    }),
    publicUrl: url,
    build,
    mode: 'production',
    clientDir: path.join(portalRoot, 'build/client'),
  });
  reserved.serve(app);
  return {
    ...h,
    services,
    world,
    url,
    simulator,
    sync,
    async close() {
      await reserved.close();
      await client.close();
      await simulator.close();
      await h.close();
    },
  };
}
