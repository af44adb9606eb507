import { api } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/queries';
import { useDebounced } from '../../../components/useDebounced';

/** Picks an organization or a consortium from api.scopeOptions, searching on the server. */
export function ScopeSelect({
  kind,
  value,
  onChange,
  currentLabel,
  placeholder,
  testId,
}: {
  kind: 'org' | 'consortium';
  value?: string | null;
  onChange?: (v: string | null) => void;
  /** Name of the already chosen value, so it shows before any search. */
  currentLabel?: string | null;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useApiQuery(api.scopeOptions, { query: q ? { q } : {} }, { staleTime: 30_000 });
  const options = useMemo(() => {
    const out = (list.data?.items ?? []).filter((i) => i.kind === kind).map((i) => ({ value: i.id, label: i.name }));
    if (value && currentLabel && !out.some((o) => o.value === value)) out.unshift({ value, label: currentLabel });
    return out;
  }, [list.data, kind, value, currentLabel]);

  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? null}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      loading={list.isFetching}
      placeholder={placeholder}
      notFoundContent={list.isFetching ? t('common.loading') : t('table.noMatch')}
      data-testid={testId}
    />
  );
}
