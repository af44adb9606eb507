import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router';
import { formatTime } from '../labels';
import type { FilterDef } from './FilterBar';

/**
 * The 在册 / 已删除 switch of a list whose writers delete and restore rows (`enabled`): its filter
 * (first in the bar, key `deleted` in the URL), whether the deleted view is on, and the 删除时间
 * column that view adds.
 */
export function useDeletedToggle<T extends { deletedAt: string | null }>(
  enabled: boolean,
  labels: { current: string; deleted: string; deletedAt: string },
) {
  const [sp] = useSearchParams();
  const showDeleted = enabled && sp.get('deleted') === 'true';
  const filters: FilterDef[] = enabled
    ? [
        {
          kind: 'segmented',
          key: 'deleted',
          options: [
            { value: 'false', label: labels.current },
            { value: 'true', label: labels.deleted },
          ],
        },
      ]
    : [];
  const columns: ColumnsType<T> = showDeleted
    ? [{ title: labels.deletedAt, dataIndex: 'deletedAt', render: (v: string | null) => formatTime(v) }]
    : [];
  return { showDeleted, filters, columns };
}
