import { z } from 'zod';
import { idParams, pageQuery } from './common';
import { route } from './descriptor';

// 数据驾驶舱 (issue 6): KPI registry, read models, status and forecast, views, briefing.

/** Where a KPI's figure comes from (docs/cockpit.md). */
export const kpiSourceKinds = ['records', 'returns', 'awaiting'] as const;
export type KpiSourceKind = (typeof kpiSourceKinds)[number];
export const kpiSourceKindLabels: Record<KpiSourceKind, string> = {
  records: '平台记录',
  returns: '统计填报',
  awaiting: '数据来源模块未上线',
};

export const kpiStatuses = ['met', 'on_track', 'lagging', 'severely_lagging', 'no_data'] as const;
export type KpiStatus = (typeof kpiStatuses)[number];
export const kpiStatusLabels: Record<KpiStatus, string> = {
  met: '达标',
  on_track: '正常推进',
  lagging: '滞后',
  severely_lagging: '严重滞后',
  no_data: '无数据',
};

export const kpiComparators = ['>=', '~', '=', '<='] as const;
export type KpiComparator = (typeof kpiComparators)[number];

/** Modules a KPI can wait for. */
export const kpiAwaitingModules = ['cooperation', 'learning', 'techservice', 'training'] as const;
export type KpiAwaitingModule = (typeof kpiAwaitingModules)[number];
export const kpiAwaitingModuleLabels: Record<KpiAwaitingModule, string> = {
  cooperation: '校企合作（双师型教师、共建专业、产业学院）',
  learning: '教学资源（课程、教材、资源库）',
  techservice: '技术服务（中试基地、服务平台、成果转化）',
  training: '职工培训',
};

/** Drill-down dimensions; `city` is the whole-city value. */
export const kpiDimensions = ['city', 'level', 'consortium', 'district', 'cluster'] as const;
export type KpiDimension = (typeof kpiDimensions)[number];
export const kpiDrillDimensions = ['level', 'consortium', 'district', 'cluster'] as const;
export type KpiDrillDimension = (typeof kpiDrillDimensions)[number];
export const kpiDimensionLabels: Record<KpiDimension, string> = {
  city: '全市',
  level: '按层级',
  consortium: '按联合体',
  district: '按区县',
  cluster: '按产业集群',
};

export const kpiSection = z.object({ code: z.string(), name: z.string() });
export type KpiSection = z.infer<typeof kpiSection>;

export const kpiTarget = z.object({ year: z.number().int(), target: z.number() });

export const kpiDefinition = z.object({
  /** policy-targets id, T01…T54. */
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  scope: z.string(),
  /** Source document file (data/policy-targets.csv `source`) and its short title. */
  source: z.string(),
  sourceTitle: z.string(),
  clause: z.string(),
  comparator: z.enum(kpiComparators),
  targets: z.array(kpiTarget),
  sourceKind: z.enum(kpiSourceKinds),
  /** How the figure is obtained, in Chinese. */
  formula: z.string(),
  awaitingModule: z.enum(kpiAwaitingModules).nullable(),
  sectionCode: z.string(),
  sectionName: z.string(),
  /** Drill-down dimensions the formula supports. */
  dimensions: z.array(z.enum(kpiDrillDimensions)),
  /** True when the value is a share (numerator / denominator, in %). */
  isShare: z.boolean(),
});
export type KpiDefinition = z.infer<typeof kpiDefinition>;

