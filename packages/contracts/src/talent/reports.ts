/**
 * Reports of the talent platform (人才供需报告): the 人才需求目录 (demand catalogue), the
 * 专业结构与产业结构匹配状况报告 (major–industry fit), major early warning (专业预警 红/黄/绿) and the
 * configurable warning rules.
 *
 * Head count by major: a job accepting a 专业类 or 专业大类 counts, with its whole head count, for
 * every major in it (the demand *open to* the major). Rows by major therefore overlap and their sum
 * exceeds the total; totals are always of distinct jobs, and a 专业类 row counts each job once.
 */
import { z } from 'zod';
import { idParams, uuid } from '../common';
import { route } from '../descriptor';
import { educationLevels, type LabelMap, year } from './common';

const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const page = z.coerce.number().int().min(1, '页码至少为 1').default(1);
const pageSize = z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50);
const q = z.string().trim().max(100, '搜索词最长 100 个字符').optional();

export const reportFormats = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];
const format = z.enum(reportFormats, { message: '导出格式应为 xlsx 或 pdf' }).default('xlsx');

// ── 人才需求目录 ────────────────────────────────────────────────────────────

/**
 * Views of the catalogue. `full`: 33618 cluster × occupation × district × minimum level;
 * `major`: by accepted major (overlapping rows, see the note on the response).
 */
export const catalogueGroupBys = [
  'full',
  'cluster_occupation',
  'cluster',
  'occupation',
  'district',
  'level',
  'major',
] as const;
export type CatalogueGroupBy = (typeof catalogueGroupBys)[number];
export const catalogueGroupByLabels: LabelMap<CatalogueGroupBy> = {
  full: label('集群 × 职业 × 区县 × 学历', 'Cluster × occupation × district × level'),
  cluster_occupation: label('集群 × 职业', 'Cluster × occupation'),
  cluster: label('按产业集群', 'By cluster'),
  occupation: label('按职业', 'By occupation'),
  district: label('按区县', 'By district'),
  level: label('按最低学历', 'By minimum level'),
  major: label('按接受专业', 'By accepted major'),
};

export const catalogueQuery = z.object({
  year,
  /** Only jobs published in this consortium (must be within the caller's scope). */
  consortiumId: uuid.optional(),
  groupBy: z.enum(catalogueGroupBys, { message: '统计维度不正确' }).default('full'),
  /** Filters rows by code or name of any dimension shown. */
  q,
  page,
  pageSize,
});
export type CatalogueQuery = z.infer<typeof catalogueQuery>;
export const catalogueExportQuery = catalogueQuery.omit({ page: true, pageSize: true }).extend({ format });
export type CatalogueExportQuery = z.infer<typeof catalogueExportQuery>;

/** Demand of the year and of year − 1, and the change. */
export const demandFigures = z.object({
  /** Sum of head counts (需求人数). */
  headCount: z.number().int(),
  /** Number of jobs (岗位数). */
  jobs: z.number().int(),
  prevHeadCount: z.number().int(),
  prevJobs: z.number().int(),
  headCountChange: z.number().int(),
  jobsChange: z.number().int(),
  /** (headCount − prevHeadCount) / prevHeadCount; null when there was no demand in year − 1. */
  headCountChangeRate: z.number().nullable(),
});
export type DemandFigures = z.infer<typeof demandFigures>;

