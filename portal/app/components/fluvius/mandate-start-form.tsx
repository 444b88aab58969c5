import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { FormError } from '~/components/form-error';
import { useT } from '~/lib/i18n';
import { useHydrated } from '~/lib/use-hydrated';
import type { ActionResult } from '~/server/route.server';

/**
 * The EAN form that starts a mandate (manual §1C). On success the action redirects the browser to Mijn Fluvius; a
 * mistake in the EAN comes back as one message under the field, with what was typed kept.
 */
export function MandateStartForm({
  siteId,
  console: fromConsole = false,
}: {
  siteId?: number;
  console?: boolean;
}) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>({ key: 'mandate-start' });
  // a post before React has taken over the page would leave it without its answer (decision in use-hydrated)
  const hydrated = useHydrated();
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data : null;
  return (
    <fetcher.Form method="post" noValidate>
      <input type="hidden" name="intent" value="mandate.start" />
      {siteId ? <input type="hidden" name="siteId" value={siteId} /> : null}
      <Stack gap="sm">
        {fromConsole ? <Text size="sm">{t('mandate.start.consoleIntro')}</Text> : null}
        <FormError message={errors?.message} fieldErrors={errors?.fieldErrors} />
        <TextInput
          name="ean"
          label={t('mandate.start.ean')}
          description={t('mandate.start.eanHint')}
          inputMode="numeric"
          autoComplete="off"
          placeholder="54…"
          maxLength={40}
          error={errors?.fieldErrors.ean}
          required
        />
        <div>
          <Button type="submit" loading={fetcher.state !== 'idle'} disabled={!hydrated}>
            {fromConsole ? t('mandate.start.consoleSubmit') : t('mandate.start.submit')}
          </Button>
        </div>
        {fromConsole ? null : (
          <Text size="sm" c="dimmed">
            {t('mandate.start.next')}
          </Text>
        )}
      </Stack>
    </fetcher.Form>
  );
}
