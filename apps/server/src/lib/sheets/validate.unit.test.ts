import { creditCodeProblem } from '@chanjiao/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineColumns } from './columns';
import { PRECISION_LOST } from './normalize';
import { type ParsedSheet, parseSheet } from './read';
import { CODE_TYPED_AS_NUMBER, orgColumns, xlsxOf } from './testing';
import { validateRows } from './validate';

const HEADER = ['单位名称', '统一社会信用代码', '单位类型', '所在区县', '加入日期', '职工人数', '合作专业'];

async function parse(rows: unknown[][]): Promise<ParsedSheet> {
  return parseSheet({ buffer: await xlsxOf([HEADER, ...rows]), filename: 'a.xlsx' }, orgColumns);
}

describe('validateRows', () => {
  it('returns typed, canonical values for good rows', async () => {
    const parsed = await parse([
      ['  甲公司 ', '91500000202812345P', ' 企业', '江北区', '2023/10/27', '1,200', '数控技术、机电一体化'],
    ]);
    const { valid, errors } = await validateRows(parsed, orgColumns, { key: 'creditCode' });
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      {
        rowNumber: 2,
        values: {
          name: '甲公司',
          creditCode: '91500000202812345P',
          type: '企业',
          district: '江北区',
          joinedOn: '2023-10-27',
          employees: 1200,
          majors: ['数控技术', '机电一体化'],
        },
      },
    ]);
    expectTypeOf(valid[0]!.values.name).toEqualTypeOf<string>();
    expectTypeOf(valid[0]!.values.district).toEqualTypeOf<string | null>();
    expectTypeOf(valid[0]!.values.employees).toEqualTypeOf<number | null>();
    expectTypeOf(valid[0]!.values.majors).toEqualTypeOf<string[] | null>();
  });

  it('reports required fields, options, kinds and lengths with the header, the value and a Chinese reason', async () => {
    const parsed = await parse([
      ['', '91500000202812345P', '企业'],
      ['乙公司', CODE_TYPED_AS_NUMBER, '医院', '北京市', '2023-02-30', '12.5'],
      ['丙'.repeat(101), '91500000202812345P', '学校'],
    ]);
    const { valid, errors } = await validateRows(parsed, orgColumns);
    expect(valid).toEqual([]);
    expect(errors).toEqual([
      { rowNumber: 2, column: '单位名称', key: 'name', value: null, reason: '必填' },
      {
        rowNumber: 3,
        column: '统一社会信用代码',
        key: 'creditCode',
        value: expect.stringMatching(/^9150010374746\d{5}$/),
        reason: PRECISION_LOST,
      },
      {
        rowNumber: 3,
        column: '单位类型',
        key: 'type',
        value: '医院',
        reason: '不在可选值中：企业、学校、产业园区、政府部门',
      },
      {
        rowNumber: 3,
        column: '所在区县',
        key: 'district',
        value: '北京市',
        reason: '不在可选值中：渝中区、江北区、沙坪坝区、九龙坡区、南岸区',
      },
      { rowNumber: 3, column: '加入日期', key: 'joinedOn', value: '2023-02-30', reason: '不是有效的日期' },
      { rowNumber: 3, column: '职工人数', key: 'employees', value: '12.5', reason: '不是有效的整数' },
      {
        rowNumber: 4,
        column: '单位名称',
        key: 'name',
        value: '丙'.repeat(101),
        reason: '超过最大长度 100 个字符（当前 101 个）',
      },
    ]);
  });

  it('checks each item of a list against the options', async () => {
    const columns = defineColumns([
      { key: 'name', header: '名称', required: true },
      { key: 'roles', header: '角色', kind: 'list', options: ['牵头单位', '成员单位', '理事单位'] },
    ]);
    const parsed = await parseSheet(
      { buffer: Buffer.from('名称,角色\n甲,"牵头单位、理事单位"\n乙,成员单位/会长单位\n'), filename: 'a.csv' },
      columns,
    );
    const { valid, errors } = await validateRows(parsed, columns);
    expect(valid.map((v) => v.values.roles)).toEqual([['牵头单位', '理事单位']]);
    expect(errors.map((e) => [e.rowNumber, e.reason])).toEqual([
      [3, '“会长单位”不在可选值中：牵头单位、成员单位、理事单位'],
    ]);
  });

  it('refuses a natural key repeated within the file, naming the first row', async () => {
    const parsed = await parse([
      ['甲公司', '91500000202812345P', '企业'],
      ['乙公司', '915001037474654577', '企业'],
      ['甲公司（重复）', '９１５０００００２０２８１２３４５ｐ', '企业'],
    ]);
    const { valid, errors } = await validateRows(parsed, orgColumns, { key: 'creditCode' });
    expect(valid.map((v) => v.rowNumber)).toEqual([2, 3]);
    expect(errors).toEqual([
      {
        rowNumber: 4,
        column: '统一社会信用代码',
        key: 'creditCode',
        value: '９１５０００００２０２８１２３４５ｐ',
        reason: '与第 2 行重复',
      },
    ]);

    const byPair = await validateRows(
      await parse([
        ['甲', 'A', '企业'],
        ['甲', 'B', '企业'],
        ['甲', 'A', '学校'],
        ['甲', 'A', '企业'],
      ]),
      orgColumns,
      {
        key: ['name', 'type'],
      },
    );
    expect(byPair.errors.map((e) => [e.rowNumber, e.column, e.reason])).toEqual([
      [3, '单位名称', '与第 2 行重复（单位名称 + 单位类型）'],
      [5, '单位名称', '与第 2 行重复（单位名称 + 单位类型）'],
    ]);
  });

  it('runs column checks and async row checks (check digits, database lookups)', async () => {
    const columns = defineColumns([
      { key: 'name', header: '单位名称', required: true },
      {
        key: 'creditCode',
        header: '统一社会信用代码',
        required: true,
        kind: 'code',
        validate: (code: string) => creditCodeProblem(code),
      },
      { key: 'type', header: '单位类型', required: true, options: ['企业', '学校', '政府部门'] },
      { key: 'district', header: '所在区县' },
    ]);
    const existing = new Set(['915001037474654577']);
    const parsed = await parse([
      ['甲公司', '91500000202812345Q', '企业'],
      ['乙公司', '915001037474654577', '企业'],
      ['丙公司', '91500106MA5U7ABC15', '政府部门', '渝中区'],
      ['丁学校', '12500000450400678E', '学校'],
    ]);
    const seen: number[] = [];
    const progress: number[] = [];
    const { valid, errors } = await validateRows(parsed, columns, {
      onProgress: (n) => progress.push(n),
      validateRow: async (values, row) => {
        seen.push(row.rowNumber);
        const issues = [];
        if (existing.has(values.creditCode)) issues.push({ key: 'creditCode', reason: '该统一社会信用代码已存在' });
        if (values.type === '政府部门' && values.district === '渝中区')
          issues.push({ reason: '渝中区的政府部门请由区县管理员导入' });
        return issues;
      },
    });
    expect(valid.map((v) => v.values.name)).toEqual(['丁学校']);
    expect(errors).toEqual([
      {
        rowNumber: 2,
        column: '统一社会信用代码',
        key: 'creditCode',
        value: '91500000202812345Q',
        reason: '统一社会信用代码校验位错误（应为 P）',
      },
      {
        rowNumber: 3,
        column: '统一社会信用代码',
        key: 'creditCode',
        value: '915001037474654577',
        reason: '该统一社会信用代码已存在',
      },
      { rowNumber: 4, column: '', value: null, reason: '渝中区的政府部门请由区县管理员导入' },
    ]);
    // Row checks see only rows whose cells passed.
    expect(seen).toEqual([3, 4, 5]);
    expect(progress).toEqual([4]);
  });

  it('reports a missing required column once, on the header row, and accepts no row', async () => {
    const parsed = await parseSheet(
      { buffer: await xlsxOf([['标题'], ['单位名称', '单位类型'], ['甲公司', '企业']]), filename: 'a.xlsx' },
      orgColumns,
    );
    const { valid, errors } = await validateRows(parsed, orgColumns);
    expect(valid).toEqual([]);
    expect(errors).toEqual([
      { rowNumber: 2, column: '统一社会信用代码', key: 'creditCode', value: null, reason: '缺少必填列' },
    ]);
  });
});
