import { api } from '@chanjiao/contracts';
import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoteSearch } from '../../components/useRemoteSearch';

/** Names of every code seen in a search, so a chosen value keeps its label when the search changes. */
const seen = new Map<string, { name: string; scope: MajorScope }>();
const seenOccupations = new Map<string, string>();

export type MajorScope = 'major' | 'class' | 'category';
const scopeColor: Record<MajorScope, string> = { major: 'blue', class: 'purple', category: 'magenta' };

/**
 * Accepted majors of a job: single majors, whole 专业类 or whole 专业大类, found by code or name
 * in the reference catalogue. Each option says which of the three it is.
 */
export function MajorCodesSelect({
  value,
  onChange,
  known,
  testId,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  known?: readonly { code: string; name: string; scope: MajorScope }[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const { q, list, selectProps } = useRemoteSearch(api.refMajors, 40, t('work.typeToSearch'));
  for (const k of known ?? []) seen.set(k.code, { name: k.name, scope: k.scope });
  const chosen = value ?? [];

  const options = useMemo(() => {
    const out: { value: string; label: string; scope: MajorScope; hint: string }[] = [];
    const add = (code: string, name: string, scope: MajorScope, hint: string) => {
      seen.set(code, { name, scope });
      if (!out.some((o) => o.value === code)) out.push({ value: code, label: `${code} ${name}`, scope, hint });
    };
    const items = list.data?.items ?? [];
    // Groups first: a search for 汽车 offers 汽车制造类 as a whole before its single majors.
    for (const m of items) add(m.categoryCode, m.categoryName, 'category', '');
    for (const m of items) add(m.classCode, m.className, 'class', m.categoryName);
    for (const m of items) add(m.code, m.name, 'major', `${m.levelName} · ${m.className}`);
    const term = q.toLowerCase();
    const relevant = out.filter((o) => o.scope === 'major' || !term || o.label.toLowerCase().includes(term));
    const ordered = [
      ...relevant.filter((o) => o.scope === 'category'),
      ...relevant.filter((o) => o.scope === 'class'),
      ...relevant.filter((o) => o.scope === 'major'),
    ];
    for (const code of chosen)
      if (!ordered.some((o) => o.value === code)) {
        const s = seen.get(code);
        ordered.unshift({ value: code, label: s ? `${code} ${s.name}` : code, scope: s?.scope ?? 'major', hint: '' });
      }
    return ordered;
  }, [list.data, chosen, q]);

  return (
    <Select
      mode="multiple"
      allowClear
      {...selectProps}
      value={chosen}
      onChange={(v: string[]) => onChange?.(v)}
      options={options}
      placeholder={t('work.job.majorsPlaceholder')}
      optionRender={(o) => {
        const d = o.data as (typeof options)[number];
        return (
          <div>
            <Tag color={scopeColor[d.scope]} style={{ marginInlineEnd: 6 }}>
              {t(`work.majorScope.${d.scope}`)}
            </Tag>
            {d.label}
            {d.hint && <div className="option-hint">{d.hint}</div>}
          </div>
        );
      }}
      labelRender={(p) => {
        const s = seen.get(String(p.value));
        return s ? `${s.scope === 'major' ? '' : `[${t(`work.majorScope.${s.scope}`)}] `}${p.label}` : p.label;
      }}
      data-testid={testId}
    />
  );
}

/** One occupation of the 2022 职业分类大典, found by code or name (any level). */
export function OccupationSelect({
  value,
  onChange,
  knownName,
  testId,
}: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  knownName?: string | null;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { list, selectProps } = useRemoteSearch(api.refOccupations, 30, t('work.typeToSearch'));
  if (value && knownName) seenOccupations.set(value, knownName);
  const options = useMemo(() => {
    const out = (list.data?.items ?? []).map((o) => {
      seenOccupations.set(o.code, o.name);
      return { value: o.code, label: `${o.code} ${o.name}`, hint: o.levelName };
    });
    if (value && !out.some((o) => o.value === value)) {
      const name = seenOccupations.get(value);
      out.unshift({ value, label: name ? `${value} ${name}` : value, hint: '' });
    }
    return out;
  }, [list.data, value]);
  return (
    <Select
      allowClear
      {...selectProps}
      value={value ?? null}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      placeholder={t('work.job.occupationPlaceholder')}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          {o.data.hint && <div className="option-hint">{o.data.hint}</div>}
        </div>
      )}
      data-testid={testId}
    />
  );
}
