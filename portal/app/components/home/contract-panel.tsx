import { formatDate, formatEuro } from '@ilumen/i18n';
import { Button, Card, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { useLocale, useT } from '~/lib/i18n';

type Contract = { kind: string; effectiveFrom: string } & Record<string, unknown>;
export interface ContractData {
  contracts: Contract[];
  current: Contract | null;
  area: string | null;
  canEdit: boolean;
}

const KINDS = ['single', 'dayNight', 'exclusiveNight', 'variable', 'dynamic'] as const;
const PRICE_FIELDS = [
  'importEurPerKwh',
  'dayEurPerKwh',
  'nightEurPerKwh',
  'exclusiveNightEurPerKwh',
  'exportEurPerKwh',
  'importFactor',
  'importAdderEurPerKwh',
  'exportFactor',
  'exportCostEurPerKwh',
] as const;

/**
 * "Contract": the supply contract the bill is computed from (decision 131), from a day on. Fill in the prices of the
 * chosen kind; the others are ignored. Without a contract the simple tariff above counts.
 */
export function ContractPanel({ data }: { data: ContractData }) {
  const t = useT();
  const locale = useLocale();
  const { fetcher, result, errors, submit } = useActionFetcher('contract-save');
  // the server's refusal per field, with what the field takes (decision 181)
  const errorOf = (field: string) => errors[`contract.${field}`];
  const shown = data.current;
  return (
    <Stack>
      <Title order={2} size="h4">
        {t('bill.contract.title')}
      </Title>
      <Text size="sm">{t('bill.contract.intro')}</Text>
      <Card withBorder data-testid="current-contract">
        {shown ? (
          <Text size="sm">
            {t(`bill.contract.kind.${shown.kind as (typeof KINDS)[number]}`)} ·{' '}
            {t('bill.contract.since', { date: formatDate(locale, shown.effectiveFrom) })} ·{' '}
            {t('bill.contract.fixedEurPerYear')}: {formatEuro(locale, String(shown.fixedEurPerYear))}
          </Text>
        ) : (
          <Text size="sm">{t('bill.contract.none')}</Text>
        )}
      </Card>
      {data.canEdit ? (
        <fetcher.Form method="post" aria-label={t('bill.contract.title')}>
          <input type="hidden" name="intent" value="contract.save" />
          <Stack>
            <ActionResult result={result} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('bill.contract.kind')}
                name="kind"
                defaultValue={shown?.kind ?? 'dayNight'}
                data={KINDS.map((k) => ({ value: k, label: t(`bill.contract.kind.${k}`) }))}
                error={errorOf('kind')}
              />
              <TextInput
                label={t('bill.contract.effectiveFrom')}
                name="effectiveFrom"
                type="date"
                required
                error={errorOf('effectiveFrom')}
              />
              <TextInput
                label={t('bill.contract.fixedEurPerYear')}
                name="fixedEurPerYear"
                inputMode="decimal"
                defaultValue="0"
                required
                error={errorOf('fixedEurPerYear')}
              />
              {PRICE_FIELDS.map((f) => (
                <TextInput
                  key={f}
                  label={t(`bill.contract.${f}`)}
                  name={f}
                  inputMode="decimal"
                  autoComplete="off"
                  defaultValue={typeof shown?.[f] === 'string' ? (shown[f] as string) : ''}
                  error={errorOf(f)}
                />
              ))}
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('bill.contract.hint')}
            </Text>
            <div>
              <Button type="submit" {...submit}>
                {t('common.save')}
              </Button>
            </div>
          </Stack>
        </fetcher.Form>
      ) : null}
    </Stack>
  );
}

/** The form's flat fields as the contract of its kind (the service checks every value). */
export function contractFromFields(fields: Record<string, string | undefined>) {
  const kind = fields.kind ?? '';
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, fields[k] ?? '']));
  const base = {
    kind,
    effectiveFrom: fields.effectiveFrom ?? '',
    fixedEurPerYear: fields.fixedEurPerYear ?? '',
  };
  switch (kind) {
    case 'single':
      return { ...base, ...pick('importEurPerKwh', 'exportEurPerKwh') };
    case 'dayNight':
      return { ...base, ...pick('dayEurPerKwh', 'nightEurPerKwh', 'exportEurPerKwh') };
    case 'exclusiveNight':
      return {
        ...base,
        ...pick('dayEurPerKwh', 'nightEurPerKwh', 'exclusiveNightEurPerKwh', 'exportEurPerKwh'),
      };
    case 'variable':
      return { ...base, monthlyEurPerKwh: {}, ...pick('importEurPerKwh', 'exportEurPerKwh') };
    default:
      return {
        ...base,
        ...pick('importFactor', 'importAdderEurPerKwh', 'exportFactor', 'exportCostEurPerKwh'),
      };
  }
}
