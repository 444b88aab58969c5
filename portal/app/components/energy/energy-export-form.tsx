import { Button, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { PeriodFields } from '~/components/period-fields';
import { useT } from '~/lib/i18n';

interface Site {
  id: number;
  address: string;
}

/**
 * The homeowner's energy data (decision 241): a period's quarters, hours or days as a Mijn Fluvius CSV (the period is
 * checked first, its errors under its fields; then the file downloads), and a month's bill as a PDF.
 */
export function EnergyExportForm({
  sites,
  from,
  to,
  month,
}: {
  sites: Site[];
  from: string;
  to: string;
  month: string;
}) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher('energyExport.csv');
  const url = result?.ok ? (result as { url?: string }).url : undefined;
  useEffect(() => {
    if (url) window.location.assign(url);
  }, [url]);
  const [billSite, setBillSite] = useState(String(sites[0]?.id ?? ''));
  const [billMonth, setBillMonth] = useState(month);
  const siteOptions = sites.map((s) => ({ value: String(s.id), label: s.address }));
  return (
    <Stack gap="md">
      <fetcher.Form method="post" aria-label={t('energyExport.csv')} data-testid="energy-export">
        <input type="hidden" name="intent" value="energyExport.csv" />
        <Stack gap="sm">
          <Group grow align="flex-start">
            <NativeSelect name="siteId" label={t('energyExport.site')} data={siteOptions} />
            <NativeSelect
              name="resolution"
              label={t('energyExport.resolution')}
              data={(['quarter', 'hour', 'day'] as const).map((r) => ({
                value: r,
                label: t(`energyExport.resolution.${r}`),
              }))}
            />
          </Group>
          <PeriodFields
            from={from}
            to={to}
            errors={errors}
            labels={{ from: t('energyExport.from'), to: t('energyExport.to') }}
          />
          {result && !result.ok ? <ActionResult result={result} /> : null}
          <Button type="submit" {...submit}>
            {t('energyExport.csv')}
          </Button>
        </Stack>
      </fetcher.Form>
      <Stack gap="sm">
        <Title order={3} size="h6">
          {t('energyExport.billPdf')}
        </Title>
        <Group grow align="flex-end">
          <NativeSelect
            label={t('energyExport.site')}
            data={siteOptions}
            value={billSite}
            onChange={(e) => setBillSite(e.currentTarget.value)}
          />
          <TextInput
            type="month"
            label={t('energyExport.month')}
            value={billMonth}
            onChange={(e) => setBillMonth(e.currentTarget.value)}
          />
        </Group>
        <Button
          component="a"
          variant="light"
          href={`/app/sites/${billSite}/bill.pdf?month=${billMonth}`}
          download
          data-testid="bill-pdf"
        >
          {t('energyExport.billPdf')}
        </Button>
      </Stack>
    </Stack>
  );
}
