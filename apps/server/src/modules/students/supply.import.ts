import { cohortSumProblem } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { defineColumns, type RowIssue, type RowValues, type SheetColumn, templateXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import type { ImportHandler } from '../imports';
import * as repo from './students.repository';
import { schoolForImport } from './students.service';

/*
 * 毕业生去向 and 招生计划 imports: rows of the importing school keyed by major × year, upserted all or
 * nothing. The two differ only in their value columns, so one handler serves both.
 */

const headcount = (v: number) => (v < 0 ? '人数不能为负数' : v > 100_000 ? '人数过大' : null);

const majorColumn = (major: (code: string) => boolean) =>
  ({
    key: 'majorCode',
    header: '专业代码',
    required: true,
    kind: 'code',
    comment: '职业教育专业目录（2021）6 位代码',
    example: '460701',
    validate: (v: string) => (major(v) ? null : `专业代码 ${v} 不在职业教育专业目录中`),
  }) as const;

const yearColumn = (header: string, aliases: readonly string[], example: string) =>
  ({
    key: 'year',
    header,
    aliases,
    required: true,
    kind: 'integer',
    example,
    validate: (v: number) => (v < 2000 || v > 2100 ? '年份应在 2000–2100 之间' : null),
  }) as const;

const count = <K extends string>(key: K, header: string, aliases: readonly string[] = []) =>
  ({ key, header, aliases, required: true, kind: 'integer', validate: headcount }) as const;

interface SupplyImport<C extends readonly SheetColumn[]> {
  kind: string;
  supply: repo.SupplyKind;
  audit: { action: string; entity: string };
  /** The sheet's columns, checking major codes with `major`. */
  columns(major: (code: string) => boolean): C;
  /** Staged value columns, named as in the table, in the order `values` returns them. */
  fields: readonly string[];
  /** A checked row's values for `fields`, or its problems. */
  values(v: RowValues<C>): unknown[] | { issues: RowIssue[] };
}

function supplyImportHandler<C extends readonly SheetColumn[]>(spec: SupplyImport<C>): ImportHandler {
  return {
    kind: spec.kind,
    async prepare(ctx: Ctx) {
      const school = await schoolForImport(ctx);
      const majors = new Set((await repo.allMajors(ctx.deps.db)).map((m) => m.code));
      return {
        columns: spec.columns((c) => majors.has(c)),
        stage: [
          ['key', 'text'],
          ['major_code', 'text'],
          ['year', 'integer'],
          ...spec.fields.map((f) => [f, 'integer'] as const),
        ],
        key: { column: 'majorCode', stage: 'key' },
        row(values) {
          const v = values as RowValues<C> & { majorCode: string; year: number };
          const staged = spec.values(v);
          if (!Array.isArray(staged)) return staged;
          return { values: [`${v.majorCode} ${v.year}年`, v.majorCode, v.year, ...staged] };
        },
        async apply(tx, stage, rows) {
          const r = await repo.upsertSupplyFromStage(tx, spec.supply, stage, school.id, spec.fields);
          if (r.created + r.updated)
            await appendAudit(tx, ctx, {
              ...spec.audit,
              detail: { schoolOrgId: school.id, created: r.created, updated: r.updated },
            });
          return { created: r.created, updated: r.updated, unchanged: rows - r.created - r.updated };
        },
      };
    },
  };
}

// ── 毕业生去向 ──────────────────────────────────────────────────────────────

/** The cohort sheet: one row per major and graduation year of the importing school. */
const cohortColumns = (major: (code: string) => boolean) =>
  defineColumns([
    majorColumn(major),
    yearColumn('毕业年份', ['年份', '届别'], '2024'),
    count('graduates', '毕业生人数', ['毕业生数', '毕业人数']),
    count('employed', '就业', ['就业人数']),
    count('furtherStudy', '升学', ['升学人数']),
    count('military', '参军', ['参军人数']),
    count('startup', '创业', ['创业人数']),
    count('unplaced', '未落实', ['未落实人数']),
  ] as const);
export const cohortImportColumns = cohortColumns(() => true);

export function cohortImportTemplate(): Promise<Buffer> {
  return templateXlsx(cohortImportColumns, {
    sheetName: '毕业生去向',
    instructions:
      '每行为本校一个专业一届毕业生的去向。就业、升学、参军、创业、未落实五项人数之和须等于毕业生人数。专业 × 毕业年份是唯一标识：已有的记录按本表更新；同一文件重复导入不会产生重复数据。任何一行有错误时整个文件都不导入。',
  });
}

/** 毕业生去向批量导入 into the caller's school; the five destinations must add up to the graduates. */
export const cohortImportHandler = supplyImportHandler({
  kind: 'cohorts',
  supply: 'cohort',
  audit: { action: 'cohort.import', entity: 'graduate_cohort' },
  columns: cohortColumns,
  fields: ['graduates', 'employed', 'further_study', 'military', 'startup', 'unplaced'],
  values(v) {
    const problem = cohortSumProblem(v);
    if (problem) return { issues: [{ key: 'graduates', reason: problem }] };
    return [v.graduates, v.employed, v.furtherStudy, v.military, v.startup, v.unplaced];
  },
});

// ── 招生计划 ────────────────────────────────────────────────────────────────

/** The enrollment plan sheet: one row per major and year of the importing school. */
const planColumns = (major: (code: string) => boolean) =>
  defineColumns([
    majorColumn(major),
    yearColumn('年份', ['招生年份'], '2025'),
    count('planned', '计划招生人数', ['计划数', '招生计划']),
    {
      key: 'actual',
      header: '实际招生人数',
      aliases: ['实际录取人数', '实招人数'],
      kind: 'integer',
      comment: '尚未招生时留空',
      validate: headcount,
    },
  ] as const);
export const planImportColumns = planColumns(() => true);

export function planImportTemplate(): Promise<Buffer> {
  return templateXlsx(planImportColumns, {
    sheetName: '招生计划',
    instructions:
      '每行为本校一个专业一年的招生计划。专业 × 年份是唯一标识：已有的记录按本表更新；同一文件重复导入不会产生重复数据。任何一行有错误时整个文件都不导入。',
  });
}

/** 招生计划批量导入 into the caller's school (实际招生人数 may be left empty). */
export const planImportHandler = supplyImportHandler({
  kind: 'enrollment_plans',
  supply: 'plan',
  audit: { action: 'plan.import', entity: 'enrollment_plan' },
  columns: planColumns,
  fields: ['planned', 'actual'],
  values: (v) => [v.planned, v.actual],
});
