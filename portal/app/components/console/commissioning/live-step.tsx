import { deviceStatusText } from '@ilumen/i18n';
import { Alert, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconX } from '@tabler/icons-react';
import { IntentForm } from '~/components/console/intent-form';
import { useFormat, useT } from '~/lib/i18n';
import { ConfigStatus } from './config-status';
import type { WizardView } from './types';

export function LiveChecks({ live }: { live: NonNullable<WizardView['state']['live']> }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table>
      <Table.Tbody>
        {live.checks.map((c) => {
          const [base, phase] = c.id.split('.');
          return (
            <Table.Tr key={c.id} data-testid={`check-${c.id}`}>
              <Table.Td w={40}>
                <ThemeIcon
                  color={c.ok ? 'green' : c.severity === 'warning' ? 'orange' : 'red'}
                  variant="light"
                  size="sm"
                  radius="xl"
                  aria-label={c.ok ? 'OK' : '!'}
                >
                  {c.ok ? (
                    <IconCheck size={14} />
                  ) : c.severity === 'warning' ? (
                    <IconAlertTriangle size={14} />
                  ) : (
                    <IconX size={14} />
                  )}
                </ThemeIcon>
              </Table.Td>
              <Table.Td>
                {t(`commissioning.check.${base}.label`, { phase: (phase ?? '').toUpperCase() })}
              </Table.Td>
              <Table.Td>{c.value ? f.reading(c.value, (s) => deviceStatusText(t, null, s)) : ''}</Table.Td>
              <Table.Td>
                <Text size="sm" c={c.ok ? 'dimmed' : 'red.8'}>
                  {t(c.messageKey, {
                    ...c.params,
                    phase: String(c.params.phase ?? (phase ?? '').toUpperCase()),
                  })}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function LiveStep({ view }: { view: WizardView }) {
  const t = useT();
  const f = useFormat();
  const live = view.state.live;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.live.help')}
      </Text>
      <ConfigStatus config={view.config} />
      {live ? (
        <>
          <Alert color={live.ok ? 'green' : 'red'} variant="light" mb="sm" data-testid="live-verdict">
            {live.ok ? t('commissioning.live.passed') : t('commissioning.live.failed')} ·{' '}
            {t('commissioning.live.checkedAt', { time: f.dateTime(live.checkedAt) })}
          </Alert>
          <LiveChecks live={live} />
        </>
      ) : null}
      {view.canEdit ? <IntentForm intent="live.check" submitLabel={t('commissioning.live.run')} /> : null}
    </>
  );
}
