import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { crc32, deflateRawSync, type InflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type CellRaw, cellToRaw } from './normalize';
import { inExcelOrder, loadXlsx, unzipEntries, xlsxOf } from './testing';
import { bufferSource, fileSource, type RandomAccess, readXlsx, XlsxFormatError } from './xlsx';

// Every inflater the reader creates, to check that none is left running.
const { inflaters } = vi.hoisted(() => ({ inflaters: [] as InflateRaw[] }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof import('node:zlib')>();
  return {
    ...zlib,
    createInflateRaw: (options?: import('node:zlib').ZlibOptions) => {
      const stream = zlib.createInflateRaw(options);
      inflaters.push(stream);
      return stream;
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'xlsx-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ReadSheet {
  name: string;
  hidden: boolean;
  rows: { rowNumber: number; cells: CellRaw[] }[];
}

async function readAll(source: RandomAccess | Buffer): Promise<ReadSheet[]> {
  const sheets: ReadSheet[] = [];
  for await (const sheet of readXlsx(Buffer.isBuffer(source) ? bufferSource(source) : source)) {
    const rows: ReadSheet['rows'] = [];
    for await (const row of sheet.rows) rows.push(row);
    sheets.push({ name: sheet.name, hidden: sheet.hidden, rows });
  }
  return sheets;
}

const trimmed = (cells: CellRaw[]) => {
  const out = [...cells];
  while (out.length > 0 && out[out.length - 1] === null) out.pop();
  return out;
};

/** What exceljs's own (non-streaming) reader finds: rows with a value, cells flattened as read.ts does. */
async function exceljsSheets(buffer: Buffer): Promise<ReadSheet[]> {
  const workbook = await loadXlsx(buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: ReadSheet['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
      const cells = trimmed(Array.from(values.slice(1), (v) => cellToRaw(v ?? null)));
      if (cells.length > 0) rows.push({ rowNumber, cells });
    });
    return { name: sheet.name, hidden: sheet.state !== 'visible', rows };
  });
}

/** Our rows in the shape of `exceljsSheets`: rows without a value left out. */
const comparable = (sheets: ReadSheet[]) =>
  sheets.map((s) => ({
    ...s,
    rows: s.rows.map((r) => ({ ...r, cells: trimmed(r.cells) })).filter((r) => r.cells.length > 0),
  }));

interface ZipPart {
  name: string;
  data: Buffer | string;
  store?: boolean;
}

/** A zip of the parts in this order; `zip64` writes ZIP64 directory records, as tools do for huge files. */
function zipOf(parts: ZipPart[], opts: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const content = Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8');
    const data = part.store ? content : deflateRawSync(content);
    const name = Buffer.from(part.name, 'utf8');
    const method = part.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(content), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    // A local extra field the reader must skip by its own length.
    const localExtra = Buffer.from([0xfe, 0xca, 4, 0, 1, 2, 3, 4]);
    local.writeUInt16LE(localExtra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc32(content), 16);
    let extra = Buffer.alloc(0);
    if (opts.zip64) {
      central.writeUInt32LE(0xffffffff, 20);
      central.writeUInt32LE(0xffffffff, 24);
      central.writeUInt32LE(0xffffffff, 42);
      extra = Buffer.alloc(28);
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(content.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    } else {
      central.writeUInt32LE(data.length, 20);
      central.writeUInt32LE(content.length, 24);
      central.writeUInt32LE(offset, 42);
    }
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    locals.push(local, name, localExtra, data);
    centrals.push(central, name, extra);
    offset += local.length + name.length + localExtra.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (opts.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(parts.length), 24);
    record.writeBigUInt64LE(BigInt(parts.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
  } else {
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
  }
  // A zip comment: the end record is not the last 22 bytes.
  const comment = Buffer.from('written by the test');
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, ...tail, end, comment]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface HandSheet {
  name: string;
  /** The rows (sheetData content), or a whole worksheet part when it starts with '<?xml'. */
  xml: string;
  state?: string;
}

/** A workbook written by hand, part by part, for what exceljs never writes. */
function handXlsx(opts: {
  sheets: HandSheet[];
  /** The <si> items. */
  shared?: string;
  styles?: string;
  date1904?: boolean;
  store?: boolean;
  /** Sheets before the workbook and shared strings in the zip (Excel's order). */
  sheetsFirst?: boolean;
}): Buffer {
  const sheetParts: ZipPart[] = opts.sheets.map((s, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: s.xml.startsWith('<?xml')
      ? s.xml
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1"/><sheetData>${s.xml}</sheetData><pageMargins left="0.7"/></worksheet>`,
  }));
  const rels = [
    ...opts.sheets.map(
      (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    ),
    `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`,
    `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>`,
  ];
  const other: ZipPart[] = [
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets>${opts.sheets
        .map(
          (s, i) =>
            `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
        )
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`,
    },
  ];
  if (opts.styles)
    other.push({ name: 'xl/styles.xml', data: `<styleSheet xmlns="${MAIN}">${opts.styles}</styleSheet>` });
  if (opts.shared !== undefined) {
    other.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0"?>\r\n<sst xmlns="${MAIN}" count="1">${opts.shared}</sst>`,
    });
  }
  const parts = opts.sheetsFirst ? [...sheetParts, ...other] : [...other, ...sheetParts];
  return zipOf(parts.map((p) => ({ ...p, store: opts.store })));
}

/** A credit code typed as a number: Excel and exceljs keep the nearest double. */
const LONG_NUMBER = Number('915001037474654577');
const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0) => new Date(Date.UTC(y, m - 1, d, h, min, s));

describe('readXlsx: workbooks written by exceljs', () => {
  async function mixedWorkbook(): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const main = workbook.addWorksheet('成员单位');
    main.addRow(['单位名称', '统一社会信用代码', '人数', '加入日期', '比例', '是否', '备注']);
    main.addRow([
      '重庆机电职业技术大学',
      '915001037474654577',
      120,
      utc(2023, 10, 27),
      0.25,
      true,
      '<a & b> "q" \'s\'',
    ]);
    main.addRow(['  前后空格  ', '０１２３', -3.5, utc(2020, 2, 29, 13, 45, 10), 1e-7, false, { error: '#N/A' }]);
    main.getRow(3).getCell(7).value = { error: '#N/A' };
    main.getCell('A5').value = { formula: 'A2&"!"', result: '重庆机电职业技术大学!' };
    main.getCell('B5').value = { formula: 'C2*2', result: 240 };
    main.getCell('C5').value = { formula: 'C2>100', result: true };
    main.getCell('D5').value = {
      richText: [{ text: '粗体' }, { text: 'bold', font: { bold: true } }, { text: ' 尾' }],
    };
    main.getCell('E5').value = { text: '链接', hyperlink: 'https://example.com' };
    main.getCell('Z9').value = '远处的单元格';
    main.getCell('D2').numFmt = 'yyyy-mm-dd';
    main.getCell('D3').numFmt = 'yyyy"年"m"月"d"日" hh:mm:ss';
    main.getCell('E2').numFmt = '0.00%';
    main.getCell('C3').numFmt = '#,##0.00;[Red]-#,##0.00';
    main.getCell('B6').value = LONG_NUMBER;
    main.getCell('C6').value = 13800001111;
    main.getCell('D6').value = utc(1999, 12, 31, 23, 59, 59);
    main.getCell('D6').numFmt = 'm/d/yy h:mm';
    main.getCell('A7').value = '多行\n文本\r\n第三行';
    const hidden = workbook.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['选项', '企业']);
    const veryHidden = workbook.addWorksheet('选项', { state: 'veryHidden' });
    veryHidden.addRow(['学校']);
    const last = workbook.addWorksheet('Sheet & <4>');
    last.getCell('C3').value = 3;
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('reads every sheet, in order, with the values exceljs reads', async () => {
    const buffer = await mixedWorkbook();
    const ours = await readAll(buffer);
    expect(ours.map((s) => [s.name, s.hidden])).toEqual([
      ['成员单位', false],
      ['隐藏', true],
      ['选项', true],
      ['Sheet & <4>', false],
    ]);
    expect(comparable(ours)).toEqual(await exceljsSheets(buffer));

    const main = ours[0]!.rows;
    expect(main.map((r) => r.rowNumber)).toEqual([1, 2, 3, 5, 6, 7, 9]);
    expect(main[1]!.cells).toEqual([
      '重庆机电职业技术大学',
      '915001037474654577',
      120,
      utc(2023, 10, 27),
      0.25,
      true,
      '<a & b> "q" \'s\'',
    ]);
    expect(main[2]!.cells).toEqual([
      '  前后空格  ',
      '０１２３',
      -3.5,
      utc(2020, 2, 29, 13, 45, 10),
      1e-7,
      false,
      { error: '#N/A' },
    ]);
    // Formulas: the cached result; rich text joined; a hyperlink's text.
    expect(main[3]!.cells).toEqual(['重庆机电职业技术大学!', 240, true, '粗体bold 尾', '链接']);
    expect(main[4]!.cells).toEqual([null, LONG_NUMBER, 13800001111, utc(1999, 12, 31, 23, 59, 59)]);
    // Line ends as an XML parser reads them.
    expect(main[5]!.cells).toEqual(['多行\n文本\n第三行']);
    expect(main[6]!.cells).toHaveLength(26);
    expect(main[6]!.cells[25]).toBe('远处的单元格');
    expect(main[6]!.cells.slice(0, 25).every((c) => c === null)).toBe(true);
  });

  it('reads the same when the sheets come before the shared strings (Excel order), and when entries are stored', async () => {
    const buffer = await mixedWorkbook();
    const expected = await readAll(buffer);
    expect(await readAll(inExcelOrder(buffer))).toEqual(expected);
    const stored = zipOf([...unzipEntries(buffer)].map(([name, data]) => ({ name, data, store: true })));
    expect(await readAll(stored)).toEqual(expected);
  });

  it('reads dates of a 1904 workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet('S');
    sheet.addRow([utc(2023, 10, 27), utc(1904, 1, 2, 12), 45]);
    sheet.getCell('A1').numFmt = 'yyyy-mm-dd';
    sheet.getCell('B1').numFmt = 'yyyy-mm-dd hh:mm';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const [ours] = await readAll(buffer);
    expect(ours!.rows[0]!.cells).toEqual([utc(2023, 10, 27), utc(1904, 1, 2, 12), 45]);
    expect(comparable(await readAll(buffer))).toEqual(await exceljsSheets(buffer));
  });

  it('reads the stream writer output, with and without shared strings', async () => {
    for (const useSharedStrings of [true, false]) {
      const path = join(dir, `stream-${useSharedStrings}.xlsx`);
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings, useStyles: true });
      const sheet = writer.addWorksheet('名录');
      sheet.addRow(['名称', '代码', '日期', '数量']).commit();
      const row = sheet.addRow(['重庆两江', '91500000MA5U7ABC15', utc(2023, 1, 2), 7]);
      row.getCell(3).numFmt = 'yyyy/m/d';
      row.commit();
      sheet.addRow([{ richText: [{ text: 'a' }, { text: 'b', font: { italic: true } }] }, null, null, 'x\ty']).commit();
      sheet.commit();
      await writer.commit();
      const source = await fileSource(path);
      try {
        const [ours] = await readAll(source);
        expect(ours!.rows.map((r) => r.cells)).toEqual([
          ['名称', '代码', '日期', '数量'],
          ['重庆两江', '91500000MA5U7ABC15', utc(2023, 1, 2), 7],
          ['ab', null, null, 'x\ty'],
        ]);
      } finally {
        await source.close();
      }
    }
  });
});

