import { isAppError, policy } from '@ilumen/services';
import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormError } from '~/components/form-error';
import { OAuthButtons } from '~/components/home/oauth-buttons';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { translateAppError } from '~/server/errors';
import { readForm } from '~/server/form.server';
import { safeRedirect } from '~/server/safe-redirect';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth', 'oauth'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.login')];

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.actor.type === 'user') return redirect('/');
  return { providers: context.services.oauth.configured() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context.locale);
  const email = String(form.get('email') ?? '');
  try {
    const { cookie, actor } = await context.services.auth.login(
      { email, password: String(form.get('password') ?? '') },
      { ip: context.ip, userAgent: context.userAgent, requestId: context.requestId },
    );
    const home = policy.can(actor, 'console.enter') ? '/console' : '/app';
    return redirect(safeRedirect(form.get('redirectTo'), home), { headers: { 'Set-Cookie': cookie } });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const t = translateAppError(error, context.locale);
    return data({ message: t.message, fieldErrors: t.fieldErrors, email }, { status: t.status });
  }
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const loaded = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== 'idle';
  return (
    <AuthCard title={t('auth.login.title')}>
      <Form method="post">
        <Stack>
          <FormError message={result?.message} />
          <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? ''} />
          <TextInput
            label={t('common.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            defaultValue={result?.email}
            error={result?.fieldErrors?.email}
            autoFocus
          />
          <PasswordInput
            label={t('auth.login.password')}
            name="password"
            autoComplete="current-password"
            required
            error={result?.fieldErrors?.password}
          />
          <Button type="submit" loading={busy}>
            {t('auth.login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.login.forgot')}
          </Anchor>
          <OAuthButtons providers={loaded?.providers ?? []} redirectTo={params.get('redirectTo')} />
        </Stack>
      </Form>
    </AuthCard>
  );
}
