import { LOCALE_NAMES, LOCALES } from '@ilumen/i18n';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Form, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { HomeError } from '~/components/home/home-error';
import { NewPasswordFields } from '~/components/new-password-fields';
import { useT } from '~/lib/i18n';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['auth', 'profile'] };

/** The profile icon: name, language, e-mail address (verified change), password, sign-in methods, logging out. */
export const loader = load(async (ctx) => ctx.services.profile.get(ctx.actor));

export const action = intentAction({
  'profile.update': async (ctx, { fields }) => {
    await ctx.services.profile.update(ctx.actor, fields);
    return done(ctx, 'profile.saved');
  },
  'email.request': async (ctx, { fields }) => {
    const { email } = await ctx.services.profile.requestEmailChange(ctx.actor, fields);
    return done(ctx, 'profile.email.sent', {
      email,
      current: ctx.actor.type === 'user' ? ctx.actor.email : '',
    });
  },
  'password.change': async (ctx, { fields }) => {
    await ctx.services.profile.changePassword(ctx.actor, fields);
    return done(ctx, 'profile.password.changed');
  },
});

/** One form of the page, posted by its own fetcher: its message and field errors stay with it. */
function Section({
  title,
  intent,
  submit,
  children,
}: {
  title: string;
  intent: string;
  submit: string;
  children: (errors: Record<string, string>) => ReactNode;
}) {
  const { fetcher, result, errors, submit: submitProps } = useActionFetcher(`profile-${intent}`);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <fetcher.Form method="post" aria-label={title}>
        <input type="hidden" name="intent" value={intent} />
        <Stack>
          <ActionResult result={result} />
          {children(errors)}
          <Group>
            <Button type="submit" {...submitProps}>
              {submit}
            </Button>
          </Group>
        </Stack>
      </fetcher.Form>
    </Card>
  );
}

export default function Profile() {
  const p = useLoaderData<typeof loader>();
  const t = useT();
  const providerNames: Record<string, string> = { google: 'Google', apple: 'Apple', facebook: 'Facebook' };
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('profile.title')}
      </Title>
      {p.canChange ? null : (
        <Alert color="gray" variant="light">
          {t('profile.embedded')}
        </Alert>
      )}
      {p.canChange ? (
        <Section title={t('profile.details')} intent="profile.update" submit={t('common.save')}>
          {(errors) => (
            <>
              <TextInput
                label={t('common.name')}
                name="displayName"
                defaultValue={p.name}
                autoComplete="name"
                required
                error={errors.displayName}
              />
              <NativeSelect
                label={t('common.language')}
                name="locale"
                defaultValue={p.locale}
                data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
                error={errors.locale}
              />
            </>
          )}
        </Section>
      ) : null}
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('profile.email')}
        </Title>
        <Text data-testid="profile-email">{p.email}</Text>
        {p.pendingEmail ? (
          <Text size="sm" c="dimmed" mt={4}>
            {t('profile.email.pending', { email: p.pendingEmail.email })}
          </Text>
        ) : null}
      </Card>
      {p.canChange ? (
        <Section title={t('profile.email.change')} intent="email.request" submit={t('profile.email.send')}>
          {(errors) => (
            <>
              <Text size="sm">{t('profile.email.explain')}</Text>
              <TextInput
                label={t('profile.email.new')}
                name="email"
                type="email"
                autoComplete="email"
                required
                error={errors.email}
              />
              {p.hasPassword ? (
                <PasswordInput
                  label={t('profile.password.current')}
                  name="currentPassword"
                  autoComplete="current-password"
                  required
                  error={errors.currentPassword}
                />
              ) : null}
            </>
          )}
        </Section>
      ) : null}
      {p.canChange && p.hasPassword ? (
        <Section title={t('profile.password')} intent="password.change" submit={t('common.save')}>
          {(errors) => (
            <>
              <PasswordInput
                label={t('profile.password.current')}
                name="currentPassword"
                autoComplete="current-password"
                required
                error={errors.currentPassword}
              />
              <NewPasswordFields errors={errors} />
            </>
          )}
        </Section>
      ) : null}
      {p.canChange && !p.hasPassword ? (
        <Alert color="gray" variant="light">
          {t('profile.password.none', {
            providers: p.providers.map((x) => providerNames[x] ?? x).join(', '),
          })}
        </Alert>
      ) : null}
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('profile.signIn')}
        </Title>
        <Group gap="xs">
          {p.hasPassword ? <Badge variant="light">{t('profile.signIn.password')}</Badge> : null}
          {p.providers.map((x) => (
            <Badge key={x} variant="light" color="blue">
              {providerNames[x] ?? x}
            </Badge>
          ))}
        </Group>
      </Card>
      {p.canChange ? (
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {t('profile.sessions')}
          </Title>
          <Text size="sm" mb="sm">
            {t('profile.sessions.hint')}
          </Text>
          <Group>
            <Form method="post" action="/logout">
              <Button type="submit" variant="light">
                {t('nav.logout')}
              </Button>
            </Form>
            <Form method="post" action="/logout">
              <input type="hidden" name="everywhere" value="1" />
              <Button type="submit" variant="light" color="red">
                {t('nav.logoutEverywhere')}
              </Button>
            </Form>
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