describe('readXlsx: hand-written parts', () => {
  it('reads every cell type, sparse rows and cells, rows and cells without references', async () => {
    const buffer = handXlsx({
      shared: [
        '<si><t>普通</t></si>',
        '<si><r><rPr><b/><sz val="11"/></rPr><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r></si>',
        // Phonetic runs are not part of the text.
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
        '<si><t>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587; &#x1F600;</t></si>',
        '<si><t>line_x000D__x000A_two _x005F_x000D_ kept</t></si>',
        '<si/>',
        '<si><t/></si>',
      ].join(''),
      sheets: [
        {
          name: '数据',
          xml: [
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>',
            '<row r="2" spans="1:9"><c r="A2"><v>42</v></c><c r="B2" t="n"><v>-1.5E-3</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="e"><v>#DIV/0!</v></c><c r="F2" t="str"><f>UPPER("x")</f><v>X &amp; Y</v></c><c r="G2"><f>1/0</f></c><c r="H2" s="0"/><c r="I2" t="d"><v>2023-10-27T08:30:00</v></c></row>',
            '<row r="3"><c r="A3" t="inlineStr"><is><t>行内</t></is></c><c r="B3" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t>文本</t></r></is></c><c r="C3" t="inlineStr"><is><t>_x000D_</t></is></c><c r="D3" t="d"><v>2023-10-27</v></c></row>',
            '<row r="5"/>',
            '<row><c><v>1</v></c><c><v>2</v></c><c r="E6"><v>5</v></c><c><v>6</v></c></row>',
            '<row><c r="B7" t="s"><v>0</v></c></row>',
            '<row r="9" spans="1:1"><c r="A9" s="0" t="s"><v>99</v></c><c r="B9" t="s"><v>x</v></c></row>',
          ].join(''),
        },
      ],
    });
    const [sheet] = await readAll(buffer);
    expect(sheet!.rows).toEqual([
      {
        rowNumber: 1,
        cells: ['普通', '富 文本 ', '東京', 'a&b <c> "d" \'e\' 中文 😀', 'line\r\ntwo _x000D_ kept', '', ''],
      },
      {
        rowNumber: 2,
        cells: [42, -0.0015, true, false, { error: '#DIV/0!' }, 'X & Y', null, null, utc(2023, 10, 27, 8, 30)],
      },
      { rowNumber: 3, cells: ['行内', '富文本', '\r', utc(2023, 10, 27)] },
      { rowNumber: 5, cells: [] },
      { rowNumber: 6, cells: [1, 2, null, null, 5, 6] },
      { rowNumber: 7, cells: [null, '普通'] },
      // A shared-string index beyond the table, or no index at all, reads as empty.
      { rowNumber: 9, cells: [] },
    ]);
  });

  it('tells date formats from number formats', async () => {
    const formats: [string, boolean][] = [
      ['yyyy-mm-dd', true],
      ['yyyy"年"m"月"d"日";@', true],
      ['[$-804]yyyy"年"m"月"', true],
      ['m/d/yy\\ h:mm;@', true],
      ['[h]:mm:ss', true],
      ['hh:mm AM/PM', true],
      ['0.00', false],
      ['#,##0', false],
      ['@', false],
      ['General', false],
      ['"day "0', false],
      ['[Red]#,##0.00;[Blue]-#,##0.00', false],
      ['_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-', false],
      ['0.00E+00', false],
      ['[DBNum1][$-804]General', false],
    ];
    const builtIn: [number, boolean][] = [
      [14, true],
      [22, true],
      [31, true],
      [57, true],
      [0, false],
      [2, false],
      [10, false],
      [49, false],
    ];
    const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    const ids = [...formats.map((_, i) => 164 + i), ...builtIn.map(([id]) => id)];
    const styles = `<numFmts count="${formats.length}">${formats
      .map(([code], i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(code)}"/>`)
      .join('')}</numFmts><cellXfs count="${ids.length}">${ids
      .map((id) => `<xf numFmtId="${id}" fontId="0"><alignment/></xf>`)
      .join('')}</cellXfs>`;
    const cells = ids.map((_, i) => `<c s="${i}"><v>45226.5</v></c>`).join('');
    const [sheet] = await readAll(handXlsx({ styles, sheets: [{ name: 'S', xml: `<row r="1">${cells}</row>` }] }));
    const expected = [...formats.map(([, date]) => date), ...builtIn.map(([, date]) => date)].map((date) =>
      date ? utc(2023, 10, 27, 12) : 45226.5,
    );
    expect(sheet!.rows[0]!.cells).toEqual(expected);
  });

  it("applies Excel's 1900 leap-year bug and the 1904 system to serials", async () => {
    const styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs>';
    const xml =
      '<row r="1"><c s="1"><v>1</v></c><c s="1"><v>59</v></c><c s="1"><v>61</v></c><c s="1"><v>0.75</v></c></row>';
    const [s1900] = await readAll(handXlsx({ styles, sheets: [{ name: 'S', xml }] }));
    expect(s1900!.rows[0]!.cells).toEqual([utc(1900, 1, 1), utc(1900, 2, 28), utc(1900, 3, 1), utc(1899, 12, 31, 18)]);
    const [s1904] = await readAll(handXlsx({ styles, date1904: true, sheets: [{ name: 'S', xml }] }));
    expect(s1904!.rows[0]!.cells).toEqual([utc(1904, 1, 2), utc(1904, 2, 29), utc(1904, 3, 2), utc(1904, 1, 1, 18)]);
  });

  it('reads parts with a namespace prefix, an odd workbook path, absolute targets and backslash names', async () => {
    const sheet = `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row><x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const buffer = zipOf([
      {
        name: '/_rels/.rels',
        data: `<Relationships xmlns="${PKG}"><Relationship Id="a" Type="${REL}/officeDocument" Target="/data/book.xml"/></Relationships>`,
      },
      {
        name: 'data/book.xml',
        data: `<x:workbook xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:sheets><x:sheet name="甲 &amp; 乙" sheetId="7" rel:id="s1"/></x:sheets></x:workbook>`,
      },
      {
        name: 'data\\_rels\\book.xml.rels',
        data: `<Relationships xmlns="${PKG}"><Relationship Id="s1" Type="${REL}/worksheet" Target="/DATA/Sheets/One.xml"/><Relationship Id="ss" Type="${REL}/sharedStrings" Target="../shared/strings.xml"/></Relationships>`,
      },
      { name: 'data/sheets/one.xml', data: sheet },
      {
        name: 'shared/strings.xml',
        data: `<x:sst xmlns:x="${MAIN}"><x:si><x:t>零</x:t></x:si><x:si><x:r><x:t>一</x:t></x:r><x:r><x:t>二</x:t></x:r></x:si></x:sst>`,
      },
    ]);
    expect(await readAll(buffer)).toEqual([
      {
        name: '甲 & 乙',
        hidden: false,
        rows: [
          { rowNumber: 1, cells: ['一二', '内联', 3] },
          { rowNumber: 2, cells: ['零'] },
        ],
      },
    ]);
  });

  it('reads rows and shared strings longer than an inflated chunk, and empty sheets', async () => {
    const long = (n: number, seed: string) => Array.from({ length: n }, (_, i) => `${seed}${i}`).join('，');
    const shared = long(60_000, '共享字符串');
    const inline = long(50_000, '行内文本');
    const xml = `<row r="1"><c t="s"><v>0</v></c><c t="inlineStr"><is><t>${inline}</t></is></c>${Array.from(
      { length: 5000 },
      (_, i) => `<c><v>${i}</v></c>`,
    ).join('')}</row><row r="2"><c t="s"><v>1</v></c></row>`;
    const buffer = handXlsx({
      shared: `<si><t>${shared}</t></si><si><t>短</t></si>`,
      sheets: [
        { name: 'Long', xml },
        { name: 'Empty', xml: '' },
        { name: 'Bare', xml: `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData/></worksheet>` },
      ],
    });
    const [first, empty, bare] = await readAll(buffer);
    expect(first!.rows).toHaveLength(2);
    expect(first!.rows[0]!.cells.slice(0, 2)).toEqual([shared, inline]);
    expect(first!.rows[0]!.cells.slice(2)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(first!.rows[1]).toEqual({ rowNumber: 2, cells: ['短'] });
    expect(empty!.rows).toEqual([]);
    expect(bare!.rows).toEqual([]);
  });

  it('finds the workbook at xl/workbook.xml when the package relationships are missing', async () => {
    const parts = [...unzipEntries(handXlsx({ sheets: [{ name: 'S', xml: '<row r="2"><c><v>2</v></c></row>' }] }))];
    const withoutRels = zipOf(parts.filter(([name]) => name !== '_rels/.rels').map(([name, data]) => ({ name, data })));
    expect(await readAll(withoutRels)).toEqual([{ name: 'S', hidden: false, rows: [{ rowNumber: 2, cells: [2] }] }]);
  });

  it('reads ZIP64 directories', async () => {
    const plain = handXlsx({
      shared: '<si><t>值</t></si>',
      sheets: [{ name: 'S', xml: '<row r="1"><c t="s"><v>0</v></c></row>' }],
    });
    const zip64 = zipOf(
      [...unzipEntries(plain)].map(([name, data]) => ({ name, data })),
      { zip64: true },
    );
    expect(await readAll(zip64)).toEqual([{ name: 'S', hidden: false, rows: [{ rowNumber: 1, cells: ['值'] }] }]);
  });
});

