/**
 * How a raw cell is normalized:
 * - text: trimmed string (full-width digits/letters/spaces made ASCII, odd spaces removed at the ends);
 * - code: an identifier (统一社会信用代码, phone): like text, then every space removed and letters upper-cased;
 * - date: 'YYYY-MM-DD'; datetime: 'YYYY-MM-DD HH:mm:ss';
 * - integer / number: a JS number; boolean: true/false (是/否, Y/N, 1/0, √/×…);
 * - list: several values split on 、,，;；/ and newlines → string[].
 */
export type ColumnKind = 'text' | 'code' | 'date' | 'datetime' | 'integer' | 'number' | 'boolean' | 'list';

/** A column of a sheet, shared by the template, the import and the export. */
export interface SheetColumn<K extends string = string> {
  /** Field name in the row object. */
  key: K;
  /** Chinese header, e.g. '统一社会信用代码'. */
  header: string;
  /** Other accepted header texts, e.g. ['信用代码', '社会信用代码']. */
  aliases?: readonly string[];
  required?: boolean;
  /** Column width in Excel characters (a Chinese character counts about 2). */
  width?: number;
  /** Note on the header cell of the template, e.g. '18 位，末位为校验码'. */
  comment?: string;
  /** An example value, shown in the template's header note (the data area stays empty). */
  example?: string;
  /** Allowed values: a dropdown in the template, a check on import (canonical spelling returned). */
  options?: readonly string[];
  kind?: ColumnKind;
  /** Longest accepted text (text, code and each list item). */
  maxLength?: number;
  /**
   * A check of one normalized, non-empty value (after the kind, option and length checks passed);
   * returns the reason in Chinese, or null. Use `validateRows`'s `validateRow` for checks across fields.
   */
  validate?: (value: never, values: Record<string, unknown>) => string | null;
}

/** Declares columns keeping their literal keys, kinds and `required` flags, so `RowValues` is precise. */
export function defineColumns<const C extends readonly SheetColumn[]>(columns: C): C {
  return columns;
}

type KindValue<Kind> = Kind extends 'integer' | 'number'
  ? number
  : Kind extends 'boolean'
    ? boolean
    : Kind extends 'list'
      ? string[]
      : string;

type ColumnValue<Col> = Col extends { kind: infer Kind }
  ? Col extends { required: true }
    ? KindValue<Kind>
    : KindValue<Kind> | null
  : Col extends { required: true }
    ? string
    : string | null;

/** The typed values of a valid row: required columns are non-null. */
export type RowValues<C extends readonly SheetColumn[]> = {
  [Col in C[number] as Col['key']]: ColumnValue<Col>;
};

const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const shiftDown = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

const HAS_FULL_WIDTH = /[\uFF01-\uFF5E]/;
/** Full-width digits and Latin letters → ASCII ('９１５０' → '9150'); punctuation such as （） stays. */
export const halfWidthAlnum = (s: string) => (HAS_FULL_WIDTH.test(s) ? s.replace(FULL_WIDTH_ALNUM, shiftDown) : s);
/** Every full-width ASCII character → ASCII, punctuation included ('２０２３／１０' → '2023/10'). */
export const halfWidthAscii = (s: string) => (HAS_FULL_WIDTH.test(s) ? s.replace(FULL_WIDTH_ASCII, shiftDown) : s);

/** A header text as compared: ASCII, no spaces, no '*', no '(必填)' marker, lower-case. */
export function normalizeHeader(text: string): string {
  return halfWidthAscii(text)
    .replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, '')
    .replace(/\((必填|选填|可选|非必填)\)/g, '')
    .replace(/[*※]/g, '')
    .toLowerCase();
}

/** Normalized header text (header and aliases) → column key; the first column claiming a text wins. */
export function headerIndex(columns: readonly SheetColumn[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const column of columns) {
    for (const text of [column.header, ...(column.aliases ?? [])]) {
      const norm = normalizeHeader(text);
      if (norm && !index.has(norm)) index.set(norm, column.key);
    }
  }
  return index;
}
