import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { headerIndex, normalizeHeader, type SheetColumn } from './columns';
import { SheetError } from './errors';
import { type CellRaw, cellToRaw, cleanText, type NormalizedValue, normalizeCell, rawText } from './normalize';

export interface SheetInput {
  buffer: Buffer;
  filename: string;
}

export interface ParseOptions {
  /** Called every `progressEvery` data rows (default 1,000) and once at the end with the total. */
  onProgress?(rowsRead: number): void;
  progressEvery?: number;
  /** Read this worksheet (xlsx); by default the first visible sheet whose header is found. */
  sheetName?: string;
  /** Default 20 MB. */
  maxBytes?: number;
  /** Default 200,000 data rows. */
  maxRows?: number;
}

/** A column found in the file: its key, the header text as written, its 1-based column number. */
export interface ParsedColumn {
  key: string;
  header: string;
  index: number;
}

/** A value the column's kind could not read (e.g. '不是有效的日期'). */
export interface CellIssue {
  key: string;
  reason: string;
}

export interface ParsedRow {
  /** The row number the user sees in Excel (CSV: the record number). */
  rowNumber: number;
  /** Each found column's cell as text (long numbers in full, dates as YYYY-MM-DD); null when empty. */
  raw: Record<string, string | null>;
  /** Each found column's normalized value (null when empty or unreadable: see `issues`). */
  values: Record<string, NormalizedValue>;
  issues: CellIssue[];
}

export interface ParsedSheet {
  format: 'xlsx' | 'csv';
  /** CSV only: the text encoding detected. */
  encoding: TextEncodingName | null;
  sheetName: string;
  headerRow: number;
  /** The widest row of the sheet, in cells (where the error report puts its column). */
  columnCount: number;
  columns: ParsedColumn[];
  /** Header texts that match no column (ignored). */
  unknownHeaders: string[];
  /** Header texts of required columns the file lacks. */
  missingHeaders: string[];
  /** A second header for a column already found (ignored). */
  duplicateHeaders: string[];
  rows: ParsedRow[];
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_ROWS = 200_000;
/** The header is looked for in this many first rows (title rows above it are common). */
export const HEADER_SCAN_ROWS = 20;

/** One row of a source: its number and its cells, index 0 = column A. */
export interface SourceRow {
  rowNumber: number;
  cells: CellRaw[];
}
export interface SourceSheet {
  name: string;
  hidden: boolean;
  rows: AsyncIterable<SourceRow>;
}

const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** What the bytes are, whatever the file name says. */
export function sniffFormat(buffer: Buffer): 'xlsx' | 'csv' {
  if (buffer.length === 0) throw new SheetError('EMPTY_FILE', '文件是空的', 'The file is empty');
  if (startsWith(buffer, ZIP)) return 'xlsx';
  if (startsWith(buffer, OLE2)) {
    throw new SheetError(
      'LEGACY_XLS',
      '文件是旧版 Excel（.xls）格式或已加密，请在 Excel 中取消密码并“另存为” .xlsx 后再上传',
      'The file is a legacy .xls or an encrypted workbook; save it as .xlsx',
    );
  }
  return 'csv';
}

/**
 * Decodes a CSV: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then GB18030 (what Chinese
 * Excel writes for “CSV”). Binary content, HTML tables posing as .xls, and undecodable bytes are refused.
 */
export function decodeText(buffer: Buffer): { text: string; encoding: TextEncodingName } {
  let encoding: TextEncodingName;
  let body = buffer;
  if (startsWith(buffer, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    body = buffer.subarray(3);
  } else if (startsWith(buffer, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    body = buffer.subarray(2);
  } else if (startsWith(buffer, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    body = buffer.subarray(2);
  } else {
    if (buffer.subarray(0, 65536).includes(0)) throw notText();
    encoding = 'utf-8';
  }
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    if (encoding !== 'utf-8' || body !== buffer) throw notText();
    try {
      encoding = 'gb18030';
      text = new TextDecoder('gb18030', { fatal: true }).decode(body);
    } catch {
      throw notText();
    }
  }
  // Control characters other than tab and line breaks mean binary content decoded by accident.
  const sample = text.slice(0, 65536);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const controls = sample.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > sample.length / 1000) throw notText();
  const head = sample.trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype html|html|table|\?xml)/.test(head) || head.includes('urn:schemas-microsoft-com:office')) {
    throw new SheetError(
      'HTML_FILE',
      '文件是网页（HTML/XML）格式，并非真正的 Excel 文件，请用 Excel 打开后“另存为” .xlsx 再上传',
      'The file is HTML or XML posing as a spreadsheet; save it as .xlsx',
    );
  }
  return { text, encoding };
}

