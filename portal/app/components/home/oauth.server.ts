import { translate } from '@ilumen/i18n';
import { type Actor, isAppError, policy } from '@ilumen/services';
import { data, redirect } from '@remix-run/node';
import { parse, serialize } from 'cookie';
import type { RequestContext } from '~/server/context';
import { safeRedirect } from '~/server/safe-redirect';

/** The short-lived cookie that carries a sign-in's state, PKCE verifier and nonce to the callback. */
export const OAUTH_COOKIE = 'ilumen_oauth';

function flowCookie(value: string, maxAge: number, crossSitePost: boolean, secure: boolean): string {
  // Apple answers with a POST from its own site: only a SameSite=None cookie (which needs https) comes along.
  return serialize(OAUTH_COOKIE, value, {
    path: '/auth',
    httpOnly: true,
    maxAge,
    sameSite: crossSitePost && secure ? 'none' : 'lax',
    secure,
  });
}

export async function startSignIn(ctx: RequestContext, request: Request, provider: string) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '');
  try {
    const { url, flow, responseMode } = await ctx.services.oauth.start(provider, { redirectTo });
    return redirect(url, {
      headers: {
        'Set-Cookie': flowCookie(flow, 600, responseMode === 'form_post', ctx.publicUrl.startsWith('https:')),
        'Cache-Control': 'no-store',
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return data({ message: translate(ctx.locale, error.messageKey, error.params) }, { status: error.status });
  }
}

function home(actor: Actor): string {
  return policy.can(actor, 'console.enter') ? '/console' : '/app';
}

/** The provider's answer (query string, or a form post): the account is found, linked or made, and a session opens. */
export async function finishSignIn(
  ctx: RequestContext,
  request: Request,
  provider: string,
  params: { code?: string | null; state?: string | null; error?: string | null },
) {
  const cookie = parse(request.headers.get('cookie') ?? '')[OAUTH_COOKIE];
  const clear = flowCookie('', 0, false, ctx.publicUrl.startsWith('https:'));
  try {
    const result = await ctx.services.oauth.finish(provider, params, cookie, {
      ip: ctx.ip,
      requestId: ctx.requestId,
      locale: ctx.locale,
    });
    const session = await ctx.services.auth.startSession(result.userId, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    });
    const headers = new Headers({ 'Cache-Control': 'no-store' });
    headers.append('Set-Cookie', session.cookie);
    headers.append('Set-Cookie', clear);
    return redirect(safeRedirect(result.redirectTo, home(session.actor)), { headers });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return data(
      { message: translate(ctx.locale, error.messageKey, error.params) },
      { status: error.status, headers: { 'Set-Cookie': clear } },
    );
  }
}
