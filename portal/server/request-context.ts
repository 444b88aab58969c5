import { randomUUID } from 'node:crypto';
import { isLocale, type Locale, localeFromAcceptLanguage } from '@ilumen/i18n';
import type { Logger } from '@ilumen/logger';
import { type Actor, anonymous, type Services } from '@ilumen/services';
import { parse as parseCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { RequestContext } from '../app/server/context';

export const LANG_COOKIE = 'ilumen_lang';

export interface ContextDeps {
  services: Services;
  logger: Logger;
  publicUrl: string;
}

/** The caller behind a request: the session cookie (browsers) or a bearer token (the mobile app). */
export function buildRequestContext(deps: ContextDeps, req: Request, res: Response): Promise<RequestContext> {
  // Once per request: the body-limit guard may have needed the caller before Remix or tRPC does.
  res.locals.context ??= resolveContext(deps, req, res);
  return res.locals.context as Promise<RequestContext>;
}

async function resolveContext(deps: ContextDeps, req: Request, res: Response): Promise<RequestContext> {
  const requestId = (res.locals.requestId as string | undefined) ?? randomUUID();
  const ip = req.ip ?? req.socket.remoteAddress ?? null;
  const userAgent = req.get('user-agent') ?? null;
  const cookies = parseCookie(req.headers.cookie ?? '');
  const lucia = deps.services.auth.lucia;
  const bearer = lucia.readBearerToken(req.get('authorization') ?? '');
  const sessionId = bearer ?? cookies[lucia.sessionCookieName] ?? null;

  const { actor: user, setCookie } = await deps.services.auth.resolveSession(sessionId, { ip, requestId });
  if (setCookie && !bearer) res.append('Set-Cookie', setCookie);
  const actor: Actor = user ?? anonymous({ ip, requestId });

  const langCookie = cookies[LANG_COOKIE];
  const locale: Locale =
    user?.locale ??
    (isLocale(langCookie) ? langCookie : localeFromAcceptLanguage(req.get('accept-language')));

  return {
    services: deps.services,
    actor,
    locale,
    requestId,
    ip,
    userAgent,
    publicUrl: deps.publicUrl,
    logger: deps.logger.child({ request_id: requestId, user_id: user?.userId }),
  };
}
