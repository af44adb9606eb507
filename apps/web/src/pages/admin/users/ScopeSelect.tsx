import { api, type Role } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../../api/queries';
import { useDebounced } from '../../../components/useDebounced';

/**
 * Names of every option seen, so a chosen value can be shown and looked up again by name after
 * the list changed under it (another search, other roles, the picker hidden and shown again).
 */
const seenNames = new Map<string, string>();

/**
 * Picks an organization or a consortium from api.scopeOptions, searching on the server among
 * those that suit the chosen roles (a teacher: schools only). A chosen value the roles no longer
 * accept is cleared.
 */
export function ScopeSelect({
  kind,
  roles,
  value,
  onChange,
  currentLabel,
  placeholder,
  testId,
}: {
  kind: 'org' | 'consortium';
  /** The roles selected in the form; the options follow them. */
  roles: readonly Role[];
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
  const roleParam = [...roles].sort().join(',');
  const list = useApiQuery(
    api.scopeOptions,
    { query: { ...(q ? { q } : {}), ...(roleParam ? { roles: roleParam } : {}) } },
    { staleTime: 30_000 },
  );

  for (const i of list.data?.items ?? []) seenNames.set(i.id, i.name);
  const valueName = value ? (seenNames.get(value) ?? currentLabel ?? null) : null;
  // Is the chosen value still offered for these roles? Ask the server by its name (the list above
  // holds at most one page of matches, so absence there proves nothing).
  const check = useApiQuery(
    api.scopeOptions,
    { query: { q: valueName?.slice(0, 50) ?? '', roles: roleParam } },
    { enabled: !!value && !!valueName && !!roleParam, staleTime: 30_000 },
  );
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    if (!value || !check.data || check.isFetching) return;
    if (!check.data.items.some((i) => i.id === value && i.kind === kind)) onChangeRef.current?.(null);
  }, [check.data, check.isFetching, value, kind]);

  const options = useMemo(() => {
    const out = (list.data?.items ?? []).filter((i) => i.kind === kind).map((i) => ({ value: i.id, label: i.name }));
    if (value && valueName && !out.some((o) => o.value === value)) out.unshift({ value, label: valueName });
    return out;
  }, [list.data, kind, value, valueName]);

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
