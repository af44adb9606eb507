import { api } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoteSearch } from '../useRemoteSearch';
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
  const { list, selectProps } = useRemoteSearch(api.refIndustries, 30, t('orgs.typeToSearch'));
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
      {...selectProps}
      value={chosen}
      onChange={(v: string[]) => onChange?.(v)}
      options={options}
      placeholder={t('orgs.industriesPlaceholder')}
      data-testid={testId}
    />
  );
}
