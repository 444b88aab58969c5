import {
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { ConfirmModal } from '~/components/form-modal';
import { PageHeader } from '~/components/page-header';
import { useT } from '~/lib/i18n';

export interface RateColumn<R> {
  label: string;
  value: (row: R) => ReactNode;
  numeric?: boolean;
}

export interface RateField {
  name: string;
  label: string;
  description?: string;
  /** The key the service's field error comes under (else `name`). */
  errorKey?: string;
  type?: 'date';
  decimal?: boolean;
  options?: Array<{ value: string; label: string }>;
}

/**
 * A dated rate table staff keep in the console (network rates per area and day, CREG rates per region and quarter):
 * the rows newest first, and for whoever may edit them a form that adds or replaces a row (the same key saved again
 * replaces it) and a delete behind a confirmation that says what happens next. The page names its columns and fields.
 */
export function RateTablePage<R>({
  title,
  intro,
  empty,
  testId,
  rows,
  rowKey,
  columns,
  canEdit,
  minWidth,
  save,
  remove,
}: {
  title: string;
  intro: string;
  empty: string;
  testId: string;
  rows: readonly R[];
  rowKey: (row: R) => string;
  columns: ReadonlyArray<RateColumn<R>>;
  canEdit: boolean;
  minWidth?: number;
  save: { intent: string; title: string; fields: readonly RateField[] };
  remove: {
    intent: string;
    label: string;
    title: string;
    fields: (row: R) => Record<string, string | number>;
    message: (row: R) => string;
  };
}) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher(`${testId}-save`);
  const [deleting, setDeleting] = useState<R | null>(null);
  const table = (
    <Table data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.label} ta={c.numeric ? 'right' : undefined}>
              {c.label}
            </Table.Th>
          ))}
          {canEdit ? <Table.Th /> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={rowKey(r)}>
            {columns.map((c) => (
              <Table.Td key={c.label} ta={c.numeric ? 'right' : undefined}>
                {c.value(r)}
              </Table.Td>
            ))}
            {canEdit ? (
              <Table.Td>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(r)}>
                  {remove.label}
                </Button>
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return (
    <Stack>
      <PageHeader title={title} />
      <Text size="sm">{intro}</Text>
      <Card withBorder>
        {rows.length === 0 ? (
          <Text c="dimmed">{empty}</Text>
        ) : minWidth ? (
          <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>
        ) : (
          table
        )}
      </Card>
      {canEdit ? (
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {save.title}
          </Title>
          <fetcher.Form method="post" aria-label={save.title}>
            <input type="hidden" name="intent" value={save.intent} />
            <Stack gap="sm">
              <ActionResult result={result} />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                {save.fields.map((f) =>
                  f.options ? (
                    <NativeSelect
                      key={f.name}
                      name={f.name}
                      label={f.label}
                      description={f.description}
                      data={f.options}
                      error={errors[f.errorKey ?? f.name]}
                    />
                  ) : (
                    <TextInput
                      key={f.name}
                      name={f.name}
                      label={f.label}
                      description={f.description}
                      type={f.type}
                      inputMode={f.decimal ? 'decimal' : undefined}
                      autoComplete="off"
                      error={errors[f.errorKey ?? f.name]}
                    />
                  ),
                )}
              </SimpleGrid>
              <Group>
                <Button type="submit" {...submit}>
                  {t('control.save')}
                </Button>
              </Group>
            </Stack>
          </fetcher.Form>
        </Card>
      ) : null}
      <ConfirmModal
        item={deleting}
        onClose={() => setDeleting(null)}
        title={remove.title}
        intent={remove.intent}
        submitLabel={remove.label}
        fields={remove.fields}
        message={remove.message}
      />
    </Stack>
  );
}
