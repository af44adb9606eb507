import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { SheetError } from './errors';
import { PRECISION_LOST } from './normalize';
import { decodeText, eachSheet, MAX_BYTES, MAX_ROWS, parseSheet } from './read';
import { CODE_TYPED_AS_NUMBER, gb18030, inExcelOrder, orgColumns, unzipEntries, xlsxOf, zipEntries } from './testing';

const HEADER = ['单位名称', '统一社会信用代码', '单位类型', '所在区县', '加入日期', '职工人数', '合作专业'];

/** What a member list from a district office looks like: merged title, blank row, header on row 3. */
function messyWorkbook() {
  return xlsxOf(
    [
      ['重庆市产教联合体成员单位名单'],
      [],
      ['*单位名称 ', '统一社会信用代码', '单位类型', '所在区县', '加入日期', '职工人数', '合作专业', '备注'],
      [
        '重庆机电职业技术大学  ',
        '９１５０ ０１０３ ７４７４ ６５４５ ７７',
        '学校',
        '沙坪坝区\u00A0',
        45226,
        '１２０',
        '机电一体化、数控技术',
      ],
      [],
      ['\u3000重庆长安汽车股份有限公司', CODE_TYPED_AS_NUMBER, '企业', null, '2023年10月27日', 5000, null, '数字格式'],
      ['重庆市九龙坡区经信委', '91500106MA5U7ABC15', '政府部门', '九龙坡区', new Date(Date.UTC(2023, 9, 27)), '', null],
      [null, null, null, null, null, null, null, '只有备注'],
    ],
    (sheet) => {
      sheet.mergeCells('A1:H1');
      sheet.getCell('E7').numFmt = 'yyyy-mm-dd';
    },
    '成员单位',
  );
}

