import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { defineColumns } from './columns';
import { parseSheet } from './read';
import { loadXlsx, orgColumns } from './testing';
import { validateRows } from './validate';
import { exportCellValue, exportXlsx, headerNote, INSTRUCTIONS_SHEET, OPTIONS_SHEET, templateXlsx } from './write';

const noteText = (cell: ExcelJS.Cell): string => {
  const note = cell.note as string | { texts: { text: string }[] } | undefined;
  return typeof note === 'string' ? note : (note?.texts.map((t) => t.text).join('') ?? '');
};

/** The data validations of a loaded sheet, keyed by cell address (exceljs expands ranges). */
const validationsOf = (sheet: ExcelJS.Worksheet) =>
  (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;

describe('exportXlsx', () => {
  it('writes Chinese headers in a bold frozen row under a merged title, with widths and date cells', async () => {
    const rows = [
      {
        name: '重庆机电职业技术大学',
        creditCode: '915001037474654577',
        type: '学校',
        district: null,
        joinedOn: '2023-10-27',
        employees: 1200,
        majors: ['机电一体化', '数控技术'],
      },
      {
        name: '=HYPERLINK("x")',
        creditCode: '91500000202812345P',
        type: '企业',
        joinedOn: new Date('2023-10-26T16:30:00Z'),
      },
    ];
    const buffer = await exportXlsx(orgColumns, rows, { sheetName: '成员单位', title: '重庆市产教联合体成员单位名单' });
    const workbook = await loadXlsx(buffer);
    const sheet = workbook.getWorksheet('成员单位')!;

    expect(sheet.getCell('A1').value).toBe('重庆市产教联合体成员单位名单');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('G1').isMerged).toBe(true);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '单位名称',
      '统一社会信用代码',
      '单位类型',
      '所在区县',
      '加入日期',
      '职工人数',
      '合作专业',
    ]);
    expect(sheet.getCell('A2').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(20);

    // Codes stay text, every digit; dates are date cells; lists joined; numbers are numbers.
    expect(sheet.getCell('B3').value).toBe('915001037474654577');
    expect(sheet.getCell('E3').value).toEqual(new Date(Date.UTC(2023, 9, 27)));
    expect(sheet.getCell('E3').numFmt).toBe('yyyy-mm-dd');
    expect(sheet.getCell('F3').value).toBe(1200);
    expect(sheet.getCell('G3').value).toBe('机电一体化、数控技术');
    // A JS Date is shown in China Standard Time: 16:30Z on the 26th is the 27th in Chongqing.
    expect(sheet.getCell('E4').value).toEqual(new Date(Date.UTC(2023, 9, 27)));
    // Text that looks like a formula stays text.
    expect(sheet.getCell('A4').value).toBe('=HYPERLINK("x")');
  });

  it('puts the header on row 1 without a title', async () => {
    const buffer = await exportXlsx(orgColumns.slice(0, 2), [{ name: '甲', creditCode: '0123' }], {
      sheetName: 'a/b:c',
    });
    const workbook = await loadXlsx(buffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('a b c');
    expect(sheet.getRow(1).values).toEqual([undefined, '单位名称', '统一社会信用代码']);
    expect(sheet.getRow(2).values).toEqual([undefined, '甲', '0123']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:B1');
  });

  it('converts values by kind', () => {
    expect(exportCellValue(true, 'boolean', 480)).toBe('是');
    expect(exportCellValue(13800001111, 'code', 480)).toBe('13800001111');
    expect(exportCellValue('3.5', 'number', 480)).toBe(3.5);
    expect(exportCellValue('n/a', 'number', 480)).toBe('n/a');
    expect(exportCellValue('甲\u0000乙', 'text', 480)).toBe('甲乙');
    expect(exportCellValue(new Date('2023-10-27T01:02:03Z'), 'datetime', 480)).toEqual(
      new Date(Date.UTC(2023, 9, 27, 9, 2, 3)),
    );
    expect(exportCellValue(undefined, 'text', 480)).toBeNull();
  });

  it('streams 100,000 rows from an async iterable and parses back the same rows', { timeout: 300_000 }, async () => {
    const count = 100_000;
    async function* rows() {
      for (let i = 0; i < count; i++) {
        yield {
          name: `重庆市第${i}号产教融合实训基地有限公司`,
          creditCode: `9150${String(i).padStart(14, '0')}`,
          type: i % 2 ? '企业' : '学校',
          joinedOn: '2023-10-27',
          employees: i,
        };
      }
    }
    const buffer = await exportXlsx(orgColumns, rows(), { sheetName: '成员单位', title: '成员单位名单' });
    let progressCalls = 0;
    const parsed = await parseSheet({ buffer, filename: 'export.xlsx' }, orgColumns, {
      onProgress: () => progressCalls++,
    });
    expect(parsed.headerRow).toBe(2);
    expect(parsed.rows).toHaveLength(count);
    expect(progressCalls).toBe(101);
    const last = parsed.rows[count - 1]!;
    expect(last.rowNumber).toBe(count + 2);
    expect(last.values).toMatchObject({
      name: `重庆市第${count - 1}号产教融合实训基地有限公司`,
      creditCode: `9150${String(count - 1).padStart(14, '0')}`,
      type: '企业',
      joinedOn: '2023-10-27',
      employees: count - 1,
    });
    expect(parsed.rows.every((r, i) => r.values.name === `重庆市第${i}号产教融合实训基地有限公司`)).toBe(true);
  });
});

describe('templateXlsx', () => {
  const longOptions = Array.from({ length: 60 }, (_, i) => `重庆市第${i + 1}号产业园区`);
  const columns = defineColumns([
    ...orgColumns,
    { key: 'park', header: '所属园区', options: longOptions },
    { key: 'roles', header: '成员角色', kind: 'list', options: ['牵头单位', '成员单位'] },
  ]);

  it('marks required headers, notes every header, formats and validates the data area', async () => {
    const buffer = await templateXlsx(columns, { sheetName: '成员单位导入', instructions: '每个单位一行。' });
    const workbook = await loadXlsx(buffer);
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['成员单位导入', 'visible'],
      [OPTIONS_SHEET, 'veryHidden'],
      [INSTRUCTIONS_SHEET, 'visible'],
    ]);
    const sheet = workbook.getWorksheet('成员单位导入')!;
    expect(sheet.getCell('A1').value).toBe('*单位名称');
    expect(sheet.getCell('A1').font?.color?.argb).toBe('FFFF0000');
    expect(sheet.getCell('D1').value).toBe('所在区县');
    expect(sheet.getCell('D1').font?.color).toBeUndefined();
    expect(noteText(sheet.getCell('B1'))).toBe(
      '必填\n18 位，末位为校验码\n格式：文本（数字请按文本填写，勿用科学计数法）',
    );
    expect(noteText(sheet.getCell('A1'))).toContain('示例：重庆机电职业技术大学');
    expect(noteText(sheet.getCell('E1'))).toContain('日期，如 2023-10-27');
    // The data area is empty and text columns are formatted as text.
    expect(sheet.actualRowCount).toBe(1);
    expect(sheet.getColumn(2).numFmt).toBe('@');
    expect(sheet.getColumn(5).numFmt).toBe('yyyy-mm-dd');

    const validations = validationsOf(sheet);
    expect(validations.C2).toMatchObject({
      type: 'list',
      formulae: ['"企业,学校,产业园区,政府部门"'],
      showErrorMessage: true,
    });
    expect(validations.C5001).toEqual(validations.C2);
    expect(validations.C5002).toBeUndefined();
    expect(validations.B2).toBeUndefined();
    // 60 long options exceed Excel's 255-character inline list: they live on the hidden sheet.
    expect(validations.H2?.formulae).toEqual([`'${OPTIONS_SHEET}'!$A$2:$A$61`]);
    const options = workbook.getWorksheet(OPTIONS_SHEET)!;
    expect(options.getCell('A2').value).toBe(longOptions[0]);
    expect(options.getCell('A61').value).toBe(longOptions[59]);
    // A multi-value column only suggests.
    expect(validations.I2?.formulae).toEqual(['"牵头单位,成员单位"']);
    expect(validations.I2?.showErrorMessage).toBeFalsy();

    const help = workbook.getWorksheet(INSTRUCTIONS_SHEET)!;
    const texts = help.getColumn(1).values.filter(Boolean).map(String);
    expect(texts).toContain('每个单位一行。');
    expect(texts).toContain('「统一社会信用代码」');
  });

  it('round-trips: a filled template parses and validates', async () => {
    const buffer = await templateXlsx(columns, { sheetName: '成员单位导入' });
    const workbook = await loadXlsx(buffer);
    const sheet = workbook.getWorksheet('成员单位导入')!;
    sheet.getRow(2).values = [
      '甲公司',
      '91500000202812345P',
      '企业',
      '江北区',
      new Date(Date.UTC(2023, 9, 27)),
      12,
      '数控技术',
      longOptions[5],
      '牵头单位、成员单位',
    ];
    sheet.getRow(3).values = ['乙学校', '12500000450400678E', '学校', null, '2023/10/28'];
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());

    const parsed = await parseSheet({ buffer: filled, filename: '成员单位导入.xlsx' }, columns);
    expect(parsed.sheetName).toBe('成员单位导入');
    expect(parsed.headerRow).toBe(1);
    expect(parsed.unknownHeaders).toEqual([]);
    expect(parsed.missingHeaders).toEqual([]);
    const { valid, errors } = await validateRows(parsed, columns, { key: 'creditCode' });
    expect(errors).toEqual([]);
    expect(valid.map((v) => v.values)).toEqual([
      {
        name: '甲公司',
        creditCode: '91500000202812345P',
        type: '企业',
        district: '江北区',
        joinedOn: '2023-10-27',
        employees: 12,
        majors: ['数控技术'],
        park: longOptions[5],
        roles: ['牵头单位', '成员单位'],
      },
      {
        name: '乙学校',
        creditCode: '12500000450400678E',
        type: '学校',
        district: null,
        joinedOn: '2023-10-28',
        employees: null,
        majors: null,
        park: null,
        roles: null,
      },
    ]);
  });

  it('writes a note that lists short options', () => {
    expect(headerNote({ key: 't', header: '类型', options: ['企业', '学校'], example: '企业' })).toBe(
      '选填\n可选值：企业、学校\n示例：企业',
    );
  });
});
