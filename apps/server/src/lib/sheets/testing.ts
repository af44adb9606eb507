// Fixtures for the sheets unit tests: workbooks built with exceljs, GB18030 bytes, an organization column set.
import ExcelJS from 'exceljs';
import { defineColumns } from './columns';

/** Organization import columns, as the org module will declare them. */
export const orgColumns = defineColumns([
  {
    key: 'name',
    header: '单位名称',
    aliases: ['名称', '单位'],
    required: true,
    maxLength: 100,
    example: '重庆机电职业技术大学',
  },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码'],
    required: true,
    kind: 'code',
    comment: '18 位，末位为校验码',
  },
  { key: 'type', header: '单位类型', required: true, options: ['企业', '学校', '产业园区', '政府部门'] },
  { key: 'district', header: '所在区县', options: ['渝中区', '江北区', '沙坪坝区', '九龙坡区', '南岸区'] },
  { key: 'joinedOn', header: '加入日期', kind: 'date' },
  { key: 'employees', header: '职工人数', kind: 'integer' },
  { key: 'majors', header: '合作专业', kind: 'list' },
] as const);

/**
 * A pure-digit credit code (915001037474654577) typed into an Excel cell formatted as a number: Excel
 * keeps 15 significant digits and saves 9.15001037474655E+17, which exceljs reads as this JS number.
 */
export const CODE_TYPED_AS_NUMBER = Number('9.15001037474655E+17');

/** An xlsx whose first sheet holds `rows` from A1 (null leaves a cell empty); `setup` adds merges, styles, sheets. */
export async function xlsxOf(
  rows: readonly (readonly unknown[])[],
  setup?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void,
  sheetName = 'Sheet1',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((values, r) => {
    values.forEach((value, c) => {
      if (value !== null && value !== undefined) sheet.getCell(r + 1, c + 1).value = value as ExcelJS.CellValue;
    });
  });
  setup?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function loadXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

let gbTable: Map<string, number[]> | null = null;

/**
 * GB18030 bytes of a text of ASCII and GBK characters. Node has a GB18030 decoder but no encoder, so
 * the table is built by decoding every two-byte GBK code once.
 */
export function gb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(Uint8Array.of(lead, trail));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbTable.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** A valid 统一社会信用代码 built from a 17-character body (check character computed). */
export { creditCodeCheckChar } from '@chanjiao/contracts';
