import { isLocale, type Locale, localeFromAcceptLanguage, translate } from '@ilumen/i18n';
import { type Actor, CSV_MAX_BYTES, policy, type Services } from '@ilumen/services';
import { parse as parseCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';

/*
 * What is refused before a request reaches Remix or tRPC, each with a translated 4xx: a cross-site state change
 * (CSRF), a body that is too large or of unknown length, a form post that is not a form. None of it reads the body.
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isUnsafe = (req: Request) => UNSAFE.has(req.method);

const LANG_COOKIE = 'ilumen_lang';

/** The reader's language before the session is known: the language cookie, else the browser's. */
export function requestLocale(req: Request): Locale {
  const lang = parseCookie(req.headers.cookie ?? '')[LANG_COOKIE];
  return isLocale(lang) ? lang : localeFromAcceptLanguage(req.get('accept-language'));
}

function refuse(req: Request, res: Response, status: number, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  if (req.path.startsWith('/api/')) res.json({ error: { message, status } });
  else res.type('text/plain; charset=utf-8').send(message);
}

/** Sign-in providers that answer with a form post (Apple) come from their own site; the flow's state guards these. */
const OAUTH_CALLBACK = /^\/auth\/[a-z]+\/callback$/;

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    // A Referer that is not a URL names no origin of ours.
    return 'invalid';
  }
}

/**
 * Refuses state-changing requests that did not come from our own pages (CSRF). Browsers send Origin with every POST;
 * Referer is the fallback. A request that names a foreign origin is refused whatever credentials it carries (a bearer
 * token too): our pages never send one. Clients without cookies and without Origin (the mobile app, logging in) carry
 * no ambient credentials to forge, so they pass.
 */
export function sameOriginOnly(publicUrl: string) {
  const allowed = new URL(publicUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isUnsafe(req)) return next();
    if (OAUTH_CALLBACK.test(req.path)) {
      // Remix refuses any action whose Origin is not its Host (500, "does not match origin"), which is every provider
      // post: the origin, let through here on purpose, is taken off so the callback's action runs.
      delete req.headers.origin;
      return next();
    }
    const origin = req.get('origin') ?? originOf(req.get('referer'));
    const own = `${req.protocol}://${req.get('host')}`;
    if (origin && (origin === allowed || origin === own)) return next();
    // A form sent before the page's script has loaded, from a page that keeps its address to itself (a link with a
    // token), carries `Origin: null`. The browser's own Sec-Fetch-Site, which no page can set, says it is ours.
    // Remix checks Origin against Host again, so the checked 'null' is taken off.
    if ((!origin || origin === 'null') && req.get('sec-fetch-site') === 'same-origin') {
      delete req.headers.origin;
      return next();
    }
    if (!origin && !req.headers.cookie) return next();
    refuse(req, res, 403, translate(requestLocale(req), 'error.csrf'));
  };
}

/** Pages post forms (urlencoded or multipart); anything else to a page is refused before Remix tries to parse it. */
export function formBodiesOnly() {
  const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isUnsafe(req) || req.path.startsWith('/api/')) return next();
    if (FORM.test(req.get('content-type') ?? '')) return next();
    refuse(req, res, 415, translate(requestLocale(req), 'error.badForm'));
  };
}

const KiB = 1024;
const MiB = 1024 * KiB;
/** Every form and tRPC call: the largest real one (a long address form, a Modbus device list) is a few kB. */
export const FORM_BYTES = 64 * KiB;

export interface LargeBodyRoute {
  path: RegExp;
  bytes: number;
  /** What the body is, for the policy to say whether this caller may send one that large at all. */
  upload: (match: RegExpExecArray) => policy.Upload;
}

/** The only places a body may be larger than a form: uploads and staff's long lists, each for those allowed to. */
export function largeBodyRoutes(services: Services): LargeBodyRoute[] {
  const csv = CSV_MAX_BYTES + MiB;
  return [
    {
      path: /^\/console\/firmware\/?$/,
      bytes: services.firmware.settings.maxBytes + MiB,
      upload: () => ({ kind: 'firmware' }),
    },
    // A rollout by serials and site tags take lists of up to 20,000 serials or 10,000 sites.
    { path: /^\/console\/rollouts\/new\/?$/, bytes: 2 * MiB, upload: () => ({ kind: 'firmware' }) },
    { path: /^\/console\/rollouts\/?$/, bytes: 2 * MiB, upload: () => ({ kind: 'firmware' }) },
    // Registering gateways: up to 5,000 lines of serial, code and installer.
    { path: /^\/console\/gateways\/?$/, bytes: 2 * MiB, upload: () => ({ kind: 'gatewayList' }) },
    {
      path: /^\/console\/sites\/(\d{1,10})\/mandates\/import\/?$/,
      bytes: csv,
      upload: (m) => ({ kind: 'fluviusCsv', siteId: Number(m[1]) }),
    },
    {
      path: /^\/app\/sites\/(\d{1,10})\/import\/?$/,
      bytes: csv,
      upload: (m) => ({ kind: 'fluviusCsv', siteId: Number(m[1]) }),
    },
  ];
}

/**
 * The page a request is for: Remix's single fetch posts a form on `/x` to `/x.data` (and the index route's to
 * `/_root.data`), so a rule about a page must match both.
 */
export function documentPath(path: string): string {
  if (path === '/_root.data') return '/';
  return path.endsWith('.data') ? path.slice(0, -'.data'.length) : path;
}

const sizeText = (bytes: number) =>
  bytes >= MiB ? `${Math.floor(bytes / MiB)} MB` : `${Math.floor(bytes / KiB)} kB`;

/**
 * Bounds every request body by its declared length, before a byte of it is read: a form or tRPC call gets
 * `FORM_BYTES`; an upload route gets its own limit, and only when the caller may upload there (the session is looked
 * up, the body is not). A body of undeclared length (chunked) is refused: browsers and the mobile app always declare
 * it. A refused upload closes the connection, so the rest of it is never read.
 */
export function bodyLimits(
  routes: LargeBodyRoute[],
  actorOf: (req: Request, res: Response) => Promise<{ actor: Actor; locale: Locale }>,
  db: Services['deps']['db'],
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (req.headers['transfer-encoding'] !== undefined) {
        res.setHeader('Connection', 'close');
        return refuse(req, res, 411, translate(requestLocale(req), 'error.lengthRequired'));
      }
      const length = Number(req.headers['content-length'] ?? 0);
      if (length <= FORM_BYTES) return next();
      let limit = FORM_BYTES;
      for (const route of routes) {
        const match = route.path.exec(documentPath(req.path));
        if (!match || !isUnsafe(req)) continue;
        const { actor } = await actorOf(req, res);
        if (await policy.mayUpload(db, actor, route.upload(match))) limit = route.bytes;
        break;
      }
      if (length <= limit) return next();
      res.setHeader('Connection', 'close');
      refuse(req, res, 413, translate(requestLocale(req), 'error.tooLarge', { size: sizeText(limit) }));
    } catch (error) {
      next(error);
    }
  };
}

/**
 * A response that did not say how it may be cached is not cached at all: nearly every page and data response is
 * someone's own data behind a login, which a shared computer's browser cache or a proxy must not keep. Mounted after
 * the static files, which carry their own caching; a handler that sets Cache-Control itself keeps its own.
 */
export function noStoreByDefault() {
  return (_req: Request, res: Response, next: NextFunction) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      if (!this.hasHeader('cache-control')) this.setHeader('Cache-Control', 'no-store');
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    next();
  };
}
