import { Select } from 'antd';
import dayjs from 'dayjs';

export const thisYear = () => dayjs().year();

/** Years from `last` down to 2023 (the policy's start), newest first. */
export function yearOptions(last: number = thisYear() + 1) {
  const out: { value: string; label: string }[] = [];
  for (let y = last; y >= 2023; y--) out.push({ value: String(y), label: String(y) });
  return out;
}

/** A year picker that always has a value (the pages show one year at a time). */
export function YearSelect({
  value,
  onChange,
  label,
  last,
  testId,
}: {
  value: number;
  onChange: (year: number) => void;
  /** The option text of a year, e.g. “2026 年”. */
  label: (year: string) => string;
  /** The newest year offered; next year by default. */
  last?: number;
  testId: string;
}) {
  return (
    <Select
      value={String(value)}
      options={yearOptions(last).map((o) => ({ ...o, label: label(o.value) }))}
      onChange={(v: string) => onChange(Number(v))}
      style={{ width: 110 }}
      data-testid={testId}
    />
  );
}
