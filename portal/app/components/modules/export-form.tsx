import { Button, Stack, Text } from '@mantine/core';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { PeriodFields } from '~/components/period-fields';
import { useT } from '~/lib/i18n';

/** "Mail laadsessies": a period (from, to — both included) and the button; the CSV comes by mail. */
export function ExportForm({
  intent,
  hint,
  from,
  to,
  label,
}: {
  intent: string;
  hint: string;
  from: string;
  to: string;
  label: string;
}) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher(intent);
  return (
    <fetcher.Form method="post" aria-label={label}>
      <input type="hidden" name="intent" value={intent} />
      <Stack gap="sm">
        <Text size="sm">{hint}</Text>
        <PeriodFields
          from={from}
          to={to}
          errors={errors}
          labels={{ from: t('modules.export.from'), to: t('modules.export.to') }}
        />
        <ActionResult result={result} />
        <Button type="submit" {...submit}>
          {t('modules.export.button')}
        </Button>
      </Stack>
    </fetcher.Form>
  );
}
