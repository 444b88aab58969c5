import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ilumen/logger';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { ServerBuild } from '@remix-run/node';
import { createPortalApp } from '../../server/app';
import { LiveHub } from '../../server/live-hub';
import { reservedServer } from './listen';

const portalRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ModulesPortal extends ServiceHarness {
  world: World;
  url: string;
  close(): Promise<void>;
}

/**
 * The built portal as `startPortal` runs it, with a link to a project broker of its own (`h.broker`): starting and stopping a charge
 * and saving charge timers publish to gateways (commands, configurations), which a test's stand-in gateway receives.
 */
export async function startModulesPortal(label: string): Promise<ModulesPortal> {
  const reserved = await reservedServer();
  const { url } = reserved;
  const h = await createServiceHarness(label, { publicUrl: url, broker: true });
  const world = await createWorld(h.services);
  const build = (await import(path.join(portalRoot, 'build/server/index.js'))) as ServerBuild;
  const liveHub = new LiveHub(h.redis.duplicate());
  const app = createPortalApp({
    liveHub,
    liveAccessCheckMs: 300,
    mode: 'production',
    services: h.services,
    logger: createLogger({
      name: 'portal-test',
      level: process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent',
    }),
    publicUrl: url,
    build,
    clientDir: path.join(portalRoot, 'build/client'),
  });
  reserved.serve(app);
  return {
    ...h,
    world,
    url,
    async close() {
      await reserved.close();
      await liveHub.close();
      await h.close();
    },
  };
}
