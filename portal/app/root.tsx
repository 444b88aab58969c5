import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { catalogs, translate } from '@ilumen/i18n';
import { Button, ColorSchemeScript, Container, MantineProvider, Stack, Text, Title, createTheme, mantineHtmlProps } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node';
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect } from 'react';
import { I18nProvider, useT } from '~/lib/i18n';
import { readFlash } from '~/server/flash.server';

const theme = createTheme({
  primaryColor: 'orange',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'md',
});

export const meta: MetaFunction = () => [{ title: 'iLumen' }];
export const links: LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { flash, clear } = readFlash(request);
  const actor = context.actor;
  return data(
    {
      locale: context.locale,
      messages: catalogs[context.locale] as Record<string, string>,
      user: actor.type === 'user' ? { name: actor.name, email: actor.email, readOnly: actor.readOnly } : null,
      flash: flash ? { message: translate(context.locale, flash.key, flash.params), color: flash.color ?? 'green' } : null,
    },
    { headers: clear ? { 'Set-Cookie': clear } : {} },
  );
}

function FlashNotice() {
  const root = useRouteLoaderData<typeof loader>('root');
  const flash = root?.flash;
  useEffect(() => {
    if (flash) notifications.show({ message: flash.message, color: flash.color, withBorder: true, autoClose: 6000 });
  }, [flash]);
  return null;
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  return (
    <html lang={root?.locale ?? 'nl'} {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript />
      </head>
      <body>
        <MantineProvider theme={theme}>
          <I18nProvider locale={root?.locale ?? 'nl'} messages={root?.messages ?? (catalogs.nl as Record<string, string>)}>
            <Notifications position="top-right" />
            {children}
          </I18nProvider>
        </MantineProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return (
    <>
      <FlashNotice />
      <Outlet />
    </>
  );
}

/** Every route falls back to this: a clear page per status in the reader's language, never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}

export function ErrorPage({ error }: { error: unknown }) {
  const t = useT();
  let title = t('error.unexpected');
  let text: string | null = null;
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const message = (error.data as { message?: string } | null)?.message;
    if (status === 404) {
      title = t('error.notFound');
      text = t('error.notFound.text');
    } else if (status === 403) {
      title = message ?? t('error.forbidden');
    } else if (message) {
      title = message;
    }
  }
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Text c="dimmed" size="sm">
          {status}
        </Text>
        <Title order={1}>{title}</Title>
        {text ? <Text>{text}</Text> : null}
        <div>
          <Button component={Link} to="/" variant="light">
            {t('common.back')}
          </Button>
        </div>
      </Stack>
    </Container>
  );
}
