import { Alert, Badge, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useFormat, useT } from '~/lib/i18n';
import type { WizardView } from './types';

/** The box's broker login, shown once after claiming (the page keeps it in view while the wizard moves on). */
export function Credentials({ username, password }: { username: string; password: string }) {
  const t = useT();
  return (
    <Alert
      color="orange"
      variant="light"
      title={t('commissioning.gateway.credentials')}
      data-testid="gateway-credentials"
    >
      <Stack gap={4}>
        <Text size="sm">{t('commissioning.gateway.credentialsHelp')}</Text>
        <Group gap="xs">
          <Text size="sm" w={140}>
            {t('commissioning.gateway.username')}
          </Text>
          <Code data-testid="mqtt-username">{username}</Code>
        </Group>
        <Group gap="xs">
          <Text size="sm" w={140}>
            {t('commissioning.gateway.password')}
          </Text>
          <Code data-testid="mqtt-password">{password}</Code>
        </Group>
      </Stack>
    </Alert>
  );
}

export function GatewayStatus({ gateway }: { gateway: WizardView['gateway'] }) {
  const t = useT();
  const f = useFormat();
  if (!gateway) return null;
  if (gateway.online) {
    return (
      <Group gap="xs">
        <Badge color="green">{t('troubleshoot.online')}</Badge>
        <Text size="sm">
          {t('commissioning.gateway.online', {
            time: f.dateTime(gateway.online_changed_at ?? gateway.last_seen_at ?? new Date()),
            firmware: gateway.firmware_version ?? '—',
          })}
        </Text>
      </Group>
    );
  }
  return (
    <Group gap="xs">
      <Badge color="gray">{t('troubleshoot.offline')}</Badge>
      <Text size="sm">
        {gateway.last_seen_at
          ? t('commissioning.gateway.offline')
          : `${t('commissioning.gateway.never')} ${t('commissioning.gateway.waiting')}`}
      </Text>
    </Group>
  );
}

export function GatewayStep({ view }: { view: WizardView }) {
  const t = useT();
  const claimed = view.gateway;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.gateway.help')}
      </Text>
      {view.broker === null ? (
        <Alert color="red" variant="light" mb="sm">
          {t('gateways.claim.noBroker')}
        </Alert>
      ) : null}
      {claimed ? (
        <Stack gap="xs" mb="sm">
          <Text fw={600}>iLusmart {claimed.serial}</Text>
          <GatewayStatus gateway={claimed} />
        </Stack>
      ) : null}
      {view.canEdit ? (
        <IntentForm
          intent="gateway.claim"
          submitLabel={claimed ? t('commissioning.gateway.newPassword') : t('commissioning.gateway.claim')}
        >
          {(errors) => (
            <>
              <Group align="start">
                <TextInput
                  label={t('commissioning.gateway.serial')}
                  name="serial"
                  defaultValue={claimed?.serial ?? ''}
                  placeholder="ILS-24A00017"
                  error={errors.serial}
                  w={220}
                  autoComplete="off"
                />
                <TextInput
                  label={t('commissioning.gateway.claimCode')}
                  name="claimCode"
                  placeholder="XXXXX-XXXXX"
                  error={errors.claimCode}
                  w={200}
                  autoComplete="off"
                />
              </Group>
            </>
          )}
        </IntentForm>
      ) : null}
    </>
  );
}
