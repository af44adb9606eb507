import {
  creditCodeProblem,
  type OrgType,
  orgTypeLabels,
  orgTypes,
  schoolLevelLabels,
  schoolLevels,
} from '@chanjiao/contracts';
import { sql } from 'drizzle-orm';
import { defineColumns, type RowIssue, type RowValues, templateXlsx } from '../../lib/sheets';
import { resolveScope, scopeWhere } from '../identity';
import type { ImportHandler } from '../imports';
import { referenceCodes } from '../reference';
import * as repo from './org.repository';

/** Reference lookups the import checks codes and names against. */
interface Lookups {
  district(v: string): string | null;
  cluster(v: string): string | null;
  industry(v: string): boolean;
}
const noLookups: Lookups = { district: () => null, cluster: () => null, industry: () => false };

/** The organization sheet: one declaration for the template and the import. */
function orgColumns(look: Lookups) {
  return defineColumns([
    {
      key: 'name',
      header: '单位名称',
      aliases: ['名称', '单位'],
      required: true,
      maxLength: 100,
      example: '重庆某某汽车零部件有限公司',
    },
    {
      key: 'creditCode',
      header: '统一社会信用代码',
      aliases: ['信用代码', '社会信用代码'],
      required: true,
      kind: 'code',
      comment: '18 位，末位为校验码（GB 32100）；请将该列设为文本格式',
      validate: (v: string) => creditCodeProblem(v),
    },
    { key: 'type', header: '单位类型', required: true, options: orgTypes.map((t) => orgTypeLabels[t]) },
    {
      key: 'schoolLevel',
      header: '办学层次',
      options: schoolLevels.map((l) => schoolLevelLabels[l]),
      comment: '仅学校填写',
    },
    { key: 'abbreviation', header: '简称', maxLength: 30 },
    {
      key: 'district',
      header: '所在区县',
      comment: '重庆市区县名称或 6 位代码，如 渝北区 或 500112',
      example: '渝北区',
      validate: (v: string) => (look.district(v) ? null : `“${v}”不是重庆市的区县`),
    },
    { key: 'address', header: '地址', maxLength: 200 },
    {
      key: 'clusters',
      header: '服务产业集群',
      kind: 'list',
      comment: '33618 产业集群名称或代码（C01…），多个用、分隔',
      example: '智能网联新能源汽车',
      validate: (v: string[]) => {
        const bad = v.filter((c) => !look.cluster(c));
        return bad.length ? `“${bad.join('、')}”不是 33618 产业集群` : null;
      },
    },
    {
      key: 'industries',
      header: '所属行业代码',
      kind: 'list',
      comment: 'GB/T 4754-2017 行业代码，多个用、分隔',
      example: '3670',
      validate: (v: string[]) => {
        const bad = v.filter((c) => !look.industry(c));
        return bad.length ? `“${bad.join('、')}”不在 GB/T 4754-2017 行业代码中` : null;
      },
    },
    { key: 'aboveScale', header: '规模以上企业', kind: 'boolean', comment: '是 / 否' },
  ] as const);
}
export const orgImportColumns = orgColumns(noLookups);

type Row = RowValues<typeof orgImportColumns>;

const typeByLabel = new Map(orgTypes.map((t) => [orgTypeLabels[t], t]));
const levelByLabel = new Map(schoolLevels.map((l) => [schoolLevelLabels[l], l]));

export function orgImportTemplate(): Promise<Buffer> {
  return templateXlsx(orgImportColumns, {
    sheetName: '单位名录',
    instructions:
      '每行一个单位。带 * 的列必填。统一社会信用代码是唯一标识：已登记的单位按代码更新，未登记的新增；同一文件重复导入不会产生重复数据。任何一行有错误时，整个文件都不会导入，请下载错误报告修改后重新导入。',
  });
}

/** The staging columns, in the order `row` returns them (`upsertOrgsFromStage` reads them by name). */
const stageColumns = [
  ['name', 'text'],
  ['credit_code', 'text'],
  ['type', 'text'],
  ['school_level', 'text'],
  ['abbreviation', 'text'],
  ['district_code', 'text'],
  ['address', 'text'],
  ['cluster_codes', 'text[]'],
  ['industry_codes', 'text[]'],
  ['above_scale', 'boolean'],
] as const;

/**
 * 单位批量导入: every row checked (types, required fields, code lists, check digits, duplicates in
 * the file, clashes with registered organizations, write scope for updates), then upserted by
 * 统一社会信用代码 in one transaction.
 */
export const orgImportHandler: ImportHandler = {
  kind: 'organizations',
  async prepare(ctx) {
    const ref = await referenceCodes(ctx.deps);
    const districtByName = new Map([...ref.districts].map(([code, name]) => [name, code]));
    const clusterByName = new Map([...ref.clusters].map(([code, name]) => [name, code]));
    const look: Lookups = {
      district: (v) => (ref.districts.has(v) ? v : (districtByName.get(v) ?? null)),
      cluster: (v) => (ref.clusters.has(v.toUpperCase()) ? v.toUpperCase() : (clusterByName.get(v) ?? null)),
      industry: (v) => ref.industries.has(v),
    };
    const scope = await resolveScope(ctx.deps.db, ctx.actor);
    const writable = scopeWhere(scope, 'write', repo.scopeColumns) ?? sql`true`;
    return {
      columns: orgColumns(look),
      stage: stageColumns,
      key: { column: 'creditCode', stage: 'credit_code' },
      row(values) {
        const v = values as Row;
        const issues: RowIssue[] = [];
        const type = typeByLabel.get(v.type as (typeof orgTypeLabels)[OrgType])!;
        const schoolLevel = v.schoolLevel ? (levelByLabel.get(v.schoolLevel as never) ?? null) : null;
        if (type === 'school' && !schoolLevel) issues.push({ key: 'schoolLevel', reason: '学校须填写办学层次' });
        if (type !== 'school' && schoolLevel) issues.push({ key: 'schoolLevel', reason: '只有学校填写办学层次' });
        if (issues.length > 0) return { issues };
        return {
          values: [
            v.name,
            v.creditCode,
            type,
            schoolLevel,
            v.abbreviation,
            v.district ? look.district(v.district) : null,
            v.address,
            (v.clusters ?? []).map((c) => look.cluster(c)!),
            v.industries ?? [],
            v.aboveScale ?? false,
          ],
        };
      },
      conflicts: (stage) => repo.stagedOrgConflicts(stage, writable),
      async apply(tx, stage, rows) {
        const r = await repo.upsertOrgsFromStage(tx, stage, ctx.actor!.userId);
        return {
          created: r.created,
          updated: r.updated,
          unchanged: rows - r.created - r.updated,
          detail: { createdIds: r.createdIds },
        };
      },
    };
  },
};