const notText = () =>
  new SheetError(
    'NOT_TEXT',
    '无法识别文件格式：请上传 .xlsx 或 CSV（UTF-8 或 GBK 编码）文件',
    'Unrecognized file: upload .xlsx or CSV (UTF-8 or GBK)',
  );

/** The delimiter used most in the first lines: comma, tab (Excel's “Unicode text”) or semicolon. */
function detectDelimiter(text: string): string {
  const lines = text.slice(0, 65536).split('\n').slice(0, HEADER_SCAN_ROWS);
  const counts = { ',': 0, '\t': 0, ';': 0 };
  for (const line of lines) {
    const outside = line.replace(/"[^"]*"/g, '');
    for (const d of Object.keys(counts) as (keyof typeof counts)[]) counts[d] += outside.split(d).length - 1;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}

async function* csvRows(text: string): AsyncGenerator<SourceRow> {
  const parser = parseCsv({
    delimiter: detectDelimiter(text),
    relax_quotes: true,
    relax_column_count: true,
    // Empty lines are kept so that record numbers stay the row numbers Excel shows.
    skip_empty_lines: false,
  });
  const CHUNK = 64 * 1024;
  Readable.from(
    (function* () {
      for (let i = 0; i < text.length; i += CHUNK) yield text.slice(i, i + CHUNK);
    })(),
  ).pipe(parser);
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber++;
    yield { rowNumber, cells: record };
  }
}

async function* csvSheets(text: string, filename: string): AsyncGenerator<SourceSheet> {
  yield { name: filename.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''), hidden: false, rows: csvRows(text) };
}

/** The parts of exceljs's streaming reader this module touches (not all are in its typings). */
interface StreamWorksheet extends AsyncIterable<{ number: number; values: unknown }> {
  name: string;
  state?: string;
}
type Chunk = Buffer | string;
type ReaderInternals = Record<string, (...args: unknown[]) => unknown>;

