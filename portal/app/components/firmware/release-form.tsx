import { FileInput, Group, NativeSelect, Text, Textarea, TextInput } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';

/** A new release: the artifact (or where it is), what it is, and the signature `npm run firmware:sign` printed. */
export function ReleaseForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  return (
    <IntentForm intent="release.create" submitLabel={t('firmware.save')} multipart onDone={onDone}>
      {(errors) => (
        <>
          <Group grow align="start">
            <TextInput
              name="version"
              label={t('firmware.field.version')}
              placeholder="1.5.0"
              required
              error={errors.version}
            />
            <TextInput
              name="hardwareRevision"
              label={t('firmware.field.hardwareRevision')}
              placeholder="B2"
              required
              error={errors.hardwareRevision}
            />
            <NativeSelect
              name="channel"
              label={t('firmware.field.channel')}
              data={['stable', 'beta', 'dev'].map((c) => ({ value: c, label: t(`firmware.channel.${c}`) }))}
              error={errors.channel}
            />
          </Group>
          <Textarea
            name="notes"
            label={t('firmware.field.notes')}
            autosize
            minRows={2}
            maxRows={6}
            error={errors.notes}
          />
          <FileInput
            name="file"
            label={t('firmware.field.file')}
            accept=".ilfw,.tar.gz,application/gzip"
            clearable
            error={errors.file}
          />
          <TextInput name="url" label={t('firmware.field.url')} placeholder="https://" error={errors.url} />
          <Text size="xs" c="dimmed">
            {t('firmware.urlHint')}
          </Text>
          <Group grow align="start">
            <TextInput
              name="sizeBytes"
              label={t('firmware.field.sizeBytes')}
              inputMode="numeric"
              error={errors.sizeBytes}
            />
            <TextInput
              name="sha256"
              label={t('firmware.field.sha256')}
              ff="monospace"
              error={errors.sha256}
            />
          </Group>
          <Textarea
            name="signature"
            label={t('firmware.field.signature')}
            required
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'monospace' } }}
            error={errors.signature}
          />
          <Text size="xs" c="dimmed">
            {t('firmware.signHint')}
          </Text>
        </>
      )}
    </IntentForm>
  );
}
