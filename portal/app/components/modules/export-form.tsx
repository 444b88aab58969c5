import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { FormError } from '~/components/form-error';
import type { ActionData } from '~/components/form-modal';
import { useT } from '~/lib/i18n';

/** "Mail laadsessies": a period (from, to — both included) and the button; the CSV comes by mail. */
export function ExportForm({ intent, hint, from, to, label }: { intent: string; hint: string; from: string; to: string; label: string }) {
  const t = useT();
  const fetcher = useFetcher<ActionData>({ key: intent });
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <fetcher.Form method="post" aria-label={label}>
      <input type="hidden" name="intent" value={intent} />
      <Stack gap="sm">
        <Text size="sm">{hint}</Text>
        <Group grow align="flex-start">
          <TextInput type="date" name="from" label={t('modules.export.from')} defaultValue={from} error={errors.from} required />
          <TextInput type="date" name="to" label={t('modules.export.to')} defaultValue={to} error={errors.to} required />
        </Group>
        {result?.ok ? (
          <Alert color="green" variant="light" role="status">
            {result.message}
          </Alert>
        ) : (
          <FormError message={result && !result.ok ? result.message : null} />
        )}
        <Button type="submit" loading={fetcher.state !== 'idle'}>
          {t('modules.export.button')}
        </Button>
      </Stack>
    </fetcher.Form>
  );
}
