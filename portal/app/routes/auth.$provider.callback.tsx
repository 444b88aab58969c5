import { Alert, Button, Stack } from '@mantine/core';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { finishSignIn } from '~/components/home/oauth.server';
import { useT } from '~/lib/i18n';
import { noReferrer, pageTitle } from '~/lib/meta';
import { readForm } from '~/server/form.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.login'), noReferrer];

/** The provider sends the browser back here with a code (Google, Facebook: query string). */
export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams;
  return finishSignIn(context, request, params.provider ?? '', {
    code: q.get('code'),
    state: q.get('state'),
    error: q.get('error'),
  });
}

/** Apple posts the code (response_mode=form_post); server/app.ts lets this one cross-site POST through. */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const form = await readForm(request, context.locale);
  const field = (k: string) => (typeof form.get(k) === 'string' ? String(form.get(k)) : null);
  return finishSignIn(context, request, params.provider ?? '', {
    code: field('code'),
    state: field('state'),
    error: field('error'),
  });
}

export default function OAuthCallback() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const message = (posted ?? loaded)?.message;
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
