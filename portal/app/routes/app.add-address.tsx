import { Alert, Anchor, List, Stack, Text, Title } from '@mantine/core';
import { HomeError } from '~/components/home/home-error';
import { useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';
import { policy } from '@ilumen/services';

/**
 * The "+": adding an address means approving a Fluvius mandate for its EAN (the manual, §1C). This page explains
 * the steps.
 *
 * SLOT(issue 6): the EAN form that starts the mandate request goes here (above the steps), with the link to Mijn
 * Fluvius once the request exists. Until then the page says who can help, and shows no button that does nothing.
 */
export const loader = load(async (ctx) => {
  policy.requireUser(ctx.actor);
  return null;
});

export default function AddAddress() {
  const t = useT();
  return (
    <Stack>
      <Title order={1} size="h3">
        {t('home.addAddress.title')}
      </Title>
      <Text>{t('home.addAddress.intro')}</Text>
      <List type="ordered" spacing="sm">
        <List.Item>{t('home.addAddress.step1')}</List.Item>
        <List.Item>{t('home.addAddress.step2')}</List.Item>
        <List.Item>{t('home.addAddress.step3')}</List.Item>
        <List.Item>{t('home.addAddress.step4')}</List.Item>
      </List>
      <Alert color="blue" variant="light">
        {t('home.addAddress.soon')} <Anchor href="mailto:ilusmart@ilumen.be">ilusmart@ilumen.be</Anchor>
      </Alert>
    </Stack>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
