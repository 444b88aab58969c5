import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from '@remix-run/react';
import { AuthCard } from '~/components/auth-card';
import { FormError } from '~/components/form-error';
import { NewPasswordFields } from '~/components/new-password-fields';
import { useT } from '~/lib/i18n';
import { noReferrer, pageTitle } from '~/lib/meta';
import { redirectWithFlash } from '~/server/flash.server';
import { formObject, loader as load, action as wrap } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth', 'mail', 'role', 'siteRole', 'siteScope'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.invite'), noReferrer];

export const loader = load(async (ctx, { params }) => {
  const invitation = await ctx.services.invitations.inspect(params.token ?? '');
  const me = ctx.actor.type === 'user' ? ctx.actor.email : null;
  return { invitation, me };
});

export const action = wrap(async (ctx, { form, params }) => {
  const { userId, created } = await ctx.services.invitations.accept(
    ctx.actor,
    params.token ?? '',
    formObject(form),
  );
  const headers: HeadersInit = {};
  if (created || ctx.actor.type !== 'user') {
    const { cookie } = await ctx.services.auth.startSession(userId, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    });
    Object.assign(headers, { 'Set-Cookie': cookie });
  }
  return redirectWithFlash('/', { key: 'auth.invite.accepted' }, headers);
});

export default function Invite() {
  const t = useT();
  const { invitation, me } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const { token } = useParams();
  if (!invitation) {
    return (
      <AuthCard title={t('auth.invite.title')}>
        <Stack>
          <Alert color="red">{t('auth.invite.invalid')}</Alert>
          <Anchor component={Link} to="/login">
            {t('auth.login.title')}
          </Anchor>
        </Stack>
      </AuthCard>
    );
  }
  const target =
    invitation.kind === 'organization'
      ? t('mail.invite.targetOrg', {
          organization: invitation.organizationName ?? '',
          role: t(`role.${invitation.role}`),
        })
      : t('mail.invite.targetSite', {
          address: invitation.address ?? '',
          scope: t(invitation.siteRole === 'owner' ? 'siteRole.owner' : `siteScope.${invitation.siteScope}`),
        });
  return (
    <AuthCard title={t('auth.invite.title')}>
      <Stack>
        <Text>{t('auth.invite.intro', { inviter: invitation.inviterName, target })}</Text>
        <FormError message={result?.message} />
        {invitation.userExists && me !== invitation.email ? (
          <>
            <Alert color="blue">
              {me
                ? t('auth.invite.wrongUser', { email: invitation.email })
                : t('auth.invite.existing', { email: invitation.email })}
            </Alert>
            {!me ? (
              <Button
                component={Link}
                to={`/login?redirectTo=${encodeURIComponent(`/invite/${token ?? ''}`)}`}
              >
                {t('auth.login.submit')}
              </Button>
            ) : null}
          </>
        ) : (
          <Form method="post">
            <Stack>
              <TextInput label={t('common.email')} value={invitation.email} readOnly />
              {invitation.userExists ? null : (
                <>
                  <Text size="sm">{t('auth.invite.setPassword')}</Text>
                  <TextInput
                    label={t('common.name')}
                    name="name"
                    autoComplete="name"
                    required
                    error={result?.fieldErrors?.name}
                  />
                  <NewPasswordFields errors={result?.fieldErrors} />
                </>
              )}
              <Button type="submit" loading={busy}>
                {t('auth.invite.accept')}
              </Button>
            </Stack>
          </Form>
        )}
      </Stack>
    </AuthCard>
  );
}
