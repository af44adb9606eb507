import { cohortSumProblem } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { defineColumns, type RowValues, templateXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import type { ImportHandler } from '../imports';
import * as repo from './students.repository';
import { schoolForImport } from './students.service';

const count = <K extends string>(key: K, header: string, aliases: readonly string[] = []) =>
  ({
    key,
    header,
    aliases,
    required: true,
    kind: 'integer',
    validate: (v: number) => (v < 0 ? '人数不能为负数' : v > 100_000 ? '人数过大' : null),
  }) as const;

/** The cohort sheet: one row per major and graduation year of the importing school. */
function cohortColumns(major: (code: string) => boolean) {
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
      header: '毕业年份',
      aliases: ['年份', '届别'],
      required: true,
      kind: 'integer',
      example: '2024',
      validate: (v: number) => (v < 2000 || v > 2100 ? '年份应在 2000–2100 之间' : null),
    },
    count('graduates', '毕业生人数', ['毕业生数', '毕业人数']),
    count('employed', '就业', ['就业人数']),
    count('furtherStudy', '升学', ['升学人数']),
    count('military', '参军', ['参军人数']),
    count('startup', '创业', ['创业人数']),
    count('unplaced', '未落实', ['未落实人数']),
  ] as const);
}
export const cohortImportColumns = cohortColumns(() => true);
type Row = RowValues<typeof cohortImportColumns>;

export function cohortImportTemplate(): Promise<Buffer> {
  return templateXlsx(cohortImportColumns, {
    sheetName: '毕业生去向',
    instructions:
      '每行为本校一个专业一届毕业生的去向。就业、升学、参军、创业、未落实五项人数之和须等于毕业生人数。专业 × 毕业年份是唯一标识：已有的记录按本表更新；同一文件重复导入不会产生重复数据。任何一行有错误时整个文件都不导入。',
  });
}

const fields = ['graduates', 'employed', 'further_study', 'military', 'startup', 'unplaced'] as const;

/** 毕业生去向批量导入 into the caller's school, keyed by major × year, all or nothing. */
export const cohortImportHandler: ImportHandler = {
  kind: 'cohorts',
  async prepare(ctx: Ctx) {
    const school = await schoolForImport(ctx);
    const majors = new Set((await repo.allMajors(ctx.deps.db)).map((m) => m.code));
    return {
      columns: cohortColumns((c) => majors.has(c)),
      stage: [
        ['key', 'text'],
        ['major_code', 'text'],
        ['year', 'integer'],
        ...fields.map((f) => [f, 'integer'] as const),
      ],
      key: { column: 'majorCode', stage: 'key' },
      row(values) {
        const v = values as Row;
        const problem = cohortSumProblem(v);
        if (problem) return { issues: [{ key: 'graduates', reason: problem }] };
        return {
          values: [
            `${v.majorCode} ${v.year}年`,
            v.majorCode,
            v.year,
            v.graduates,
            v.employed,
            v.furtherStudy,
            v.military,
            v.startup,
            v.unplaced,
          ],
        };
      },
      async apply(tx, stage, rows) {
        const r = await repo.upsertSupplyFromStage(tx, 'graduate_cohorts', stage, school.id, fields);
        if (r.created + r.updated)
          await appendAudit(tx, ctx, {
            action: 'cohort.import',
            entity: 'graduate_cohort',
            detail: { schoolOrgId: school.id, created: r.created, updated: r.updated },
          });
        return { created: r.created, updated: r.updated, unchanged: rows - r.created - r.updated };
      },
    };
  },
};
