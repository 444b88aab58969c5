import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { useT } from '~/lib/i18n';
import { type ListPage, type ServerColumn, ServerTable } from './data-table';
import { ListFilterForm } from './list-filter-form';

/**
 * A console list's table: the service's page wired into `ServerTable`, rows keyed by their id. An empty table says
 * "no results" under a filter and the page's own `emptyText` (nothing yet) without one.
 */
export function ListTable<Row extends { id: number | string }>({
  list,
  columns,
  caption,
  emptyText,
  filtered = true,
}: {
  list: ListPage<Row>;
  columns: ServerColumn<Row>[];
  caption: string;
  /** Shown when the list is empty without a filter; with one (or when left out) "no results". */
  emptyText?: string;
  filtered?: boolean;
}) {
  const t = useT();
  return (
    <ServerTable
      columns={columns}
      rows={list.rows}
      total={list.total}
      more={list.more}
      page={list.page}
      pageSize={list.pageSize}
      sort={list.sort}
      desc={list.desc}
      caption={caption}
      emptyText={filtered || emptyText === undefined ? t('common.noResults') : emptyText}
      getRowId={(r) => String(r.id)}
    />
  );
}

/**
 * A console list's filters: the search field first (when the list has one), the page's own filters, and the Filter
 * button for typing without a pause; the URL holds them (`ListFilterForm`).
 */
export function ListFilters({
  search,
  submit = true,
  children,
}: {
  search?: { defaultValue: string; placeholder: string; w?: number | Record<string, number | string> };
  /** The Filter button; lists whose every field applies on change may leave it out. */
  submit?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <ListFilterForm>
      <Group align="end" mb="md" wrap="wrap">
        {search ? (
          <TextInput
            name="search"
            type="search"
            label={t('common.search')}
            placeholder={search.placeholder}
            defaultValue={search.defaultValue}
            w={search.w ?? { base: '100%', sm: 300 }}
          />
        ) : null}
        {children}
        {submit ? (
          <Button type="submit" variant="light">
            {t('common.filter')}
          </Button>
        ) : null}
      </Group>
    </ListFilterForm>
  );
}

/**
 * A select filter whose first choice is "all" (an empty value); `options` are the rest. Not shown when there is
 * nothing to choose from (an installer filter for a reader who sees one installer).
 */
export function SelectFilter({
  name,
  label,
  options,
  defaultValue,
  w,
  hideWhenEmpty = false,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue: string;
  w: number;
  hideWhenEmpty?: boolean;
}) {
  const t = useT();
  if (hideWhenEmpty && options.length === 0) return null;
  return (
    <NativeSelect
      name={name}
      label={label}
      data={[{ value: '', label: t('common.all') }, ...options]}
      defaultValue={defaultValue}
      w={w}
    />
  );
}

/** The installer filter of a console list: shown to whoever sees more than their own organization's (staff). */
export function InstallerFilter({
  options,
  defaultValue,
  label,
  w = 200,
}: {
  options: { value: string; label: string }[];
  defaultValue: string;
  label: string;
  w?: number;
}) {
  return (
    <SelectFilter
      name="organizationId"
      label={label}
      options={options}
      defaultValue={defaultValue}
      w={w}
      hideWhenEmpty
    />
  );
}