export const kpiValue = z.object({
  year: z.number().int(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  computedAt: z.string().nullable(),
  status: z.enum(kpiStatuses),
  statusLabel: z.string(),
  /** The target year the status is measured against (the first target year ≥ year, else the last). */
  targetYear: z.number().int().nullable(),
  target: z.number().nullable(),
  /** The trajectory (baseline → targets) at the evaluation date. */
  trajectory: z.number().nullable(),
  /** Least-squares forecast at the end of the target year (null: fewer than 2 points over 7 days). */
  forecast: z.number().nullable(),
  /** For a return: the year of the approved return used (may be earlier than `year`). */
  valueYear: z.number().int().nullable(),
});
export type KpiValue = z.infer<typeof kpiValue>;

export const kpiPoint = z.object({ date: z.string(), value: z.number() });
export type KpiPoint = z.infer<typeof kpiPoint>;

export const kpiItem = kpiDefinition.extend({
  current: kpiValue,
  /** The last 30 daily history values (sparkline). */
  spark: z.array(kpiPoint),
});
export type KpiItem = z.infer<typeof kpiItem>;

export const kpiCoverage = z.object({
  targets: z.number().int(),
  targetRows: z.number().int(),
  defined: z.number().int(),
  records: z.number().int(),
  returns: z.number().int(),
  awaiting: z.number().int(),
});
export type KpiCoverage = z.infer<typeof kpiCoverage>;

const yearParam = z.coerce
  .number({ message: '年份必须是整数' })
  .int('年份必须是整数')
  .min(2020, '年份不能早于 2020')
  .max(2035, '年份不能晚于 2035');

export const kpiListQuery = z.object({
  year: yearParam.optional(),
  section: z.string().max(20).optional(),
  sourceKind: z.enum(kpiSourceKinds).optional(),
  status: z.enum(kpiStatuses).optional(),
  q: z.string().trim().max(100, '搜索词最长 100 个字符').optional(),
});
export type KpiListQuery = z.infer<typeof kpiListQuery>;
export const kpiListResponse = z.object({
  year: z.number().int(),
  items: z.array(kpiItem),
  coverage: kpiCoverage,
});
export type KpiListResponse = z.infer<typeof kpiListResponse>;

export const kpiCodeParams = z.object({ code: z.string().regex(/^T\d{2}$/, '指标编号格式不正确（如 T03）') });

export const kpiDetailQuery = z.object({
  year: yearParam.optional(),
  by: z.enum(kpiDrillDimensions).optional(),
});
export type KpiDetailQuery = z.infer<typeof kpiDetailQuery>;

export const kpiBreakdownItem = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
});
export type KpiBreakdownItem = z.infer<typeof kpiBreakdownItem>;

export const kpiDetail = kpiItem.extend({
  /** Daily history (all of it). */
  history: z.array(kpiPoint),
  /** Trajectory points: the baseline then each target at its year end. */
  trajectoryPoints: z.array(kpiPoint.extend({ kind: z.enum(['baseline', 'target']) })),
  /** Approved returns by year (returns KPIs only). */
  returns: z.array(z.object({ year: z.number().int(), value: z.number(), orgName: z.string().nullable() })),
  breakdown: z.object({ by: z.enum(kpiDrillDimensions), items: z.array(kpiBreakdownItem) }).nullable(),
});
export type KpiDetail = z.infer<typeof kpiDetail>;

export const kpiRecordsQuery = pageQuery.extend({
  /** Narrow to one drill-down bucket, e.g. by=district&key=500117. */
  by: z.enum(kpiDrillDimensions).optional(),
  key: z.string().max(64).optional(),
});
export type KpiRecordsQuery = z.infer<typeof kpiRecordsQuery>;

