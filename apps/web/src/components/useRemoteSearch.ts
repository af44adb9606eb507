import type { RouteDescriptor } from '@chanjiao/contracts';
import type { SelectProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../api/queries';
import type { RequestInput } from '../api/request';
import { useDebounced } from './useDebounced';

/**
 * A select that looks its options up on the server as one types (reference catalogues): the
 * debounced term `q`, the page of `descriptor` (`{ q, pageSize }`, only once something is typed)
 * and the Select props that go with it — no local filtering, the term cleared on blur, and
 * `typeToSearch` / 加载中 / 无匹配 as the empty list.
 */
export function useRemoteSearch<D extends RouteDescriptor>(descriptor: D, pageSize: number, typeToSearch: string) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useApiQuery(descriptor, { query: { q, pageSize } } as RequestInput<D>, {
    enabled: q !== '',
    staleTime: 60_000,
  });
  const selectProps: Pick<SelectProps, 'showSearch' | 'onBlur' | 'loading' | 'notFoundContent'> = {
    showSearch: { filterOption: false, onSearch: setSearch },
    onBlur: () => setSearch(''),
    loading: list.isFetching,
    notFoundContent: q === '' ? typeToSearch : list.isFetching ? t('common.loading') : t('table.noMatch'),
  };
  return { q, list, selectProps };
}
