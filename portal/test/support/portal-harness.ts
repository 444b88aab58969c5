import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@ilumen/logger';
import type { ServiceOptions, UserActor } from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import type { ServerBuild } from '@remix-run/node';
import { createPortalApp, type PortalOptions } from '../../server/app';
import { LiveHub } from '../../server/live-hub';
import { type ReservedServer, reservedServer } from './listen';

const portalRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PortalHarness extends ServiceHarness {
  world: World;
  url: string;
  build: ServerBuild;
  /** A session cookie (name=value) for a user, without going through the password hash. */
  cookieFor(userId: number): Promise<string>;
  /**
   * The same portal (services, database, world) served a second time with other options, e.g. behind a trusted proxy;
   * the public address stays the first one's.
   */
  serveAlso(options: Partial<PortalOptions>): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

/**
 * The portal as it runs in production (the built Remix app on the Express server), on its own database, Redis
 * prefix, mail worker and SMTP sink, listening on a free port, with the small world of every kind of actor.
 */
export async function startPortal(
  label: string,
  options: {
    connectionLimit?: number;
    services?: Partial<ServiceOptions>;
  } = {},
): Promise<PortalHarness> {
  const reserved = await reservedServer();
  const url = reserved.url;
  const h = await createServiceHarness(label, {
    publicUrl: url,
    connectionLimit: options.connectionLimit,
    services: options.services,
  });
  const world = await createWorld(h.services);
  const build = (await import(path.join(portalRoot, 'build/server/index.js'))) as ServerBuild;
  const liveHub = new LiveHub(h.redis.duplicate());
  const serve = async (listening: ReservedServer, extra: Partial<PortalOptions>) => {
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
      ...extra,
    });
    listening.serve(app);
    return listening;
  };
  const main = await serve(reserved, {});
  return {
    ...h,
    world,
    url,
    build,
    async cookieFor(userId: number) {
      const { cookie } = await h.services.auth.startSession(userId, { ip: '127.0.0.1', userAgent: 'test' });
      return cookie.split(';')[0]!;
    },
    async serveAlso(extra) {
      return serve(await reservedServer(), extra);
    },
    async close() {
      await main.close();
      await liveHub.close();
      await h.close();
    },
  };
}

export type { UserActor };
