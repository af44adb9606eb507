import { halfWidthAscii, type RowValues, type SheetColumn } from './columns';
import { cleanText } from './normalize';
import type { ParsedRow, ParsedSheet, SheetLayout } from './read';

/** One problem, as shown on the page and in the error report. */
export interface RowError {
  rowNumber: number;
  /** The header text as in the file (the column's header when the file lacks it); '' for the whole row. */
  column: string;
  /** The column key, when the problem is one cell's. */
  key?: string;
  /** The cell as read. */
  value: string | null;
  /** Why, in Chinese. */
  reason: string;
}

/** A problem a row validator found; without `key` it concerns the whole row. */
export interface RowIssue {
  key?: string;
  reason: string;
}

export interface ValidRow<V> {
  rowNumber: number;
  values: V;
}

export interface ValidateOptions<V> {
  /** The natural key: rows repeating it within the file are refused ('与第 N 行重复'). */
  key?: (keyof V & string) | readonly (keyof V & string)[];
  /**
   * Checks across fields or against the database (credit-code check digits, existing names…). It runs
   * only for rows whose cells all passed, so `values` is fully typed; it may be async.
   */
  validateRow?: (values: V, row: ParsedRow) => RowIssue[] | Promise<RowIssue[]>;
  /** Called every 1,000 rows given to `validateRow` and once at the end, with the rows checked so far. */
  onProgress?(rowsChecked: number): void;
}

export interface ValidationResult<V> {
  valid: ValidRow<V>[];
  errors: RowError[];
}

const optionKey = (s: string) => halfWidthAscii(cleanText(s)).replace(/\s+/g, '').toLowerCase();

/** 不在可选值中：企业、学校… (long lists shortened). */
function notAnOption(options: readonly string[]): string {
  const shown = options.slice(0, 10).join('、');
  return `不在可选值中：${shown}${options.length > 10 ? ` 等 ${options.length} 项` : ''}`;
}

type ColumnCheck = { value: unknown } | { reason: string };

/** Checks one non-empty value of a column: options (canonical spelling returned), length, the column's own check. */
function valueChecker(column: SheetColumn): (value: unknown, values: Record<string, unknown>) => ColumnCheck {
  const canonical = column.options ? new Map(column.options.map((o) => [optionKey(o), o])) : null;
  const options = column.options ?? [];
  const validate = column.validate as ((v: unknown, all: Record<string, unknown>) => string | null) | undefined;
  return (value, values) => {
    let out = value;
    if (canonical) {
      if (Array.isArray(out)) {
        const items: string[] = [];
        for (const item of out as string[]) {
          const found = canonical.get(optionKey(item));
          if (found === undefined) return { reason: `“${item}”${notAnOption(options)}` };
          items.push(found);
        }
        out = items;
      } else {
        const found = canonical.get(optionKey(String(out)));
        if (found === undefined) return { reason: notAnOption(options) };
        out = found;
      }
    }
    if (column.maxLength !== undefined) {
      for (const text of Array.isArray(out) ? (out as string[]) : typeof out === 'string' ? [out] : []) {
        // Code points, not UTF-16 units: a rare character (𠀀) counts once.
        const length = text.length <= column.maxLength ? text.length : [...text].length;
        if (length > column.maxLength)
          return { reason: `超过最大长度 ${column.maxLength} 个字符（当前 ${length} 个）` };
      }
    }
    if (validate) {
      const reason = validate(out, values);
      if (reason) return { reason };
    }
    return { value: out };
  };
}

/** The checks of single rows against the columns, prepared once for a sheet. */
export interface RowChecker {
  /** The header text a key has in the file (the column's header when the file lacks it). */
  headerOf(key: string | undefined): string;
  /** Required columns the file lacks: one error each, on the header row. */
  headerErrors: RowError[];
  /** Cells the kind could not read, required fields ('必填'), option lists, lengths, each column's `validate`. */
  check(row: ParsedRow): { values: Record<string, unknown>; errors: RowError[] };
  /** Errors for issues a row validator found. */
  toErrors(row: ParsedRow, issues: readonly RowIssue[]): RowError[];
  /** Sorts errors by row, then column order. */
  sort(errors: RowError[]): RowError[];
}

