import { z } from 'zod';
import { idParams, itemParams, okBody, paged, pageQuery, uuid } from './common';
import { route } from './descriptor';

// 统计填报 (issue 6): statistical returns for KPIs no platform record can give, and the monthly
// briefing (月度简报) of every KPI. See docs/cockpit.md.

/**
 * Workflow of a return: a government department (official with an organization) writes a draft,
 * attaches evidence and submits it; an official without an organization approves or rejects it
 * (reason required). A rejected return may be edited and submitted again. Only approved returns count.
 */
export const kpiReturnStatuses = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type KpiReturnStatus = (typeof kpiReturnStatuses)[number];
export const kpiReturnStatusLabels: Record<KpiReturnStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已驳回',
};

export const kpiReturnYear = z.coerce
  .number({ message: '年度应为整数' })
  .int('年度应为整数')
  .min(2000, '年度不能早于 2000 年')
  .max(2100, '年度不能晚于 2100 年');

/** A policy-target id: T01…T99. */
export const kpiCode = z
  .string({ message: '请选择指标' })
  .trim()
  .regex(/^T\d{2}$/, '指标编号格式应为 T01…');

/** A KPI that takes statistical returns (source kind `returns`), for the form's choice. */
export const returnableKpi = z.object({
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  scope: z.string(),
  /** Targets per year, e.g. [{ year: 2025, target: 38 }]. */
  targets: z.array(z.object({ year: z.number().int(), target: z.number() })),
});
export type ReturnableKpi = z.infer<typeof returnableKpi>;
export const returnableKpiList = z.object({ items: z.array(returnableKpi) });

export const kpiReturnOrgRef = z.object({ id: z.string(), name: z.string() });

