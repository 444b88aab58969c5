import { Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';
import type { WizardView } from './types';

export function GridStep({ view }: { view: WizardView }) {
  const t = useT();
  const { site } = view;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.grid.help')}
      </Text>
      {view.canEdit ? (
        <IntentForm intent="grid.save" submitLabel={t('common.save')}>
          {(errors) => (
            <Group align="start">
              <NativeSelect
                label={t('commissioning.grid.phases')}
                name="gridPhases"
                defaultValue={String(site.grid_phases)}
                data={[
                  { value: '1', label: t('sites.gridPhases.1') },
                  { value: '3', label: t('sites.gridPhases.3') },
                ]}
                error={errors.gridPhases}
              />
              <TextInput
                label={t('commissioning.grid.mainFuse')}
                name="mainFuseA"
                inputMode="numeric"
                defaultValue={String(site.main_fuse_a)}
                error={errors.mainFuseA}
                w={200}
              />
            </Group>
          )}
        </IntentForm>
      ) : (
        <Text>
          {t(`sites.gridPhases.${site.grid_phases}`)} · {site.main_fuse_a} A
        </Text>
      )}
    </>
  );
}