/** One row; the dimensions not in the view are null. A null code in a shown dimension means 未标注 / 不限专业. */
export const catalogueRow = demandFigures.extend({
  /** Stable key of the row's dimension values. */
  key: z.string(),
  clusterCode: z.string().nullable(),
  clusterName: z.string().nullable(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  majorCode: z.string().nullable(),
  majorName: z.string().nullable(),
  /** The major's 专业类 name (major view). */
  majorClassName: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  minLevel: z.enum(educationLevels).nullable(),
});
export type CatalogueRow = z.infer<typeof catalogueRow>;

export const catalogueResponse = z.object({
  year: z.number().int(),
  prevYear: z.number().int(),
  groupBy: z.enum(catalogueGroupBys),
  consortiumId: z.string().nullable(),
  /** What the figures cover, e.g. 全市 or the consortium names of the caller's scope. */
  scopeLabel: z.string(),
  items: z.array(catalogueRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Over distinct jobs (never the sum of overlapping major rows). */
  totals: demandFigures,
  /** How figures are counted (shown under the table and in exports). */
  notes: z.array(z.string()),
  generatedAt: z.string(),
});
export type CatalogueResponse = z.infer<typeof catalogueResponse>;

// ── 专业预警 rules ──────────────────────────────────────────────────────────

export const warningColors = ['red', 'yellow', 'green'] as const;
export type WarningColor = (typeof warningColors)[number];
export const warningColorLabels: LabelMap<WarningColor> = {
  red: label('红色预警', 'Red'),
  yellow: label('黄色预警', 'Yellow'),
  green: label('绿色', 'Green'),
};
export const warningLevels = ['red', 'yellow'] as const;
export type WarningLevel = (typeof warningLevels)[number];

/**
 * placement_below: 去向落实率 below `threshold` in each of the last `years` years (a year without
 * data breaks the run); supply_demand_above: graduates ÷ demand head count above `threshold` (not
 * evaluated when there is no demand); enrollment_drop: actual enrolment fell by more than
 * `threshold` (a fraction) from the year before.
 */
export const warningRuleKinds = ['placement_below', 'supply_demand_above', 'enrollment_drop'] as const;
export type WarningRuleKind = (typeof warningRuleKinds)[number];
export const warningRuleKindLabels: LabelMap<WarningRuleKind> = {
  placement_below: label('去向落实率低于阈值', 'Placement rate below threshold'),
  supply_demand_above: label('供需比高于阈值', 'Supply/demand ratio above threshold'),
  enrollment_drop: label('实际招生下降超过比例', 'Enrolment dropped by more than'),
};

export const placementBelowParams = z.object({
  threshold: z.number().gt(0, '阈值应大于 0').max(1, '去向落实率阈值不超过 1（即 100%）'),
  years: z.number().int('连续年数应为整数').min(1, '连续年数至少为 1').max(5, '连续年数最多为 5'),
});
export const supplyDemandAboveParams = z.object({
  threshold: z.number().gt(0, '阈值应大于 0').max(100, '供需比阈值不超过 100'),
});
export const enrollmentDropParams = z.object({
  threshold: z.number().gt(0, '下降比例应大于 0').lt(1, '下降比例应小于 1（即 100%）'),
});

const ruleCommon = {
  level: z.enum(warningLevels, { message: '预警等级应为红色或黄色' }),
  enabled: z.boolean().default(true),
  note: z.string().trim().max(200, '说明最长 200 个字符').nullable().optional(),
};
/** Body of create and update (PUT replaces the rule): params are checked against the kind. */
export const warningRuleInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('placement_below'), params: placementBelowParams, ...ruleCommon }),
  z.object({ kind: z.literal('supply_demand_above'), params: supplyDemandAboveParams, ...ruleCommon }),
  z.object({ kind: z.literal('enrollment_drop'), params: enrollmentDropParams, ...ruleCommon }),
]);
export type WarningRuleInput = z.infer<typeof warningRuleInput>;

export const warningRule = z.object({
  id: z.string(),
  kind: z.enum(warningRuleKinds),
  level: z.enum(warningLevels),
  params: z.object({ threshold: z.number(), years: z.number().int().optional() }),
  enabled: z.boolean(),
  note: z.string().nullable(),
  /** The rule in words, e.g. 去向落实率连续 2 年低于 85%. */
  description: z.string(),
  updatedAt: z.string(),
});
export type WarningRule = z.infer<typeof warningRule>;
export const warningRuleList = z.object({ items: z.array(warningRule) });

/** A rule that fired for a major, with its figures in words. */
export const warningReason = z.object({
  ruleId: z.string(),
  kind: z.enum(warningRuleKinds),
  level: z.enum(warningLevels),
  /** e.g. 去向落实率连续 2 年低于 85%（2025 年 78.0%，2026 年 80.5%） */
  text: z.string(),
});
export type WarningReason = z.infer<typeof warningReason>;

