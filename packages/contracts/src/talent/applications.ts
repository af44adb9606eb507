/**
 * Applications and placements (投递/邀请 → 录用 → 入职). A student applies to a job (origin
 * `student`) or an enterprise invites a consenting student (origin `enterprise`, shown as 邀请).
 * Both start at stage `applied`: an invitation is an application the enterprise started, and the
 * student declines it by withdrawing. The enterprise then moves it applied → screening →
 * interview → offer → onboard, or to rejected from any open stage; the student may withdraw
 * before an offer. An onboard placement ends (离职) through `endPlacement`.
 */
import { z } from 'zod';
import { idParams, paged, pageQuery, uuid } from '../common';
import { route } from '../descriptor';
import { isoDate } from '../org';
import { type ApplicationStage, applicationStageLabels, applicationStages, jobKinds, type LabelMap } from './common';

export const applicationOrigins = ['student', 'enterprise'] as const;
export type ApplicationOrigin = (typeof applicationOrigins)[number];
export const applicationOriginLabels: LabelMap<ApplicationOrigin> = {
  student: { 'zh-CN': '学生投递', 'en-US': 'Applied' },
  enterprise: { 'zh-CN': '企业邀请', 'en-US': 'Invited' },
};

/**
 * Who may move an application where. The enterprise drives the pipeline; `offer → rejected`
 * records a declined or withdrawn offer; `onboard → offer` corrects a wrongly recorded 入职
 * (and reverts its graduate-destination count). The student may only withdraw before an offer.
 */
export const enterpriseTransitions: Record<ApplicationStage, readonly ApplicationStage[]> = {
  applied: ['screening', 'rejected'],
  screening: ['interview', 'rejected'],
  interview: ['offer', 'rejected'],
  offer: ['onboard', 'rejected'],
  onboard: ['offer'],
  rejected: [],
  withdrawn: [],
};
export const studentTransitions: Record<ApplicationStage, readonly ApplicationStage[]> = {
  applied: ['withdrawn'],
  screening: ['withdrawn'],
  interview: ['withdrawn'],
  offer: [],
  onboard: [],
  rejected: [],
  withdrawn: [],
};
/** Stages in which an application still counts as open (one open application per job and student). */
export const openApplicationStages: readonly ApplicationStage[] = [
  'applied',
  'screening',
  'interview',
  'offer',
  'onboard',
];

/**
 * What a history row records: a stage change, the end of a placement (`ended`, 离职), or the
 * application counting into / leaving its graduate cohort's destinations (去向落实).
 */
export const applicationEventKinds = [
  ...applicationStages,
  'ended',
  'destination_counted',
  'destination_reverted',
] as const;
export type ApplicationEventKind = (typeof applicationEventKinds)[number];
export const applicationEventLabels: LabelMap<ApplicationEventKind> = {
  ...applicationStageLabels,
  ended: { 'zh-CN': '离职', 'en-US': 'Placement ended' },
  destination_counted: { 'zh-CN': '计入毕业去向（就业）', 'en-US': 'Counted as employed' },
  destination_reverted: { 'zh-CN': '撤销毕业去向计入', 'en-US': 'Destination count reverted' },
};

const note = z.string().trim().max(500, '备注最长 500 个字');

/**
 * POST /api/applications. A student applies with `{jobId, note?}` (his own profile);
 * an enterprise invites with `{jobId, studentId, note?}` (its own job, a consenting student).
 */
export const applyBody = z.object({
  jobId: uuid,
  studentId: uuid.optional(),
  note: note.optional(),
});
export type ApplyBody = z.infer<typeof applyBody>;

export const moveApplicationBody = z.object({
  to: z.enum(applicationStages, { message: '请选择目标阶段' }),
  note: note.optional(),
  /** Day of 入职 when `to` is onboard; today when left out. */
  onboardOn: isoDate.optional(),
});
export type MoveApplicationBody = z.infer<typeof moveApplicationBody>;

