import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnKind, SheetColumn } from './columns';
import { SheetError } from './errors';
import { formatDate, formatDateTime, numberToText } from './normalize';

export interface ExportOptions {
  sheetName: string;
  /** A bold title merged across the columns above the header. */
  title?: string;
  /**
   * Offset applied to JS Date values before they are written (Excel has no time zones; a cell shows
   * wall-clock time). Default 480: China Standard Time. 'YYYY-MM-DD' strings are written as they are.
   */
  utcOffsetMinutes?: number;
}

export interface TemplateOptions {
  sheetName: string;
  /** Lines shown on the 填写说明 sheet above the column table. */
  instructions?: string;
  /** Rows 2..N+1 get the dropdowns and formats. Default 5,000. */
  rows?: number;
}

/** Excel's last row. */
const EXCEL_MAX_ROWS = 1_048_576;
const DATE_FMT = 'yyyy-mm-dd';
const DATETIME_FMT = 'yyyy-mm-dd hh:mm:ss';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
const THIN_BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } } };

/** Width of a text in Excel characters: a CJK character takes two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch)
      ? 2
      : 1;
  return width;
}

const defaultWidth = (column: SheetColumn) =>
  column.width ??
  Math.min(
    50,
    Math.max(
      column.kind === 'date' ? 12 : column.kind === 'datetime' ? 20 : column.kind === 'code' ? 22 : 10,
      displayWidth(column.header) + 4,
    ),
  );

const numFmtOf = (kind: ColumnKind | undefined): string | undefined =>
  kind === 'date' ? DATE_FMT : kind === 'datetime' ? DATETIME_FMT : undefined;

/** Characters XML 1.0 forbids; exceljs would write them and Excel would call the file corrupt. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const cleanForXml = (s: string) => s.replace(XML_INVALID, '').slice(0, 32_767);

/** A 'YYYY-MM-DD[ HH:mm[:ss]]' string as an Excel date (wall-clock in UTC fields); null when it is not one. */
function dateFromText(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A row field as written into a cell: dates as dates, lists joined with 、, booleans as 是/否, text as text. */
export function exportCellValue(
  value: unknown,
  kind: ColumnKind | undefined,
  offsetMinutes: number,
): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  const shift = (d: Date) => new Date(d.getTime() + offsetMinutes * 60_000);
  switch (kind) {
    case 'date':
    case 'datetime': {
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) return null;
        const local = shift(value);
        return kind === 'date'
          ? new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()))
          : local;
      }
      const text = String(value);
      return dateFromText(text) ?? cleanForXml(text);
    }
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) && String(value).trim() !== '' ? n : cleanForXml(String(value));
    }
    case 'boolean':
      return typeof value === 'boolean' ? (value ? '是' : '否') : cleanForXml(String(value));
    case 'list':
      return cleanForXml(Array.isArray(value) ? value.map(String).join('、') : String(value));
    default:
      if (typeof value === 'number') return numberToText(value);
      if (value instanceof Date) {
        const local = shift(value);
        return local.getTime() % 86_400_000 === 0 ? formatDate(local) : formatDateTime(local);
      }
      if (typeof value === 'boolean') return value ? '是' : '否';
      return cleanForXml(Array.isArray(value) ? value.map(String).join('、') : String(value));
  }
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Streams rows into an xlsx written to `output`: optional merged title, bold frozen header with
 * Chinese headers and auto-filter, column widths, dates as date cells. Rows are committed as they
 * come, so memory stays flat however many there are (up to Excel's 1,048,576).
 */
export async function exportXlsxTo(
  output: Writable,
  columns: readonly SheetColumn[],
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  opts: ExportOptions,
): Promise<void> {
  const offset = opts.utcOffsetMinutes ?? 480;
  const headerRow = opts.title ? 2 : 1;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(safeSheetName(opts.sheetName), {
    views: [{ state: 'frozen', ySplit: headerRow }],
  });
  sheet.columns = columns.map((c) => {
    const numFmt = numFmtOf(c.kind);
    return { key: c.key, width: defaultWidth(c), ...(numFmt ? { style: { numFmt } } : {}) };
  });
  if (opts.title) {
    const title = sheet.getRow(1);
    title.getCell(1).value = cleanForXml(opts.title);
    title.getCell(1).font = { bold: true, size: 14 };
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    title.height = 28;
    if (columns.length > 1) sheet.mergeCells(1, 1, 1, columns.length);
    title.commit();
  }
  const header = sheet.getRow(headerRow);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN_BORDER;
    cell.alignment = { vertical: 'middle' };
  });
  header.commit();
  if (columns.length > 0) {
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns.length } };
  }

  let count = 0;
  for await (const row of rows) {
    if (headerRow + count >= EXCEL_MAX_ROWS) {
      throw new SheetError(
        'TOO_MANY_ROWS',
        `导出超过 Excel 的行数上限（${EXCEL_MAX_ROWS - headerRow} 行），请缩小筛选范围`,
        'More rows than Excel allows; narrow the filter',
      );
    }
    sheet.addRow(columns.map((c) => exportCellValue(row[c.key], c.kind, offset))).commit();
    // Let the zip stream drain between batches instead of queueing the whole sheet in memory.
    if (++count % 1000 === 0) await yieldToIo();
  }
  sheet.commit();
  await workbook.commit();
}

