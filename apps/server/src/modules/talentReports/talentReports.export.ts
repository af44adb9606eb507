/**
 * One report layout, two files: an xlsx (a sheet per table, title, filter and time above a frozen
 * header, numbers as numbers, a 说明 sheet) and a PDF (lib/pdf: the same tables, header repeated on
 * each page, page numbers).
 */
import ExcelJS from 'exceljs';
import { type PdfColumn, tablePdf } from '../../lib/pdf';

export type CellKind = 'text' | 'int' | 'signed' | 'percent' | 'ratio';

export interface ReportColumn<R> {
  header: string;
  /** Width in Excel characters; also the column's share of the PDF width. */
  width: number;
  kind: CellKind;
  value: (row: R) => string | number | null;
}

export interface ReportTable<R> {
  /** Sheet name and PDF heading. */
  name: string;
  columns: readonly ReportColumn<R>[];
  rows: readonly R[];
  /** A last row in bold (合计). */
  totals?: R;
}

export interface ReportDoc {
  title: string;
  /** e.g. 范围：全市；年度：2026 */
  filter: string;
  generatedAt: Date;
  // biome-ignore lint/suspicious/noExplicitAny: tables of different row types in one document.
  tables: readonly ReportTable<any>[];
  notes: readonly string[];
}

/** China Standard Time, YYYY-MM-DD HH:mm. */
export function chinaTime(d: Date): string {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** A value as the PDF (and the page) shows it. */
export function formatCell(kind: CellKind, v: string | number | null): string {
  if (v === null || v === undefined) return kind === 'text' ? '' : '—';
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'percent':
      return `${(v * 100).toFixed(1)}%`;
    case 'ratio':
      return v.toFixed(2);
    case 'signed':
      return v > 0 ? `+${v}` : String(v);
    default:
      return String(v);
  }
}

const numFmt: Partial<Record<CellKind, string>> = {
  int: '0',
  signed: '+0;-0;0',
  percent: '0.0%',
  ratio: '0.00',
};

export async function reportXlsx(doc: ReportDoc): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '产教通';
  wb.created = doc.generatedAt;
  for (const table of doc.tables) {
    const ws = wb.addWorksheet(table.name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 4 }],
    });
    ws.columns = table.columns.map((c) => ({ width: c.width }));
    const n = table.columns.length;
    const put = (row: number, text: string, bold = false, size = 10) => {
      const cell = ws.getCell(row, 1);
      cell.value = text;
      cell.font = { bold, size };
      if (n > 1) ws.mergeCells(row, 1, row, n);
    };
    put(1, doc.title, true, 14);
    put(2, doc.filter);
    put(3, `生成时间：${chinaTime(doc.generatedAt)}`);
    const header = ws.getRow(4);
    table.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
      cell.alignment = { vertical: 'middle', wrapText: true };
    });
    const write = (r: unknown, bold: boolean) => {
      const row = ws.addRow(table.columns.map((c) => c.value(r) ?? null));
      table.columns.forEach((c, i) => {
        const fmt = numFmt[c.kind];
        const cell = row.getCell(i + 1);
        if (fmt && typeof cell.value === 'number') cell.numFmt = fmt;
        if (bold) cell.font = { bold: true };
      });
    };
    for (const r of table.rows) write(r, false);
    if (table.totals) write(table.totals, true);
    if (n > 0) ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: n } };
  }
  const notes = wb.addWorksheet('说明');
  notes.columns = [{ width: 120 }];
  notes.addRow([doc.title]).font = { bold: true, size: 14 };
  notes.addRow([doc.filter]);
  notes.addRow([`生成时间：${chinaTime(doc.generatedAt)}`]);
  notes.addRow([]);
  for (const n of doc.notes) notes.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function reportPdf(doc: ReportDoc): Buffer {
  return tablePdf({
    title: doc.title,
    meta: [doc.filter, `生成时间：${chinaTime(doc.generatedAt)}`],
    tables: doc.tables.map((t) => ({
      heading: t.name,
      columns: t.columns.map(
        (c): PdfColumn => ({ header: c.header, width: c.width, align: c.kind === 'text' ? 'left' : 'right' }),
      ),
      rows: [...t.rows, ...(t.totals ? [t.totals] : [])].map((r) =>
        t.columns.map((c) => formatCell(c.kind, c.value(r))),
      ),
    })),
    notes: doc.notes,
  });
}
