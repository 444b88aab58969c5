import type { LoaderFunctionArgs } from '@remix-run/node';
import { startSignIn } from '~/components/home/oauth.server';

/** "Verder met Google/Apple/Facebook": off to the provider, with state, PKCE and nonce in a short-lived cookie. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return startSignIn(context, request, params.provider ?? '');
}