export const endPlacementBody = z.object({
  endedOn: isoDate,
  reason: z.string().trim().min(2, '请填写离职原因').max(500, '离职原因最长 500 个字'),
});
export type EndPlacementBody = z.infer<typeof endPlacementBody>;

export const applicationItem = z.object({
  id: uuid,
  jobId: uuid,
  jobTitle: z.string(),
  orgId: uuid,
  /** The enterprise. */
  orgName: z.string(),
  studentId: uuid,
  studentName: z.string(),
  schoolOrgId: uuid,
  schoolName: z.string(),
  majorCode: z.string(),
  majorName: z.string().nullable(),
  /** Expected graduation of the student, YYYY-MM. */
  expectedGraduation: z.string().nullable(),
  kind: z.enum(jobKinds),
  origin: z.enum(applicationOrigins),
  stage: z.enum(applicationStages),
  note: z.string().nullable(),
  matchScore: z.number().int().nullable(),
  matchReason: z.string().nullable(),
  onboardOn: z.string().nullable(),
  /** Set when the placement ended (离职). */
  endedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Stages the caller may move this application to now (empty: none). */
  allowedMoves: z.array(z.enum(applicationStages)),
  /** The caller may end this placement (an onboard, not yet ended placement of its own job). */
  canEnd: z.boolean(),
});
export type ApplicationItem = z.infer<typeof applicationItem>;

export const applicationEvent = z.object({
  id: z.number().int(),
  fromStage: z.string().nullable(),
  kind: z.enum(applicationEventKinds),
  note: z.string().nullable(),
  /** Display name of the person who made the change; null for system entries. */
  actorName: z.string().nullable(),
  createdAt: z.string(),
});
export type ApplicationEvent = z.infer<typeof applicationEvent>;

export const applicationDetail = applicationItem.extend({
  /** Dated history, oldest first. */
  events: z.array(applicationEvent),
  /** This placement currently counts in its graduate cohort as employed (去向落实). */
  countedInCohort: z.boolean(),
});
export type ApplicationDetail = z.infer<typeof applicationDetail>;

export const applicationListQuery = pageQuery.extend({
  stage: z.enum(applicationStages).optional(),
  jobId: uuid.optional(),
  studentId: uuid.optional(),
  kind: z.enum(jobKinds).optional(),
  origin: z.enum(applicationOrigins).optional(),
});
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;
export const applicationListResponse = paged(applicationItem);
export const applicationExportQuery = applicationListQuery.omit({ page: true, pageSize: true });

export const applicationApi = {
  apply: route({
    method: 'POST',
    path: '/api/applications',
    summary: '学生投递岗位或企业邀请学生',
    tag: 'applications',
    access: 'application.write',
    body: applyBody,
    response: applicationDetail,
  }),
  listApplications: route({
    method: 'GET',
    path: '/api/applications',
    summary: '投递与录用列表（按数据范围）',
    tag: 'applications',
    access: 'application.read',
    query: applicationListQuery,
    response: applicationListResponse,
  }),
  exportApplications: route({
    method: 'GET',
    path: '/api/applications/export',
    summary: '导出投递与录用列表 (xlsx)',
    tag: 'applications',
    access: 'application.read',
    query: applicationExportQuery,
    response: z.unknown(),
    download: true,
  }),
  getApplication: route({
    method: 'GET',
    path: '/api/applications/:id',
    summary: '投递详情（含进度记录）',
    tag: 'applications',
    access: 'application.read',
    params: idParams,
    response: applicationDetail,
  }),
  moveApplication: route({
    method: 'POST',
    path: '/api/applications/:id/stage',
    summary: '推进投递阶段（筛选、面试、录用、入职、未录用、撤回）',
    tag: 'applications',
    access: 'application.write',
    params: idParams,
    body: moveApplicationBody,
    response: applicationDetail,
  }),
  endPlacement: route({
    method: 'POST',
    path: '/api/applications/:id/end',
    summary: '登记离职（结束在岗）',
    tag: 'applications',
    access: 'application.write',
    params: idParams,
    body: endPlacementBody,
    response: applicationDetail,
  }),
} satisfies Record<string, ReturnType<typeof route>>;
