import { policy } from '@ilumen/services';
import { Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useRouteError } from '@remix-run/react';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { ErrorPage } from '~/root';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['mandate'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.fluvius')];

/**
 * Where Mijn Fluvius sends the person back to (our `returnUrlSuccess`/`returnUrlFailed`): it records the return, asks
 * Fluvius at once in the background, and says what happens next. Not logged in (another browser): log in, then here.
 */
export const loader = load(async (ctx, { request }) => {
  policy.requireUser(ctx.actor);
  const url = new URL(request.url);
  const mandate = await ctx.services.mandates.returned(ctx.actor, {
    ref: url.searchParams.get('ref'),
    result: url.searchParams.get('result'),
  });
  const inConsole = policy.can(ctx.actor, 'console.enter') && mandate.origin === 'console';
  return { mandate, failed: url.searchParams.get('result') === 'failed', inConsole };
});

export default function FluviusReturn() {
  const { mandate, failed, inConsole } = useLoaderData<typeof loader>();
  const t = useT();
  const ended = ['rejected', 'gas', 'expired', 'revoked', 'cancelled'].includes(mandate.status);
  const text =
    failed && mandate.status === 'pending'
      ? t('mandate.return.failed')
      : ended
        ? t('mandate.return.ended', { status: t(`mandate.status.${mandate.status}`) })
        : t(
            `mandate.return.${mandate.status === 'approved' || mandate.status === 'linked' || mandate.status === 'requested' ? mandate.status : 'pending'}`,
          );
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Text c="dimmed" size="sm">
          EAN {mandate.ean}
        </Text>
        <Title order={1} size="h2">
          {failed ? t('mandate.return.titleFailed') : t('mandate.return.titleSuccess')}
        </Title>
        <Text data-testid="return-message">{text}</Text>
        <Group>
          {inConsole && mandate.siteId ? (
            <Button component={Link} to={`/console/sites/${mandate.siteId}/mandates`}>
              {t('mandate.return.toSite')}
            </Button>
          ) : (
            <Button component={Link} to="/app/mandates">
              {t('mandate.return.toMandates')}
            </Button>
          )}
          {failed || ended ? (
            <Button
              component={Link}
              to={
                inConsole && mandate.siteId ? `/console/sites/${mandate.siteId}/mandates` : '/app/add-address'
              }
              variant="light"
            >
              {t('mandate.return.tryAgain')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Container>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
