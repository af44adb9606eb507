import type { Paged, RouteDescriptor } from '@chanjiao/contracts';
import { keepPreviousData } from '@tanstack/react-query';
import { Flex, type TableProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import type { RequestInput, ResponseOf } from '../../api/request';
import { DataTable, QueryError } from '../DataTable';
import { FilterBar, type FilterDef, filterKeys } from './FilterBar';
import { type PagedQueryState, usePagedQuery } from './usePagedQuery';
import { usePagination } from './usePagination';

export type RowOf<D extends RouteDescriptor> = ResponseOf<D> extends Paged<infer T> ? T : never;

export interface PagedTableProps<D extends RouteDescriptor> {
  descriptor: D;
  /** Path parameters of the list route (e.g. the consortium of a member list). */
  params?: RequestInput<D>['params'];
  columns: ColumnsType<RowOf<D>>;
  /** A unique column, or a function building a unique key from several. */
  rowKey: (keyof RowOf<D> & string) | ((row: RowOf<D>) => string);
  /** Shows the `q` search box with this placeholder. */
  searchPlaceholder?: string;
  filters?: readonly FilterDef[];
  /** Buttons on the right of the filters; gets the list state (e.g. to export with the same filters). */
  actions?: (state: PagedQueryState) => ReactNode;
  expandable?: TableProps<RowOf<D>>['expandable'];
  /** Test id of the table wrapper. */
  testId?: string;
  /** Text of the empty state when no filter is set, e.g. 「还没有登记单位」. */
  emptyText?: string;
  /** A call to action under that empty state, e.g. a 「登记单位」 button. */
  emptyAction?: ReactNode;
}

/**
 * The list plumbing every paged page shares: URL-backed query state, filter bar, server
 * pagination, loading, error and empty states, horizontal scrolling on narrow screens.
 */
export function PagedTable<D extends RouteDescriptor>({
  descriptor,
  params,
  columns,
  rowKey,
  searchPlaceholder,
  filters = [],
  actions,
  expandable,
  testId,
  emptyText,
  emptyAction,
}: PagedTableProps<D>) {
  const { t } = useTranslation();
  const state = usePagedQuery(filterKeys(filters));
  const list = useApiQuery(descriptor, { params, query: state.query } as RequestInput<D>, {
    placeholderData: keepPreviousData,
  });
  const data = list.data as Paged<RowOf<D>> | undefined;
  const pagination = usePagination(state, data?.total);
  // A view switch (segmented) is not a filter: its empty list shows the page's own empty text.
  const views = new Set(filters.flatMap((f) => (f.kind === 'segmented' ? [f.key] : [])));
  const filtered = Object.entries(state.values).some(([k, v]) => v && !views.has(k));

  return (
    <div className="paged-table" data-testid={testId}>
      <Flex wrap gap={8} justify="space-between" className="paged-table-toolbar">
        <Flex wrap gap={8} className="paged-table-filters">
          <FilterBar state={state} filters={filters} searchPlaceholder={searchPlaceholder} />
        </Flex>
        {actions ? (
          <Flex wrap gap={8}>
            {actions(state)}
          </Flex>
        ) : null}
      </Flex>
      <QueryError query={list} retry />
      <DataTable<RowOf<D>>
        rowKey={rowKey}
        columns={columns}
        dataSource={data?.items ?? []}
        query={list}
        expandable={expandable}
        emptyText={filtered ? t('table.noMatch') : (emptyText ?? t('table.empty'))}
        emptyAction={filtered ? null : emptyAction}
        pagination={pagination}
      />
    </div>
  );
}
