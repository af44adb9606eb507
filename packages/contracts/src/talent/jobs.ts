/**
 * 岗位需求 (job demands) published by enterprises within a consortium: schemas and routes.
 * The server validates and serializes with these; the web forms reuse them.
 */
import { z } from 'zod';
import { idParams, paged, pageQuery, uuid } from '../common';
import { route } from '../descriptor';
import { clusterCode, districtCode, industryCode, isoDate } from '../org';
import { educationLevels, jobKinds, jobStatuses, year, yearMonth } from './common';

/** 2022 职业分类大典 code, e.g. 6-18-01-01 (any level). */
export const jobOccupationCode = z.string().regex(/^\d(-\d{2}){0,3}$/, '职业代码格式不正确（2022 职业分类大典）');
/** A major code (6 digits, maybe a trailing K), a 专业类 code (4 digits) or a 专业大类 code (2 digits). */
export const jobMajorCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^\d{2}(\d{2}(\d{2}K?)?)?$/, '专业代码格式不正确（专业、专业类或专业大类代码）');

const dedupe = (list: string[]) => [...new Set(list)];

/** A list of short texts (skills, certificates): trimmed, blanks dropped, deduplicated, ≤ 20. */
function textList(label: string) {
  return z
    .array(z.string().trim().max(50, `${label}每项最长 50 个字`))
    .transform((list) => dedupe(list.filter((s) => s.length > 0)))
    .pipe(z.array(z.string()).max(20, `${label}最多 20 项`));
}

const jobFields = z.object({
  title: z.string().trim().min(2, '岗位名称至少 2 个字').max(100, '岗位名称最长 100 个字'),
  description: z.string().trim().max(5000, '岗位描述最长 5000 个字').optional(),
  occupationCode: jobOccupationCode.nullable().optional(),
  clusterCode: clusterCode.nullable().optional(),
  industryCode: industryCode.nullable().optional(),
  /** Major, 专业类 or 专业大类 codes, mixed. */
  acceptedMajors: z
    .array(jobMajorCode)
    .transform(dedupe)
    .pipe(z.array(z.string()).max(50, '可接受专业最多 50 项'))
    .optional(),
  skills: textList('技能').optional(),
  /** e.g. 1+X 证书. */
  certificates: textList('证书').optional(),
  headCount: z.coerce
    .number({ message: '请输入需求人数' })
    .int('需求人数须为整数')
    .min(1, '需求人数至少为 1')
    .max(100_000, '需求人数过大'),
  minLevel: z.enum(educationLevels, { message: '请选择最低学历层次' }),
  /** Graduation window (YYYY-MM), either end open. */
  gradFrom: yearMonth.nullable().optional(),
  gradTo: yearMonth.nullable().optional(),
  districtCode: z.string({ error: '请选择工作区县' }).pipe(districtCode),
  /** Yuan per month. */
  salaryMin: z.coerce.number().int('薪资须为整数（元/月）').min(0, '薪资不能为负').max(1_000_000).nullable().optional(),
  salaryMax: z.coerce.number().int('薪资须为整数（元/月）').min(0, '薪资不能为负').max(1_000_000).nullable().optional(),
  kind: z.enum(jobKinds, { message: '请选择岗位类型' }),
  validUntil: isoDate.nullable().optional(),
  /** The consortium the job is published in; the enterprise must be an active member of it. */
  consortiumId: z.string({ error: '请选择发布的联合体' }).pipe(uuid),
});

