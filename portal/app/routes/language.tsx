import { isLocale } from '@ilumen/i18n';
import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { serialize } from 'cookie';
import { readForm } from '~/server/form.server';
import { safeRedirect } from '~/server/safe-redirect';

const LANG_COOKIE = 'ilumen_lang';

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context.locale);
  const locale = form.get('locale');
  const to = safeRedirect(form.get('redirectTo'), '/');
  if (!isLocale(locale)) return redirect(to);
  if (context.actor.type === 'user' && !context.actor.readOnly) {
    await context.services.users.setOwnLocale(context.actor, { locale });
  }
  return redirect(to, {
    headers: {
      'Set-Cookie': serialize(LANG_COOKIE, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 }),
    },
  });
}

export function loader() {
  return redirect('/');
}
