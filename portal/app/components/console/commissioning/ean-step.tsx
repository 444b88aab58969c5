import { Anchor, Badge, Group, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';
import type { WizardView } from './types';

export function EanStep({ view }: { view: WizardView }) {
  const t = useT();
  const ean = view.state.ean;
  const consentUrl = view.mandate?.consentUrl ?? null;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {t('commissioning.ean.help')}
      </Text>
      {ean ? (
        <Group mb="sm" gap="xs">
          <Text>EAN {ean.ean}</Text>
          {view.mandate ? (
            <Badge variant="light">
              {t('commissioning.ean.mandate', { status: t(`mandate.status.${view.mandate.status}`) })}
            </Badge>
          ) : (
            <Badge variant="light" color="gray">
              {t('commissioning.ean.noMandate')}
            </Badge>
          )}
        </Group>
      ) : null}
      {consentUrl ? (
        <Stack gap={4} mb="sm">
          <Text size="sm">{t('commissioning.ean.consent')}</Text>
          <Anchor
            href={consentUrl}
            target="_blank"
            rel="noreferrer"
            size="sm"
            style={{ wordBreak: 'break-all' }}
          >
            {consentUrl}
          </Anchor>
        </Stack>
      ) : null}
      {view.canEdit ? (
        <IntentForm intent="ean.save" submitLabel={t('common.save')}>
          {(errors, data) => (
            <>
              <TextInput
                label={t('commissioning.ean.label')}
                name="ean"
                inputMode="numeric"
                defaultValue={ean?.ean ?? ''}
                error={errors.ean}
                placeholder="54…"
                maw={320}
              />
              <Radio.Group name="mandate" defaultValue={ean?.mandateSkipped ? 'skip' : 'request'}>
                <Stack gap={6}>
                  <Radio value="request" label={t('commissioning.ean.request')} />
                  <Radio value="skip" label={t('commissioning.ean.skip')} />
                </Stack>
              </Radio.Group>
              {data?.ok && typeof data.consentUrl === 'string' ? (
                <Anchor href={data.consentUrl} target="_blank" rel="noreferrer" size="sm">
                  {data.consentUrl}
                </Anchor>
              ) : null}
            </>
          )}
        </IntentForm>
      ) : null}
    </>
  );
}
