// Fixtures for the sheets unit tests: workbooks built with exceljs, GB18030 bytes, an organization column set.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
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

/** The entries of a zip, read through its central directory. */
export function unzipEntries(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    if (!name.endsWith('/')) entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
}

/** A zip of `entries` in the given order (deflated, sizes in the local headers, as Excel writes them). */
export function zipEntries(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = deflateRawSync(content);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(content);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The order Excel itself writes: workbook first, then sheets, theme, styles, shared strings, properties. */
export function inExcelOrder(xlsx: Buffer): Buffer {
  const entries = [...unzipEntries(xlsx)];
  const rank = (name: string) =>
    [
      /^\[Content_Types\]/,
      /^_rels\//,
      /^xl\/workbook\.xml$/,
      /^xl\/_rels\//,
      /^xl\/worksheets\/sheet/,
      /^xl\/worksheets\//,
      /^xl\/theme\//,
      /^xl\/styles/,
      /^xl\/sharedStrings/,
      /^xl\//,
      /^docProps\//,
    ].findIndex((re) => re.test(name));
  return zipEntries(entries.sort((a, b) => rank(a[0]) - rank(b[0])));
}
