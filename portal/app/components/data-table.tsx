import { Group, Pagination, Select, Table, Text, UnstyledButton } from '@mantine/core';
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
import { useMemo } from 'react';
import { useFormat, useT } from '~/lib/i18n';

export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type ServerColumn<Row extends RowData> = ColumnDef<typeof serverTableFeatures, Row>;

export interface ServerTableProps<Row extends RowData> {
  columns: ServerColumn<Row>[];
  rows: Row[];
  total: number;
  page: number;
  pageSize: number;
  sort?: string;
  desc?: boolean;
  /** Shown when there are no rows at all (no filter) or none for the current filter. */
  emptyText: string;
  caption: string;
  getRowId?: (row: Row) => string;
}

/**
 * A TanStack table whose sorting and paging live in the URL: the server sorts, filters and cuts the page (the loader
 * reads the same search params), the table renders it and turns clicks into new search params.
 */
export function ServerTable<Row extends RowData>({
  columns,
  rows,
  total,
  page,
  pageSize,
  sort,
  desc,
  emptyText,
  caption,
  getRowId,
}: ServerTableProps<Row>) {
  const [params, setParams] = useSearchParams();
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
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = functionalUpdate(updater, sorting)[0];
      update({ sort: next?.id ?? null, desc: next?.desc ? '1' : null, page: null });
    },
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
              {caption} ·{' '}
              {total === 1 ? t('common.results.one') : t('common.results', { count: f.number(total) })}
            </Text>
          </caption>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const label = header.isPlaceholder ? null : <table.FlexRender header={header} />;
                  return (
                    <Table.Th
                      key={header.id}
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                      }
                    >
                      {header.column.getCanSort() ? (
                        <UnstyledButton onClick={header.column.getToggleSortingHandler()} fw={600} fz="sm">
                          {label} {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                        </UnstyledButton>
                      ) : (
                        label
                      )}
                    </Table.Th>
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
