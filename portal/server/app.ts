import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { translate } from '@ilumen/i18n';
import type { Logger } from '@ilumen/logger';
import { type Check, type Metrics, opsEndpoints } from '@ilumen/observability';
import { firmwareDownloadHandler, type Services } from '@ilumen/services';
import { createRequestHandler } from '@remix-run/express';
import type { AppLoadContext, ServerBuild } from '@remix-run/node';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type {} from '../app/server/context';
import { appRouter } from '../app/trpc/router';
import {
  bodyLimits,
  FORM_BYTES,
  formBodiesOnly,
  largeBodyRoutes,
  noStoreByDefault,
  requestLocale,
  sameOriginOnly,
} from './guards';
import type { LiveHub } from './live-hub';
import { liveStreamHandler } from './live-stream';
import { messageNamespaces } from './message-namespaces';
import { type MqttAuthOptions, mqttAuthRouter } from './mqtt-auth';
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
  liveAccessCheckMs?: number;
  /** 'production' hides error details from responses (the default follows NODE_ENV). */
  mode?: 'production' | 'development';
  /**
   * Which proxies in front may say who the client is (X-Forwarded-For, -Proto): Express's `trust proxy` value, from
   * TRUST_PROXY (`parseTrustProxy`). Default: none, so the client's address is the connection's and cannot be faked.
   */
  trustProxy?: TrustProxy;
  /** A clustered broker's HTTP authentication (MQTT_AUTH_TOKEN); without it /mqtt/* does not exist. */
  mqttAuth?: Omit<MqttAuthOptions, 'gateways'>;
  /**
   * What `/readyz` checks (database, migrations, Redis, broker); without it `/readyz` answers like `/healthz`. The
   * public app tells which check failed, never why: the reasons and `/metrics` are on the ops port (`opsServer`).
   */
  readiness?: Record<string, Check>;
  /** Request durations per route are recorded here. */
  metrics?: Metrics;
}

export type TrustProxy = false | number | string[];

/**
 * A request's route for metrics: the path with ids, serials and tokens made generic, so each page is one time series and a scanner's
 * made-up paths (answered 404) are one more, not thousands. A tRPC call is named by its procedure (a batch of several
 * is `/api/trpc` with the batch's first procedure, `+` marking the batch).
 */
export function routeLabel(path: string, status: number): string {
  if (status === 404) return '(not found)';
  if (path.startsWith('/assets/')) return '/assets';
  if (path.startsWith('/api/trpc/')) {
    const procedures = path.slice('/api/trpc/'.length).split(',');
    return `/api/trpc/${procedures[0]}${procedures.length > 1 ? '+' : ''}`.slice(0, 120);
  }
  return (
    path
      .split('/')
      // ids, serials, digests and tokens: no page's own name has a digit or is that long
      .map((part) => (/\d/.test(part) || part.length >= 20 ? ':id' : part))
      .join('/')
      .slice(0, 120) || '/'
  );
}

/** Pages whose last path segment is a secret (an embed link, an invitation, a password reset, an e-mail change). */
const TOKEN_PAGES = /^\/(embed|invite|reset-password|profile\/email)\/[^/]+/;

/**
 * A request's path as the request log writes it: a link's token is a key to a session or an account and stays out of
 * the logs (the audit log names the link by its id).
 */
export function loggedPath(path: string): string {
  return path.replace(TOKEN_PAGES, '/$1/[token]');
}

/**
 * TRUST_PROXY: empty or `false` trusts no proxy; a number trusts that many hops in front (one load balancer: 1); a
 * comma-separated list names the proxies' addresses or subnets (`10.0.0.0/8`, `loopback`). Everything else is refused
 * at start (Express checks the addresses); `true` (trust anyone who says so) is not accepted.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true')
    throw new Error('TRUST_PROXY=true would let any client fake its address; name the hops or addresses');
  return v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * The pages that may be framed by EMBED_FRAME_ANCESTORS: the homeowner view and the embed links that open it (the
 * mobile app's webview, partners' iframes). Everything else — the console, login — may be framed by ourselves only.
 */
export function isEmbeddable(path: string): boolean {
  return path === '/app' || path.startsWith('/app/') || path.startsWith('/embed/');
}