type RangeFields = {
  gradFrom?: string | null;
  gradTo?: string | null;
  salaryMin?: number | null;
  salaryMax?: number | null;
};
/** Cross-field rules shared by create and update (the server re-checks them on the merged record). */
export function jobRangeProblems(v: RangeFields): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.gradFrom && v.gradTo && v.gradFrom > v.gradTo)
    out.push({ path: 'gradTo', message: '毕业时间范围的结束月份不能早于开始月份' });
  if (v.salaryMin != null && v.salaryMax != null && v.salaryMin > v.salaryMax)
    out.push({ path: 'salaryMax', message: '最高薪资不能低于最低薪资' });
  return out;
}
function checkRanges(v: RangeFields, ctx: z.RefinementCtx) {
  for (const p of jobRangeProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
}

/** The fields a job is written with (the body without `publish`), in the order forms and audits list them. */
export const jobFieldKeys = [
  'orgId',
  'consortiumId',
  'title',
  'description',
  'occupationCode',
  'clusterCode',
  'industryCode',
  'acceptedMajors',
  'skills',
  'certificates',
  'headCount',
  'minLevel',
  'gradFrom',
  'gradTo',
  'districtCode',
  'salaryMin',
  'salaryMax',
  'kind',
  'validUntil',
] as const;

export const createJobBody = jobFields
  .extend({
    /** The publishing organization: the enterprise's own (default); a secretariat names a member. */
    orgId: uuid.optional(),
    /** Publish at once instead of saving a draft. */
    publish: z.boolean().optional(),
  })
  .superRefine(checkRanges);
export type CreateJobBody = z.infer<typeof createJobBody>;

export const updateJobBody = jobFields.partial().superRefine(checkRanges);
export type UpdateJobBody = z.infer<typeof updateJobBody>;

export const jobStatusBody = z.object({
  status: z.enum(['published', 'closed'], { message: '请选择新的状态（发布或关闭）' }),
  reason: z.string().trim().max(500, '说明最长 500 个字').optional(),
});
export type JobStatusBody = z.infer<typeof jobStatusBody>;

/** How an accepted code matches: a single major, a whole 专业类, or a whole 专业大类. */
export const acceptedMajorScopes = ['major', 'class', 'category'] as const;

export const jobItem = z.object({
  id: uuid,
  /** The matching engine's id. */
  seq: z.number().int(),
  orgId: uuid,
  orgName: z.string(),
  consortiumId: uuid.nullable(),
  consortiumName: z.string().nullable(),
  title: z.string(),
  description: z.string(),
  occupationCode: z.string().nullable(),
  occupationName: z.string().nullable(),
  clusterCode: z.string().nullable(),
  clusterName: z.string().nullable(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  acceptedMajors: z.array(z.string()),
  /** The accepted codes with their names, in the order of `acceptedMajors`. */
  majorLabels: z.array(z.object({ code: z.string(), name: z.string(), scope: z.enum(acceptedMajorScopes) })),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  headCount: z.number().int(),
  minLevel: z.enum(educationLevels),
  gradFrom: z.string().nullable(),
  gradTo: z.string().nullable(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  salaryMin: z.number().int().nullable(),
  salaryMax: z.number().int().nullable(),
  kind: z.enum(jobKinds),
  validUntil: z.string().nullable(),
  status: z.enum(jobStatuses),
  /** The year the demand counts for (publish year; the current year for drafts). */
  year: z.number().int(),
  publishedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  /** The caller may edit this job, change its status, delete or restore it. */
  canEdit: z.boolean(),
});
export type JobItem = z.infer<typeof jobItem>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const jobListQuery = pageQuery.extend({
  status: z.enum(jobStatuses).optional(),
  kind: z.enum(jobKinds).optional(),
  clusterCode: clusterCode.optional(),
  districtCode: districtCode.optional(),
  /** Jobs whose minimum level is exactly this. */
  minLevel: z.enum(educationLevels).optional(),
  orgId: uuid.optional(),
  consortiumId: uuid.optional(),
  year: year.optional(),
  /** Jobs accepting this major code directly or through its 专业类 / 专业大类. */
  major: jobMajorCode.optional(),
  /** Soft-deleted jobs only (to restore them). */
  deleted: boolQuery.optional(),
});
export type JobListQuery = z.infer<typeof jobListQuery>;
export const jobExportQuery = jobListQuery.omit({ page: true, pageSize: true });
export type JobExportQuery = z.infer<typeof jobExportQuery>;

/** One facet bucket: a value, its display label and how many jobs of the current filter have it. */
export const jobFacetBucket = z.object({ value: z.string(), label: z.string().nullable(), count: z.number().int() });
export const jobFacets = z.object({
  kind: z.array(jobFacetBucket),
  status: z.array(jobFacetBucket),
  clusterCode: z.array(jobFacetBucket),
  districtCode: z.array(jobFacetBucket),
});
export type JobFacets = z.infer<typeof jobFacets>;
export const jobListResponse = paged(jobItem).extend({ facets: jobFacets });
export type JobListResponse = z.infer<typeof jobListResponse>;

export const jobApi = {
  listJobs: route({
    method: 'GET',
    path: '/api/jobs',
    summary: '岗位需求列表（按数据范围，含分面统计）',
    tag: 'jobs',
    access: 'job.read',
    query: jobListQuery,
    response: jobListResponse,
  }),
  exportJobs: route({
    method: 'GET',
    path: '/api/jobs/export',
    summary: '导出岗位需求 (xlsx)',
    tag: 'jobs',
    access: 'job.read',
    query: jobExportQuery,
    response: z.unknown(),
    download: true,
  }),
  getJob: route({
    method: 'GET',
    path: '/api/jobs/:id',
    summary: '岗位需求详情',
    tag: 'jobs',
    access: 'job.read',
    params: idParams,
    response: jobItem,
  }),
  createJob: route({
    method: 'POST',
    path: '/api/jobs',
    summary: '登记岗位需求（草稿或直接发布）',
    tag: 'jobs',
    access: 'job.write',
    body: createJobBody,
    response: jobItem,
  }),
  updateJob: route({
    method: 'PATCH',
    path: '/api/jobs/:id',
    summary: '修改岗位需求',
    tag: 'jobs',
    access: 'job.write',
    params: idParams,
    body: updateJobBody,
    response: jobItem,
  }),
  setJobStatus: route({
    method: 'POST',
    path: '/api/jobs/:id/status',
    summary: '发布或关闭岗位需求',
    tag: 'jobs',
    access: 'job.write',
    params: idParams,
    body: jobStatusBody,
    response: jobItem,
  }),
  deleteJob: route({
    method: 'DELETE',
    path: '/api/jobs/:id',
    summary: '删除岗位需求（可恢复；仅草稿或无进行中投递的已关闭岗位）',
    tag: 'jobs',
    access: 'job.write',
    params: idParams,
    response: jobItem,
  }),
  restoreJob: route({
    method: 'POST',
    path: '/api/jobs/:id/restore',
    summary: '恢复已删除的岗位需求',
    tag: 'jobs',
    access: 'job.write',
    params: idParams,
    response: jobItem,
  }),
} as const;
