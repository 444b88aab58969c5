import { translate } from '@ilumen/i18n';
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { MandateCard } from '~/components/fluvius/mandate-card';
import { HomeError } from '~/components/home/home-error';
import { useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { type ActionResult, intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['mandate', 'mandates', 'sites'] };

export const meta: MetaFunction = ({ matches }) => [
  pageTitle(matches, 'title.fluvius', { brand: 'iLusmart' }),
];

/** The homeowner's Fluvius mandates: where each stands, linking an approved one to an address (the mail's link). */
export const loader = load(async (ctx) => ctx.services.mandates.mine(ctx.actor));

export const action = intentAction({
  'mandate.link': async (ctx, { fields }) => {
    const linked = await ctx.services.mandates.link(ctx.actor, fields);
    return done(ctx, 'mandates.link.done', { address: linked.address ?? '' });
  },
  'mandate.linkNew': async (ctx, { fields }) => {
    const linked = await ctx.services.mandates.linkNewAddress(ctx.actor, fields);
    return done(ctx, 'mandates.link.done', { address: linked.address ?? '' });
  },
  'mandate.cancel': async (ctx, { fields }) => {
    await ctx.services.mandates.cancel(ctx.actor, fields);
    return done(ctx, 'mandates.cancelled');
  },
  'mandate.check': async (ctx, { fields }) => {
    await ctx.services.mandates.checkNow(ctx.actor, fields);
    return { ok: true as const, message: translate(ctx.locale, 'mandates.checkQueued') };
  },
});

export default function Mandates() {
  const { mandates, targets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | { ok: true; message: string } | undefined;
  const t = useT();
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h3">
          {t('mandates.title')}
        </Title>
        <Button component={Link} to="/app/add-address" variant="light" size="xs">
          {t('mandates.new')}
        </Button>
      </Group>
      <Text size="sm">{t('mandates.intro')}</Text>
      {result ? (
        <Alert color={result.ok ? 'green' : 'red'} variant="light" role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </Alert>
      ) : null}
      {mandates.length === 0 ? <Text c="dimmed">{t('mandates.empty')}</Text> : null}
      {mandates.map((m) => (
        <MandateCard
          key={m.id}
          mandate={m}
          targets={targets}
          newAddress
          fieldErrors={result && !result.ok ? result.fieldErrors : undefined}
        />
      ))}
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
