import { DatePicker, Flex, Grid, Input, Segmented, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { PagedQueryState } from './usePagedQuery';

export type FilterDef =
  | {
      kind: 'select';
      key: string;
      placeholder: string;
      options: { value: string; label: string }[];
      width?: number;
      /** Type to filter the options (long lists such as the 38 districts). */
      search?: boolean;
    }
  | { kind: 'text'; key: string; placeholder: string; width?: number }
  /** Views of one list (e.g. 在册 / 已删除); the first option is the default and leaves the key unset. */
  | { kind: 'segmented'; key: string; options: { value: string; label: string }[] }
  | { kind: 'dateRange'; from: string; to: string; placeholder: [string, string] };

/** The URL keys a filter list reads and writes. */
export function filterKeys(filters: readonly FilterDef[]): string[] {
  return filters.flatMap((f) => (f.kind === 'dateRange' ? [f.from, f.to] : [f.key]));
}

/** A text box that commits on Enter, blur or clear (not on every keystroke). */
function CommitInput({
  value,
  onCommit,
  placeholder,
  search,
  style,
  testId,
}: {
  value: string | undefined;
  onCommit: (v: string) => void;
  placeholder: string;
  search?: boolean;
  style: React.CSSProperties;
  testId: string;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = (v: string) => {
    if (v.trim() !== (value ?? '')) onCommit(v.trim());
  };
  const common = {
    value: text,
    placeholder,
    allowClear: true,
    style,
    'data-testid': testId,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => {
      setText(e.target.value);
      if (e.target.value === '' && value) onCommit('');
    },
    onBlur: () => commit(text),
  };
  return search ? (
    <Input.Search {...common} onSearch={(v) => commit(v)} enterButton />
  ) : (
    <Input {...common} onPressEnter={() => commit(text)} />
  );
}

export function FilterBar({
  state,
  filters,
  searchPlaceholder,
}: {
  state: PagedQueryState;
  filters: readonly FilterDef[];
  searchPlaceholder?: string;
}) {
  const screens = Grid.useBreakpoint();
  const phone = !screens.sm;
  const width = (w: number) => (phone ? '100%' : w);
  return (
    <>
      {searchPlaceholder !== undefined && (
        <CommitInput
          search
          value={state.values.q}
          placeholder={searchPlaceholder}
          onCommit={(q) => state.set({ q })}
          style={{ width: width(260) }}
          testId="table-search"
        />
      )}
      {filters.map((f) => {
        if (f.kind === 'select')
          return (
            <Select
              key={f.key}
              allowClear
              placeholder={f.placeholder}
              options={f.options}
              showSearch={f.search ? { optionFilterProp: 'label' } : undefined}
              value={state.values[f.key] ?? null}
              onChange={(v: string | undefined) => state.set({ [f.key]: v })}
              style={{ width: width(f.width ?? 150) }}
              data-testid={`filter-${f.key}`}
            />
          );
        if (f.kind === 'segmented')
          return (
            <Segmented
              key={f.key}
              options={f.options}
              value={state.values[f.key] ?? f.options[0]?.value}
              onChange={(v) => state.set({ [f.key]: v === f.options[0]?.value ? undefined : v })}
              data-testid={`filter-${f.key}`}
            />
          );
        if (f.kind === 'text')
          return (
            <CommitInput
              key={f.key}
              value={state.values[f.key]}
              placeholder={f.placeholder}
              onCommit={(v) => state.set({ [f.key]: v })}
              style={{ width: width(f.width ?? 150) }}
              testId={`filter-${f.key}`}
            />
          );
        const from = state.values[f.from];
        const to = state.values[f.to];
        if (phone)
          // A range picker's two-month panel does not fit a phone: two single pickers instead.
          return (
            <Flex key={`${f.from}-${f.to}`} gap={8} style={{ width: '100%' }}>
              <DatePicker
                value={from ? dayjs(from) : null}
                placeholder={f.placeholder[0]}
                onChange={(d: Dayjs | null) => state.set({ [f.from]: d?.startOf('day').toISOString() })}
                style={{ flex: 1, minWidth: 0 }}
                inputReadOnly
              />
              <DatePicker
                value={to ? dayjs(to) : null}
                placeholder={f.placeholder[1]}
                onChange={(d: Dayjs | null) => state.set({ [f.to]: d?.endOf('day').toISOString() })}
                style={{ flex: 1, minWidth: 0 }}
                inputReadOnly
              />
            </Flex>
          );
        const range: [Dayjs, Dayjs] | null = from && to ? [dayjs(from), dayjs(to)] : null;
        return (
          <DatePicker.RangePicker
            key={`${f.from}-${f.to}`}
            value={range}
            placeholder={f.placeholder}
            onChange={(v) =>
              state.set({
                [f.from]: v?.[0]?.startOf('day').toISOString(),
                [f.to]: v?.[1]?.endOf('day').toISOString(),
              })
            }
            style={{ width: width(260) }}
          />
        );
      })}
    </>
  );
}
