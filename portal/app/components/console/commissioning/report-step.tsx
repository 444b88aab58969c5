import { Button, Checkbox, Group, Text } from '@mantine/core';
import { Link } from '@remix-run/react';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';
import type { WizardView } from './types';

export function ReportStep({ view }: { view: WizardView }) {
  const t = useT();
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.report.help')}
      </Text>
      <Group mb="md">
        <Button component={Link} to={`/console/commissioning/${view.site.id}/report`} variant="light">
          {t('commissioning.report.open')}
        </Button>
        <Button component="a" href={`/console/commissioning/${view.site.id}/report.pdf`} variant="default">
          {t('commissioning.report.pdf')}
        </Button>
      </Group>
      {view.canEdit ? (
        <>
          <Text size="sm" mb="xs">
            {t('commissioning.activate.help')}
          </Text>
          <IntentForm
            intent="activate"
            submitLabel={t('commissioning.activate')}
            disabled={!view.state.live?.ok}
          >
            {() => (
              <>
                <input type="hidden" name="notifyOwner" value="0" />
                <Checkbox
                  name="notifyOwner"
                  value="1"
                  defaultChecked
                  label={t('commissioning.activate.notifyOwner')}
                />
              </>
            )}
          </IntentForm>
        </>
      ) : null}
    </>
  );
}
