import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ilumen/logger';
import { createServices } from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { ServerBuild } from '@remix-run/node';
import { oauthProvidersFromEnv } from '../../app/server/oauth-env.server';
import { createPortalApp } from '../../server/app';
import { reservedServer } from './listen';

const portalRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface HomePortal extends ServiceHarness {
  world: World;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The built portal on its own database, Redis prefix, mail worker and SMTP sink, like `startPortal`, with what the
 * homeowner view's tests set: the origins allowed to frame it, and sign-in providers from an environment record
 * (parsed by the same `oauthProvidersFromEnv` the portal's main uses).
 */
export async function startHomePortal(
  label: string,
  options: { port?: number; embedFrameAncestors?: string[]; env?: Record<string, string> } = {},
): Promise<HomePortal> {
  const reserved = await reservedServer(options.port);
  const { port, url } = reserved;
  const h = await createServiceHarness(label, { publicUrl: url });
  const world = await createWorld(h.services);
  // The same dependencies, with the providers configured: services are stateless over their dependencies.
  const services = createServices(h.services.deps, {
    secureCookies: false,
    oauthProviders: oauthProvidersFromEnv(options.env ?? {}),
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
    clientDir: path.join(portalRoot, 'build/client'),
    embedFrameAncestors: options.embedFrameAncestors ?? [],
  });
  reserved.serve(app);
  return {
    ...h,
    services,
    world,
    url,
    port,
    async close() {
      await reserved.close();
      await h.close();
    },
  };
}
