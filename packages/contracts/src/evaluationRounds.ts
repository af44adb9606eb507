import { z } from 'zod';
import { idParams, itemParams, okBody, paged, pageQuery, uuid } from './common';
import { route } from './descriptor';
import { pointKinds } from './evaluation';
import { isoDate } from './org';

// 评价轮次 (issue 5 item 2): rounds, self-assessment with computed facts, review, consolidation.

export const roundKinds = ['application', 'recommendation', 'acceptance', 'annual'] as const;
export type RoundKind = (typeof roundKinds)[number];
export const roundKindLabels: Record<RoundKind, string> = {
  application: '申报',
  recommendation: '省级推荐',
  acceptance: '验收',
  annual: '年度绩效评价',
};

/** draft → open (secretariats fill) → reviewing → consolidated → closed. */
export const roundStatuses = ['draft', 'open', 'reviewing', 'consolidated', 'closed'] as const;
export type RoundStatus = (typeof roundStatuses)[number];
export const roundStatusLabels: Record<RoundStatus, string> = {
  draft: '草稿',
  open: '自评中',
  reviewing: '评审中',
  consolidated: '已汇总',
  closed: '已结束',
};

/** mean: per point the mean of the reviewers' scores; trimmed_mean: highest and lowest dropped (needs ≥ 5 reviewers). */
export const consolidationMethods = ['mean', 'trimmed_mean'] as const;
export type ConsolidationMethod = (typeof consolidationMethods)[number];
export const consolidationMethodLabels: Record<ConsolidationMethod, string> = {
  mean: '算术平均',
  trimmed_mean: '去掉一个最高分和一个最低分后平均（每个联合体至少 5 位专家）',
};
/** A trimmed mean needs at least this many submitted reviews per entry. */
export const TRIMMED_MEAN_MIN_REVIEWERS = 5;
/** 验收: a consolidated total at or above this passes (通过). */
export const ACCEPTANCE_PASS_SCORE = 60;
/** 省级推荐: at most this many consortia recommended per province (Chongqing is one province-level unit). */
export const PROVINCE_RECOMMENDATION_CAP = 3;

export const entryStatuses = ['not_started', 'draft', 'submitted', 'returned', 'under_review', 'scored'] as const;
export type EntryStatus = (typeof entryStatuses)[number];
export const entryStatusLabels: Record<EntryStatus, string> = {
  not_started: '未开始',
  draft: '填报中',
  submitted: '已提交',
  returned: '已退回修改',
  under_review: '评审中',
  scored: '已评定',
};

export const assignmentStatuses = ['assigned', 'draft', 'submitted'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];
export const assignmentStatusLabels: Record<AssignmentStatus, string> = {
  assigned: '待评分',
  draft: '评分中',
  submitted: '已提交',
};

/** The official's registry decision after an acceptance round. */
export const entryDecisions = ['accepted', 'revoked'] as const;
export type EntryDecision = (typeof entryDecisions)[number];
export const entryDecisionLabels: Record<EntryDecision, string> = { accepted: '验收通过', revoked: '撤销' };

export const eventKindLabels: Record<string, string> = {
  'round.create': '创建评价轮次',
  'round.update': '修改评价轮次',
  'round.open': '开始自评',
  'round.start_review': '开始评审',
  'round.consolidate': '汇总评分',
  'round.close': '结束评价轮次',
  'entry.save': '保存自评',
  'entry.evidence_add': '上传佐证材料',
  'entry.evidence_remove': '删除佐证材料',
  'entry.submit': '提交自评',
  'entry.return': '退回自评',
  'entry.deduction_add': '录入扣分',
  'entry.deduction_remove': '删除扣分',
  'entry.recommend': '推荐',
  'entry.unrecommend': '取消推荐',
  'entry.decision': '登记结果决定',
  'review.assign': '指派评审专家',
  'review.unassign': '取消指派',
  'review.save': '保存评分',
  'review.submit': '提交评分',
};

// ── Computed facts and contradiction flags ──────────────────────────────────

/** council_composition (2.1), part_time_staff (3.4), talent_activity (4.1), training (5.3). */
export const factKeys = ['council_composition', 'part_time_staff', 'talent_activity', 'training'] as const;
export type FactKey = (typeof factKeys)[number];

