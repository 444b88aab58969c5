import { formatDate, formatEuro, formatMonthYear } from '@ilumen/i18n';
import {
  Alert,
  Button,
  Card,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { useLocale, useT } from '~/lib/i18n';

type Contract = { kind: string; effectiveFrom: string } & Record<string, unknown>;
export interface ContractData {
  contracts: Contract[];
  current: Contract | null;
  area: string | null;
  canEdit: boolean;
  variable: {
    prices: Array<{ month: string; eurPerKwh: string }>;
    missing: string[];
    canEdit: boolean;
  } | null;
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
      {data.variable ? <VariablePrices data={data.variable} /> : null}
    </Stack>
  );
}

/** A variable contract's price per month (decision 251): the months entered, those still missing, and a form. */
function VariablePrices({ data }: { data: NonNullable<ContractData['variable']> }) {
  const t = useT();
  const locale = useLocale();
  const { fetcher, result, errors, submit } = useActionFetcher('contract-month-price');
  const month = (m: string) => formatMonthYear(locale, m);
  return (
    <Card withBorder data-testid="variable-prices">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('bill.variable.title')}
        </Title>
        <Text size="sm">{t('bill.variable.intro')}</Text>
        {data.missing.length > 0 ? (
          <Alert color="red" data-testid="variable-missing">
            {t('bill.variable.missing', { months: data.missing.map(month).join(', ') })}
          </Alert>
        ) : null}
        {data.prices.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('bill.variable.none')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {data.prices.map((p) => (
                <Table.Tr key={p.month}>
                  <Table.Td>{month(p.month)}</Table.Td>
                  <Table.Td ta="right">{formatEuro(locale, p.eurPerKwh, 5)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data.canEdit ? (
          <fetcher.Form method="post" aria-label={t('bill.variable.title')}>
            <input type="hidden" name="intent" value="contract.monthPrice" />
            <Stack gap="sm">
              <ActionResult result={result} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('bill.variable.month')}
                  name="month"
                  type="month"
                  defaultValue={data.missing[0] ?? ''}
                  required
                  error={errors.month}
                />
                <TextInput
                  label={t('bill.variable.price')}
                  name="eurPerKwh"
                  inputMode="decimal"
                  autoComplete="off"
                  required
                  error={errors.eurPerKwh}
                />
              </SimpleGrid>
              <div>
                <Button type="submit" {...submit}>
                  {t('bill.variable.add')}
                </Button>
              </div>
            </Stack>
          </fetcher.Form>
        ) : null}
      </Stack>
    </Card>
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
      // the monthly prices are entered month by month below the form (decision 251)
      return { ...base, monthlyEurPerKwh: {}, ...pick('exportEurPerKwh') };
    default:
      return {
        ...base,
        ...pick('importFactor', 'importAdderEurPerKwh', 'exportFactor', 'exportCostEurPerKwh'),
      };
  }
}
