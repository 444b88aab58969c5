import { formatDate, formatDateTime, formatEuro, formatNumber } from '@ilumen/i18n';
import { Alert, Badge, Button, Card, Collapse, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { useLocale, useT } from '~/lib/i18n';

interface TariffEntry {
  effectiveFrom: string;
  importEurPerKwh: string;
  exportEurPerKwh: string;
}
export interface TariffsData {
  today: string;
  current: TariffEntry | null;
  upcoming: TariffEntry | null;
  nextEffectiveFrom: string;
  canEdit: boolean;
  history: Array<
    TariffEntry & { id: string; savedAt: string | Date; byName: string | null; replaced: boolean }
  >;
}

/** "0.32150" → "0,32150" in Dutch and French: what a person would type back. */
function typed(locale: 'nl' | 'fr' | 'en', v: string | undefined): string {
  return v === undefined ? '' : formatNumber(locale, Number(v), 5).replace(/\s|\u202f|\u00a0/g, '');
}

/**
 * "Tarieven": the import and export tariff. "Bewaar" saves a tariff that applies from tomorrow and says so;
 * "Historiek" lists every change. Only the main user can change them; everyone else sees them read-only.
 */
export function TariffsPanel({ data, readOnly = false }: { data: TariffsData; readOnly?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const { fetcher, result, errors, submit } = useActionFetcher('tariffs-save');
  const [history, { toggle }] = useDisclosure(false);
  const editable = data.canEdit && !readOnly;
  const shown = data.upcoming ?? data.current;
  const price = (v: string) => formatEuro(locale, v, 5);
  return (
    <Stack>
      <Text size="sm">{t('tariffs.intro')}</Text>
      <Card withBorder>
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('tariffs.current')}
          </Text>
          {data.current ? (
            <Group gap="lg">
              <Text>
                {t('tariffs.importShort')}: <b>{price(data.current.importEurPerKwh)}</b>/kWh
              </Text>
              <Text>
                {t('tariffs.exportShort')}: <b>{price(data.current.exportEurPerKwh)}</b>/kWh
              </Text>
            </Group>
          ) : (
            <Text>{t('tariffs.none')}</Text>
          )}
          {data.upcoming ? (
            <Text size="sm" data-testid="upcoming-tariff">
              {t('tariffs.upcoming', { date: formatDate(locale, data.upcoming.effectiveFrom) })}:{' '}
              {t('tariffs.importShort')} {price(data.upcoming.importEurPerKwh)}/kWh ·{' '}
              {t('tariffs.exportShort')} {price(data.upcoming.exportEurPerKwh)}/kWh
            </Text>
          ) : null}
        </Stack>
      </Card>
      {editable ? null : (
        <Alert color="gray" variant="light">
          {readOnly ? t('home.readOnly') : t('tariffs.ownerOnly')}
        </Alert>
      )}
      <fetcher.Form method="post" aria-label={t('tariffs.title')}>
        <input type="hidden" name="intent" value="tariffs.save" />
        <Stack>
          <ActionResult result={result} />
          <TextInput
            label={t('tariffs.import')}
            name="importEurPerKwh"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={typed(locale, shown?.importEurPerKwh)}
            description={t('tariffs.hint')}
            error={errors.importEurPerKwh}
            disabled={!editable}
            required
          />
          <TextInput
            label={t('tariffs.export')}
            name="exportEurPerKwh"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={typed(locale, shown?.exportEurPerKwh)}
            error={errors.exportEurPerKwh}
            disabled={!editable}
            required
          />
          <Text size="sm" c="dimmed">
            {t('tariffs.appliesFromTomorrow')}
          </Text>
          {editable ? (
            <Group>
              <Button type="submit" {...submit}>
                {t('common.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </fetcher.Form>
      <div>
        <Button variant="light" onClick={toggle} aria-expanded={history} aria-controls="tariff-history">
          {t('tariffs.history')}
        </Button>
      </div>
      <Collapse in={history} id="tariff-history" transitionDuration={100}>
        {data.history.length === 0 ? (
          <Text c="dimmed">{t('tariffs.history.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tariffs.history.savedAt')}</Table.Th>
                  <Table.Th>{t('tariffs.history.from')}</Table.Th>
                  <Table.Th>{t('tariffs.importShort')}</Table.Th>
                  <Table.Th>{t('tariffs.exportShort')}</Table.Th>
                  <Table.Th>{t('tariffs.history.by')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.history.map((h) => (
                  <Table.Tr key={h.id} c={h.replaced ? 'dimmed' : undefined}>
                    <Table.Td>{formatDateTime(locale, new Date(h.savedAt))}</Table.Td>
                    <Table.Td>
                      {formatDate(locale, h.effectiveFrom)}
                      {h.replaced ? (
                        <Badge
                          ml="xs"
                          size="xs"
                          variant="light"
                          color="gray"
                          title={t('tariffs.history.replaced')}
                        >
                          {t('tariffs.history.replaced')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{price(h.importEurPerKwh)}</Table.Td>
                    <Table.Td>{price(h.exportEurPerKwh)}</Table.Td>
                    <Table.Td>{h.byName ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Collapse>
    </Stack>
  );
}
