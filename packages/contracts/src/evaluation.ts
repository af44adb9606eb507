import { z } from 'zod';
import { idParams, paged, pageQuery } from './common';
import { route } from './descriptor';

// 建设指标体系 (issue 5 item 1): indicator frameworks as versioned data.

export const frameworkStatuses = ['draft', 'published', 'retired'] as const;
export type FrameworkStatus = (typeof frameworkStatuses)[number];
export const frameworkStatusLabels: Record<FrameworkStatus, string> = {
  draft: '草稿',
  published: '已发布',
  retired: '已停用',
};

/** basic: scored out of the 100-point total; deduction: 扣分项 (7.1), its weight is the most it can deduct. */
export const pointKinds = ['basic', 'deduction'] as const;
export type PointKind = (typeof pointKinds)[number];
export const pointKindLabels: Record<PointKind, string> = { basic: '基本指标', deduction: '扣分项' };

/** The basic points of a framework must add up to this many points. */
export const FRAMEWORK_TOTAL_WEIGHT = 100;

export const indicatorPoint = z.object({
  groupCode: z.string(),
  groupName: z.string(),
  pointCode: z.string(),
  name: z.string(),
  kind: z.enum(pointKinds),
  weight: z.number().int(),
  guidance: z.string(),
  sort: z.number().int(),
});
export type IndicatorPoint = z.infer<typeof indicatorPoint>;

export const indicatorFrameworkItem = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(frameworkStatuses),
  basedOn: z.string().nullable(),
  note: z.string().nullable(),
  pointCount: z.number().int(),
  groupCount: z.number().int(),
  /** Sum of the basic points' weights. */
  totalWeight: z.number().int(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type IndicatorFrameworkItem = z.infer<typeof indicatorFrameworkItem>;

export const indicatorFrameworkDetail = indicatorFrameworkItem.extend({
  createdBy: z.string().nullable(),
  publishedBy: z.string().nullable(),
  points: z.array(indicatorPoint),
});
export type IndicatorFrameworkDetail = z.infer<typeof indicatorFrameworkDetail>;

export const frameworkListQuery = pageQuery.extend({ status: z.enum(frameworkStatuses).optional() });
export type FrameworkListQuery = z.infer<typeof frameworkListQuery>;
export const frameworkListResponse = paged(indicatorFrameworkItem);

const note = z.string().trim().max(1000, '说明最长 1000 个字符');

export const newFrameworkVersionBody = z.object({ note: note.optional() });
export type NewFrameworkVersionBody = z.infer<typeof newFrameworkVersionBody>;

export const updateFrameworkBody = z
  .object({
    name: z.string().trim().min(2, '名称至少 2 个字符').max(100, '名称最长 100 个字符').optional(),
    note: note.nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.note !== undefined, { message: '请填写要修改的名称或说明' });
export type UpdateFrameworkBody = z.infer<typeof updateFrameworkBody>;

export const indicatorPointInput = z.object({
  groupCode: z.string().trim().min(1, '请填写指标组编号').max(20, '指标组编号最长 20 个字符'),
  groupName: z.string().trim().min(1, '请填写指标组名称').max(50, '指标组名称最长 50 个字符'),
  pointCode: z
    .string()
    .trim()
    .min(1, '请填写观测点编号')
    .max(20, '观测点编号最长 20 个字符')
    .regex(/^[0-9A-Za-z.\-_]+$/, '观测点编号只能包含数字、字母、点和连字符'),
  name: z.string().trim().min(2, '请填写观测点内容').max(1000, '观测点内容最长 1000 个字符'),
  kind: z.enum(pointKinds, { message: '指标类型只能是基本指标或扣分项' }),
  weight: z
    .number({ message: '分值必须是整数' })
    .int('分值必须是整数')
    .min(0, '分值不能为负数')
    .max(100, '分值不能超过 100'),
  guidance: z.string().trim().max(5000, '评分说明最长 5000 个字符').default(''),
});
export type IndicatorPointInput = z.input<typeof indicatorPointInput>;

export const putPointsBody = z.object({
  points: z.array(indicatorPointInput).min(1, '至少需要一个观测点').max(500, '观测点最多 500 个'),
});
export type PutPointsBody = z.infer<typeof putPointsBody>;

export const evaluationApi = {
  listIndicatorFrameworks: route({
    method: 'GET',
    path: '/api/indicator-frameworks',
    summary: '建设指标体系及其版本',
    tag: 'evaluation',
    access: 'indicator.read',
    query: frameworkListQuery,
    response: frameworkListResponse,
  }),
  getIndicatorFramework: route({
    method: 'GET',
    path: '/api/indicator-frameworks/:id',
    summary: '指标体系版本详情（含观测点）',
    tag: 'evaluation',
    access: 'indicator.read',
    params: idParams,
    response: indicatorFrameworkDetail,
  }),
  newIndicatorFrameworkVersion: route({
    method: 'POST',
    path: '/api/indicator-frameworks/:id/versions',
    summary: '复制为新的草稿版本',
    tag: 'evaluation',
    access: 'indicator.manage',
    params: idParams,
    body: newFrameworkVersionBody,
    response: indicatorFrameworkDetail,
  }),
  updateIndicatorFramework: route({
    method: 'PATCH',
    path: '/api/indicator-frameworks/:id',
    summary: '修改草稿版本的名称与说明',
    tag: 'evaluation',
    access: 'indicator.manage',
    params: idParams,
    body: updateFrameworkBody,
    response: indicatorFrameworkDetail,
  }),
  putIndicatorPoints: route({
    method: 'PUT',
    path: '/api/indicator-frameworks/:id/points',
    summary: '替换草稿版本的观测点（基本指标合计 100 分）',
    tag: 'evaluation',
    access: 'indicator.manage',
    params: idParams,
    body: putPointsBody,
    response: indicatorFrameworkDetail,
  }),
  publishIndicatorFramework: route({
    method: 'POST',
    path: '/api/indicator-frameworks/:id/publish',
    summary: '发布草稿版本（同名的旧版本停用）',
    tag: 'evaluation',
    access: 'indicator.manage',
    params: idParams,
    response: indicatorFrameworkDetail,
  }),
  exportIndicatorFramework: route({
    method: 'GET',
    path: '/api/indicator-frameworks/:id/export',
    summary: '导出指标体系版本 (xlsx)',
    tag: 'evaluation',
    access: 'indicator.read',
    params: idParams,
    response: z.unknown(),
    download: true,
  }),
} as const;