export function rowChecker(layout: SheetLayout, columns: readonly SheetColumn[]): RowChecker {
  const found = new Map(layout.columns.map((c) => [c.key, c]));
  const order = new Map(columns.map((c, i) => [c.key, i]));
  const headerOf = (key: string | undefined) =>
    key === undefined ? '' : (found.get(key)?.header ?? columns.find((c) => c.key === key)?.header ?? key);
  const checks = columns.map((column) => ({
    column,
    inFile: found.has(column.key),
    check: valueChecker(column),
  }));
  const headerErrors: RowError[] = columns
    .filter((c) => c.required && !found.has(c.key))
    .map((column) => ({
      rowNumber: layout.headerRow,
      column: column.header,
      key: column.key,
      value: null,
      reason: '缺少必填列',
    }));
  const toErrors = (row: ParsedRow, issues: readonly RowIssue[]): RowError[] =>
    issues.map((issue) => ({
      rowNumber: row.rowNumber,
      column: headerOf(issue.key),
      ...(issue.key === undefined ? {} : { key: issue.key }),
      value: issue.key === undefined ? null : (row.raw[issue.key] ?? null),
      reason: issue.reason,
    }));
  return {
    headerOf,
    headerErrors,
    toErrors,
    check(row) {
      const values: Record<string, unknown> = {};
      for (const { column } of checks) values[column.key] = row.values[column.key] ?? null;
      const issues: RowIssue[] = [...row.issues];
      for (const { column, inFile, check } of checks) {
        if (row.issues.length > 0 && row.issues.some((i) => i.key === column.key)) continue;
        const value = values[column.key];
        if (value === null) {
          if (column.required && inFile) issues.push({ key: column.key, reason: '必填' });
          continue;
        }
        const result = check(value, values);
        if ('reason' in result) issues.push({ key: column.key, reason: result.reason });
        else values[column.key] = result.value;
      }
      return { values, errors: issues.length > 0 ? toErrors(row, issues) : [] };
    },
    sort: (errors) =>
      errors.sort(
        (a, b) =>
          a.rowNumber - b.rowNumber ||
          (a.key === undefined ? 1e9 : (order.get(a.key) ?? 1e9)) -
            (b.key === undefined ? 1e9 : (order.get(b.key) ?? 1e9)),
      ),
  };
}

/**
 * Checks every parsed row: cells the kind could not read, required fields ('必填'), option lists,
 * lengths, each column's `validate`, duplicate natural keys within the file, then `validateRow`.
 * A required column missing from the file is one error on the header row and leaves no row valid.
 * Errors come sorted by row, then column order.
 */
export async function validateRows<const C extends readonly SheetColumn[]>(
  parsed: ParsedSheet,
  columns: C,
  opts: ValidateOptions<RowValues<C>> = {},
): Promise<ValidationResult<RowValues<C>>> {
  type V = RowValues<C>;
  const checker = rowChecker(parsed, columns);
  const errors: RowError[] = [...checker.headerErrors];
  const missing = checker.headerErrors.length > 0;

  const keyColumns = opts.key === undefined ? [] : typeof opts.key === 'string' ? [opts.key] : [...opts.key];
  const firstSeen = new Map<string, number>();
  const candidates: { row: ParsedRow; values: Record<string, unknown> }[] = [];

  for (const row of parsed.rows) {
    const { values, errors: rowErrors } = checker.check(row);
    if (keyColumns.length > 0 && keyColumns.every((k) => values[k] !== null && values[k] !== undefined)) {
      const natural = JSON.stringify(keyColumns.map((k) => values[k]));
      const first = firstSeen.get(natural);
      if (first === undefined) firstSeen.set(natural, row.rowNumber);
      else {
        const what = keyColumns.length > 1 ? `（${keyColumns.map(checker.headerOf).join(' + ')}）` : '';
        rowErrors.push(...checker.toErrors(row, [{ key: keyColumns[0], reason: `与第 ${first} 行重复${what}` }]));
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else candidates.push({ row, values });
  }

  const valid: ValidRow<V>[] = [];
  const failedEarly = parsed.rows.length - candidates.length;
  for (const [i, { row, values }] of candidates.entries()) {
    if (i > 0 && i % 1000 === 0) opts.onProgress?.(failedEarly + i);
    const issues = opts.validateRow ? await opts.validateRow(values as V, row) : [];
    errors.push(...checker.toErrors(row, issues));
    if (issues.length === 0 && !missing) valid.push({ rowNumber: row.rowNumber, values: values as V });
  }

  opts.onProgress?.(parsed.rows.length);
  return { valid, errors: checker.sort(errors) };
}
