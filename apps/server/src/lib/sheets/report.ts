import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { rawText } from './normalize';
import { eachSheet, type ParsedSheet, type SheetInput, type SheetLayout } from './read';
import type { RowError } from './validate';
import { writeToBuffer } from './write';

export const ERROR_COLUMN_HEADER = '错误说明';
/** Excel's “bad” red. */
const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FFC00000' } };

export interface ErrorReportOptions {
  /**
   * Above this many cells (data rows × columns) the report is rebuilt by streaming (values kept; the
   * original's formatting, merges and notes not) instead of loading the whole workbook, which costs
   * exceljs about 1.4 KB per cell. Default 100,000 (≈ 150 MB at most).
   */
  preserveWorkbookMaxCells?: number;
}

interface RowMarks {
  reasons: string[];
  /** 1-based columns of the bad cells. */
  cells: Set<number>;
}

/** Errors grouped by row: reasons as '列名：原因', and which cells to paint. */
function markRows(parsed: SheetLayout, errors: readonly RowError[]): Map<number, RowMarks> {
  const indexOf = new Map(parsed.columns.map((c) => [c.key, c.index]));
  const marks = new Map<number, RowMarks>();
  for (const error of errors) {
    let mark = marks.get(error.rowNumber);
    if (!mark) {
      mark = { reasons: [], cells: new Set() };
      marks.set(error.rowNumber, mark);
    }
    mark.reasons.push(error.column ? `${error.column}：${error.reason}` : error.reason);
    const index = error.key === undefined ? undefined : indexOf.get(error.key);
    if (index !== undefined && error.rowNumber !== parsed.headerRow) mark.cells.add(index);
  }
  return marks;
}

const headerText = (mark: RowMarks | undefined) =>
  mark ? `${ERROR_COLUMN_HEADER}（${mark.reasons.join('；')}）` : ERROR_COLUMN_HEADER;

/**
 * The uploaded sheet with a last column 错误说明 holding each bad row's reasons joined with '；' and
 * its bad cells painted red; rows keep their numbers. An xlsx keeps its workbook (title rows, merges,
 * formats, other sheets); a CSV (or a very large or unloadable xlsx) is rebuilt from the rows as read.
 */
export async function errorReportXlsx(
  input: SheetInput,
  parsed: ParsedSheet | (SheetLayout & { rowCount: number }),
  errors: readonly RowError[],
  opts: ErrorReportOptions = {},
): Promise<Buffer> {
  const marks = markRows(parsed, errors);
  const rowCount = 'rows' in parsed ? parsed.rows.length : parsed.rowCount;
  const cells = rowCount * Math.max(1, parsed.columnCount);
  if (parsed.format === 'xlsx' && cells <= (opts.preserveWorkbookMaxCells ?? 100_000)) {
    try {
      return await annotateWorkbook(input.buffer ?? (await readFile(input.path)), parsed, marks);
    } catch {
      // exceljs cannot round-trip every workbook (e.g. some shared formulas): fall back to the values.
    }
  }
  return rebuildReport(input, parsed, marks);
}

async function annotateWorkbook(buffer: Buffer, parsed: SheetLayout, marks: Map<number, RowMarks>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.getWorksheet(parsed.sheetName);
  if (!sheet) throw new Error(`worksheet ${parsed.sheetName} not found`);
  const errorColumn = Math.max(sheet.columnCount, parsed.columnCount) + 1;
  sheet.getColumn(errorColumn).width = 60;

  const header = sheet.getRow(parsed.headerRow).getCell(errorColumn);
  header.value = headerText(marks.get(parsed.headerRow));
  // Fresh style objects: exceljs may share one style object between cells loaded with the same style.
  header.style = { font: { bold: true, color: { argb: 'FFC00000' } }, alignment: { wrapText: true } };

  for (const [rowNumber, mark] of marks) {
    if (rowNumber === parsed.headerRow) continue;
    const row = sheet.getRow(rowNumber);
    const cell = row.getCell(errorColumn);
    cell.value = mark.reasons.join('；');
    cell.style = { font: ERROR_FONT, alignment: { wrapText: true, vertical: 'top' } };
    for (const index of mark.cells) {
      const bad = row.getCell(index);
      bad.style = { ...bad.style, fill: BAD_FILL };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Streams the rows as read into a new workbook, adding the error column. */
async function rebuildReport(input: SheetInput, parsed: SheetLayout, marks: Map<number, RowMarks>): Promise<Buffer> {
  const errorColumn = parsed.columnCount + 1;
  return writeToBuffer(async (out) => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(parsed.sheetName.slice(0, 31) || 'Sheet1');
    for (let i = 1; i < errorColumn; i++) sheet.getColumn(i).width = 16;
    sheet.getColumn(errorColumn).width = 60;
    await eachSheet(input, async (source) => {
      if (parsed.format === 'xlsx' && source.name !== parsed.sheetName) return false;
      for await (const { rowNumber, cells } of source.rows) {
        const row = sheet.getRow(rowNumber);
        cells.forEach((raw, i) => {
          if (raw === null || raw === '') return;
          const cell = row.getCell(i + 1);
          // CSV cells stay text (leading zeros, long codes); xlsx values keep their type.
          cell.value = typeof raw === 'object' && !(raw instanceof Date) ? rawText(raw) : raw;
          if (raw instanceof Date) cell.numFmt = 'yyyy-mm-dd';
          if (rowNumber === parsed.headerRow) cell.font = { bold: true };
        });
        const mark = marks.get(rowNumber);
        if (rowNumber === parsed.headerRow) {
          const cell = row.getCell(errorColumn);
          cell.value = headerText(mark);
          cell.font = { bold: true, color: { argb: 'FFC00000' } };
        } else if (mark) {
          const cell = row.getCell(errorColumn);
          cell.value = mark.reasons.join('；');
          cell.font = ERROR_FONT;
          cell.alignment = { wrapText: true, vertical: 'top' };
          for (const index of mark.cells) row.getCell(index).fill = BAD_FILL;
        }
        row.commit();
      }
      return true;
    });
    sheet.commit();
    await workbook.commit();
  });
}