describe('parseSheet: xlsx', () => {
  it('finds the header under a merged title and normalizes messy cells', async () => {
    const buffer = await messyWorkbook();
    const parsed = await parseSheet({ buffer, filename: '成员名单.xlsx' }, orgColumns);

    expect(parsed.format).toBe('xlsx');
    expect(parsed.sheetName).toBe('成员单位');
    expect(parsed.headerRow).toBe(3);
    expect(parsed.unknownHeaders).toEqual(['备注']);
    expect(parsed.missingHeaders).toEqual([]);
    expect(parsed.columns.map((c) => c.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // Row 5 (empty) and row 8 (only the unknown 备注 column) are skipped.
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([4, 6, 7]);

    const [school, carMaker, office] = parsed.rows;
    expect(school!.values).toEqual({
      name: '重庆机电职业技术大学',
      creditCode: '915001037474654577',
      type: '学校',
      district: '沙坪坝区',
      joinedOn: '2023-10-27',
      employees: 120,
      majors: ['机电一体化', '数控技术'],
    });
    expect(school!.issues).toEqual([]);

    // The credit code typed as a number lost its last digits: reported, not guessed.
    expect(carMaker!.values.name).toBe('重庆长安汽车股份有限公司');
    expect(carMaker!.values.creditCode).toBeNull();
    expect(carMaker!.issues).toEqual([{ key: 'creditCode', reason: PRECISION_LOST }]);
    expect(carMaker!.raw.creditCode).toMatch(/^9150010374746\d{5}$/);
    expect(carMaker!.raw.creditCode).not.toMatch(/e/i);
    expect(carMaker!.values.joinedOn).toBe('2023-10-27');
    expect(carMaker!.values.employees).toBe(5000);

    expect(office!.values.joinedOn).toBe('2023-10-27');
    expect(office!.values.creditCode).toBe('91500106MA5U7ABC15');
    expect(office!.values.employees).toBeNull();
  });

  it('accepts aliases and reports missing, unknown and duplicate headers', async () => {
    const buffer = await xlsxOf([
      ['名称', '信用代码', '社会信用代码', '联系人'],
      ['甲公司', '91500000202812345P', '91500000202812345P', '张三'],
    ]);
    const parsed = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns);
    expect(parsed.columns.map((c) => [c.key, c.header])).toEqual([
      ['name', '名称'],
      ['creditCode', '信用代码'],
    ]);
    expect(parsed.duplicateHeaders).toEqual(['社会信用代码']);
    expect(parsed.unknownHeaders).toEqual(['联系人']);
    expect(parsed.missingHeaders).toEqual(['单位类型']);
  });

  it('picks the row naming the most columns, not the first that names one', async () => {
    const buffer = await xlsxOf([
      ['单位名称：（填表单位盖章）'],
      ['单位名称'],
      HEADER,
      ['甲公司', '91500000202812345P', '企业'],
    ]);
    const parsed = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns);
    expect(parsed.headerRow).toBe(3);
    expect(parsed.rows).toHaveLength(1);
  });

  it('reads the named sheet, skips hidden sheets and refuses a sheet without a header', async () => {
    const buffer = await xlsxOf([['说明：本表用于…']], (_sheet, workbook) => {
      const hidden = workbook.addWorksheet('隐藏', { state: 'hidden' });
      hidden.addRow(HEADER);
      hidden.addRow(['隐藏公司', '91500000202812345P', '企业']);
      const data = workbook.addWorksheet('数据');
      data.addRow(HEADER);
      data.addRow(['乙公司', '91500000202812345P', '企业']);
    });
    const parsed = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns);
    expect(parsed.sheetName).toBe('数据');
    expect(parsed.rows[0]!.values.name).toBe('乙公司');

    const hidden = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, { sheetName: '隐藏' });
    expect(hidden.rows[0]!.values.name).toBe('隐藏公司');

    await expect(parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, { sheetName: '无此表' })).rejects.toMatchObject(
      {
        reason: 'SHEET_NOT_FOUND',
      },
    );
    const noHeader = await xlsxOf([['重庆市产教联合体成员单位名单'], ['甲', '乙']]);
    const error = await parseSheet({ buffer: noHeader, filename: 'a.xlsx' }, orgColumns).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetError);
    expect((error as SheetError).reason).toBe('NO_HEADER');
    expect((error as SheetError).zh).toContain('未找到表头');
  });

  it('keeps Chinese text intact across the 16 KB chunks of a large sheet', async () => {
    // exceljs 4.4 alone turns characters split between two inflated chunks into '��'.
    const names = Array.from(
      { length: 3000 },
      (_, i) => `重庆市第${i}号产教融合示范实训基地建设运营有限责任公司（两江新区分公司）`,
    );
    const buffer = await xlsxOf([HEADER, ...names.map((name) => [name, '91500000202812345P', '企业'])]);
    const parsed = await parseSheet({ buffer, filename: 'big.xlsx' }, orgColumns);
    const read = parsed.rows.map((r) => r.values.name);
    expect(read.filter((name) => String(name).includes('\uFFFD'))).toEqual([]);
    expect(read).toEqual(names);
  });

  it('reports progress while reading', async () => {
    const buffer = await xlsxOf([HEADER, ...Array.from({ length: 2500 }, (_, i) => [`单位${i}`, 'X', '企业'])]);
    const seen: number[] = [];
    await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it('leaves no temporary files behind, whether it stops early or fails', async () => {
    // exceljs parks worksheets that precede the shared strings in temporary files.
    const ours = () => readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
    const before = ours();
    const buffer = await xlsxOf([HEADER, ['甲公司', 'X', '企业'], ['乙公司', 'Y', '企业']], (_sheet, workbook) => {
      workbook.addWorksheet('第二页').addRow(HEADER);
      workbook.addWorksheet('第三页').addRow(['备注']);
    });
    await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns);
    await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, { sheetName: '第二页' });
    await expect(parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, { maxRows: 1 })).rejects.toMatchObject({
      reason: 'TOO_MANY_ROWS',
    });
    // exceljs removes them asynchronously as it moves past each sheet.
    await vi.waitFor(() => expect(ours().filter((name) => !before.includes(name))).toEqual([]), { timeout: 5000 });
  });

  it('reads a workbook in the order Excel writes it (sheets before styles and shared strings)', async () => {
    const buffer = inExcelOrder(
      await xlsxOf(
        [HEADER, ['甲公司', '91500000202812345P', '企业', null, new Date(Date.UTC(2023, 9, 27))]],
        (sheet) => {
          sheet.getCell('E2').numFmt = 'yyyy"年"m"月"d"日"';
        },
      ),
    );
    expect([...unzipEntries(buffer).keys()].indexOf('xl/sharedStrings.xml')).toBeGreaterThan(
      [...unzipEntries(buffer).keys()].indexOf('xl/worksheets/sheet1.xml'),
    );
    const parsed = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns);
    expect(parsed.rows[0]!.values).toMatchObject({ name: '甲公司', type: '企业', joinedOn: '2023-10-27' });
  });

  it('sees every sheet even when it reads them slower than the zip is inflated', async () => {
    // unzipper alone ends the entry stream once its input is consumed, dropping entries not yet read.
    const entries = [
      ...unzipEntries(
        await xlsxOf([HEADER], (_sheet, workbook) => {
          workbook.addWorksheet('第二页').addRow(HEADER);
          workbook.addWorksheet('第三页').addRow(HEADER);
        }),
      ),
    ];
    const first = [
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
    ];
    const buffer = zipEntries([
      ...first.map((name) => entries.find(([n]) => n === name)!),
      ...entries.filter(([name]) => !first.includes(name)),
    ]);
    const seen: string[] = [];
    await eachSheet({ buffer, filename: 'a.xlsx' }, async (sheet) => {
      seen.push(sheet.name);
      await new Promise((resolve) => setTimeout(resolve, 100));
      for await (const _ of sheet.rows) {
        // read the sheet
      }
      return false;
    });
    expect(seen).toEqual(['Sheet1', '第二页', '第三页']);
  });

  it('refuses a truncated upload', async () => {
    const buffer = await xlsxOf([HEADER, ...Array.from({ length: 500 }, (_, i) => [`单位${i}`, 'X', '企业'])]);
    await expect(
      parseSheet({ buffer: buffer.subarray(0, Math.floor(buffer.length * 0.9)), filename: 'a.xlsx' }, orgColumns),
    ).rejects.toMatchObject({ reason: 'UNREADABLE_XLSX' });
  });

  it('refuses a workbook it cannot read', async () => {
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]);
    await expect(parseSheet({ buffer: broken, filename: 'a.xlsx' }, orgColumns)).rejects.toMatchObject({
      reason: 'UNREADABLE_XLSX',
    });
  });
});

