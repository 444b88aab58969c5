import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import { messagesOf, translate } from '@ilumen/i18n';
import {
  Badge,
  Button,
  ColorSchemeScript,
  Container,
  createTheme,
  MantineProvider,
  mantineHtmlProps,
  Notification,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, useState } from 'react';
import { I18nProvider, useT } from '~/lib/i18n';
import { readFlash } from '~/server/flash.server';

const theme = createTheme({
  primaryColor: 'orange',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // A status badge is read whole ("Opladen", "Stand-by"), never cut to "O…": it keeps its width in a narrow table
    // cell or a row that does not wrap, and a long one wraps rather than hide its end.
    Badge: Badge.extend({
      styles: {
        root: { flexShrink: 0, maxWidth: 'none', height: 'auto', minHeight: 'var(--badge-height)' },
        label: { overflow: 'visible', textOverflow: 'clip', whiteSpace: 'nowrap' },
      },
    }),
  },
});

const NO_MESSAGES: Record<string, string> = {};

export const meta: MetaFunction = () => [{ title: 'iLumen' }];
export const links: LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }];

/**
 * The messages every page gets (decision 171): the error page, the page titles, navigation, form errors. A route
 * declares the other namespaces it uses in its own `handle` (test/message-namespaces.test.ts checks them).
 */
export const handle = { i18n: ['app', 'common', 'error', 'nav', 'title', 'validation'] };

/**
 * The root's data (the reader, the messages of the page's routes) is fetched again when the page changes, not for a
 * new sort or filter of the same page; after a form, as Remix does by default.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) =>
  formMethod && formMethod !== 'GET'
    ? defaultShouldRevalidate
    : currentUrl.pathname !== nextUrl.pathname ||
      (defaultShouldRevalidate && currentUrl.search === nextUrl.search);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { flash, clear } = readFlash(request);
  const actor = context.actor;
  return data(
    {
      locale: context.locale,
      messages: messagesOf(context.locale, context.messageNamespaces),
      user: actor.type === 'user' ? { name: actor.name, email: actor.email, readOnly: actor.readOnly } : null,
      flash: flash
        ? { message: translate(context.locale, flash.key, flash.params), color: flash.color ?? 'green' }
        : null,
    },
    { headers: clear ? { 'Set-Cookie': clear } : {} },
  );
}

/**
 * The message a redirect carries ("Bewaard.", "Je bent afgemeld."), drawn by the server too, so it shows before the
 * page's script has loaded or without it; with the script it can be closed and goes away after a few seconds.
 */
function FlashNotice() {
  const root = useRouteLoaderData<typeof loader>('root');
  const flash = root?.flash ?? null;
  const [shown, setShown] = useState(flash);
  useEffect(() => {
    setShown(flash);
    if (!flash) return;
    const timer = setTimeout(() => setShown(null), 6000);
    return () => clearTimeout(timer);
  }, [flash]);
  if (!shown) return null;
  return (
    <Notification
      color={shown.color}
      withBorder
      role="status"
      onClose={() => setShown(null)}
      style={{ position: 'fixed', top: 72, right: 16, maxWidth: 420, zIndex: 1000 }}
    >
      {shown.message}
    </Notification>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  // Marks the page once React has taken it over: before that a form posts natively and leaves the page without its
  // answer. The product walk waits for it before it sends a form, as a person waits for the page to settle.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
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
          <I18nProvider locale={root?.locale ?? 'nl'} messages={root?.messages ?? NO_MESSAGES}>
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
    <Container size="sm" py="xl" data-error-page={status}>
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
