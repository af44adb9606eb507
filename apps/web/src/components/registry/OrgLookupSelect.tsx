import { api, type OrgType } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { codeLabel } from '../labels';
import { useDebounced } from '../useDebounced';

/** Names of every organization seen, so a chosen value keeps its label when the search changes. */
const seenNames = new Map<string, string>();

type Common = {
  /** Only organizations of this type are offered. */
  type?: OrgType;
  placeholder: string;
  testId?: string;
  /** Names of values chosen before any search (e.g. when editing). */
  known?: readonly { id: string; name: string }[];
};
type Single = Common & { multiple?: false; value?: string | null; onChange?: (v: string | null) => void };
type Multiple = Common & { multiple: true; value?: string[]; onChange?: (v: string[]) => void };

/**
 * Picks organizations from the city-wide registry (api.lookupOrgs, org.lookup): type a name or
 * a credit code; the server answers the best matches.
 */
export function OrgLookupSelect(props: Single | Multiple) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useApiQuery(
    api.lookupOrgs,
    { query: { q, ...(props.type ? { type: props.type } : {}) } },
    { enabled: q !== '', staleTime: 30_000 },
  );
  for (const k of props.known ?? []) seenNames.set(k.id, k.name);
  for (const i of list.data?.items ?? []) seenNames.set(i.id, i.name);

  const chosen = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
  const options = useMemo(() => {
    const out = (list.data?.items ?? []).map((i) => ({
      value: i.id,
      label: i.name,
      title: [codeLabel('orgType', i.type), i.creditCode, i.districtName].filter(Boolean).join(' · '),
    }));
    for (const id of chosen)
      if (!out.some((o) => o.value === id)) out.unshift({ value: id, label: seenNames.get(id) ?? id, title: '' });
    return out;
  }, [list.data, chosen]);

  const common = {
    allowClear: true,
    showSearch: { filterOption: false, onSearch: setSearch } as const,
    options,
    loading: list.isFetching,
    placeholder: props.placeholder,
    notFoundContent: q === '' ? t('orgs.typeToSearch') : list.isFetching ? t('common.loading') : t('table.noMatch'),
    optionRender: (o: { data: { label: string; title: string } }) => (
      <div>
        <div>{o.data.label}</div>
        {o.data.title && <div className="option-hint">{o.data.title}</div>}
      </div>
    ),
    'data-testid': props.testId,
  };
  if (props.multiple)
    return (
      <Select
        {...common}
        mode="multiple"
        value={chosen}
        onChange={(v: string[]) => props.onChange?.(v)}
        onBlur={() => setSearch('')}
      />
    );
  return (
    <Select {...common} value={props.value ?? null} onChange={(v: string | undefined) => props.onChange?.(v ?? null)} />
  );
}