export const factFigure = z.object({
  key: z.string(),
  /** e.g. 理事单位 */
  label: z.string(),
  value: z.number(),
  /** e.g. 家, 个, 人 */
  unit: z.string(),
});
export type FactFigure = z.infer<typeof factFigure>;

export const computedFact = z.object({
  key: z.enum(factKeys),
  title: z.string(),
  /** false: the platform holds no such records; `note` says so and there are no figures. */
  available: z.boolean(),
  figures: z.array(factFigure),
  /** Composition rows, e.g. 企业 3 家 (council seats by organization type). */
  breakdown: z.array(z.object({ label: z.string(), value: z.number() })),
  note: z.string(),
  /** When the figures were computed (ISO); at submission the snapshot keeps this time. */
  computedAt: z.string(),
});
export type ComputedFact = z.infer<typeof computedFact>;

/** A number in the narrative next to a figure's words that differs from the record beyond the tolerance. */
export const contradictionFlag = z.object({
  figure: z.string(),
  narrativeValue: z.number(),
  computedValue: z.number(),
  excerpt: z.string(),
});
export type ContradictionFlag = z.infer<typeof contradictionFlag>;

// ── Rounds ─────────────────────────────────────────────────────────────────

export const roundItem = z.object({
  id: z.string(),
  kind: z.enum(roundKinds),
  name: z.string(),
  year: z.number().int(),
  frameworkId: z.string(),
  frameworkName: z.string(),
  frameworkVersion: z.number().int(),
  selfDueOn: z.string(),
  reviewDueOn: z.string(),
  method: z.enum(consolidationMethods),
  status: z.enum(roundStatuses),
  /** Entries the caller may see. */
  entryCount: z.number().int(),
  submittedCount: z.number().int(),
  /** Visible entries past their due date and not submitted (self-assessment, or the caller's reviews). */
  overdueCount: z.number().int(),
  createdAt: z.string(),
  consolidatedAt: z.string().nullable(),
});
export type RoundItem = z.infer<typeof roundItem>;

export const entryItem = z.object({
  id: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  roundKind: z.enum(roundKinds),
  roundStatus: z.enum(roundStatuses),
  consortiumId: z.string(),
  consortiumName: z.string(),
  status: z.enum(entryStatuses),
  selfDueOn: z.string(),
  reviewDueOn: z.string(),
  submittedAt: z.string().nullable(),
  /** Self-assessment due date passed and not submitted (or returned and not resubmitted). */
  overdue: z.boolean(),
  /** Sum of the self-scores so far. */
  selfTotal: z.number(),
  reviewerCount: z.number().int(),
  reviewsSubmitted: z.number().int(),
  /** Consolidated total (after consolidation only). */
  total: z.number().nullable(),
  /** 通过 / 不通过, 第 n 名, 优秀…; null before consolidation. */
  resultLabel: z.string().nullable(),
  rank: z.number().int().nullable(),
  recommended: z.boolean(),
  decision: z.enum(entryDecisions).nullable(),
  flagCount: z.number().int(),
});
export type EntryItem = z.infer<typeof entryItem>;

export const roundDetail = roundItem.extend({
  createdBy: z.string().nullable(),
  /** Basic points of the pinned framework and their weights (the 100-point total). */
  points: z.array(
    z.object({
      pointCode: z.string(),
      groupName: z.string(),
      name: z.string(),
      kind: z.enum(pointKinds),
      weight: z.number().int(),
    }),
  ),
  entries: z.array(entryItem),
  recommendedCount: z.number().int(),
  /** What the caller may do now (officials: manage; secretariats: fill). */
  can: z.object({
    edit: z.boolean(),
    open: z.boolean(),
    startReview: z.boolean(),
    consolidate: z.boolean(),
    close: z.boolean(),
  }),
});
export type RoundDetail = z.infer<typeof roundDetail>;

