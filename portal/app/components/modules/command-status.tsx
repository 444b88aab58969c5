import { Alert, Group, Loader, Text } from '@mantine/core';
import { useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export interface LastCommand {
  id: string;
  name: 'charge.start' | 'charge.stop';
  issuedAt: string;
  expiresAt: string;
  status: 'sent' | 'succeeded' | 'failed' | 'expired';
  errorCode: string | null;
  finishedAt: string | null;
}

/** The gateway's refusal codes (contract: commandErrorCodeSchema), each said in the page's language. */
const COMMAND_ERRORS = new Set([
  'expired',
  'invalid_request',
  'unknown_command',
  'not_found',
  'busy',
  'device_error',
  'timeout',
  'internal',
]);

/**
 * Where a start or stop stands: sent (the page asks again every two seconds until the gateway answers or the
 * command expires), confirmed by the gateway and when, refused with its reason, or expired — with what to do.
 */
export function CommandStatus({ command, gatewayOnline }: { command: LastCommand; gatewayOnline: boolean }) {
  const t = useT();
  const f = useFormat();
  const { revalidate, state } = useRevalidator();
  const waiting = command.status === 'sent';
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (state === 'idle') revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [waiting, revalidate, state]);
  const what =
    command.name === 'charge.start' ? t('modules.charger.startButton') : t('modules.charger.stopButton');
  if (command.status === 'sent') {
    return (
      <Alert
        color={gatewayOnline ? 'blue' : 'orange'}
        variant="light"
        role="status"
        data-testid="command-status"
        data-status="sent"
      >
        <Group gap="xs" wrap="nowrap">
          <Loader size="xs" />
          <Text size="sm">
            {what}: {t('modules.charger.sent')}
          </Text>
        </Group>
        {gatewayOnline ? null : (
          <Text size="sm" mt={4}>
            {t('modules.charger.offline')}
          </Text>
        )}
      </Alert>
    );
  }
  if (command.status === 'succeeded') {
    return (
      <Alert color="green" variant="light" role="status" data-testid="command-status" data-status="succeeded">
        {what}:{' '}
        {t('modules.charger.confirmed', { time: f.time(command.finishedAt ?? command.issuedAt).slice(0, 5) })}
      </Alert>
    );
  }
  if (command.status === 'expired') {
    return (
      <Alert color="red" variant="light" role="alert" data-testid="command-status" data-status="expired">
        {what}: {t('modules.charger.expired')}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" role="alert" data-testid="command-status" data-status="failed">
      {what}:{' '}
      {t('modules.charger.failed', {
        reason: t(
          `modules.charger.commandError.${command.errorCode && COMMAND_ERRORS.has(command.errorCode) ? command.errorCode : 'internal'}`,
        ),
      })}
    </Alert>
  );
}