describe('parseSheet: CSV', () => {
  it('reads GB18030 (Chinese Excel’s “CSV”) with a title line above the header', async () => {
    const text = [
      '重庆市产教联合体成员单位名单,,,',
      ',,,',
      '单位名称,统一社会信用代码,单位类型,加入日期',
      '重庆机电职业技术大学 ,９１５０01037474654577,学校,2023/10/27',
      '"重庆长安汽车股份有限公司,两江分公司",9.15001E+17,企业,45226',
    ].join('\r\n');
    const buffer = gb18030(text);
    expect([...buffer.subarray(0, 4)]).toEqual([0xd6, 0xd8, 0xc7, 0xec]); // 重庆
    const parsed = await parseSheet({ buffer, filename: '名单.csv' }, orgColumns);
    expect(parsed.format).toBe('csv');
    expect(parsed.encoding).toBe('gb18030');
    expect(parsed.headerRow).toBe(3);
    expect(parsed.rows.map((r) => r.rowNumber)).toEqual([4, 5]);
    expect(parsed.rows[0]!.values).toMatchObject({
      name: '重庆机电职业技术大学',
      creditCode: '915001037474654577',
      type: '学校',
      joinedOn: '2023-10-27',
    });
    expect(parsed.rows[1]!.values.name).toBe('重庆长安汽车股份有限公司,两江分公司');
    expect(parsed.rows[1]!.values.joinedOn).toBe('2023-10-27');
    expect(parsed.rows[1]!.issues).toEqual([{ key: 'creditCode', reason: PRECISION_LOST }]);
  });

  it('reads UTF-8 with BOM, UTF-8 without, and Excel’s tab-separated UTF-16 text', async () => {
    const text = '单位名称,统一社会信用代码,单位类型\n甲公司,91500000202812345P,企业\n';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const a = await parseSheet({ buffer: bom, filename: 'a.csv' }, orgColumns);
    expect(a.encoding).toBe('utf-8');
    expect(a.rows[0]!.values.name).toBe('甲公司');

    const b = await parseSheet({ buffer: Buffer.from(text), filename: 'a.csv' }, orgColumns);
    expect(b.encoding).toBe('utf-8');
    expect(b.rows[0]!.values.type).toBe('企业');

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, '\t'), 'utf16le')]);
    const c = await parseSheet({ buffer: utf16, filename: 'a.txt' }, orgColumns);
    expect(c.encoding).toBe('utf-16le');
    expect(c.rows[0]!.values.creditCode).toBe('91500000202812345P');
  });

  it('keeps Excel’s row numbers across blank lines and quoted line breaks', async () => {
    const text = '单位名称,统一社会信用代码,单位类型\n"甲\n公司",A,企业\n\n乙公司,B,企业\n';
    const parsed = await parseSheet({ buffer: Buffer.from(text), filename: 'a.csv' }, orgColumns);
    expect(parsed.rows.map((r) => [r.rowNumber, r.values.name])).toEqual([
      [2, '甲\n公司'],
      [4, '乙公司'],
    ]);
  });

  it('refuses more data rows than the limit (1,000,000 by default)', async () => {
    expect(MAX_ROWS).toBe(1_000_000);
    const maxRows = 5000;
    const text = `单位名称,单位类型\n${'甲,企业\n'.repeat(maxRows + 1)}`;
    const error = await parseSheet({ buffer: Buffer.from(text), filename: 'a.csv' }, orgColumns, { maxRows }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(SheetError);
    expect(error).toMatchObject({ reason: 'TOO_MANY_ROWS', code: 'PAYLOAD_TOO_LARGE' });
    expect((error as SheetError).zh).toContain('5000');
    const exact = `单位名称,单位类型\n${'甲,企业\n'.repeat(maxRows)}`;
    await expect(
      parseSheet({ buffer: Buffer.from(exact), filename: 'a.csv' }, orgColumns, { maxRows }),
    ).resolves.toMatchObject({ rows: { length: maxRows } });
  });
});