export const kpiRecordCell = z.union([z.string(), z.number(), z.null()]);
export const kpiRecordsResponse = z.object({
  /** What the rows are: consortium | organization | certification | cohort | return. */
  kind: z.string(),
  columns: z.array(z.object({ key: z.string(), title: z.string() })),
  /** Each row has `id`, the columns' keys, and `link` (a web path or null). */
  items: z.array(z.record(z.string(), kpiRecordCell)),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type KpiRecordsResponse = z.infer<typeof kpiRecordsResponse>;

export const overviewQuery = z.object({ year: yearParam.optional() });
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const countByKey = z.object({ key: z.string(), label: z.string(), count: z.number() });
export type CountByKey = z.infer<typeof countByKey>;

export const cockpitCounters = z.object({
  consortiaTotal: z.number(),
  /** Consortia (not revoked) per level, with the city target for the year where one exists. */
  consortiaByLevel: z.array(countByKey.extend({ target: z.number().nullable(), kpiId: z.string().nullable() })),
  membersTotal: z.number(),
  membersByType: z.array(countByKey),
  jobPostings: z.number(),
  jobHeadCount: z.number(),
  students: z.number(),
  /** Per district (the map): consortia (by lead unit's district), member units, job head count, students. */
  districts: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      consortia: z.number(),
      members: z.number(),
      jobs: z.number(),
      students: z.number(),
    }),
  ),
  /** 33618 clusters: supply (students of schools serving the cluster) vs demand (published head count). */
  clusters: z.array(z.object({ code: z.string(), name: z.string(), supply: z.number(), demand: z.number() })),
});
export type CockpitCounters = z.infer<typeof cockpitCounters>;

export const cockpitOverview = z.object({
  year: z.number().int(),
  /** Oldest computed_at among the values shown (how fresh the page is). */
  computedAt: z.string().nullable(),
  coverage: kpiCoverage,
  statusCounts: z.array(z.object({ status: z.enum(kpiStatuses), label: z.string(), count: z.number().int() })),
  sections: z.array(kpiSection.extend({ kpis: z.array(kpiItem) })),
  counters: cockpitCounters,
});
export type CockpitOverview = z.infer<typeof cockpitOverview>;

export const consortiumDashboard = z.object({
  consortium: z.object({
    id: z.string(),
    name: z.string(),
    level: z.string(),
    levelLabel: z.string(),
    status: z.string(),
    statusLabel: z.string(),
  }),
  computedAt: z.string().nullable(),
  /** The KPIs with a per-consortium value (e.g. T24 for its schools). */
  kpis: z.array(kpiItem),
  membersTotal: z.number(),
  membersByType: z.array(countByKey),
  jobPostings: z.number(),
  jobHeadCount: z.number(),
  students: z.number(),
  placement: z.object({
    year: z.number().int().nullable(),
    graduates: z.number(),
    placed: z.number(),
    rate: z.number().nullable(),
  }),
});
export type ConsortiumDashboard = z.infer<typeof consortiumDashboard>;

export const cockpitApi = {
  listKpis: route({
    method: 'GET',
    path: '/api/cockpit/kpis',
    summary: '驾驶舱指标清单（全部指标及当前值、状态）',
    tag: 'cockpit',
    access: 'cockpit.read',
    query: kpiListQuery,
    response: kpiListResponse,
  }),
  getKpi: route({
    method: 'GET',
    path: '/api/cockpit/kpis/:code',
    summary: '指标详情：历史、轨迹、下钻',
    tag: 'cockpit',
    access: 'cockpit.read',
    params: kpiCodeParams,
    query: kpiDetailQuery,
    response: kpiDetail,
  }),
  kpiRecords: route({
    method: 'GET',
    path: '/api/cockpit/kpis/:code/records',
    summary: '指标背后的记录（下钻明细）',
    tag: 'cockpit',
    access: 'cockpit.read',
    params: kpiCodeParams,
    query: kpiRecordsQuery,
    response: kpiRecordsResponse,
  }),
  cockpitOverview: route({
    method: 'GET',
    path: '/api/cockpit/overview',
    summary: '驾驶舱总览（按章节分组的指标与统计）',
    tag: 'cockpit',
    access: 'cockpit.read',
    query: overviewQuery,
    response: cockpitOverview,
  }),
  consortiumDashboard: route({
    method: 'GET',
    path: '/api/cockpit/consortia/:id',
    summary: '联合体看板',
    tag: 'cockpit',
    access: 'cockpit.read',
    params: idParams,
    response: consortiumDashboard,
  }),
} as const;
