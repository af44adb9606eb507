import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { headerIndex, normalizeHeader, type SheetColumn } from './columns';
import { CsvRecords } from './csv';
import { SheetError } from './errors';
import { type CellRaw, cleanText, type NormalizedValue, normalizeCell, rawText } from './normalize';
import { bufferSource, fileSource, type RandomAccess, readXlsx } from './xlsx';

/** An uploaded sheet: in memory, or a file on local disk (large imports are never loaded whole). */
export type SheetInput = { filename: string } & (
  | { buffer: Buffer; path?: undefined }
  | { path: string; buffer?: undefined }
);

export interface ParseOptions {
  /**
   * Called every `progressEvery` data rows (default 1,000) and once at the end with the total;
   * `fraction` is the share of the file read so far (0–1), from which a total can be estimated.
   */
  onProgress?(rowsRead: number, fraction: number): void;
  progressEvery?: number;
  /** Read this worksheet (xlsx); by default the first visible sheet whose header is found. */
  sheetName?: string;
  /** Default 256 MB. */
  maxBytes?: number;
  /** Default 1,000,000 data rows. */
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

/** Where the data sits in the file, found before the first data row is read. */
export interface SheetLayout {
  format: 'xlsx' | 'csv';
  /** CSV only: the text encoding detected. */
  encoding: TextEncodingName | null;
  sheetName: string;
  headerRow: number;
  /** The widest row of the sheet, in cells (where the error report puts its column); final once every row was read. */
  columnCount: number;
  columns: ParsedColumn[];
  /** Header texts that match no column (ignored). */
  unknownHeaders: string[];
  /** Header texts of required columns the file lacks. */
  missingHeaders: string[];
  /** A second header for a column already found (ignored). */
  duplicateHeaders: string[];
}

/** A sheet read whole (small files; imports stream with `streamSheet`). */
export interface ParsedSheet extends SheetLayout {
  rows: ParsedRow[];
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export const MAX_BYTES = 256 * 1024 * 1024;
export const MAX_ROWS = 1_000_000;
/** The header is looked for in this many first rows (title rows above it are common). */
export const HEADER_SCAN_ROWS = 20;

/** One row of a source: its number and its cells, index 0 = column A. */
export interface SourceRow {
  rowNumber: number;
  cells: CellRaw[];
}
export interface SourceSheet {
  format: 'xlsx' | 'csv';
  /** CSV only. */
  encoding?: TextEncodingName;
  name: string;
  hidden: boolean;
  rows: AsyncIterable<SourceRow>;
  /** The share of the file read so far (0–1), when known. */
  fraction?: () => number;
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

interface TextSniff {
  encoding: TextEncodingName;
  /** Length of the byte-order mark to skip. */
  bom: number;
  /** The text decoded from the bytes given (all of it when they were the whole file). */
  text: string;
}

/**
 * The encoding of text bytes, judged from their beginning (`whole`: they are the entire file): a BOM
 * decides (UTF-8, UTF-16); otherwise strict UTF-8, then GB18030 (what Chinese Excel writes for “CSV”).
 * Binary content, HTML tables posing as .xls, and undecodable bytes are refused.
 */
function sniffText(bytes: Buffer, whole: boolean): TextSniff {
  let encoding: TextEncodingName;
  let bom = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    encoding = 'utf-8';
    bom = 3;
  } else if (startsWith(bytes, [0xff, 0xfe])) {
    encoding = 'utf-16le';
    bom = 2;
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    encoding = 'utf-16be';
    bom = 2;
  } else {
    if (bytes.subarray(0, 65536).includes(0)) throw notText();
    encoding = 'utf-8';
  }
  let text: string;
  // A part of a file may end inside a character: `stream` leaves that tail undecoded.
  const decode = (e: TextEncodingName) =>
    new TextDecoder(e, { fatal: true }).decode(bytes.subarray(bom), { stream: !whole });
  try {
    text = decode(encoding);
  } catch {
    if (encoding !== 'utf-8' || bom > 0) throw notText();
    try {
      encoding = 'gb18030';
      text = decode(encoding);
    } catch {
      throw notText();
    }
  }
  // Control characters other than tab and line breaks mean binary content decoded by accident.
  const sample = text.slice(0, 65536);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const controls = sample.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0;
  if (controls > sample.length / 1000) throw notText();
  const start = sample.trimStart().slice(0, 512).toLowerCase();
  if (/^<(!doctype html|html|table|\?xml)/.test(start) || start.includes('urn:schemas-microsoft-com:office')) {
    throw new SheetError(
      'HTML_FILE',
      '文件是网页（HTML/XML）格式，并非真正的 Excel 文件，请用 Excel 打开后“另存为” .xlsx 再上传',
      'The file is HTML or XML posing as a spreadsheet; save it as .xlsx',
    );
  }
  return { encoding, bom, text };
}

/** Decodes a whole CSV held in memory (see `sniffText` for how the encoding is chosen). */
export function decodeText(buffer: Buffer): { text: string; encoding: TextEncodingName } {
  const { text, encoding } = sniffText(buffer, true);
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

/** Bytes read at a time from a file. */
const CHUNK_BYTES = 1 << 20;

async function inputSize(input: SheetInput): Promise<number> {
  return input.buffer ? input.buffer.length : (await stat(input.path)).size;
}

/** The first `n` bytes of the input. */
async function readHead(input: SheetInput, n: number): Promise<Buffer> {
  if (input.buffer) return input.buffer.subarray(0, n);
  const handle = await open(input.path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The input's bytes, a chunk at a time. */
function inputChunks(input: SheetInput): AsyncIterable<Buffer> {
  const { buffer } = input;
  if (!buffer) return createReadStream(input.path, { highWaterMark: CHUNK_BYTES });
  return (async function* () {
    for (let i = 0; i < buffer.length; i += CHUNK_BYTES) yield buffer.subarray(i, i + CHUNK_BYTES);
  })();
}

/** One CSV sheet, decoded and split into records as its bytes stream in. */
function csvSheet(input: SheetInput, sniff: TextSniff, size: number): SourceSheet {
  let bytesRead = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    const decoder = new TextDecoder(sniff.encoding, { fatal: true });
    const records = new CsvRecords(detectDelimiter(sniff.text));
    const batch: string[][] = [];
    let skip = sniff.bom;
    let rowNumber = 0;
    const decode = (bytes?: Buffer) => {
      try {
        return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      } catch {
        throw new SheetError(
          'NOT_TEXT',
          `文件编码不一致：开头是 ${sniff.encoding === 'gb18030' ? 'GBK' : sniff.encoding.toUpperCase()}，后面有无法按此编码读取的内容，请在 Excel 中“另存为” .xlsx 或 UTF-8 CSV 后再上传`,
          'The file mixes text encodings',
        );
      }
    };
    for await (const chunk of inputChunks(input)) {
      bytesRead += chunk.length;
      const body = skip > 0 ? chunk.subarray(skip) : chunk;
      skip = Math.max(0, skip - chunk.length);
      batch.length = 0;
      records.push(decode(body), batch);
      for (const cells of batch) yield { rowNumber: ++rowNumber, cells };
    }
    batch.length = 0;
    records.push(decode(), batch);
    records.end(batch);
    for (const cells of batch) yield { rowNumber: ++rowNumber, cells };
  }
  return {
    format: 'csv',
    encoding: sniff.encoding,
    name: input.filename.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''),
    hidden: false,
    rows: rows(),
    fraction: () => (size > 0 ? bytesRead / size : 1),
  };
}

/** The worksheets of an xlsx, each row's cells as read; `fraction` follows the bytes read. */
function xlsxSheets(source: RandomAccess): AsyncIterable<SourceSheet> {
  let bytesRead = 0;
  const counted: RandomAccess = {
    size: source.size,
    read: async (position, length) => {
      const buf = await source.read(position, length);
      bytesRead += buf.length;
      return buf;
    },
    close: () => source.close(),
  };
  const fraction = () => (source.size > 0 ? Math.min(1, bytesRead / source.size) : 1);
  return (async function* () {
    for await (const sheet of readXlsx(counted)) {
      yield { format: 'xlsx', name: sheet.name, hidden: sheet.hidden, rows: sheet.rows, fraction };
    }
  })();
}

/**
 * Shows each sheet of the file in turn (a CSV is one sheet) until `visit` returns true; the remaining
 * sheets are passed over unread. The file is closed at the end, also when `visit` throws.
 */
export async function eachSheet(
  input: SheetInput,
  visit: (sheet: SourceSheet) => Promise<boolean>,
): Promise<{ format: 'xlsx' | 'csv'; encoding: TextEncodingName | null }> {
  const size = await inputSize(input);
  const head = await readHead(input, CHUNK_BYTES);
  const format = sniffFormat(head);
  if (format === 'xlsx') {
    const source = input.buffer ? bufferSource(input.buffer) : await fileSource(input.path);
    try {
      for await (const sheet of xlsxSheets(source)) if (await visit(sheet)) break;
    } finally {
      await source.close();
    }
    return { format, encoding: null };
  }
  const sniff = sniffText(head, head.length === size);
  await visit(csvSheet(input, sniff, size));
  return { format, encoding: sniff.encoding };
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

/** A data row; the cells' texts (`raw`) are made only when asked for (error reports), not for every row. */
class SheetRow implements ParsedRow {
  #raw: Record<string, string | null> | null = null;
  readonly #cells: readonly CellRaw[];
  readonly #columns: readonly ParsedColumn[];
  constructor(
    readonly rowNumber: number,
    cells: readonly CellRaw[],
    columns: readonly ParsedColumn[],
    readonly values: Record<string, NormalizedValue>,
    readonly issues: CellIssue[],
  ) {
    this.#cells = cells;
    this.#columns = columns;
  }

  get raw(): Record<string, string | null> {
    if (!this.#raw) {
      const raw: Record<string, string | null> = {};
      for (const column of this.#columns) {
        const text = rawText(this.#cells[column.index - 1] ?? null);
        raw[column.key] = text === '' ? null : text;
      }
      this.#raw = raw;
    }
    return this.#raw;
  }
}

/** Any failure while reading the file, as the error the user sees. */
function unreadable(error: unknown): unknown {
  if (error instanceof SheetError || !(error instanceof Error)) return error;
  return new SheetError(
    'UNREADABLE_XLSX',
    '文件已损坏或不是有效的 Excel 文件，请用 Excel 打开后重新保存为 .xlsx',
    `The workbook cannot be read: ${error.message}`,
  );
}

/** An error thrown by the consumer of the rows, carried through unchanged. */
class ConsumerFailure {
  constructor(readonly error: unknown) {}
}

type Consume<T> = (layout: SheetLayout, rows: AsyncIterable<ParsedRow>) => Promise<T>;

/**
 * Finds the header in one sheet and hands its data rows to `consume`; false when no header row is
 * among its first rows (the sheet is then passed over).
 */
async function readSheet<T>(
  sheet: SourceSheet,
  base: Pick<SheetLayout, 'format' | 'encoding'>,
  columns: readonly SheetColumn[],
  opts: ParseOptions,
  consume: Consume<T>,
): Promise<{ value: T } | null> {
  const index = headerIndex(columns);
  const iterator = sheet.rows[Symbol.asyncIterator]();
  // A file that breaks part-way is reported as unreadable, whoever is reading the rows.
  const source = {
    next: () => iterator.next().catch((error: unknown) => Promise.reject(unreadable(error))),
  };
  const head: SourceRow[] = [];
  let pending: SourceRow | null = null;
  for (let next = await source.next(); !next.done; next = await source.next()) {
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
  const layout: SheetLayout = {
    ...base,
    sheetName: sheet.name,
    headerRow: header.row.rowNumber,
    columnCount: 0,
    columns: found,
    unknownHeaders,
    missingHeaders: columns.filter((c) => c.required && !found.some((f) => f.key === c.key)).map((c) => c.header),
    duplicateHeaders,
  };
  const kinds = found.map((c) => columns.find((col) => col.key === c.key)?.kind ?? 'text');
  const maxRows = opts.maxRows ?? MAX_ROWS;
  const every = Math.max(1, opts.progressEvery ?? 1000);
  const fraction = () => sheet.fraction?.() ?? 0;
  let count = 0;

  /** The data row of a source row; null for the header, rows above it and empty rows. */
  const take = (row: SourceRow): ParsedRow | null => {
    const { cells } = row;
    if (cells.length > layout.columnCount) layout.columnCount = cells.length;
    if (row.rowNumber <= layout.headerRow) return null;
    const values: Record<string, NormalizedValue> = {};
    const issues: CellIssue[] = [];
    let empty = true;
    for (let i = 0; i < found.length; i++) {
      const column = found[i]!;
      const result = normalizeCell(cells[column.index - 1] ?? null, kinds[i]);
      if (result.ok) {
        values[column.key] = result.value;
        if (result.value !== null) empty = false;
      } else {
        values[column.key] = null;
        issues.push({ key: column.key, reason: result.reason });
        empty = false;
      }
    }
    // Every value empty: skipped, unless a cell has text that normalizes to nothing (e.g. '、').
    if (empty && found.every((c) => cleanText(rawText(cells[c.index - 1] ?? null) ?? '') === '')) return null;
    if (count >= maxRows) {
      throw new SheetError(
        'TOO_MANY_ROWS',
        `数据超过 ${maxRows} 行，请拆分成多个文件后分批导入`,
        `More than ${maxRows} data rows; split the file`,
        { maxRows },
      );
    }
    count++;
    if (count % every === 0) opts.onProgress?.(count, fraction());
    return new SheetRow(row.rowNumber, cells, found, values, issues);
  };

  async function* rows(): AsyncGenerator<ParsedRow> {
    for (const row of head) {
      const parsed = take(row);
      if (parsed) yield parsed;
    }
    if (pending) {
      const first = take(pending);
      if (first) yield first;
      for (let next = await source.next(); !next.done; next = await source.next()) {
        const parsed = take(next.value);
        if (parsed) yield parsed;
      }
    }
    opts.onProgress?.(count, 1);
  }
  return { value: await consume(layout, rows()) };
}

/**
 * Reads an uploaded xlsx or CSV (told apart by content) row by row: finds the header row among the
 * first 20 (title rows above it are skipped), skips empty rows, normalizes every cell by its column
 * kind and hands the rows to `consume` as they are read (a million-row file is never held whole).
 * Throws `SheetError` for files over the size or row limits and files that are not xlsx/CSV.
 */
export async function streamSheet<T>(
  input: SheetInput,
  columns: readonly SheetColumn[],
  opts: ParseOptions,
  consume: Consume<T>,
): Promise<T> {
  const maxBytes = opts.maxBytes ?? MAX_BYTES;
  if ((await inputSize(input)) > maxBytes) {
    throw new SheetError(
      'FILE_TOO_LARGE',
      `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后分批导入`,
      `The file exceeds ${Math.round(maxBytes / 1024 / 1024)} MB`,
      { maxBytes },
    );
  }
  // A CSV is one sheet, whatever it is called.
  const sheetName = sniffFormat(await readHead(input, 8)) === 'csv' ? undefined : opts.sheetName;
  let sawSheet = false;
  let sawNamed = false;
  let result: { value: T } | null = null;
  let format: SheetLayout['format'];
  try {
    ({ format } = await eachSheet(input, async (sheet) => {
      sawSheet = true;
      if (sheet.name === sheetName) sawNamed = true;
      const wanted = sheetName === undefined ? !sheet.hidden : sheet.name === sheetName;
      if (!wanted) return false;
      const base = { format: sheet.format, encoding: sheet.encoding ?? null };
      result = await readSheet(sheet, base, columns, opts, (layout, rows) =>
        consume(layout, rows).catch((error: unknown) => Promise.reject(new ConsumerFailure(error))),
      );
      return result !== null || sheetName !== undefined;
    }));
  } catch (error) {
    throw error instanceof ConsumerFailure ? error.error : unreadable(error);
  }
  if (result) return (result as { value: T }).value;
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

/** Reads a whole sheet into memory (templates, tests, small files); see `streamSheet`. */
export function parseSheet(
  input: SheetInput,
  columns: readonly SheetColumn[],
  opts: ParseOptions = {},
): Promise<ParsedSheet> {
  return streamSheet(input, columns, opts, async (layout, rows) => {
    const all: ParsedRow[] = [];
    for await (const row of rows) all.push(row);
    return { ...layout, rows: all };
  });
}