/** HTTP endpoints outside Remix and tRPC; the tenant-isolation suite calls each of them too. */
export const HTTP_ENDPOINTS = [
  // `chargers`: a chargers-only member may use it on their own site, and gets the chargers' part only.
  { method: 'GET', path: '/api/live/:siteId', chargers: true },
  // Release artifacts for gateways: public by design (decision 060), named by their digest.
  { method: 'GET', path: '/firmware/:sha256', chargers: false },
] as const;

/** Most calls one tRPC batch may hold. */
export const TRPC_MAX_BATCH = 10;

export function createPortalApp(options: PortalOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const https = options.publicUrl.startsWith('https:');

  app.use((req, res, next) => {
    const requestId = req.get('x-request-id')?.slice(0, 64) || randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      options.metrics?.httpDuration.observe(
        { method: req.method, route: routeLabel(req.path, res.statusCode), status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
      if (req.path.startsWith('/assets/') || req.path.startsWith('/@')) return;
      options.logger.info(
        {
          request_id: requestId,
          method: req.method,
          path: loggedPath(req.path),
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
          // The live stream and tRPC are our own; Vite's hot reload socket exists in development only.
          'connect-src': options.viteMiddlewares ? ["'self'", 'ws://localhost:*'] : ["'self'"],
          'frame-ancestors': [
            "'self'",
            (req) =>
              isEmbeddable((req as Request).path) ? (options.embedFrameAncestors ?? []).join(' ') : '',
          ],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // Addresses never leave the site; within it a form's Origin is sent (no-referrer would make it 'null').
      referrerPolicy: { policy: 'same-origin' },
      // Set below: on every https response, also where TLS ends at a trusted proxy in front.
      strictTransportSecurity: false,
    }),
  );
  app.use((req, res, next) => {
    if (https || req.secure)
      res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
  const deps = { services: options.services, logger: options.logger, publicUrl: options.publicUrl };
  // Before anything that could read a body.
  app.use(
    bodyLimits(
      largeBodyRoutes(options.services),
      (req, res) => buildRequestContext(deps, req, res),
      options.services.deps.db,
    ),
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
        accessCheckMs: options.liveAccessCheckMs,
      }),
    );
  }
  // Firmware for gateways, with Range for resumed downloads; before compression (signed bytes, byte ranges).
  const download = firmwareDownloadHandler(options.services.firmware);
  app.get(HTTP_ENDPOINTS[1].path, (req, res) => void download(req, res, String(req.params.sha256)));
  // The broker's own calls (bearer token, no cookies), before the same-origin check that guards the browser's posts.
  if (options.mqttAuth) app.use(mqttAuthRouter({ ...options.mqttAuth, gateways: options.services.gateways }));
  // Browsers that know frame-ancestors ignore X-Frame-Options, but some webviews only know the latter.
  app.use((req, res, next) => {
    if (isEmbeddable(req.path) && (options.embedFrameAncestors ?? []).length > 0)
      res.removeHeader('X-Frame-Options');
    next();
  });
  app.use(compression());

  const ops = opsEndpoints({ checks: options.readiness ?? {}, detail: false });
  app.get(['/healthz', '/readyz'], (req, res, next) => {
    ops(req, res).then((done) => (done ? undefined : next()), next);
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

  app.use(noStoreByDefault());
  app.use(sameOriginOnly(options.publicUrl));
  app.use(formBodiesOnly());
  app.use(
    '/api/trpc',
    createExpressMiddleware({
      router: appRouter,
      // A batch runs its calls at once: a small one is all a screen needs (the mobile app's batch link uses the same).
      maxBatchSize: TRPC_MAX_BATCH,
      maxBodySize: FORM_BYTES,
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
      getLoadContext: async (req, res) => {
        const build = typeof options.build === 'function' ? await options.build() : options.build;
        return {
          ...(await buildRequestContext(deps, req, res)),
          messageNamespaces: messageNamespaces(build, req.path),
        } as AppLoadContext;
      },
    }),
  );

  // Whatever still fails here is answered without details: a request's own fault (a malformed address, a body that
  // broke off) with its 4xx, anything else as the generic translated 500 (logged).
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status =
      (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
      (error as { statusCode?: unknown } | null)?.statusCode;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (!clientError) options.logger.error({ err: error, path: loggedPath(req.path) }, 'request failed');
    const locale = requestLocale(req);
    res
      .status(clientError ? status : 500)
      .type('text/plain; charset=utf-8')
      .send(translate(locale, clientError ? 'error.badRequest' : 'error.unexpected'));
  });

  return app;
}
