import { Grid, type TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PagedQueryState, pageSizes } from './usePagedQuery';

/** Server pagination of a table, driven by the list state in the URL (a new page size starts at page 1). */
export function usePagination(state: PagedQueryState, total: number | undefined): TablePaginationConfig {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  return {
    current: state.page,
    pageSize: state.pageSize,
    total: total ?? 0,
    pageSizeOptions: pageSizes,
    showSizeChanger: true,
    showTotal: (n) => t('table.total', { total: n }),
    simple: !screens.sm,
    onChange: (page, pageSize) => state.set({ page, pageSize, ...(pageSize !== state.pageSize ? { page: 1 } : {}) }),
  };
}