export const majorWarning = z.object({
  color: z.enum(warningColors),
  reasons: z.array(warningReason),
  /** Rules that could not be evaluated for lack of data (e.g. 无岗位需求，未评估供需比). */
  notes: z.array(z.string()),
});
export type MajorWarning = z.infer<typeof majorWarning>;

// ── 专业结构与产业结构匹配状况报告 ───────────────────────────────────────────

export const fitSorts = ['code', 'warning', 'ratio', 'placement', 'demand', 'supply'] as const;
export type FitSort = (typeof fitSorts)[number];

export const fitQuery = z.object({
  year,
  level: z.enum(educationLevels, { message: '学历层次不正确' }).optional(),
  /** One school's supply (must be within the caller's scope); schools always see their own. */
  schoolOrgId: uuid.optional(),
  /** Demand of this consortium's jobs, supply of its member schools. */
  consortiumId: uuid.optional(),
  q,
  sort: z.enum(fitSorts, { message: '排序方式不正确' }).default('code'),
  page,
  pageSize,
});
export type FitQuery = z.infer<typeof fitQuery>;
export const fitExportQuery = fitQuery.omit({ page: true, pageSize: true }).extend({ format });
export type FitExportQuery = z.infer<typeof fitExportQuery>;

/** Supply and demand figures of a major, a 专业类 or the whole report. */
export const fitFigures = z.object({
  /** Graduates of the year's cohorts (毕业生数). */
  graduates: z.number().int(),
  employed: z.number().int(),
  furtherStudy: z.number().int(),
  military: z.number().int(),
  startup: z.number().int(),
  unplaced: z.number().int(),
  /** 去向落实率 = (graduates − unplaced) / graduates; null without graduates. */
  placementRate: z.number().nullable(),
  /** 招生计划数 and 实际招生数 of the year (actual: null when no plan reports it). */
  enrollmentPlanned: z.number().int(),
  enrollmentActual: z.number().int().nullable(),
  /** Head count and number of published jobs of the year open to the major (distinct jobs for a 专业类 or the total). */
  demandHeadCount: z.number().int(),
  demandJobs: z.number().int(),
  /** 供需比 = graduates ÷ demand head count; null when there is no demand, with the reason. */
  ratio: z.number().nullable(),
  ratioNote: z.string().nullable(),
});
export type FitFigures = z.infer<typeof fitFigures>;