/** `exportXlsxTo` into a Buffer. */
export function exportXlsx(
  columns: readonly SheetColumn[],
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  opts: ExportOptions,
): Promise<Buffer> {
  return writeToBuffer((out) => exportXlsxTo(out, columns, rows, opts));
}

/** Collects what a stream writer writes. */
export async function writeToBuffer(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  await write(sink);
  await ended;
  return Buffer.concat(chunks);
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  const clean = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean === '' ? 'Sheet1' : clean;
}

const KIND_HINT: Record<ColumnKind, string> = {
  text: '文本',
  code: '文本（数字请按文本填写，勿用科学计数法）',
  date: '日期，如 2023-10-27',
  datetime: '日期时间，如 2023-10-27 09:30',
  integer: '整数',
  number: '数字',
  boolean: '填“是”或“否”',
  list: '可填多个，用顿号“、”分隔',
};

/** The text of a header note: the column's comment, required or not, format, options, example. */
export function headerNote(column: SheetColumn): string {
  const lines = [column.required ? '必填' : '选填'];
  if (column.comment) lines.push(column.comment);
  if (column.options) {
    const shown = column.options.slice(0, 12).join('、');
    lines.push(
      `可选值：${shown}${column.options.length > 12 ? ` 等 ${column.options.length} 项，请从下拉列表选择` : ''}`,
    );
  } else {
    lines.push(`格式：${KIND_HINT[column.kind ?? 'text']}`);
  }
  if (column.maxLength !== undefined) lines.push(`最长 ${column.maxLength} 个字符`);
  if (column.example) lines.push(`示例：${column.example}`);
  return lines.join('\n');
}

export const OPTIONS_SHEET = '选项';
export const INSTRUCTIONS_SHEET = '填写说明';
/** Excel refuses an inline list formula longer than 255 characters. */
const INLINE_LIST_MAX = 255;

const columnLetter = (n: number): string => {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/**
 * An empty import template: header row (required columns marked * in red) with a note on each
 * header cell, text format on text columns (so codes typed as digits stay exact), dropdowns for option
 * columns (long lists on a hidden sheet), and a 填写说明 sheet. The data area is left empty.
 */
export async function templateXlsx(columns: readonly SheetColumn[], opts: TemplateOptions): Promise<Buffer> {
  const lastRow = (opts.rows ?? 5000) + 1;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(opts.sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  let optionSheet: ExcelJS.Worksheet | null = null;
  let optionColumn = 0;

  columns.forEach((column, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = defaultWidth(column);
    const kind = column.kind ?? 'text';
    col.numFmt = kind === 'text' || kind === 'code' || kind === 'list' ? '@' : (numFmtOf(kind) ?? 'General');

    const cell = sheet.getRow(1).getCell(i + 1);
    cell.value = `${column.required ? '*' : ''}${column.header}`;
    cell.font = { bold: true, ...(column.required ? { color: { argb: 'FFFF0000' } } : {}) };
    cell.fill = HEADER_FILL;
    cell.border = THIN_BORDER;
    cell.numFmt = '@';
    cell.note = headerNote(column);

    if (!column.options || column.options.length === 0) return;
    const inline = `"${column.options.join(',')}"`;
    let formula: string;
    if (inline.length <= INLINE_LIST_MAX && !column.options.some((o) => /[,"]/.test(o))) {
      formula = inline;
    } else {
      optionSheet ??= workbook.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });
      optionColumn++;
      const letter = columnLetter(optionColumn);
      optionSheet.getCell(`${letter}1`).value = column.header;
      column.options.forEach((option, j) => {
        optionSheet!.getCell(`${letter}${j + 2}`).value = option;
      });
      formula = `'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${column.options.length + 1}`;
    }
    const multi = kind === 'list';
    const validations = (
      sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations;
    validations.add(`${columnLetter(i + 1)}2:${columnLetter(i + 1)}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [formula],
      // A list column takes several values, which a dropdown cannot: it only suggests.
      showErrorMessage: !multi,
      errorStyle: 'stop',
      errorTitle: '输入有误',
      error: `请从下拉列表中选择“${column.header}”`,
      showInputMessage: multi,
      promptTitle: column.header,
      prompt: multi ? '可选多个，用顿号“、”分隔' : '',
    });
  });

  const help = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 8;
  help.getColumn(3).width = 80;
  help.getCell('A1').value = `${opts.sheetName} 填写说明`;
  help.getCell('A1').font = { bold: true, size: 14 };
  let r = 3;
  const lines = [
    ...(opts.instructions ? opts.instructions.split('\n') : []),
    `请在“${safeSheetName(opts.sheetName)}”工作表中从第 2 行起填写，每行一条，不要修改或删除表头。`,
    '带 * 的红色列为必填；鼠标停在表头上可查看填写要求；有下拉箭头的列请从列表中选择。',
    '编码、电话等数字请按文本填写（本模板已设为文本格式），以免被 Excel 改成科学计数法而丢失位数。',
  ];
  for (const line of lines) help.getCell(`A${r++}`).value = line;
  r++;
  const head = help.getRow(r++);
  head.values = ['列名', '必填', '填写要求'];
  head.font = { bold: true };
  for (const column of columns) {
    const row = help.getRow(r++);
    // Written as 「列名」 so this table is never mistaken for the data header on import.
    row.values = [
      `「${column.header}」`,
      column.required ? '是' : '否',
      headerNote(column).split('\n').slice(1).join('；'),
    ];
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
