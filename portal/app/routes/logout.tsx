import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { redirectWithFlash } from '~/server/flash.server';
import { readForm } from '~/server/form.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth'] };

/** POST only (a link could be forged); `everywhere` ends every session of the user. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context.locale);
  const everywhere = form.get('everywhere') === '1';
  const cookie = everywhere
    ? await context.services.auth.logoutEverywhere(context.actor)
    : await context.services.auth.logout(context.actor);
  return redirectWithFlash(
    '/login',
    { key: everywhere ? 'auth.logoutEverywhere.done' : 'auth.logout.done' },
    { 'Set-Cookie': cookie },
  );
}

export function loader() {
  return redirect('/');
}