/** Yields UTF-8 text decoded across chunk boundaries. */
async function* decodeUtf8(chunks: AsyncIterable<Chunk>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A stream exceljs opened for a worksheet (a temporary file when the sheet precedes the shared strings). */
interface Closable {
  destroy(): void;
}

/**
 * exceljs 4.4's streaming reader decodes each 16 KB inflated chunk on its own, so a Chinese character
 * split between two chunks becomes '��' (exceljs issues #2063, #2084). The entries are fed to it as
 * text decoded across boundaries instead; the unit test with a long Chinese sheet guards this.
 * Worksheet streams are recorded in `opened` so that the caller can close those it did not read.
 */
function patchReader(reader: object, opened: Closable[]): void {
  const self = reader as ReaderInternals;
  const proto = Object.getPrototypeOf(reader) as ReaderInternals;
  for (const method of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles']) {
    const original = proto[method];
    if (typeof original !== 'function') throw new Error(`exceljs WorkbookReader.${method} not found`);
    self[method] = function (this: unknown, entry: unknown, ...rest: unknown[]) {
      (entry as { setEncoding(e: string): void }).setEncoding('utf8');
      return original.call(this, entry, ...rest);
    };
  }
  for (const method of ['_parseWorksheet', '_parseHyperlinks']) {
    const original = proto[method];
    if (typeof original !== 'function') throw new Error(`exceljs WorkbookReader.${method} not found`);
    self[method] = function (this: unknown, iterator: unknown, ...rest: unknown[]) {
      const stream = iterator as Partial<Closable & { on(event: string, listener: () => void): void }>;
      if (typeof stream.destroy === 'function' && typeof stream.on === 'function') {
        // A sheet passed over unread has its temporary file deleted before the stream opens it: the
        // ENOENT must not become an unhandled 'error' that kills the process.
        stream.on('error', () => {});
        opened.push(stream as Closable);
      }
      return original.call(this, decodeUtf8(iterator as AsyncIterable<Chunk>), ...rest);
    };
  }
}

/**
 * The workbook bytes as a stream for exceljs. unzipper 0.10 (under exceljs) emits 'end' as soon as
 * its input is consumed, even while entries it has parsed still wait in its buffer; exceljs then stops
 * early and, now and then, misses workbook.xml or the shared strings. With that listener removed, the
 * zip stream ends normally, after its last entry has been read.
 */
function zipInput(buffer: Buffer): Readable {
  const input = Readable.from([buffer]);
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(zip: T): T => {
    const emitter = zip as unknown as NodeJS.EventEmitter;
    const early = emitter.listeners('finish').find((listener) => /emit\(['"]end['"]\)/.test(String(listener)));
    if (!early) throw new Error("unzipper's early 'end' listener not found");
    emitter.removeListener('finish', early as (...args: unknown[]) => void);
    return pipe(zip);
  };
  return input;
}

/** Every worksheet of an xlsx, streamed row by row. */
function xlsxSheets(buffer: Buffer, opened: Closable[]): AsyncIterable<SourceSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(zipInput(buffer), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from number cells.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  patchReader(reader, opened);
  return (async function* () {
    for await (const worksheet of reader as unknown as AsyncIterable<StreamWorksheet>) {
      yield {
        name: worksheet.name,
        hidden: worksheet.state === 'hidden' || worksheet.state === 'veryHidden',
        rows: (async function* () {
          for await (const row of worksheet) {
            const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
            // exceljs row values are 1-based.
            yield { rowNumber: row.number, cells: values.slice(1).map(cellToRaw) };
          }
        })(),
      };
    }
  })();
}

/**
 * Shows each sheet of the file in turn (a CSV is one sheet) until `visit` returns true; the remaining
 * sheets are passed over unread. The workbook is always walked to its end and every stream closed,
 * even when `visit` throws, because exceljs deletes its temporary files only as it moves past them.
 */
export async function eachSheet(
  input: SheetInput,
  visit: (sheet: SourceSheet) => Promise<boolean>,
): Promise<{ format: 'xlsx' | 'csv'; encoding: TextEncodingName | null }> {
  const format = sniffFormat(input.buffer);
  const opened: Closable[] = [];
  let encoding: TextEncodingName | null = null;
  let sheets: AsyncIterable<SourceSheet>;
  if (format === 'xlsx') sheets = xlsxSheets(input.buffer, opened);
  else {
    const decoded = decodeText(input.buffer);
    encoding = decoded.encoding;
    sheets = csvSheets(decoded.text, input.filename);
  }
  let done = false;
  let failure: { error: unknown } | null = null;
  try {
    for await (const sheet of sheets) {
      if (done || failure) continue;
      try {
        done = await visit(sheet);
      } catch (error) {
        failure = { error };
      }
    }
  } catch (error) {
    failure ??= { error };
  } finally {
    for (const stream of opened) stream.destroy();
  }
  if (failure) throw failure.error;
  return { format, encoding };
}

const cellHeaderText = (cell: CellRaw | undefined): string => {
  const text = cell === undefined ? null : rawText(cell);
  return text === null ? '' : cleanText(text);
};

/** The row among the first ones whose cells name the most columns (first such row on a tie). */
function findHeader(rows: SourceRow[], index: Map<string, string>): { row: SourceRow; score: number } | null {
  let best: { row: SourceRow; score: number } | null = null;
  for (const row of rows) {
    const keys = new Set<string>();
    for (const cell of row.cells) {
      const key = index.get(normalizeHeader(cellHeaderText(cell)));
      if (key) keys.add(key);
    }
    if (keys.size > 0 && (!best || keys.size > best.score)) best = { row, score: keys.size };
  }
  return best;
}

/** Reads one sheet; null when no header row is found in its first rows. */
async function readSheet(
  sheet: SourceSheet,
  columns: readonly SheetColumn[],
  opts: ParseOptions,
): Promise<Omit<ParsedSheet, 'format' | 'encoding'> | null> {
  const index = headerIndex(columns);
  const rows = sheet.rows[Symbol.asyncIterator]();
  const head: SourceRow[] = [];
  let pending: SourceRow | null = null;
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    if (next.value.rowNumber > HEADER_SCAN_ROWS) {
      pending = next.value;
      break;
    }
    head.push(next.value);
  }
  const header = findHeader(head, index);
  if (!header || header.score < Math.min(2, columns.length)) return null;

  const found: ParsedColumn[] = [];
  const unknownHeaders: string[] = [];
  const duplicateHeaders: string[] = [];
  header.row.cells.forEach((cell, i) => {
    const text = cellHeaderText(cell);
    if (text === '') return;
    const key = index.get(normalizeHeader(text));
    if (!key) unknownHeaders.push(text);
    else if (found.some((c) => c.key === key)) duplicateHeaders.push(text);
    else found.push({ key, header: text, index: i + 1 });
  });
  const missingHeaders = columns.filter((c) => c.required && !found.some((f) => f.key === c.key)).map((c) => c.header);
  const kinds = new Map(columns.map((c) => [c.key, c.kind ?? 'text'] as const));

  const maxRows = opts.maxRows ?? MAX_ROWS;
  const every = Math.max(1, opts.progressEvery ?? 1000);
  const parsed: ParsedRow[] = [];
  let columnCount = 0;
  const take = (source: SourceRow) => {
    columnCount = Math.max(columnCount, source.cells.length);
    if (source.rowNumber <= header.row.rowNumber) return;
    const raw: Record<string, string | null> = {};
    let empty = true;
    for (const column of found) {
      const text = rawText(source.cells[column.index - 1] ?? null);
      raw[column.key] = text === '' ? null : text;
      if (text !== null && cleanText(text) !== '') empty = false;
    }
    if (empty) return;
    if (parsed.length >= maxRows) {
      throw new SheetError(
        'TOO_MANY_ROWS',
        `数据超过 ${maxRows} 行，请拆分成多个文件后分批导入`,
        `More than ${maxRows} data rows; split the file`,
        { maxRows },
      );
    }
    const values: Record<string, NormalizedValue> = {};
    const issues: CellIssue[] = [];
    for (const column of found) {
      const result = normalizeCell(source.cells[column.index - 1] ?? null, kinds.get(column.key));
      if (result.ok) values[column.key] = result.value;
      else {
        values[column.key] = null;
        issues.push({ key: column.key, reason: result.reason });
      }
    }
    parsed.push({ rowNumber: source.rowNumber, raw, values, issues });
    if (parsed.length % every === 0) opts.onProgress?.(parsed.length);
  };

  for (const row of head) take(row);
  if (pending) {
    take(pending);
    for (let next = await rows.next(); !next.done; next = await rows.next()) take(next.value);
  }
  opts.onProgress?.(parsed.length);
  return {
    sheetName: sheet.name,
    headerRow: header.row.rowNumber,
    columnCount,
    columns: found,
    unknownHeaders,
    missingHeaders,
    duplicateHeaders,
    rows: parsed,
  };
}

/**
 * Reads an uploaded xlsx or CSV (told apart by content), finds the header row among the first 20
 * (title rows above it are skipped), skips empty rows and normalizes every cell by its column kind.
 * Throws `SheetError` for files over the size or row limits and files that are not xlsx/CSV.
 */
export async function parseSheet(
  input: SheetInput,
  columns: readonly SheetColumn[],
  opts: ParseOptions = {},
): Promise<ParsedSheet> {
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  if (input.buffer.length > maxBytes) {
    throw new SheetError(
      'FILE_TOO_LARGE',
      `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后分批导入`,
      `The file exceeds ${Math.round(maxBytes / 1024 / 1024)} MB`,
      { maxBytes },
    );
  }
  // A CSV is one sheet, whatever it is called.
  const sheetName = sniffFormat(input.buffer) === 'csv' ? undefined : opts.sheetName;
  let sawSheet = false;
  let sawNamed = false;
  let result: Omit<ParsedSheet, 'format' | 'encoding'> | null = null;
  let format: ParsedSheet['format'];
  let encoding: TextEncodingName | null;
  try {
    ({ format, encoding } = await eachSheet(input, async (sheet) => {
      sawSheet = true;
      if (sheet.name === sheetName) sawNamed = true;
      const wanted = sheetName === undefined ? !sheet.hidden : sheet.name === sheetName;
      if (!wanted) return false;
      result = await readSheet(sheet, columns, opts);
      return result !== null || sheetName !== undefined;
    }));
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError(
      'UNREADABLE_XLSX',
      '文件已损坏或不是有效的 Excel 文件，请用 Excel 打开后重新保存为 .xlsx',
      `The workbook cannot be read: ${(error as Error).message}`,
    );
  }
  if (result) return { format, encoding, ...(result as Omit<ParsedSheet, 'format' | 'encoding'>) };
  if (format === 'xlsx' && !sawSheet) {
    throw new SheetError(
      'UNREADABLE_XLSX',
      '文件中没有工作表，或不是有效的 Excel 文件',
      'The file has no worksheet or is not a valid workbook',
    );
  }
  if (sheetName !== undefined && !sawNamed) {
    throw new SheetError('SHEET_NOT_FOUND', `文件中没有名为“${sheetName}”的工作表`, 'No such worksheet', {
      sheetName: sheetName,
    });
  }
  const names = columns
    .slice(0, 4)
    .map((c) => c.header)
    .join('、');
  throw new SheetError(
    'NO_HEADER',
    `未找到表头：前 ${HEADER_SCAN_ROWS} 行中没有一行包含至少 ${Math.min(2, columns.length)} 个模板列名（如 ${names}）${
      sheetName === undefined ? '' : `，工作表“${sheetName}”`
    }`,
    `No header row found in the first ${HEADER_SCAN_ROWS} rows`,
    { expected: columns.map((c) => c.header) },
  );
}
