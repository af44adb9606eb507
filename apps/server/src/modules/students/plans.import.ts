import type { Ctx } from '../../lib/context';
import { defineColumns, type RowValues, templateXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import type { ImportHandler } from '../imports';
import * as repo from './students.repository';
import { schoolForImport } from './students.service';

const headcount = (v: number) => (v < 0 ? '人数不能为负数' : v > 100_000 ? '人数过大' : null);

/** The enrollment plan sheet: one row per major and year of the importing school. */
function planColumns(major: (code: string) => boolean) {
  return defineColumns([
    {
      key: 'majorCode',
      header: '专业代码',
      required: true,
      kind: 'code',
      comment: '职业教育专业目录（2021）6 位代码',
      example: '460701',
      validate: (v: string) => (major(v) ? null : `专业代码 ${v} 不在职业教育专业目录中`),
    },
    {
      key: 'year',
      header: '年份',
      aliases: ['招生年份'],
      required: true,
      kind: 'integer',
      example: '2025',
      validate: (v: number) => (v < 2000 || v > 2100 ? '年份应在 2000–2100 之间' : null),
    },
    {
      key: 'planned',
      header: '计划招生人数',
      aliases: ['计划数', '招生计划'],
      required: true,
      kind: 'integer',
      validate: headcount,
    },
    {
      key: 'actual',
      header: '实际招生人数',
      aliases: ['实际录取人数', '实招人数'],
      kind: 'integer',
      comment: '尚未招生时留空',
      validate: headcount,
    },
  ] as const);
}
export const planImportColumns = planColumns(() => true);
type Row = RowValues<typeof planImportColumns>;

export function planImportTemplate(): Promise<Buffer> {
  return templateXlsx(planImportColumns, {
    sheetName: '招生计划',
    instructions:
      '每行为本校一个专业一年的招生计划。专业 × 年份是唯一标识：已有的记录按本表更新；同一文件重复导入不会产生重复数据。任何一行有错误时整个文件都不导入。',
  });
}

const fields = ['planned', 'actual'] as const;

/** 招生计划批量导入 into the caller's school, keyed by major × year, all or nothing. */
export const planImportHandler: ImportHandler = {
  kind: 'enrollment_plans',
  async prepare(ctx: Ctx) {
    const school = await schoolForImport(ctx);
    const majors = new Set((await repo.allMajors(ctx.deps.db)).map((m) => m.code));
    return {
      columns: planColumns((c) => majors.has(c)),
      stage: [
        ['key', 'text'],
        ['major_code', 'text'],
        ['year', 'integer'],
        ['planned', 'integer'],
        ['actual', 'integer'],
      ],
      key: { column: 'majorCode', stage: 'key' },
      row(values) {
        const v = values as Row;
        return { values: [`${v.majorCode} ${v.year}年`, v.majorCode, v.year, v.planned, v.actual] };
      },
      async apply(tx, stage, rows) {
        const r = await repo.upsertSupplyFromStage(tx, 'enrollment_plans', stage, school.id, fields);
        if (r.created + r.updated)
          await appendAudit(tx, ctx, {
            action: 'plan.import',
            entity: 'enrollment_plan',
            detail: { schoolOrgId: school.id, created: r.created, updated: r.updated },
          });
        return { created: r.created, updated: r.updated, unchanged: rows - r.created - r.updated };
      },
    };
  },
};
