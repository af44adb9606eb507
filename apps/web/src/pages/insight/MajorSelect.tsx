import { api } from '@chanjiao/contracts';
import { Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoteSearch } from '../../components/useRemoteSearch';

export interface MajorOption {
  code: string;
  name: string | null;
}

/**
 * One major of the 2021 vocational catalogue, searched on the server by code or name; before any
 * typing it offers `known` (the school's own majors).
 */
export function MajorSelect({
  value,
  onChange,
  known = [],
  disabled,
  testId,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  known?: readonly MajorOption[];
  disabled?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { q, list, selectProps } = useRemoteSearch(api.refMajors, 30, t('insight.major.typeToSearch'));
  const options = useMemo(() => {
    const found = q
      ? (list.data?.items ?? []).map((m) => ({
          value: m.code,
          label: `${m.code} ${m.name}`,
          hint: `${m.levelName} · ${m.className}`,
        }))
      : known.map((m) => ({ value: m.code, label: m.name ? `${m.code} ${m.name}` : m.code, hint: '' }));
    if (value && !found.some((o) => o.value === value)) {
      const k = known.find((m) => m.code === value);
      found.unshift({ value, label: k?.name ? `${value} ${k.name}` : value, hint: '' });
    }
    return found;
  }, [list.data, known, q, value]);
  return (
    <Select
      allowClear
      disabled={disabled}
      {...selectProps}
      value={value ?? null}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          {o.data.hint ? <div className="option-hint">{o.data.hint}</div> : null}
        </div>
      )}
      placeholder={t('insight.major.placeholder')}
      data-testid={testId}
    />
  );
}