describe('readXlsx: long sheets', () => {
  const W = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const code = (i: number) => `91500000${String(i).padStart(9, '0')}${W[i % 31]}`;
  /** Three-, two- and four-byte UTF-8 characters, unique per row, so that chunks end inside characters. */
  const chineseRow = (i: number) => [
    `重庆演示第${i}号智能网联新能源汽车零部件有限公司`,
    code(i),
    i % 3 === 0 ? '是' : '否',
    `渝北区金开大道${i % 997}号·${i}栋 café 😀${i % 7}`,
    i,
  ];

  async function writeLong(path: string, rows: number, useSharedStrings: boolean): Promise<void> {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
    const sheet = writer.addWorksheet('单位名录');
    sheet.addRow(['单位名称', '统一社会信用代码', '规模以上企业', '地址', '序号']).commit();
    for (let i = 1; i <= rows; i++) sheet.addRow(chineseRow(i)).commit();
    sheet.commit();
    await writer.commit();
  }

  async function expectRows(path: string, rows: number): Promise<void> {
    const source = await fileSource(path);
    try {
      let count = 0;
      const mismatches: string[] = [];
      for await (const sheet of readXlsx(source)) {
        for await (const row of sheet.rows) {
          if (row.rowNumber === 1) continue;
          count++;
          const expected = chineseRow(row.rowNumber - 1);
          if (JSON.stringify(row.cells) !== JSON.stringify(expected) && mismatches.length < 5) {
            mismatches.push(`row ${row.rowNumber}: ${JSON.stringify(row.cells)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(count).toBe(rows);
    } finally {
      await source.close();
    }
  }

  it('reads 150,000 rows of Chinese text cell for cell (shared strings)', async () => {
    const path = join(dir, 'chinese-shared.xlsx');
    await writeLong(path, 150_000, true);
    await expectRows(path, 150_000);
  }, 120_000);

  it('reads 50,000 rows of Chinese text cell for cell (strings in the sheet)', async () => {
    const path = join(dir, 'chinese-inline.xlsx');
    await writeLong(path, 50_000, false);
    await expectRows(path, 50_000);
  }, 120_000);
});

describe('readXlsx: large shared-strings tables', () => {
  /** Item i of the table: its XML and the text it stands for, of every kind the reader decodes. */
  function item(i: number): { xml: string; text: string } {
    switch (i % 12) {
      case 0:
        return { xml: `<si><t>plain ${i}</t></si>`, text: `plain ${i}` };
      case 1:
        return { xml: `<si><t>重庆第${i}号有限公司</t></si>`, text: `重庆第${i}号有限公司` };
      case 2:
        return { xml: `<si><t>emoji 😀${i}🎉 café</t></si>`, text: `emoji 😀${i}🎉 café` };
      case 3:
        return {
          xml: `<si><t>A &amp; B &lt;${i}&gt; &quot;q&quot; &apos;s&apos; &#20013;&#x1F600;</t></si>`,
          text: `A & B <${i}> "q" 's' 中😀`,
        };
      case 4:
        return { xml: `<si><t>line_x000D_\r\nnext ${i}_x005F_x0041_</t></si>`, text: `line\r\nnext ${i}_x0041_` };
      case 5:
        return {
          xml: `<si><r><t>run ${i} </t></r><r><rPr><b/></rPr><t xml:space="preserve">粗体 </t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><r><t>end</t></r></si>`,
          text: `run ${i} 粗体 end`,
        };
      case 6:
        return { xml: i % 24 === 6 ? '<si/>' : '<si><t/></si>', text: '' };
      case 7:
        return { xml: `<si><t>lone _xD800_ ${i} 中</t></si>`, text: `lone \ud800 ${i} 中` };
      case 8:
        return { xml: `<si><t>ascii_then &#233;${i}</t></si>`, text: `ascii_then é${i}` };
      case 9:
        return { xml: `<si><r><t>abc${i}</t></r><r><t>中文_x000D_</t></r></si>`, text: `abc${i}中文\r` };
      case 10:
        return { xml: '<si><t>是</t></si>', text: '是' };
      default:
        return { xml: `<si><t>${'长'.repeat(i % 50)}${i}</t></si>`, text: `${'长'.repeat(i % 50)}${i}` };
    }
  }

  it('reads 200,000 shared strings of every kind back exactly', async () => {
    const count = 200_000;
    const items = Array.from({ length: count }, (_, i) => item(i));
    const perRow = 10;
    const rows: string[] = [];
    for (let r = 0; r < count / perRow; r++) {
      const cells = Array.from({ length: perRow }, (_, c) => `<c t="s"><v>${r * perRow + c}</v></c>`).join('');
      rows.push(`<row r="${r + 1}">${cells}</row>`);
    }
    // Beyond the table: no value.
    rows.push(`<row r="${count / perRow + 1}"><c t="s"><v>${count}</v></c><c><v>1</v></c></row>`);
    const buffer = handXlsx({ shared: items.map((x) => x.xml).join(''), sheets: [{ name: 'S', xml: rows.join('') }] });
    const [sheet] = await readAll(buffer);
    const read = sheet!.rows.slice(0, -1).flatMap((row) => row.cells);
    const mismatches = items.flatMap((x, i) => (read[i] === x.text ? [] : [`${i}: ${JSON.stringify(read[i])}`]));
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(read).toHaveLength(count);
    expect(sheet!.rows.at(-1)!.cells).toEqual([null, 1]);
    // Repeated reads of the same item give equal strings.
    expect(read[10]).toBe('是');
  }, 60_000);

  it('keeps the texts of a region that is not valid UTF-8, with U+FFFD for its bad bytes', async () => {
    const shared = Buffer.concat([
      Buffer.from('<si><t>ok 中</t></si><si><t>bad '),
      Buffer.from([0xe4, 0xb8, 0x41, 0xff]),
      Buffer.from(' &amp;</t></si><si><t>after</t></si>'),
    ]);
    const zip = handXlsx({
      shared: '\u0000',
      sheets: [{ name: 'S', xml: '<row r="1"><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>' }],
    });
    // Put the raw bytes in place of the placeholder part.
    const parts = unzipEntries(zip);
    const xml = parts.get('xl/sharedStrings.xml')!;
    const at = xml.indexOf(0);
    const patched = Buffer.concat([xml.subarray(0, at), shared, xml.subarray(at + 1)]);
    const rebuilt = zipOf(
      [...parts].map(([name, data]) => ({ name, data: name === 'xl/sharedStrings.xml' ? patched : data })),
    );
    const [sheet] = await readAll(rebuilt);
    expect(sheet!.rows[0]!.cells).toEqual(['ok 中', 'bad \ufffd\ufffdA\ufffd &', 'after']);
  });

  it('keeps a million shared strings off the V8 heap', async () => {
    const count = 1_000_000;
    const text = (i: number) => `第${i}号单位名称测试数据`;
    let shared = '';
    for (let i = 0; i < count; i++) shared += `<si><t>${text(i)}</t></si>`;
    const buffer = handXlsx({
      shared,
      sheets: [
        { name: 'S', xml: `<row r="1"><c t="s"><v>0</v></c></row><row r="2"><c t="s"><v>${count - 1}</v></c></row>` },
      ],
    });
    shared = '';
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const sheets = readXlsx(bufferSource(buffer))[Symbol.asyncIterator]();
    const sheet = (await sheets.next()).value!;
    const rows = sheet.rows[Symbol.asyncIterator]();
    // The first row is read once the whole table is loaded; the table is alive while `rows` is.
    expect((await rows.next()).value!.cells).toEqual([text(0)]);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    // As JS strings the texts alone take 2 bytes per character (34 MB here), plus headers.
    const asStrings = 2 * Array.from({ length: count }, (_, i) => text(i).length).reduce((a, b) => a + b, 0);
    expect(asStrings).toBeGreaterThan(30e6);
    expect(grown).toBeLessThan(asStrings / 5);
    expect((await rows.next()).value!.cells).toEqual([text(count - 1)]);
    await rows.return!();
  }, 60_000);
});

describe('readXlsx: damaged files', () => {
  it('refuses what is not an xlsx with XlsxFormatError', async () => {
    const good = await xlsxOf([['a', 1]]);
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['text', Buffer.from('单位名称,代码\n重庆,1\n'.repeat(20))],
      ['truncated', good.subarray(0, Math.floor(good.length / 2))],
      ['zip without a workbook', zipOf([{ name: 'readme.txt', data: 'hello' }])],
      ['directory cut off', good.subarray(0, good.length - 30)],
    ];
    for (const [label, buffer] of cases) {
      await expect(readAll(buffer), label).rejects.toThrow(XlsxFormatError);
    }
  });

  it('refuses a worksheet whose compressed data is corrupt, or whose XML ends inside a row', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c><c t="inlineStr"><is><t>第${i}行</t></is></c></row>`,
    );
    const good = handXlsx({ sheets: [{ name: 'S', xml: rows.join('') }] });
    const sheetAt = good.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, sheetAt + 200, sheetAt + 400);
    await expect(readAll(corrupt)).rejects.toThrow(XlsxFormatError);

    const cut = handXlsx({
      sheets: [
        { name: 'S', xml: `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c><v>1</v></c>` },
      ],
    });
    await expect(readAll(cut)).rejects.toThrow(/does not end/);

    // A compression method other than stored or deflated (12 is bzip2), set in the central directory.
    const bzip = Buffer.from(good);
    const central = bzip.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    expect(bzip.readUInt32LE(central)).toBe(0x02014b50);
    bzip.writeUInt16LE(12, central + 10);
    await expect(readAll(bzip)).rejects.toThrow(/unsupported compression method/);
  });
});

describe('readXlsx: resources', () => {
  const bigSheet = (rows: number) =>
    Array.from(
      { length: rows },
      (_, i) =>
        `<row r="${i + 1}"><c t="inlineStr"><is><t>第${i}行 ${randomBytes(24).toString('hex')}</t></is></c><c><v>${i}</v></c></row>`,
    ).join('');

  /** The source with its reads counted; `inFlight` is the number of reads not yet answered. */
  function counted(source: RandomAccess) {
    const stats = { reads: 0, bytes: 0, inFlight: 0 };
    const wrapped: RandomAccess = {
      size: source.size,
      async read(position, length) {
        stats.reads++;
        stats.bytes += length;
        stats.inFlight++;
        try {
          return await source.read(position, length);
        } finally {
          stats.inFlight--;
        }
      },
      close: () => source.close(),
    };
    return { source: wrapped, stats };
  }

  const openFiles = () => readdirSync('/proc/self/fd').length;

  it('stops reading when the consumer breaks out, and leaves no file open once closed', async () => {
    const path = join(dir, 'big.xlsx');
    writeFileSync(path, handXlsx({ sheets: [{ name: 'S', xml: bigSheet(60_000) }] }));
    const before = openFiles();
    inflaters.length = 0;
    const { source, stats } = counted(await fileSource(path));
    let seen = 0;
    for await (const sheet of readXlsx(source)) {
      for await (const row of sheet.rows) {
        seen = row.rowNumber;
        if (seen === 10) break;
      }
      break;
    }
    expect(seen).toBe(10);
    // The inflater is destroyed and no read is pending: nothing more is read.
    expect(inflaters.length).toBeGreaterThan(0);
    expect(inflaters.every((stream) => stream.destroyed)).toBe(true);
    expect(stats.inFlight).toBe(0);
    const reads = stats.reads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stats.reads).toBe(reads);
    expect(stats.bytes).toBeLessThan(source.size / 2);
    await source.close();
    expect(openFiles()).toBe(before);
  });

  it('reads nothing of a sheet whose rows are not iterated, and can read a sheet twice', async () => {
    const buffer = handXlsx({
      sheets: [
        { name: 'A', xml: bigSheet(20_000) },
        { name: 'B', xml: '<row r="1"><c><v>1</v></c></row>' },
      ],
    });
    const { source, stats } = counted(bufferSource(buffer));
    const names: string[] = [];
    let second: AsyncIterable<{ rowNumber: number; cells: CellRaw[] }> | null = null;
    for await (const sheet of readXlsx(source)) {
      names.push(sheet.name);
      if (sheet.name === 'B') second = sheet.rows;
    }
    expect(names).toEqual(['A', 'B']);
    // The directory and the small parts only.
    expect(stats.bytes).toBeLessThan(100_000);
    expect(buffer.length).toBeGreaterThan(500_000);
    for (let pass = 0; pass < 2; pass++) {
      const rows = [];
      for await (const row of second!) rows.push(row);
      expect(rows).toEqual([{ rowNumber: 1, cells: [1] }]);
    }
  });
});
