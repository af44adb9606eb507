import type { Paged, RouteDescriptor } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Flex, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import type { RequestInput } from '../../api/request';
import { DataTable, QueryError } from '../../components/DataTable';
import { FilterBar, type FilterDef, filterKeys } from '../../components/paged/FilterBar';
import type { RowOf } from '../../components/paged/PagedTable';
import { type PagedQueryState, usePagedQuery } from '../../components/paged/usePagedQuery';
import { usePagination } from '../../components/paged/usePagination';
import { thisYear, YearSelect } from './shared';

/**
 * The list state of a ledger page: the URL-backed paged query plus the year the page shows (the
 * `year` key, this year unless chosen), so that a list and its export send the same filters.
 */
export function useLedgerQuery(filters: readonly FilterDef[]) {
  const state = usePagedQuery(['year', ...filterKeys(filters)]);
  const year = Number(state.values.year) || thisYear();
  const query: Record<string, string | number> = { ...state.query, year };
  const exportQuery = Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'page' && k !== 'pageSize'));
  return { state, year, query, exportQuery };
}
export type LedgerQuery = ReturnType<typeof useLedgerQuery>;

/**
 * A paged ledger list: a year picker first, the shared filter bar, server pagination, empty and
 * error states, and (unlike the shared PagedTable) row classes and row clicks, which the ledger
 * uses to highlight overdue and lagging tasks and to open a record.
 */
export function LedgerTable<D extends RouteDescriptor>({
  descriptor,
  list: lq,
  filters,
  columns,
  rowKey,
  searchPlaceholder,
  actions,
  rowClassName,
  onRow,
  emptyText,
  emptyAction,
  testId,
  withYear = true,
}: {
  descriptor: D;
  list: LedgerQuery;
  filters: readonly FilterDef[];
  columns: ColumnsType<RowOf<D>>;
  rowKey: (keyof RowOf<D> & string) | ((row: RowOf<D>) => string);
  searchPlaceholder?: string;
  actions?: ReactNode;
  rowClassName?: (row: RowOf<D>) => string;
  onRow?: TableProps<RowOf<D>>['onRow'];
  emptyText: string;
  emptyAction?: ReactNode;
  testId?: string;
  withYear?: boolean;
}) {
  const { t } = useTranslation();
  const { state } = lq;
  const result = useApiQuery(descriptor, { query: lq.query } as RequestInput<D>, { placeholderData: keepPreviousData });
  const data = result.data as Paged<RowOf<D>> | undefined;
  const pagination = usePagination(state, data?.total);
  const filtered = Object.entries(state.values).some(([k, v]) => v && k !== 'year');
  return (
    <div className="paged-table" data-testid={testId}>
      <Flex wrap gap={8} justify="space-between" className="paged-table-toolbar">
        <Flex wrap gap={8} className="paged-table-filters">
          {withYear ? <YearSelect value={lq.year} onChange={(year) => state.set({ year })} /> : null}
          <FilterBar state={state} filters={filters} searchPlaceholder={searchPlaceholder} />
        </Flex>
        {actions ? (
          <Flex wrap gap={8}>
            {actions}
          </Flex>
        ) : null}
      </Flex>
      <QueryError query={result} retry />
      <DataTable<RowOf<D>>
        rowKey={rowKey}
        columns={columns}
        dataSource={data?.items ?? []}
        query={result}
        emptyText={filtered ? t('table.noMatch') : emptyText}
        emptyAction={filtered ? null : emptyAction}
        pagination={pagination}
        rowClassName={rowClassName}
        onRow={onRow}
      />
    </div>
  );
}

/** Same list query as the table's (one request, shared cache): for facets such as the lead units. */
export function useLedgerList<D extends RouteDescriptor>(descriptor: D, lq: LedgerQuery) {
  return useApiQuery(descriptor, { query: lq.query } as RequestInput<D>, { placeholderData: keepPreviousData });
}

export type { PagedQueryState };
