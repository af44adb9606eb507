import { type ColumnKind, halfWidthAlnum, halfWidthAscii } from './columns';

/** A cell as read from xlsx (exceljs objects flattened) or CSV (always a string). */
export type CellRaw = string | number | boolean | Date | CellErrorValue | null;
/** An Excel error value such as #N/A or #REF!. */
export interface CellErrorValue {
  error: string;
}

export type NormalizedValue = string | number | boolean | string[] | null;
export type NormalizeResult = { ok: true; value: NormalizedValue } | { ok: false; reason: string };

export const PRECISION_LOST = '数字精度丢失，请将该列设为文本格式';

/** Excel keeps 15 significant digits; an integer of 16+ digits read as a number has lost its tail. */
const MAX_EXACT_INTEGER = 1e15;
/** Excel's serial of 1970-01-01 (1900 date system). */
const SERIAL_1970 = 25569;
const MS_PER_DAY = 86_400_000;
/**
 * Serials accepted from plain numbers: 10000 (1927-05-18) to 99999 (2173-10-13). Other numbers in a
 * date column are far more often a year ('2023') or 'yyyymm' than a serial, so they are refused rather
 * than turned into a date in 1905 or 2453. Real date cells arrive as Dates and are not limited.
 */
const MIN_SERIAL = 10_000;
const MAX_SERIAL = 99_999;

/** Flattens an exceljs cell value (rich text, formula result, hyperlink, shared string) to a primitive. */
export function cellToRaw(value: unknown): CellRaw {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.error === 'string') return { error: v.error };
    if (Array.isArray(v.richText)) {
      return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    }
    if ('formula' in v || 'sharedFormula' in v) return cellToRaw(v.result);
    if ('hyperlink' in v || 'text' in v) return cellToRaw(v.text);
  }
  return String(value);
}

const NEEDS_CLEANING =
  /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u200B-\u200D\u2060\uFEFF\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\r]/;

/** Odd spaces become ' ', zero-width characters vanish, full-width digits/letters become ASCII, ends trimmed. */
export function cleanText(s: string): string {
  // Most cells need only the trim: one scan decides (this runs for every cell of a million-row import).
  if (!NEEDS_CLEANING.test(s)) return s.trim();
  return halfWidthAlnum(s)
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ')
    .replace(/\r\n?/g, '\n')
    .trim();
}

/**
 * The text of a number as Excel shows it, without exponent or binary noise: 13800001111 → '13800001111',
 * 9.15001037474655e17 → '915001037474655000' (15 significant digits, like Excel), 0.1+0.2 → '0.3'.
 */
export function numberToText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < MAX_EXACT_INTEGER) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const [mantissa, exponent] = n.toExponential(14).split('e') as [string, string];
    const sign = mantissa.startsWith('-') ? '-' : '';
    const digits = mantissa.replace(/[-.]/g, '');
    return sign + digits.padEnd(Number(exponent) + 1, '0');
  }
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  // Tiny fractions: toFixed keeps 15 significant digits without exponent.
  const digits = Math.min(100, 15 - Math.floor(Math.log10(Math.abs(rounded))));
  return rounded.toFixed(digits).replace(/0+$/, '');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date as written in a cell: exceljs Dates carry the wall-clock time in their UTC fields. */
