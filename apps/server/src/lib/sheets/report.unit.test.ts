import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseSheet, type SheetInput } from './read';
import { ERROR_COLUMN_HEADER, errorReportXlsx } from './report';
import { CODE_TYPED_AS_NUMBER, gb18030, loadXlsx, orgColumns, xlsxOf } from './testing';
import { validateRows } from './validate';

const RED = 'FFFFC7CE';
const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

async function memberList(): Promise<SheetInput> {
  const buffer = await xlsxOf(
    [
      ['重庆市产教联合体成员单位名单'],
      [],
      ['单位名称', '统一社会信用代码', '单位类型', '所在区县', '加入日期', '备注'],
      ['甲公司', '91500000202812345P', '企业', '江北区', 45226, '正常'],
      ['', CODE_TYPED_AS_NUMBER, '医院', '北京市', '2023-02-30'],
      ['丙学校', '91500000202812345P', '学校', null, '2023/10/27'],
    ],
    (sheet, workbook) => {
      sheet.mergeCells('A1:F1');
      sheet.getCell('A1').font = { bold: true, size: 16 };
      sheet.getCell('E4').numFmt = 'yyyy-mm-dd';
      workbook.addWorksheet('其他').getCell('A1').value = '保留';
    },
    '成员单位',
  );
  return { buffer, filename: '成员单位.xlsx' };
}

async function reportFor(input: SheetInput, opts?: { preserveWorkbookMaxCells?: number }) {
  const parsed = await parseSheet(input, orgColumns);
  const { errors } = await validateRows(parsed, orgColumns, { key: 'creditCode' });
  const report = await errorReportXlsx(input, parsed, errors, opts);
  return { parsed, errors, workbook: await loadXlsx(report) };
}

const reasonsRow5 = [
  '单位名称：必填',
  '统一社会信用代码：数字精度丢失，请将该列设为文本格式',
  '单位类型：不在可选值中：企业、学校、产业园区、政府部门',
  '所在区县：不在可选值中：渝中区、江北区、沙坪坝区、九龙坡区、南岸区',
  '加入日期：不是有效的日期',
].join('；');

describe('errorReportXlsx', () => {
  it('returns the original workbook with the title row, an error column and red bad cells', async () => {
    const { errors, workbook } = await reportFor(await memberList());
    expect(errors).toHaveLength(6);
    const sheet = workbook.getWorksheet('成员单位')!;

    // Title row, merge and formatting kept; other sheets kept.
    expect(sheet.getCell('A1').value).toBe('重庆市产教联合体成员单位名单');
    expect(sheet.getCell('A1').isMerged && sheet.getCell('F1').isMerged).toBe(true);
    expect(sheet.getCell('A1').font?.size).toBe(16);
    expect(workbook.getWorksheet('其他')?.getCell('A1').value).toBe('保留');

    // The error column comes after every used column (备注 included), on the header row.
    expect(sheet.getCell('G3').value).toBe(ERROR_COLUMN_HEADER);
    expect(sheet.getCell('G4').value).toBeNull();
    expect(sheet.getCell('G5').value).toBe(reasonsRow5);
    expect(sheet.getCell('G6').value).toBe('统一社会信用代码：与第 4 行重复');

    // Cells keep their values and row numbers; only the bad ones are painted.
    expect(sheet.getCell('A4').value).toBe('甲公司');
    expect(sheet.getCell('E4').value).toEqual(new Date(Date.UTC(2023, 9, 27)));
    expect(sheet.getCell('C5').value).toBe('医院');
    expect(['A5', 'B5', 'C5', 'D5', 'E5', 'B6'].map((a) => fillOf(sheet.getCell(a)))).toEqual(Array(6).fill(RED));
    expect(['A4', 'B4', 'F5', 'A6', 'C6'].map((a) => fillOf(sheet.getCell(a)))).toEqual(Array(5).fill(undefined));
  });

  it('gives the same content when a large file is rebuilt by streaming', async () => {
    const { workbook } = await reportFor(await memberList(), { preserveWorkbookMaxCells: 0 });
    const sheet = workbook.getWorksheet('成员单位')!;
    expect(sheet.getCell('A1').value).toBe('重庆市产教联合体成员单位名单');
    expect(sheet.getCell('G3').value).toBe(ERROR_COLUMN_HEADER);
    expect(sheet.getCell('G5').value).toBe(reasonsRow5);
    expect(sheet.getCell('G6').value).toBe('统一社会信用代码：与第 4 行重复');
    expect(sheet.getCell('F4').value).toBe('正常');
    expect(fillOf(sheet.getCell('C5'))).toBe(RED);
    expect(fillOf(sheet.getCell('C4'))).toBeUndefined();
  });

  it('turns a GB18030 CSV into an xlsx with the rows as read plus the error column', async () => {
    const csv = [
      '重庆市产教联合体成员单位名单,,',
      '单位名称,统一社会信用代码,单位类型',
      '甲公司,0091500000202812345P,企业',
      '乙公司,9.15001E+17,企业',
    ].join('\r\n');
    const input = { buffer: gb18030(csv), filename: '名单.csv' };
    const { parsed, workbook } = await reportFor(input);
    expect(parsed.encoding).toBe('gb18030');
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('重庆市产教联合体成员单位名单');
    expect(sheet.getCell('D2').value).toBe(ERROR_COLUMN_HEADER);
    // Text stays text: leading zeros and the mangled code as the user wrote them.
    expect(sheet.getCell('B3').value).toBe('0091500000202812345P');
    expect(sheet.getCell('B4').value).toBe('9.15001E+17');
    expect(sheet.getCell('D4').value).toBe('统一社会信用代码：数字精度丢失，请将该列设为文本格式');
    expect(fillOf(sheet.getCell('B4'))).toBe(RED);
    expect(sheet.getCell('D3').value).toBeNull();
  });

  it('puts header problems in the error column header', async () => {
    const input = { buffer: Buffer.from('单位名称,单位类型\n甲公司,企业\n'), filename: 'a.csv' };
    const { workbook } = await reportFor(input);
    expect(workbook.worksheets[0]!.getCell('C1').value).toBe('错误说明（统一社会信用代码：缺少必填列）');
  });
});