/** A stored evidence file of a return; download at /api/cockpit/returns/files/:fileId. */
export const kpiReturnFile = z.object({
  fileId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type KpiReturnFile = z.infer<typeof kpiReturnFile>;

export const kpiReturnItem = z.object({
  id: z.string(),
  kpiCode: z.string(),
  kpiName: z.string(),
  unit: z.string(),
  year: z.number().int(),
  value: z.number(),
  org: kpiReturnOrgRef,
  note: z.string().nullable(),
  status: z.enum(kpiReturnStatuses),
  rejectReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Name of the user who submitted. */
  submittedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** Name of the official who approved or rejected. */
  reviewedBy: z.string().nullable(),
  /** Approved and not replaced by a later approval for the same KPI and year: the figure that counts. */
  current: z.boolean(),
  /** When a later approved return for the same KPI and year replaced this one. */
  supersededAt: z.string().nullable(),
  evidenceCount: z.number().int(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KpiReturnItem = z.infer<typeof kpiReturnItem>;

export const kpiReturnQuery = pageQuery.extend({
  kpiCode: kpiCode.optional(),
  year: kpiReturnYear.optional(),
  status: z.enum(kpiReturnStatuses).optional(),
  orgId: uuid.optional(),
  /** Only the returns that count now (approved, not superseded). */
  current: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type KpiReturnQuery = z.infer<typeof kpiReturnQuery>;
export const kpiReturnList = paged(kpiReturnItem);
export const kpiReturnExportQuery = kpiReturnQuery.omit({ page: true, pageSize: true });

export const kpiReturnDetail = kpiReturnItem.extend({
  evidence: z.array(kpiReturnFile),
  /** Other returns for the same KPI and year the caller may see, newest first (the history). */
  history: z.array(kpiReturnItem),
  can: z.object({
    /** The submitting unit, while draft or rejected: edit, add/remove evidence, delete (draft). */
    edit: z.boolean(),
    submit: z.boolean(),
    /** An official without an organization, while submitted. */
    review: z.boolean(),
  }),
});
export type KpiReturnDetail = z.infer<typeof kpiReturnDetail>;

const value = z
  .number({ message: '请填写数值' })
  .finite('请填写数值')
  .min(0, '数值不能为负数')
  .max(99_999_999_999_999, '数值过大');
const note = z.string().trim().max(2000, '说明最长 2000 个字符').nullable().optional();

export const createKpiReturnBody = z.object({
  kpiCode,
  year: kpiReturnYear,
  /** For a KPI in % the value is 0–100 (checked by the server against the KPI's unit). */
  value,
  note,
});
export type CreateKpiReturnBody = z.infer<typeof createKpiReturnBody>;

export const updateKpiReturnBody = z
  .object({ year: kpiReturnYear.optional(), value: value.optional(), note })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容' });
export type UpdateKpiReturnBody = z.infer<typeof updateKpiReturnBody>;

export const rejectKpiReturnBody = z.object({
  reason: z.string().trim().min(1, '请填写驳回理由').max(2000, '驳回理由最长 2000 个字符'),
});
export type RejectKpiReturnBody = z.infer<typeof rejectKpiReturnBody>;

/** Monthly briefing: ?month=YYYY-MM (default: the current month); KPIs are judged for that month's year. */
export const briefingQuery = z.object({
  month: z
    .string()
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
    .optional(),
});
export type BriefingQuery = z.infer<typeof briefingQuery>;

// ── Routes ──────────────────────────────────────────────────────────────────

const tag = 'cockpit';
const file = z.unknown();

export const kpiReturnApi = {
  listReturnableKpis: route({
    method: 'GET',
    path: '/api/cockpit/returns/kpis',
    summary: '可统计填报的指标（数据来源为统计填报）',
    tag,
    access: 'kpi.return',
    response: returnableKpiList,
  }),
  listKpiReturns: route({
    method: 'GET',
    path: '/api/cockpit/returns',
    summary: '统计填报列表（部门只看本单位）',
    tag,
    access: 'kpi.return',
    query: kpiReturnQuery,
    response: kpiReturnList,
  }),
  exportKpiReturns: route({
    method: 'GET',
    path: '/api/cockpit/returns/export',
    summary: '导出统计填报 (xlsx)',
    tag,
    access: 'kpi.return',
    query: kpiReturnExportQuery,
    response: file,
    download: true,
  }),
  createKpiReturn: route({
    method: 'POST',
    path: '/api/cockpit/returns',
    summary: '填写统计填报（草稿，部门填报）',
    tag,
    access: 'kpi.return',
    body: createKpiReturnBody,
    response: kpiReturnDetail,
  }),
  getKpiReturn: route({
    method: 'GET',
    path: '/api/cockpit/returns/:id',
    summary: '统计填报详情（佐证材料与历史）',
    tag,
    access: 'kpi.return',
    params: idParams,
    response: kpiReturnDetail,
  }),
  updateKpiReturn: route({
    method: 'PATCH',
    path: '/api/cockpit/returns/:id',
    summary: '修改草稿或被驳回的统计填报',
    tag,
    access: 'kpi.return',
    params: idParams,
    body: updateKpiReturnBody,
    response: kpiReturnDetail,
  }),
  deleteKpiReturn: route({
    method: 'DELETE',
    path: '/api/cockpit/returns/:id',
    summary: '删除草稿',
    tag,
    access: 'kpi.return',
    params: idParams,
    response: okBody,
  }),
  submitKpiReturn: route({
    method: 'POST',
    path: '/api/cockpit/returns/:id/submit',
    summary: '提交统计填报（须有佐证材料）',
    tag,
    access: 'kpi.return',
    params: idParams,
    response: kpiReturnDetail,
  }),
  approveKpiReturn: route({
    method: 'POST',
    path: '/api/cockpit/returns/:id/approve',
    summary: '审核通过（取代同一指标同一年度此前通过的填报）',
    tag,
    access: 'kpi.approve',
    params: idParams,
    response: kpiReturnDetail,
  }),
  rejectKpiReturn: route({
    method: 'POST',
    path: '/api/cockpit/returns/:id/reject',
    summary: '驳回统计填报（须填写理由）',
    tag,
    access: 'kpi.approve',
    params: idParams,
    body: rejectKpiReturnBody,
    response: kpiReturnDetail,
  }),
  uploadKpiReturnEvidence: route({
    method: 'POST',
    path: '/api/cockpit/returns/:id/evidence',
    summary: '上传统计填报佐证材料',
    tag,
    access: 'kpi.return',
    params: idParams,
    body: z.object({}),
    response: kpiReturnDetail,
    multipart: true,
  }),
  deleteKpiReturnEvidence: route({
    method: 'DELETE',
    path: '/api/cockpit/returns/:id/evidence/:itemId',
    summary: '删除佐证材料（itemId 为文件编号）',
    tag,
    access: 'kpi.return',
    params: itemParams,
    response: kpiReturnDetail,
  }),
  downloadKpiReturnFile: route({
    method: 'GET',
    path: '/api/cockpit/returns/files/:id',
    summary: '下载佐证材料（按数据范围）',
    tag,
    access: 'kpi.return',
    params: idParams,
    response: file,
    download: true,
  }),

  briefingPdf: route({
    method: 'GET',
    path: '/api/cockpit/briefing.pdf',
    summary: '月度简报 (PDF)：各指标值、目标、状态与预测，点名滞后指标',
    tag,
    access: 'cockpit.read',
    query: briefingQuery,
    response: file,
    download: true,
  }),
  briefingXlsx: route({
    method: 'GET',
    path: '/api/cockpit/briefing.xlsx',
    summary: '月度简报 (xlsx)',
    tag,
    access: 'cockpit.read',
    query: briefingQuery,
    response: file,
    download: true,
  }),
} as const;
