import { policy } from '@ilumen/services';
import { type LoaderFunctionArgs, redirect } from '@remix-run/node';

/** Sends each kind of user to their own start page. */
export async function loader({ context }: LoaderFunctionArgs) {
  const { actor } = context;
  if (actor.type !== 'user') return redirect('/login');
  return redirect(policy.can(actor, 'console.enter') ? '/console' : '/app');
}