export function formatDate(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
export function formatDateTime(d: Date): string {
  return `${formatDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Excel serial (1900 system, including its phantom 1900-02-29) → the wall-clock Date in UTC fields. */
export function serialToDate(serial: number): Date {
  // Serials before 1900-03-01 are one day off because Excel counts 1900-02-29.
  const adjusted = serial < 60 ? serial + 1 : serial;
  // Round to the second: serials carry float noise (0.999999…).
  return new Date(Math.round(((adjusted - SERIAL_1970) * MS_PER_DAY) / 1000) * 1000);
}

function validYmd(y: number, m: number, d: number): Date | null {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : null;
}

const DATE_TEXT =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})?(?:\.\d+)?秒?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** A date (and optional time) from a number or text; null when it is not one. */
function parseDateLike(raw: CellRaw): Date | null {
  if (raw instanceof Date) return raw;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    // 20231027 typed as a number.
    if (Number.isInteger(raw) && raw >= 19000101 && raw <= 99991231) {
      return validYmd(Math.floor(raw / 10000), Math.floor(raw / 100) % 100, raw % 100);
    }
    return raw >= MIN_SERIAL && raw < MAX_SERIAL + 1 ? serialToDate(raw) : null;
  }
  if (typeof raw !== 'string') return null;
  const s = halfWidthAscii(cleanText(raw));
  if (/^\d{8}$/.test(s)) return parseDateLike(Number(s));
  // A serial stored as text ('45226', '45226.5').
  if (/^\d{5}(\.\d+)?$/.test(s)) return parseDateLike(Number(s));
  const m = DATE_TEXT.exec(s);
  if (!m) return null;
  const date = validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return null;
  const [h, min, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || sec > 59) return null;
  return new Date(date.getTime() + ((h * 60 + min) * 60 + sec) * 1000);
}

/** A number from text: full-width digits, thousands separators, spaces and a leading '+' accepted. */
function parseNumberText(raw: string): number | null {
  let s = halfWidthAscii(cleanText(raw)).replace(/\s+/g, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有', '对', 't']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', 'x', '无', '错', 'f']);

/** '9.15001E+17' in a text column: a CSV saved by Excel after it turned the code into a number. */
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e\+?\d+$/i;
/** Cheap pre-check: a digit or full-width digit first, and an e somewhere. */
const MAYBE_SCIENTIFIC = /^[+\-＋－]?[0-9０-９][\s\S]*[eEｅＥ]/;

/** The text of a cell for text-like kinds; a failure when the cell was a long number Excel truncated. */
function toText(raw: Exclude<CellRaw, null | CellErrorValue>): NormalizeResult {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, reason: '不是有效的数值' };
    if (Number.isInteger(raw) && Math.abs(raw) >= MAX_EXACT_INTEGER) return { ok: false, reason: PRECISION_LOST };
    return { ok: true, value: numberToText(raw) };
  }
  if (raw instanceof Date) {
    const hasTime = raw.getTime() % MS_PER_DAY !== 0;
    return { ok: true, value: hasTime ? formatDateTime(raw) : formatDate(raw) };
  }
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 'TRUE' : 'FALSE' };
  let s = cleanText(raw);
  // ="0123": how some systems force Excel to keep a code as text.
  const forced = s.charCodeAt(0) === 61 /* = */ ? /^="(.*)"$/s.exec(s) : null;
  if (forced) s = cleanText(forced[1]!);
  if (MAYBE_SCIENTIFIC.test(s) && SCIENTIFIC.test(halfWidthAscii(s))) return { ok: false, reason: PRECISION_LOST };
  return { ok: true, value: s === '' ? null : s };
}

const LIST_SEPARATORS = /[、,，;；/\n]+/;

/**
 * Normalizes one raw cell for a column kind. Pure: the same input always gives the same result.
 * Empty cells (after cleaning) give `{ok: true, value: null}`.
 */
export function normalizeCell(raw: unknown, kind: ColumnKind = 'text'): NormalizeResult {
  const cell = cellToRaw(raw);
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === 'object' && !(cell instanceof Date)) {
    return { ok: false, reason: `单元格是错误值 ${cell.error}` };
  }
  if (typeof cell === 'string' && cleanText(cell) === '') return { ok: true, value: null };

  switch (kind) {
    case 'text':
      return toText(cell);
    case 'code': {
      const text = toText(cell);
      if (!text.ok || text.value === null) return text;
      const code = halfWidthAscii(String(text.value)).replace(/\s+/g, '').toUpperCase();
      return { ok: true, value: code === '' ? null : code };
    }
    case 'date':
    case 'datetime': {
      const date = parseDateLike(cell);
      if (!date) return { ok: false, reason: kind === 'date' ? '不是有效的日期' : '不是有效的日期时间' };
      return { ok: true, value: kind === 'date' ? formatDate(date) : formatDateTime(date) };
    }
    case 'integer':
    case 'number': {
      const n =
        typeof cell === 'number'
          ? Number.isFinite(cell)
            ? Number(cell.toPrecision(15))
            : null
          : typeof cell === 'string'
            ? parseNumberText(cell)
            : null;
      if (kind === 'number') return n === null ? { ok: false, reason: '不是有效的数值' } : { ok: true, value: n };
      if (n === null || !Number.isSafeInteger(n)) return { ok: false, reason: '不是有效的整数' };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof cell === 'boolean') return { ok: true, value: cell };
      const word = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cleanText(cell) : '';
      const lower = halfWidthAscii(word).toLowerCase();
      if (TRUE_WORDS.has(lower)) return { ok: true, value: true };
      if (FALSE_WORDS.has(lower)) return { ok: true, value: false };
      return { ok: false, reason: '不是有效的是/否值（应填 是 或 否）' };
    }
    case 'list': {
      const text = toText(cell);
      if (!text.ok || text.value === null) return text;
      const items = [
        ...new Set(
          String(text.value)
            .split(LIST_SEPARATORS)
            .map((item) => cleanText(item))
            .filter((item) => item !== ''),
        ),
      ];
      return { ok: true, value: items.length > 0 ? items : null };
    }
  }
}

/** The text of a raw cell as shown in error reports and `ParsedRow.raw` (digits in full, dates as dates). */
export function rawText(raw: CellRaw): string | null {
  if (raw === null) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? numberToText(raw) : String(raw);
  if (typeof raw === 'boolean') return raw ? 'TRUE' : 'FALSE';
  if (raw instanceof Date) return raw.getTime() % MS_PER_DAY === 0 ? formatDate(raw) : formatDateTime(raw);
  return raw.error;
}
