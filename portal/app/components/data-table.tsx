import { Group, Pagination, Select, Table, type TableThProps, Text, UnstyledButton } from '@mantine/core';
import { useSearchParams } from '@remix-run/react';
import {
  type ColumnDef,
  functionalUpdate,
  type PaginationState,
  type RowData,
  rowPaginationFeature,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from '@tanstack/react-table';
import { type ReactNode, useMemo } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type ServerColumn<Row extends RowData> = ColumnDef<typeof serverTableFeatures, Row>;

/** One page of a server-sorted list, as a list service returns it. */
export interface ListPage<Row> {
  rows: Row[];
  total: number;
  /** The total is a floor: the server counted no further (a fleet-wide list, decision 271). */
  more?: boolean;
  page: number;
  pageSize: number;
  sort?: string;
  desc?: boolean;
}

export interface ServerTableProps<Row extends RowData> extends ListPage<Row> {
  columns: ServerColumn<Row>[];
  /** Shown when there are no rows at all (no filter) or none for the current filter. */
  emptyText: string;
  caption: string;
  getRowId?: (row: Row) => string;
}

/**
 * A table's sort as the URL holds it (`sort`, `desc`), with the sort a list falls back to when the URL names none.
 * Clicking a column sorts by it ascending, clicking it again turns it around; the page goes back to the first.
 */
export function useUrlSort(fallback: { sort: string; desc: boolean }) {
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') || fallback.sort;
  const desc = params.get('sort')
    ? params.get('desc') === '1' || params.get('desc') === 'true'
    : fallback.desc;
  const toggle = (column: string) => {
    const next = new URLSearchParams(params);
    next.set('sort', column);
    // said both ways: a list whose own order is newest first reads a missing `desc` as descending
    next.set('desc', column === sort && !desc ? '1' : '0');
    next.delete('page');
    setParams(next, { preventScrollReset: true });
  };
  return { sort, desc, toggle };
}

/**
 * A column header that sorts its table: a button with the direction shown, and `aria-sort` on the header so a screen
 * reader says how the table is sorted. Every console table's headers are these (server-sorted or not).
 */
export function SortableTh({
  label,
  direction,
  onSort,
  ...props
}: {
  label: ReactNode;
  direction: 'asc' | 'desc' | false;
  onSort: () => void;
} & TableThProps) {
  return (
    <Table.Th
      {...props}
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <UnstyledButton onClick={onSort} fw={600} fz="sm" style={{ whiteSpace: 'nowrap' }}>
        {label} <span aria-hidden>{direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}

/**
 * A list the page holds whole (not paged, a few dozen rows): sorted in the browser, by the same URL sort and the
 * same headers as the server-sorted tables. `values` says what each sortable column sorts by.
 */
export function useClientSort<Row>(
  rows: Row[],
  values: Record<string, (row: Row) => string | number | null>,
  fallback: { sort: string; desc: boolean },
) {
  const urlSort = useUrlSort(fallback);
  const sort = values[urlSort.sort] ? urlSort.sort : fallback.sort;
  const desc = values[urlSort.sort] ? urlSort.desc : fallback.desc;
  const sorted = useMemo(() => {
    const value = values[sort];
    if (!value) return rows;
    const text = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const compare = (a: Row, b: Row) => {
      const x = value(a);
      const y = value(b);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return typeof x === 'number' && typeof y === 'number' ? x - y : text.compare(String(x), String(y));
    };
    return [...rows].sort((a, b) => (desc ? compare(b, a) : compare(a, b)));
  }, [rows, values, sort, desc]);
  const th = (column: string, label: ReactNode) => (
    <SortableTh
      key={column}
      label={label}
      direction={sort === column ? (desc ? 'desc' : 'asc') : false}
      onSort={() => urlSort.toggle(column)}
    />
  );
  return { rows: sorted, th };
}

/**
 * A TanStack table whose sorting and paging live in the URL: the server sorts, filters and cuts the page (the loader
 * reads the same search params), the table renders it and turns clicks into new search params.
 */
export function ServerTable<Row extends RowData>({
  columns,
  rows,
  total,
  more = false,
  page,
  pageSize,
  sort,
  desc,
  emptyText,
  caption,
  getRowId,
}: ServerTableProps<Row>) {
  const [params, setParams] = useSearchParams();
  const urlSort = useUrlSort({ sort: sort ?? '', desc: Boolean(desc) });
  const t = useT();
  const f = useFormat();
  const sorting: SortingState = useMemo(
    () => (sort ? [{ id: sort, desc: Boolean(desc) }] : []),
    [sort, desc],
  );
  const pagination: PaginationState = useMemo(() => ({ pageIndex: page - 1, pageSize }), [page, pageSize]);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { preventScrollReset: true });
  };

  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: rows,
    getRowId,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    rowCount: total,
    state: { sorting, pagination },
    onPaginationChange: (updater: Updater<PaginationState>) => {
      const next = functionalUpdate(updater, pagination);
      update({ page: String(next.pageIndex + 1), pageSize: String(next.pageSize) });
    },
  });

  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>
            <Text size="sm" c="dimmed">
              {caption} · {t(more ? 'common.resultsMore' : 'common.results', { count: total })}
            </Text>
          </caption>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                  // The server sorts: a column is sortable when its definition says so (TanStack's own check wants
                  // an accessor, which these display columns do not have).
                  if (header.column.columnDef.enableSorting !== true)
                    return <Table.Th key={header.id}>{label}</Table.Th>;
                  return (
                    <SortableTh
                      key={header.id}
                      label={label}
                      direction={sort === header.column.id ? (desc ? 'desc' : 'asc') : false}
                      onSort={() => urlSort.toggle(header.column.id)}
                    />
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id}>
                {row.getAllCells().map((cell) => (
                  <Table.Td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" py="lg" ta="center">
                    {emptyText}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" mt="sm">
        <Group gap="xs">
          <Text size="sm">{t('common.rowsPerPage')}</Text>
          <Select
            aria-label={t('common.rowsPerPage')}
            w={80}
            size="xs"
            data={['10', '25', '50', '100']}
            value={String(pageSize)}
            onChange={(v) => v && table.setPageSize(Number(v))}
            allowDeselect={false}
          />
        </Group>
        <Group gap="xs">
          <Text size="sm">{t('common.page', { page: f.number(page), pages: f.number(pages) })}</Text>
          <Pagination
            total={pages}
            value={page}
            onChange={(p) => table.setPageIndex(p - 1)}
            size="sm"
            siblings={1}
            getControlProps={(control) => ({
              'aria-label':
                control === 'previous'
                  ? t('common.previous')
                  : control === 'next'
                    ? t('common.next')
                    : control,
            })}
          />
        </Group>
      </Group>
    </>
  );
}
