import { api } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { useDebounced } from '../useDebounced';
import { useIndustryNames } from './refs';

/** GB/T 4754 industries, searched on the server by code or name; several may be chosen. */
export function IndustrySelect({
  value,
  onChange,
  testId,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useApiQuery(api.refIndustries, { query: { q, pageSize: 30 } }, { enabled: q !== '', staleTime: 60_000 });
  const chosen = value ?? [];
  const names = useIndustryNames(chosen);
  const options = useMemo(() => {
    const out = (list.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
    for (const code of chosen)
      if (!out.some((o) => o.value === code))
        out.push({ value: code, label: names.get(code) ? `${code} ${names.get(code)}` : code });
    return out;
  }, [list.data, chosen, names]);
  return (
    <Select
      mode="multiple"
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={chosen}
      onChange={(v: string[]) => onChange?.(v)}
      onBlur={() => setSearch('')}
      options={options}
      loading={list.isFetching}
      placeholder={t('orgs.industriesPlaceholder')}
      notFoundContent={q === '' ? t('orgs.typeToSearch') : list.isFetching ? t('common.loading') : t('table.noMatch')}
      data-testid={testId}
    />
  );
}