export const roundListQuery = pageQuery.extend({
  kind: z.enum(roundKinds).optional(),
  status: z.enum(roundStatuses).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type RoundListQuery = z.infer<typeof roundListQuery>;
export const roundListResponse = paged(roundItem);

const roundName = z.string().trim().min(2, '名称至少 2 个字符').max(100, '名称最长 100 个字符');
const year = z.number({ message: '请填写年度' }).int('年度必须是整数').min(2020, '年度不早于 2020').max(2100);

/**
 * Create a round. `frameworkId` defaults to the current published framework; a draft is refused.
 * `consortiumIds` are the consortia taking part (one entry each).
 */
export const createRoundBody = z
  .object({
    kind: z.enum(roundKinds, { message: '请选择评价类型' }),
    name: roundName,
    year,
    frameworkId: uuid.optional(),
    selfDueOn: isoDate,
    reviewDueOn: isoDate,
    method: z.enum(consolidationMethods, { message: '请选择汇总方法' }).default('mean'),
    consortiumIds: z.array(uuid).max(500, '参评联合体最多 500 个').default([]),
  })
  .refine((b) => b.reviewDueOn >= b.selfDueOn, { path: ['reviewDueOn'], message: '评审截止日期不能早于自评截止日期' })
  .refine((b) => new Set(b.consortiumIds).size === b.consortiumIds.length, {
    path: ['consortiumIds'],
    message: '参评联合体重复',
  });
export type CreateRoundBody = z.input<typeof createRoundBody>;

/** Edit a draft round; `consortiumIds` replaces the entries. */
export const updateRoundBody = z
  .object({
    name: roundName.optional(),
    year: year.optional(),
    frameworkId: uuid.optional(),
    selfDueOn: isoDate.optional(),
    reviewDueOn: isoDate.optional(),
    method: z.enum(consolidationMethods).optional(),
    consortiumIds: z.array(uuid).max(500).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容' });
export type UpdateRoundBody = z.infer<typeof updateRoundBody>;

/** Consolidate: `partial` accepts the submitted reviews when some assigned reviewers have not submitted. */
export const consolidateBody = z.object({ partial: z.boolean().default(false) });
export type ConsolidateBody = z.input<typeof consolidateBody>;

export const roundEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  actorName: z.string().nullable(),
  entryId: z.string().nullable(),
  consortiumName: z.string().nullable(),
  note: z.string().nullable(),
});
export type RoundEvent = z.infer<typeof roundEvent>;
export const roundEventsResponse = z.object({ items: z.array(roundEvent) });

// ── Entries: self-assessment ───────────────────────────────────────────────

export const evidenceFile = z.object({
  id: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});
export type EvidenceFile = z.infer<typeof evidenceFile>;

export const entryPoint = z.object({
  pointCode: z.string(),
  groupCode: z.string(),
  groupName: z.string(),
  name: z.string(),
  kind: z.enum(pointKinds),
  weight: z.number().int(),
  guidance: z.string(),
  narrative: z.string(),
  selfScore: z.number().nullable(),
  evidence: z.array(evidenceFile),
  /** Computed from records (live before submission, the snapshot after). */
  fact: computedFact.nullable(),
  flags: z.array(contradictionFlag),
  /** The caller's own review of this point (reviewers). */
  myScore: z.number().nullable(),
  myComment: z.string().nullable(),
  /** After consolidation: the consolidated score of the point. */
  consolidatedScore: z.number().nullable(),
});
export type EntryPoint = z.infer<typeof entryPoint>;

export const assignmentItem = z.object({
  id: z.string(),
  entryId: z.string(),
  reviewerId: z.string(),
  reviewerName: z.string(),
  reviewerOrgName: z.string().nullable(),
  status: z.enum(assignmentStatuses),
  submittedAt: z.string().nullable(),
  /** Scores per point code: officials, and the reviewer himself. */
  scores: z.record(z.string(), z.number()),
  total: z.number().nullable(),
});
export type AssignmentItem = z.infer<typeof assignmentItem>;

export const deductionItem = z.object({
  id: z.string(),
  pointCode: z.string(),
  item: z.string(),
  reason: z.string(),
  points: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DeductionItem = z.infer<typeof deductionItem>;

export const entryDetail = entryItem.extend({
  year: z.number().int(),
  frameworkName: z.string(),
  frameworkVersion: z.number().int(),
  method: z.enum(consolidationMethods),
  returnReason: z.string().nullable(),
  points: z.array(entryPoint),
  /** Officials: every assignment; a reviewer: his own; secretariats: none. */
  assignments: z.array(assignmentItem),
  /** The caller's assignment (reviewers). */
  myAssignmentId: z.string().nullable(),
  deductions: z.array(deductionItem),
  deductionTotal: z.number(),
  decisionOn: z.string().nullable(),
  decisionNote: z.string().nullable(),
  can: z.object({
    fill: z.boolean(),
    submit: z.boolean(),
    return: z.boolean(),
    assign: z.boolean(),
    score: z.boolean(),
    deduct: z.boolean(),
    recommend: z.boolean(),
    decide: z.boolean(),
  }),
});
export type EntryDetail = z.infer<typeof entryDetail>;

export const entryListQuery = pageQuery.extend({
  roundId: uuid.optional(),
  status: z.enum(entryStatuses).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type EntryListQuery = z.infer<typeof entryListQuery>;
export const entryListResponse = paged(entryItem);

const score = (what: string) =>
  z
    .number({ message: `${what}必须是数字` })
    .min(0, `${what}不能为负数`)
    .max(100, `${what}不能超过 100`)
    .refine((n) => Number.isInteger(n * 2), `${what}只能是整数或 .5`);

/** Save the self-assessment draft: any subset of points; a point's score must not exceed its weight. */
export const saveSelfAssessmentBody = z.object({
  points: z
    .array(
      z.object({
        pointCode: z.string().trim().min(1).max(20),
        narrative: z.string().trim().max(10000, '自评说明最长 10000 个字符').default(''),
        selfScore: score('自评分').nullable().default(null),
      }),
    )
    .min(1, '请至少填写一个观测点')
    .max(500),
});
export type SaveSelfAssessmentBody = z.input<typeof saveSelfAssessmentBody>;

export const returnEntryBody = z.object({
  reason: z.string().trim().min(2, '请填写退回原因').max(1000, '退回原因最长 1000 个字符'),
});
export type ReturnEntryBody = z.infer<typeof returnEntryBody>;

export const evidenceParams = z.object({ id: uuid, pointCode: z.string().trim().min(1).max(20) });

// ── Review ──────────────────────────────────────────────────────────────────

export const assignReviewerBody = z.object({ reviewerId: uuid });
export type AssignReviewerBody = z.infer<typeof assignReviewerBody>;

/** A reviewer account and, when assigning him would be refused, why (conflict of interest). */
export const reviewerCandidate = z.object({
  id: z.string(),
  name: z.string(),
  orgName: z.string().nullable(),
  assigned: z.boolean(),
  conflict: z.string().nullable(),
});
export type ReviewerCandidate = z.infer<typeof reviewerCandidate>;
export const reviewerCandidatesResponse = z.object({ items: z.array(reviewerCandidate) });

export const saveScoresBody = z.object({
  scores: z
    .array(
      z.object({
        pointCode: z.string().trim().min(1).max(20),
        score: score('评分'),
        comment: z.string().trim().max(2000, '评语最长 2000 个字符').default(''),
      }),
    )
    .min(1, '请至少填写一个观测点的评分')
    .max(500),
});
export type SaveScoresBody = z.input<typeof saveScoresBody>;

/** A reviewer's own assignments (my reviews), with the entry they belong to. */
export const reviewTask = z.object({
  id: z.string(),
  entryId: z.string(),
  roundId: z.string(),
  roundName: z.string(),
  roundKind: z.enum(roundKinds),
  roundStatus: z.enum(roundStatuses),
  consortiumName: z.string(),
  status: z.enum(assignmentStatuses),
  reviewDueOn: z.string(),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
});
export type ReviewTask = z.infer<typeof reviewTask>;
export const reviewTaskQuery = pageQuery.extend({ status: z.enum(assignmentStatuses).optional() });
export const reviewTaskListResponse = paged(reviewTask);

// ── Deductions, recommendation, decision ───────────────────────────────────

export const deductionBody = z.object({
  item: z.string().trim().min(2, '请填写负面清单事项').max(200, '事项最长 200 个字符'),
  reason: z.string().trim().min(2, '请填写扣分理由').max(1000, '理由最长 1000 个字符'),
  points: z
    .number({ message: '扣分必须是数字' })
    .positive('扣分必须大于 0')
    .max(100, '扣分不能超过 100')
    .refine((n) => Number.isInteger(n * 2), '扣分只能是整数或 .5'),
});
export type DeductionBody = z.infer<typeof deductionBody>;

export const recommendBody = z.object({ recommended: z.boolean() });
export type RecommendBody = z.infer<typeof recommendBody>;

export const decisionBody = z.object({
  decision: z.enum(entryDecisions, { message: '请选择验收通过或撤销' }),
  decidedOn: isoDate,
  documentNo: z.string().trim().max(100).nullable().optional(),
  note: z.string().trim().max(1000).optional(),
});
export type DecisionBody = z.infer<typeof decisionBody>;

const R = '/api/evaluation-rounds';
const E = '/api/evaluation-entries';
const A = '/api/review-assignments';
const tag = 'evaluation';

export const roundApi = {
  listEvaluationRounds: route({
    method: 'GET',
    path: R,
    summary: '评价轮次列表',
    tag,
    access: 'evaluation.read',
    query: roundListQuery,
    response: roundListResponse,
  }),
  exportEvaluationRounds: route({
    method: 'GET',
    path: `${R}/export`,
    summary: '导出评价轮次列表 (xlsx)',
    tag,
    access: 'evaluation.read',
    query: roundListQuery.omit({ page: true, pageSize: true }),
    response: z.unknown(),
    download: true,
  }),
  createEvaluationRound: route({
    method: 'POST',
    path: R,
    summary: '创建评价轮次（锁定指标体系版本）',
    tag,
    access: 'evaluation.manage',
    body: createRoundBody,
    response: roundDetail,
  }),
  getEvaluationRound: route({
    method: 'GET',
    path: `${R}/:id`,
    summary: '评价轮次详情（含可见的参评联合体）',
    tag,
    access: 'evaluation.read',
    params: idParams,
    response: roundDetail,
  }),
  updateEvaluationRound: route({
    method: 'PATCH',
    path: `${R}/:id`,
    summary: '修改草稿评价轮次',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: updateRoundBody,
    response: roundDetail,
  }),
  openEvaluationRound: route({
    method: 'POST',
    path: `${R}/:id/open`,
    summary: '开始自评（草稿 → 自评中）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    response: roundDetail,
  }),
  startEvaluationReview: route({
    method: 'POST',
    path: `${R}/:id/start-review`,
    summary: '开始评审（自评中 → 评审中）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    response: roundDetail,
  }),
  consolidateEvaluationRound: route({
    method: 'POST',
    path: `${R}/:id/consolidate`,
    summary: '汇总评分（评审中 → 已汇总）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: consolidateBody,
    response: roundDetail,
  }),
  closeEvaluationRound: route({
    method: 'POST',
    path: `${R}/:id/close`,
    summary: '结束评价轮次（已汇总 → 已结束）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    response: roundDetail,
  }),
  evaluationRoundHistory: route({
    method: 'GET',
    path: `${R}/:id/history`,
    summary: '评价轮次历史记录',
    tag,
    access: 'evaluation.read',
    params: idParams,
    response: roundEventsResponse,
  }),
  exportEvaluationResults: route({
    method: 'GET',
    path: `${R}/:id/results/export`,
    summary: '导出评价结果表 (xlsx)',
    tag,
    access: 'evaluation.read',
    params: idParams,
    response: z.unknown(),
    download: true,
  }),

  listEvaluationEntries: route({
    method: 'GET',
    path: E,
    summary: '参评记录列表（秘书处：本联合体；专家：指派给本人的）',
    tag,
    access: 'evaluation.read',
    query: entryListQuery,
    response: entryListResponse,
  }),
  getEvaluationEntry: route({
    method: 'GET',
    path: `${E}/:id`,
    summary: '参评记录详情：自评、计算事实、矛盾提示、评分',
    tag,
    access: 'evaluation.read',
    params: idParams,
    response: entryDetail,
  }),
  saveSelfAssessment: route({
    method: 'PUT',
    path: `${E}/:id/self-assessment`,
    summary: '保存自评草稿',
    tag,
    access: 'evaluation.self',
    params: idParams,
    body: saveSelfAssessmentBody,
    response: entryDetail,
  }),
  uploadEvaluationEvidence: route({
    method: 'POST',
    path: `${E}/:id/points/:pointCode/evidence`,
    summary: '上传观测点佐证材料（PDF/Word/Excel/图片，≤20MB）',
    tag,
    access: 'evaluation.self',
    params: evidenceParams,
    body: z.object({}),
    response: evidenceFile,
    multipart: true,
  }),
  removeEvaluationEvidence: route({
    method: 'DELETE',
    path: `${E}/:id/evidence/:itemId`,
    summary: '删除佐证材料',
    tag,
    access: 'evaluation.self',
    params: itemParams,
    response: okBody,
  }),
  downloadEvaluationEvidence: route({
    method: 'GET',
    path: `${E}/:id/evidence/:itemId/download`,
    summary: '下载佐证材料',
    tag,
    access: 'evaluation.read',
    params: itemParams,
    response: z.unknown(),
    download: true,
  }),
  submitSelfAssessment: route({
    method: 'POST',
    path: `${E}/:id/submit`,
    summary: '提交自评（须填写全部基本指标的说明和自评分）',
    tag,
    access: 'evaluation.self',
    params: idParams,
    response: entryDetail,
  }),
  returnSelfAssessment: route({
    method: 'POST',
    path: `${E}/:id/return`,
    summary: '退回自评修改（评审开始前）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: returnEntryBody,
    response: entryDetail,
  }),
  reviewerCandidates: route({
    method: 'GET',
    path: `${E}/:id/reviewer-candidates`,
    summary: '可指派的评审专家（含利益冲突说明）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    response: reviewerCandidatesResponse,
  }),
  assignReviewer: route({
    method: 'POST',
    path: `${E}/:id/reviewers`,
    summary: '指派评审专家（利益冲突拒绝）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: assignReviewerBody,
    response: entryDetail,
  }),
  unassignReviewer: route({
    method: 'DELETE',
    path: `${E}/:id/reviewers/:itemId`,
    summary: '取消指派（评分提交前）',
    tag,
    access: 'evaluation.manage',
    params: itemParams,
    response: entryDetail,
  }),
  addEvaluationDeduction: route({
    method: 'POST',
    path: `${E}/:id/deductions`,
    summary: '录入 7.1 负面清单扣分',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: deductionBody,
    response: entryDetail,
  }),
  removeEvaluationDeduction: route({
    method: 'DELETE',
    path: `${E}/:id/deductions/:itemId`,
    summary: '删除扣分',
    tag,
    access: 'evaluation.manage',
    params: itemParams,
    response: entryDetail,
  }),
  recommendEvaluationEntry: route({
    method: 'POST',
    path: `${E}/:id/recommend`,
    summary: '省级推荐：推荐或取消推荐（每省至多 3 个）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: recommendBody,
    response: entryDetail,
  }),
  decideEvaluationEntry: route({
    method: 'POST',
    path: `${E}/:id/decision`,
    summary: '验收结果决定：验收通过或撤销（写入联合体状态）',
    tag,
    access: 'evaluation.manage',
    params: idParams,
    body: decisionBody,
    response: entryDetail,
  }),
  evaluationEntryReport: route({
    method: 'GET',
    path: `${E}/:id/report`,
    summary: '评价报告 (PDF)',
    tag,
    access: 'evaluation.read',
    params: idParams,
    response: z.unknown(),
    download: true,
  }),

  listReviewTasks: route({
    method: 'GET',
    path: A,
    summary: '我的评审任务',
    tag,
    access: 'evaluation.review',
    query: reviewTaskQuery,
    response: reviewTaskListResponse,
  }),
  saveReviewScores: route({
    method: 'PUT',
    path: `${A}/:id/scores`,
    summary: '保存评分草稿',
    tag,
    access: 'evaluation.review',
    params: idParams,
    body: saveScoresBody,
    response: entryDetail,
  }),
  submitReview: route({
    method: 'POST',
    path: `${A}/:id/submit`,
    summary: '提交评分（全部基本指标须评分）',
    tag,
    access: 'evaluation.review',
    params: idParams,
    response: entryDetail,
  }),
} as const;
