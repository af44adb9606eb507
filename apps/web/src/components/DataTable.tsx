import { Alert, Button, Empty, Grid, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from './useShowError';

export interface DataTableProps<T> extends Omit<TableProps<T>, 'loading' | 'locale' | 'scroll'> {
  /** The query behind the rows: spinning while it fetches, 「加载中」 in the empty state at first. */
  query: { isLoading: boolean; isFetching: boolean };
  /** Text of the empty state, e.g. 「还没有岗位」. */
  emptyText: string;
  /** A call to action under that empty state. */
  emptyAction?: ReactNode;
  testId?: string;
}

/**
 * An antd table as every list shows one: scrolling sideways inside its card on narrow screens,
 * compact on phones, spinning while its query fetches, and an empty state with a hint.
 */
export function DataTable<T>({ query, emptyText, emptyAction, testId, size, ...rest }: DataTableProps<T>) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return (
    <Table<T>
      {...rest}
      loading={query.isFetching}
      scroll={{ x: 'max-content' }}
      size={size ?? (screens.md ? 'middle' : 'small')}
      locale={{
        emptyText: (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query.isLoading ? t('common.loading') : emptyText}>
            {query.isLoading ? null : emptyAction}
          </Empty>
        ),
      }}
      data-testid={testId}
    />
  );
}

/**
 * The error line of a failed query, above what it would have shown; with `retry`, a 重试 button
 * that runs it again.
 */
export function QueryError({
  query,
  retry = false,
}: {
  query: { isError: boolean; error: unknown; refetch: () => unknown };
  retry?: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (!query.isError) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(query.error)}
      action={
        retry ? (
          <Button size="small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 12 }}
    />
  );
}
