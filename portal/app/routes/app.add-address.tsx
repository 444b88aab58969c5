import { policy } from '@ilumen/services';
import { Anchor, Card, List, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { MandateStartForm } from '~/components/fluvius/mandate-start-form';
import { startMandate } from '~/components/fluvius/mandates.server';
import { HomeError } from '~/components/home/home-error';
import { useT } from '~/lib/i18n';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['mandate', 'mandates'] };

/**
 * The "+": adding an address means approving a Fluvius mandate for its EAN (the manual, §1C). This page explains
 * the steps.
 *
 * The EAN form above the steps starts the mandate request and sends the person to Mijn Fluvius (decisions 020–022).
 */
export const loader = load(async (ctx) => {
  policy.requireUser(ctx.actor);
  return null;
});

export const action = intentAction({
  'mandate.start': (ctx, { fields }) => startMandate(ctx, fields),
});

export default function AddAddress() {
  const t = useT();
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('home.addAddress.title')}
      </Title>
      <Text>{t('home.addAddress.intro')}</Text>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('mandate.start.title')}
        </Title>
        <MandateStartForm />
      </Card>
      <List type="ordered" spacing="sm">
        <List.Item>{t('home.addAddress.step1')}</List.Item>
        <List.Item>{t('home.addAddress.step2')}</List.Item>
        <List.Item>{t('home.addAddress.step3')}</List.Item>
        <List.Item>{t('home.addAddress.step4')}</List.Item>
      </List>
      <Anchor component={Link} to="/app/mandates">
        {t('mandates.title')}
      </Anchor>
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
