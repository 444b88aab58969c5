import { Alert, Anchor, Button, Stack } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormError } from '~/components/form-error';
import { NewPasswordFields } from '~/components/new-password-fields';
import { useT } from '~/lib/i18n';
import { noReferrer, pageTitle } from '~/lib/meta';
import { redirectWithFlash } from '~/server/flash.server';
import { formObject, loader as load, action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.resetPassword'), noReferrer];

export const loader = load(async (ctx, { params }) => ({
  valid: await ctx.services.auth.resetTokenValid(params.token ?? ''),
}));

export const action = wrap(async (ctx, { form, params }) => {
  const userId = await ctx.services.auth.resetPassword({ ...formObject(form), token: params.token });
  const { cookie } = await ctx.services.auth.startSession(userId, {
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
  });
  return redirectWithFlash('/', { key: 'auth.reset.done' }, { 'Set-Cookie': cookie });
});

export default function ResetPassword() {
  const t = useT();
  const { valid } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <AuthCard title={t('auth.reset.title')}>
      {!valid ? (
        <Stack>
          <Alert color="red">{t('auth.reset.invalid')}</Alert>
          <Anchor component={Link} to="/forgot-password">
            {t('auth.forgot.title')}
          </Anchor>
        </Stack>
      ) : (
        <Form method="post">
          <Stack>
            <FormError message={result?.message} />
            <NewPasswordFields errors={result?.fieldErrors} />
            <Button type="submit" loading={busy}>
              {t('auth.reset.submit')}
            </Button>
          </Stack>
        </Form>
      )}
    </AuthCard>
  );
}