describe('parseSheet: refused files', () => {
  it('refuses files over the size limit (256 MB by default) before reading them', async () => {
    expect(MAX_BYTES).toBe(256 * 1024 * 1024);
    const buffer = Buffer.alloc(1024 * 1024 + 1, 0x41);
    await expect(
      parseSheet({ buffer, filename: 'a.csv' }, orgColumns, { maxBytes: 1024 * 1024 }),
    ).rejects.toMatchObject({
      reason: 'FILE_TOO_LARGE',
      code: 'PAYLOAD_TOO_LARGE',
    });
    const small = Buffer.from('单位名称,单位类型\n甲,企业\n');
    await expect(
      parseSheet({ buffer: small, filename: 'a.csv' }, orgColumns, { maxBytes: small.length - 1 }),
    ).rejects.toMatchObject({
      reason: 'FILE_TOO_LARGE',
    });
    await expect(
      parseSheet({ buffer: small, filename: 'a.csv' }, orgColumns, { maxBytes: small.length }),
    ).resolves.toMatchObject({
      rows: { length: 1 },
    });
  });

  it.each([
    ['legacy .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'LEGACY_XLS', '.xls'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'NOT_TEXT', '无法识别'],
    [
      'random bytes',
      Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 255 || 1)),
      'NOT_TEXT',
      '无法识别',
    ],
    [
      'an HTML table saved as .xls',
      Buffer.from('<html><body><table><tr><td>单位名称</td></tr></table>'),
      'HTML_FILE',
      'HTML',
    ],
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE', '空'],
  ])('refuses %s with a Chinese message', async (_what, buffer, reason, words) => {
    const error = await parseSheet({ buffer, filename: 'x.xls' }, orgColumns).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetError);
    expect((error as SheetError).reason).toBe(reason);
    expect((error as SheetError).zh).toContain(words);
    expect((error as SheetError).code).toBe('VALIDATION');
  });

  it('decodeText prefers UTF-8 and falls back to GB18030 only when UTF-8 is invalid', () => {
    expect(decodeText(Buffer.from('重庆')).encoding).toBe('utf-8');
    expect(decodeText(Buffer.from([0xd6, 0xd8, 0xc7, 0xec]))).toEqual({ text: '重庆', encoding: 'gb18030' });
  });
});
