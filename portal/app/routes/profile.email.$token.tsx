import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormError } from '~/components/form-error';
import { useT } from '~/lib/i18n';
import { noReferrer, pageTitle } from '~/lib/meta';
import { loader as load, action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['profile'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.email'), noReferrer];

/**
 * The link from the e-mail change mail. Opening it changes nothing (mail scanners open links too): the person
 * confirms with the button, which works once, within 24 hours, with or without being logged in.
 */
export const loader = load(async (ctx, { params }) => ({
  change: await ctx.services.profile.inspectEmailChange(params.token ?? ''),
}));

export const action = wrap(async (ctx, { params }) => {
  const { email } = await ctx.services.profile.confirmEmailChange(ctx.actor, { token: params.token ?? '' });
  return { ok: true as const, email };
});

export default function ConfirmEmail() {
  const t = useT();
  const { change } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  if (result && 'email' in result) {
    return (
      <AuthCard title={t('profile.email.confirm.title')}>
        <Stack>
          <Alert color="green" role="status">
            {t('profile.email.confirmed', { email: result.email })}
          </Alert>
          <Anchor component={Link} to="/">
            {t('common.back')}
          </Anchor>
        </Stack>
      </AuthCard>
    );
  }
  if (!change) {
    return (
      <AuthCard title={t('profile.email.confirm.title')}>
        <Stack>
          <Alert color="red">{t('profile.email.invalid')}</Alert>
          <Anchor component={Link} to="/">
            {t('common.back')}
          </Anchor>
        </Stack>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('profile.email.confirm.title')}>
      <Form method="post">
        <Stack>
          <FormError message={result && 'message' in result ? result.message : null} />
          <Text>{t('profile.email.confirm.intro', { email: change.newEmail, old: change.oldEmail })}</Text>
          <Button type="submit" loading={busy}>
            {t('profile.email.confirm.submit')}
          </Button>
        </Stack>
      </Form>
    </AuthCard>
  );
}
