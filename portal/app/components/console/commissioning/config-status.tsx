import { refusalText } from '@ilumen/i18n';
import { Text } from '@mantine/core';
import { useT } from '~/lib/i18n';
import type { WizardView } from './types';

/** What the gateway said about the settings it was sent: pending, applied, or refused with its reason. */
export function ConfigStatus({ config }: { config: WizardView['config'] }) {
  const t = useT();
  if (!config) return null;
  return (
    <Text
      size="sm"
      c={config.state === 'refused' ? 'red' : config.state === 'applied' ? 'green.8' : 'dimmed'}
      data-testid="config-status"
    >
      {t(`config.status.${config.state}`, { reason: refusalText(t, config.error) })} (v{config.version})
    </Text>
  );
}
