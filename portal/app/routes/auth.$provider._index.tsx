import { Alert, Button, Stack } from '@mantine/core';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { startSignIn } from '~/components/home/oauth.server';
import { useT } from '~/lib/i18n';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth'] };

/** "Verder met Google/Apple/Facebook": off to the provider, with state, PKCE and nonce in a short-lived cookie. */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  return startSignIn(context, request, params.provider ?? '');
}

/** Only shown when the provider is unknown or cannot be reached. */
export default function OAuthStart() {
  const t = useT();
  const { message } = useLoaderData<{ message: string }>();
  return (
    <AuthCard title={t('auth.login.title')}>
      <Stack>
        <Alert color="red" role="alert">
          {message}
        </Alert>
        <Button component={Link} to="/login" variant="light">
          {t('auth.login.title')}
        </Button>
      </Stack>
    </AuthCard>
  );
}
