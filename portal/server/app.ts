import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Logger } from '@ilumen/logger';
import { firmwareDownloadHandler, type Services } from '@ilumen/services';
import { createRequestHandler } from '@remix-run/express';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type {} from '../app/server/context';
import { appRouter } from '../app/trpc/router';
import type { LiveHub } from './live-hub';
import { liveStreamHandler } from './live-stream';
import { buildRequestContext } from './request-context';

export interface PortalOptions {
  services: Services;
  logger: Logger;
  publicUrl: string;
  /** The Remix server build, or a function that loads it (Vite dev server). */
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Vite's middlewares in development; static files from build/client otherwise. */
  viteMiddlewares?: express.RequestHandler;
  clientDir?: string;
  embedFrameAncestors?: string[];
  /** The live stream's shared Redis subscriber; without it there is no /api/live. */
  liveHub?: LiveHub;
  liveSessionCheckMs?: number;
  /** 'production' hides error details from responses (the default follows NODE_ENV). */
  mode?: 'production' | 'development';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The pages that may be framed by EMBED_FRAME_ANCESTORS: the homeowner view and the embed links that open it (the
 * mobile app's webview, partners' iframes). Everything else — the console, login — may be framed by ourselves only.
 */
export function isEmbeddable(path: string): boolean {
  return path === '/app' || path.startsWith('/app/') || path.startsWith('/embed/');
}

/** Sign-in providers that answer with a form post (Apple) come from their own site; the flow's state guards these. */
const OAUTH_CALLBACK = /^\/auth\/[a-z]+\/callback$/;

/** HTTP endpoints outside Remix and tRPC; the tenant-isolation suite calls each of them too. */
export const HTTP_ENDPOINTS = [
  // `chargers`: a chargers-only member may use it on their own site, and gets the chargers' part only.
  { method: 'GET', path: '/api/live/:siteId', chargers: true },
  // Release artifacts for gateways: public by design (decision 060), named by their digest.
  { method: 'GET', path: '/firmware/:sha256', chargers: false },
] as const;

/**
 * Refuses state-changing requests that did not come from our own pages (CSRF). Browsers send Origin with every POST;
 * Referer is the fallback. Bearer-token clients (the mobile app) carry no cookies, so they cannot be forged this way.
 */
export function sameOriginOnly(publicUrl: string) {
  const allowed = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    if (OAUTH_CALLBACK.test(req.path)) return next();
    const origin = req.get('origin') ?? (req.get('referer') ? new URL(req.get('referer')!).origin : null);
    // A request without cookies carries no ambient credentials to forge (the mobile app: a bearer token, or logging
    // in); browsers always send Origin on a cross-site POST, so a foreign origin is still refused.
    if (!req.headers.cookie && (!origin || req.get('authorization')?.startsWith('Bearer '))) return next();
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin && (origin === allowed || origin === own)) return next();
    // A form sent before the page's script has loaded, from a page that keeps its address to itself (a link with a
    // token), carries `Origin: null`. The browser's own Sec-Fetch-Site, which no page can set, says it is ours.
    // Remix checks Origin against Host again, so the checked 'null' is taken off.
    if ((!origin || origin === 'null') && req.get('sec-fetch-site') === 'same-origin') {
      delete req.headers.origin;
      return next();
    }
    res
      .status(403)
      .type('text/plain')
      .send('Cross-site request refused / Verzoek van een andere site geweigerd');
  };
}

export function createPortalApp(options: PortalOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 64) || randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      if (req.path.startsWith('/assets/') || req.path.startsWith('/@')) return;
      options.logger.info(
        {
          request_id: requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // Remix hydrates with inline scripts and Mantine sets inline styles (decision 004).
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'frame-ancestors': [
            "'self'",
            (req) =>
              isEmbeddable((req as Request).path) ? (options.embedFrameAncestors ?? []).join(' ') : '',
          ],
          'upgrade-insecure-requests': options.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // Addresses never leave the site; within it a form's Origin is sent (no-referrer would make it 'null').
      referrerPolicy: { policy: 'same-origin' },
      strictTransportSecurity: options.publicUrl.startsWith('https:'),
    }),
  );
  // Before compression: an event stream must reach the browser event by event.
  if (options.liveHub) {
    app.get(
      HTTP_ENDPOINTS[0].path,
      liveStreamHandler({
        services: options.services,
        hub: options.liveHub,
        logger: options.logger,
        publicUrl: options.publicUrl,
        sessionCheckMs: options.liveSessionCheckMs,
      }),
    );
  }
  // Firmware for gateways, with Range for resumed downloads; before compression (signed bytes, byte ranges).
  const download = firmwareDownloadHandler(options.services.firmware);
  app.get(HTTP_ENDPOINTS[1].path, (req, res) => void download(req, res, String(req.params.sha256)));
  // Browsers that know frame-ancestors ignore X-Frame-Options, but some webviews only know the latter.
  app.use((req, res, next) => {
    if (isEmbeddable(req.path) && (options.embedFrameAncestors ?? []).length > 0)
      res.removeHeader('X-Frame-Options');
    next();
  });
  app.use(compression());

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  if (options.viteMiddlewares) {
    app.use(options.viteMiddlewares);
  } else if (options.clientDir) {
    app.use(
      '/assets',
      express.static(path.join(options.clientDir, 'assets'), { immutable: true, maxAge: '1y' }),
    );
    app.use(express.static(options.clientDir, { maxAge: '1h' }));
  }

  app.use(sameOriginOnly(options.publicUrl));

  const deps = { services: options.services, logger: options.logger, publicUrl: options.publicUrl };
  app.use(
    '/api/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => buildRequestContext(deps, req, res),
      onError: ({ error, path: procedurePath }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          options.logger.error({ err: error.cause ?? error, procedure: procedurePath }, 'trpc error');
      },
    }),
  );

  app.all(
    '*',
    createRequestHandler({
      build: options.build,
      mode: options.mode ?? process.env.NODE_ENV,
      getLoadContext: (req, res) => buildRequestContext(deps, req, res) as Promise<AppLoadContext>,
    }),
  );

  return app;
}
