import type { MessageKey, Params } from '@ilumen/i18n';
import { redirect } from '@remix-run/node';
import { parse, serialize } from 'cookie';

const FLASH_COOKIE = 'ilumen_flash';

export interface Flash {
  key: MessageKey;
  params?: Params;
  color?: 'green' | 'red' | 'blue';
}

/** Redirects and leaves a one-time message (a message key, translated where it is shown) for the next page. */
export function redirectWithFlash(url: string, flash: Flash, headers: HeadersInit = {}) {
  const h = new Headers(headers);
  h.append(
    'Set-Cookie',
    serialize(FLASH_COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 60,
    }),
  );
  return redirect(url, { headers: h });
}

export function readFlash(request: Request): { flash: Flash | null; clear: string | null } {
  const raw = parse(request.headers.get('cookie') ?? '')[FLASH_COOKIE];
  if (!raw) return { flash: null, clear: null };
  // The start page only sends each user on to their own; the message waits for the page they land on.
  if (new URL(request.url).pathname === '/') return { flash: null, clear: null };
  let flash: Flash | null = null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
    if (typeof parsed.key === 'string') flash = parsed;
  } catch {
    flash = null;
  }
  return { flash, clear: serialize(FLASH_COOKIE, '', { path: '/', maxAge: 0 }) };
}
