import type { CsvPreviewDay } from '@ilumen/services';
import { Alert, Anchor, Button, Card, Group, Input, Stack, Table, Text } from '@mantine/core';
import { Form, Link, useNavigation } from '@remix-run/react';
import { FormError } from '~/components/form-error';
import { useFormat, useT } from '~/lib/i18n';

export interface CsvPreview {
  uploadId: number;
  fileName: string;
  ean: string;
  firstDay: string;
  lastDay: string;
  offtakeWh: number;
  injectionWh: number;
  days: CsvPreviewDay[];
  importDays: number;
  overwriteDays: number;
  status: 'previewed' | 'imported';
  importedAt: Date | string | null;
}

export type CsvActionData =
  | { ok: true; message: string }
  | { ok: false; message: string; fieldErrors: Record<string, string> }
  | undefined;

/**
 * Upload a Mijn Fluvius export, see what is in it (per day: quarters, offtake, injection, and what the day already
 * holds), then import. Used by the homeowner view and the console alike; `basePath` is the page itself.
 */
export function CsvImportPanel({
  preview,
  actionData,
  basePath,
}: {
  preview: CsvPreview | null;
  actionData: CsvActionData;
  basePath: string;
}) {
  const t = useT();
  const f = useFormat();
  const busy = useNavigation().state !== 'idle';
  const failed = actionData && !actionData.ok ? actionData : null;
  const imported = actionData?.ok ? actionData.message : null;

  if (!preview) {
    return (
      <Card withBorder>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="csv.upload" />
          <Stack>
            <Text size="sm">{t('csvImport.intro')}</Text>
            <FormError message={failed && !failed.fieldErrors.file ? failed.message : null} />
            {/* A native file input (a browser test and a screen reader both find it by its label); the wrapper's id is the input's. */}
            <Input.Wrapper label={t('csvImport.file')} error={failed?.fieldErrors.file} id="csv-file">
              <input
                id="csv-file"
                type="file"
                name="file"
                accept=".csv,text/csv"
                required
                aria-describedby={failed?.fieldErrors.file ? 'csv-file-error' : undefined}
              />
            </Input.Wrapper>
            <div>
              <Button type="submit" loading={busy}>
                {t('csvImport.preview')}
              </Button>
            </div>
          </Stack>
        </Form>
      </Card>
    );
  }

  const done = preview.status === 'imported';
  return (
    <Stack>
      {imported ? (
        <Alert color="green" variant="light" role="status">
          {imported}
        </Alert>
      ) : null}
      <FormError message={failed?.message} />
      <Card withBorder>
        <Stack gap="xs">
          <Text fw={600}>{preview.fileName}</Text>
          <Text size="sm" data-testid="csv-summary">
            {t('csvImport.summary', {
              days: preview.days.length,
              first: f.date(preview.firstDay),
              last: f.date(preview.lastDay),
              ean: preview.ean,
            })}{' '}
            {t('csvImport.totals', {
              offtake: f.kwh(preview.offtakeWh),
              injection: f.kwh(preview.injectionWh),
            })}
          </Text>
          {preview.overwriteDays > 0 && !done ? (
            <Alert color="orange" variant="light">
              {t('csvImport.overwriteSummary', { days: preview.overwriteDays })}
            </Alert>
          ) : null}
          {done ? (
            <Text size="sm">
              {t('csvImport.alreadyImported', {
                date: preview.importedAt ? f.dateTime(preview.importedAt) : '',
              })}{' '}
              <Anchor component={Link} to={basePath}>
                {t('csvImport.another')}
              </Anchor>
            </Text>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="csv.import" />
              <input type="hidden" name="uploadId" value={preview.uploadId} />
              <Group>
                <Button type="submit" loading={busy} disabled={preview.importDays === 0}>
                  {t('csvImport.submit', { days: preview.importDays })}
                </Button>
                <Anchor component={Link} to={basePath} size="sm">
                  {t('common.cancel')}
                </Anchor>
              </Group>
            </Form>
          )}
        </Stack>
      </Card>
      <Table.ScrollContainer minWidth={520} mah={480}>
        <Table striped verticalSpacing={4} data-testid="csv-days">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('csvImport.day')}</Table.Th>
              <Table.Th>{t('csvImport.quarters')}</Table.Th>
              <Table.Th>{t('csvImport.offtake')}</Table.Th>
              <Table.Th>{t('csvImport.injection')}</Table.Th>
              <Table.Th>{t('csvImport.existing')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.days.map((d) => (
              <Table.Tr key={d.date}>
                <Table.Td>{f.date(d.date)}</Table.Td>
                <Table.Td>
                  {d.quarters === d.expectedQuarters
                    ? f.number(d.quarters)
                    : t('csvImport.partial', {
                        quarters: f.number(d.quarters),
                        expected: f.number(d.expectedQuarters),
                      })}
                  {d.estimatedValues > 0 ? (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {t('csvImport.estimated', { count: d.estimatedValues })}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{f.kwh(d.offtakeWh)}</Table.Td>
                <Table.Td>{f.kwh(d.injectionWh)}</Table.Td>
                <Table.Td>
                  {d.fluviusQuarters > 0 ? (
                    <Text span c="orange.8" size="sm">
                      {t('csvImport.overwrites', { count: d.fluviusQuarters })}
                    </Text>
                  ) : d.gatewayQuarters > 0 ? (
                    t('csvImport.gatewayKept', { count: d.gatewayQuarters })
                  ) : (
                    t('csvImport.new')
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
