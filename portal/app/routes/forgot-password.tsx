import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormError } from '~/components/form-error';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.forgotPassword')];

export const action = wrap(async (ctx, { form }) => {
  await ctx.services.auth.requestPasswordReset({ email: form.get('email') }, { ip: ctx.ip });
  return { ok: true as const };
});

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  return (
    <AuthCard title={t('auth.forgot.title')}>
      {result?.ok ? (
        <Stack>
          <Alert color="green" role="status">
            {t('auth.forgot.sent')}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('auth.login.title')}
          </Anchor>
        </Stack>
      ) : (
        <Form method="post">
          <Stack>
            <Text size="sm">{t('auth.forgot.intro')}</Text>
            <FormError message={result && !result.ok ? result.message : null} />
            <TextInput
              label={t('common.email')}
              name="email"
              type="email"
              autoComplete="username"
              required
              error={result && !result.ok ? result.fieldErrors.email : undefined}
            />
            <Button type="submit" loading={busy}>
              {t('auth.forgot.submit')}
            </Button>
            <Anchor component={Link} to="/login" size="sm">
              {t('common.back')}
            </Anchor>
          </Stack>
        </Form>
      )}
    </AuthCard>
  );
}