export const fitMajorRow = fitFigures.extend({
  majorCode: z.string(),
  majorName: z.string(),
  level: z.enum(educationLevels).nullable(),
  classCode: z.string().nullable(),
  className: z.string().nullable(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  warning: majorWarning,
});
export type FitMajorRow = z.infer<typeof fitMajorRow>;

export const fitClassRow = fitFigures.extend({
  classCode: z.string(),
  className: z.string(),
  categoryCode: z.string().nullable(),
  categoryName: z.string().nullable(),
  level: z.enum(educationLevels).nullable(),
  /** Majors of the class in the report. */
  majors: z.number().int(),
  warningCounts: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
});
export type FitClassRow = z.infer<typeof fitClassRow>;

export const fitResponse = z.object({
  year: z.number().int(),
  level: z.enum(educationLevels).nullable(),
  schoolOrgId: z.string().nullable(),
  consortiumId: z.string().nullable(),
  scopeLabel: z.string(),
  /** Per major, one page of them. */
  items: z.array(fitMajorRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Per 专业类, all of them (majors of the report that have a class). */
  classes: z.array(fitClassRow),
  totals: fitFigures,
  notes: z.array(z.string()),
  generatedAt: z.string(),
});
export type FitResponse = z.infer<typeof fitResponse>;

// ── 专业预警 ────────────────────────────────────────────────────────────────

export const warningsQuery = z.object({
  year,
  /** One school × major (must be within scope); schools always get their own majors. */
  schoolOrgId: uuid.optional(),
  consortiumId: uuid.optional(),
  level: z.enum(educationLevels, { message: '学历层次不正确' }).optional(),
  color: z.enum(warningColors, { message: '预警颜色不正确' }).optional(),
  q,
  page,
  pageSize,
});
export type WarningsQuery = z.infer<typeof warningsQuery>;

export const warningItem = majorWarning.extend({
  /** Set for a school's own view (school × major); null for majors across the scope. */
  schoolOrgId: z.string().nullable(),
  schoolName: z.string().nullable(),
  majorCode: z.string(),
  majorName: z.string(),
  level: z.enum(educationLevels).nullable(),
  className: z.string().nullable(),
  graduates: z.number().int(),
  /** 去向落实率 of the years the rules look at, oldest first; null where there is no cohort. */
  placementRates: z.array(z.object({ year: z.number().int(), rate: z.number().nullable() })),
  demandHeadCount: z.number().int(),
  ratio: z.number().nullable(),
});
export type WarningItem = z.infer<typeof warningItem>;

export const warningsResponse = z.object({
  year: z.number().int(),
  items: z.array(warningItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Over all rows of the filter (before the colour filter). */
  counts: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
  generatedAt: z.string(),
});
export type WarningsResponse = z.infer<typeof warningsResponse>;

// ── Routes ──────────────────────────────────────────────────────────────────

export const talentReportApi = {
  demandCatalogue: route({
    method: 'GET',
    path: '/api/talent/reports/catalogue',
    summary: '人才需求目录（按年度，含同比）',
    tag: 'talent-report',
    access: 'talent.report',
    query: catalogueQuery,
    response: catalogueResponse,
  }),
  exportDemandCatalogue: route({
    method: 'GET',
    path: '/api/talent/reports/catalogue/export',
    summary: '导出人才需求目录（xlsx / PDF）',
    tag: 'talent-report',
    access: 'talent.report',
    query: catalogueExportQuery,
    response: z.unknown(),
    download: true,
  }),
  majorFit: route({
    method: 'GET',
    path: '/api/talent/reports/fit',
    summary: '专业结构与产业结构匹配状况报告',
    tag: 'talent-report',
    access: 'talent.supply',
    query: fitQuery,
    response: fitResponse,
  }),
  exportMajorFit: route({
    method: 'GET',
    path: '/api/talent/reports/fit/export',
    summary: '导出专业结构与产业结构匹配状况报告（xlsx / PDF）',
    tag: 'talent-report',
    access: 'talent.supply',
    query: fitExportQuery,
    response: z.unknown(),
    download: true,
  }),
  majorWarnings: route({
    method: 'GET',
    path: '/api/talent/reports/warnings',
    summary: '专业预警（红/黄/绿，含原因）',
    tag: 'talent-report',
    access: 'talent.supply',
    query: warningsQuery,
    response: warningsResponse,
  }),
  listWarningRules: route({
    method: 'GET',
    path: '/api/talent/warning-rules',
    summary: '专业预警规则',
    tag: 'talent-report',
    access: 'talent.supply',
    response: warningRuleList,
  }),
  createWarningRule: route({
    method: 'POST',
    path: '/api/talent/warning-rules',
    summary: '新增专业预警规则',
    tag: 'talent-report',
    access: 'talent.rules',
    body: warningRuleInput,
    response: warningRule,
  }),
  updateWarningRule: route({
    method: 'PUT',
    path: '/api/talent/warning-rules/:id',
    summary: '修改专业预警规则',
    tag: 'talent-report',
    access: 'talent.rules',
    params: idParams,
    body: warningRuleInput,
    response: warningRule,
  }),
  deleteWarningRule: route({
    method: 'DELETE',
    path: '/api/talent/warning-rules/:id',
    summary: '停用专业预警规则（保留记录）',
    tag: 'talent-report',
    access: 'talent.rules',
    params: idParams,
    response: warningRule,
  }),
} satisfies Record<string, ReturnType<typeof route>>;
