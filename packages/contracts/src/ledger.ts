import { z } from 'zod';
import { idParams, okBody, paged, pageQuery, uuid } from './common';
import { route } from './descriptor';

// 工作台账, 赛马比拼, 政策事项清单 (issue 5 items 3–5). See docs/evaluation.md.

/** Quarters of a year; a report, a best-practice case and a due date are per quarter. */
export const ledgerQuarter = z.coerce
  .number({ message: '季度应为 1–4' })
  .int('季度应为 1–4')
  .min(1, '季度应为 1–4')
  .max(4, '季度应为 1–4');
export const ledgerYear = z.coerce
  .number({ message: '年度应为整数' })
  .int('年度应为整数')
  .min(2023, '年度不能早于 2023 年')
  .max(2100, '年度不能晚于 2100 年');

/** Days after a quarter ends by which its report (and best-practice case) must be submitted. */
export const LEDGER_GRACE_DAYS = 10;
/** A task is lagging when its % complete is more than this many points below the straight line. */
export const LAGGING_MARGIN = 15;

// ── Enums with their Chinese labels ─────────────────────────────────────────

/** Workflow of a quarterly report: a returned report is edited and submitted again (resubmitted). */
export const ledgerReportStatuses = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type LedgerReportStatus = (typeof ledgerReportStatuses)[number];
export const ledgerReportStatusLabels: Record<LedgerReportStatus, string> = {
  draft: '草稿',
  submitted: '已提交',
  returned: '已退回',
  accepted: '已通过',
};

/** What the unit says about the work (progress status), separate from the report's workflow. */
export const progressStatuses = ['not_started', 'in_progress', 'completed', 'blocked'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];
export const progressStatusLabels: Record<ProgressStatus, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  completed: '已完成',
  blocked: '受阻',
};

export const caseStatuses = ['submitted', 'shortlisted', 'selected', 'not_selected'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const caseStatusLabels: Record<CaseStatus, string> = {
  submitted: '已提交',
  shortlisted: '入围',
  selected: '入选',
  not_selected: '未入选',
};
/** An official's decision on a case: shortlist (from submitted), select (from shortlisted), not select. */
export const caseDecisions = ['shortlisted', 'selected', 'not_selected'] as const;
export type CaseDecision = (typeof caseDecisions)[number];

export const rankingStatuses = ['draft', 'published'] as const;
export type RankingStatus = (typeof rankingStatuses)[number];
export const rankingStatusLabels: Record<RankingStatus, string> = { draft: '草稿', published: '已发布' };

export const policyItemStatuses = ['not_started', 'in_progress', 'done'] as const;
export type PolicyItemStatus = (typeof policyItemStatuses)[number];
export const policyItemStatusLabels: Record<PolicyItemStatus, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  done: '已落实',
};

/** Task list flags: overdue (a quarter's report missing 10 days after the quarter), lagging, either. */
export const ledgerFlags = ['overdue', 'lagging', 'flagged'] as const;
export type LedgerFlag = (typeof ledgerFlags)[number];
export const ledgerFlagLabels: Record<LedgerFlag, string> = { overdue: '逾期', lagging: '滞后', flagged: '逾期或滞后' };

// ── Shared pieces ───────────────────────────────────────────────────────────

export const ledgerOrgRef = z.object({ id: z.string(), name: z.string() });
export type LedgerOrgRef = z.infer<typeof ledgerOrgRef>;

/** A stored evidence file linked to a report, a case or a policy item; download at /api/ledger/files/:fileId. */
export const ledgerEvidenceFile = z.object({
  /** The link's id (DELETE /api/ledger/evidence/:id). */
  id: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEvidenceFile = z.infer<typeof ledgerEvidenceFile>;

/** One dated history entry (ledger_events). */
export const ledgerEvent = z.object({
  id: z.string(),
  /** e.g. report.submit, report.resubmit, report.return, report.accept, report.comment, task.create */
  action: z.string(),
  /** The same in Chinese (提交, 重新提交, 退回修改, 通过, 批注, …). */
  actionLabel: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  comment: z.string().nullable(),
  actorName: z.string().nullable(),
  at: z.string(),
  /** Quarter of the report concerned, when the event is about a report. */
  quarter: z.number().int().nullable(),
});
export type LedgerEvent = z.infer<typeof ledgerEvent>;

const text = (label: string, max: number) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}最长 ${max} 个字符`);

// ── The 25 measures ─────────────────────────────────────────────────────────

export const ledgerMeasure = z.object({
  no: z.number().int(),
  section: z.string(),
  title: z.string(),
  /** 责任单位 as the document names them. */
  responsibleUnits: z.array(z.string()),
  /** The measure lists 市级有关部门 / 有关区县政府 / 区县政府: any government organization may take a task. */
  anyGovernment: z.boolean(),
  /** Government organizations of the registry that may be given a task for this measure. */
  eligibleUnits: z.array(ledgerOrgRef),
  /** Tasks of the requested year. */
  taskCount: z.number().int(),
});
export type LedgerMeasure = z.infer<typeof ledgerMeasure>;
export const ledgerMeasureQuery = z.object({ year: ledgerYear.optional() });
export const ledgerMeasureList = z.object({ year: z.number().int(), items: z.array(ledgerMeasure) });

// ── Tasks ───────────────────────────────────────────────────────────────────

/** The linked cockpit KPI (ref_policy_targets), with the target value for the task's year or the next one set. */
export const kpiRef = z.object({
  id: z.string(),
  metric: z.string(),
  unit: z.string(),
  comparator: z.string(),
  target: z.number(),
  /** The year the target value is set for. */
  year: z.number().int(),
});
export type KpiRef = z.infer<typeof kpiRef>;

/** One quarter of a task: its report (if any) and the flags computed at `now`. */
export const taskQuarter = z.object({
  quarter: z.number().int(),
  /** A report is expected for this quarter (from the quarter the task was created in until it is reported complete). */
  required: z.boolean(),
  reportId: z.string().nullable(),
  status: z.enum(ledgerReportStatuses).nullable(),
  progress: z.enum(progressStatuses).nullable(),
  percent: z.number().int().nullable(),
  /** Deadline of this quarter's report: quarter end + 10 days (YYYY-MM-DD). */
  deadline: z.string(),
  submittedAt: z.string().nullable(),
  /** Required, never submitted, and the deadline has passed. */
  overdue: z.boolean(),
  /** First submitted after the deadline. */
  late: z.boolean(),
  /** This quarter's reported % complete is more than 15 points below the straight line at the quarter's end. */
  lagging: z.boolean(),
});
export type TaskQuarter = z.infer<typeof taskQuarter>;

export const ledgerTaskItem = z.object({
  id: z.string(),
  year: z.number().int(),
  measureNo: z.number().int(),
  measureTitle: z.string(),
  section: z.string(),
  unit: ledgerOrgRef,
  title: z.string(),
  target: z.string(),
  kpi: kpiRef.nullable(),
  dueQuarter: z.number().int(),
  quarters: z.array(taskQuarter),
  /** % complete of the latest submitted or accepted report (0 when none). */
  percent: z.number().int(),
  /** Where the straight line from 0 (1 Jan) to 100 (end of the due quarter) stands now. */
  expectedPercent: z.number().int(),
  overdue: z.boolean(),
  lagging: z.boolean(),
  /** Reports awaiting an official (submitted). */
  pending: z.number().int(),
  createdAt: z.string(),
});
export type LedgerTaskItem = z.infer<typeof ledgerTaskItem>;

export const ledgerTaskQuery = pageQuery.extend({
  year: ledgerYear.optional(),
  measureNo: z.coerce.number().int().min(1).max(25).optional(),
  unitOrgId: uuid.optional(),
  flag: z.enum(ledgerFlags).optional(),
});
export type LedgerTaskQuery = z.infer<typeof ledgerTaskQuery>;
export const ledgerTaskList = paged(ledgerTaskItem);
export const ledgerTaskExportQuery = ledgerTaskQuery.omit({ page: true, pageSize: true });

export const createLedgerTaskBody = z.object({
  measureNo: z.number({ message: '请选择改革举措' }).int().min(1, '改革举措编号为 1–25').max(25, '改革举措编号为 1–25'),
  year: ledgerYear,
  unitOrgId: z.uuid({ message: '请选择责任单位' }),
  title: text('任务名称', 200),
  target: text('年度目标', 2000),
  /** ref_policy_targets id, e.g. T24. */
  kpiId: z.string().trim().max(20).nullable().optional(),
  dueQuarter: ledgerQuarter,
});
export type CreateLedgerTaskBody = z.infer<typeof createLedgerTaskBody>;

export const updateLedgerTaskBody = z
  .object({
    title: text('任务名称', 200).optional(),
    target: text('年度目标', 2000).optional(),
    kpiId: z.string().trim().max(20).nullable().optional(),
    dueQuarter: ledgerQuarter.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容' });
export type UpdateLedgerTaskBody = z.infer<typeof updateLedgerTaskBody>;

// ── Quarterly reports ───────────────────────────────────────────────────────

export const ledgerReport = z.object({
  id: z.string(),
  taskId: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  status: z.enum(ledgerReportStatuses),
  /** Submitted again after a return. */
  resubmitted: z.boolean(),
  progress: z.enum(progressStatuses),
  percent: z.number().int(),
  /** Why % complete is lower than the previous quarter's (required then). */
  percentReason: z.string().nullable(),
  narrative: z.string(),
  /** The official's comment on the last return / acceptance / remark. */
  reviewComment: z.string().nullable(),
  deadline: z.string(),
  submittedAt: z.string().nullable(),
  late: z.boolean(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  updatedAt: z.string(),
  evidence: z.array(ledgerEvidenceFile),
});
export type LedgerReport = z.infer<typeof ledgerReport>;

/** A report in the review list, with its task. */
export const ledgerReportItem = ledgerReport.omit({ evidence: true }).extend({
  measureNo: z.number().int(),
  taskTitle: z.string(),
  unit: ledgerOrgRef,
  evidenceCount: z.number().int(),
});
export type LedgerReportItem = z.infer<typeof ledgerReportItem>;

export const ledgerReportQuery = pageQuery.extend({
  year: ledgerYear.optional(),
  quarter: ledgerQuarter.optional(),
  status: z.enum(ledgerReportStatuses).optional(),
  unitOrgId: uuid.optional(),
  measureNo: z.coerce.number().int().min(1).max(25).optional(),
});
export type LedgerReportQuery = z.infer<typeof ledgerReportQuery>;
export const ledgerReportList = paged(ledgerReportItem);

/** What the caller may do with a report (the page shows the buttons). */
export const reportAbilities = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  review: z.boolean(),
});

export const ledgerReportDetail = ledgerReport.extend({
  task: ledgerTaskItem,
  /** % complete of the previous quarter's report (for the "not lower" check). */
  previousPercent: z.number().int().nullable(),
  can: reportAbilities,
  events: z.array(ledgerEvent),
});
export type LedgerReportDetail = z.infer<typeof ledgerReportDetail>;

export const ledgerTaskDetail = ledgerTaskItem.extend({
  reports: z.array(ledgerReport),
  events: z.array(ledgerEvent),
  can: z.object({
    /** Official without an organization: edit the task, review reports. */
    manage: z.boolean(),
    /** A user of the task's unit: write reports. */
    report: z.boolean(),
  }),
});
export type LedgerTaskDetail = z.infer<typeof ledgerTaskDetail>;

const percent = z
  .number({ message: '完成进度应为 0–100 的整数' })
  .int('完成进度应为 0–100 的整数')
  .min(0, '完成进度应为 0–100 的整数')
  .max(100, '完成进度应为 0–100 的整数');

export const createLedgerReportBody = z.object({
  quarter: ledgerQuarter,
  progress: z.enum(progressStatuses, { message: '请选择推进状态' }),
  percent,
  narrative: text('进展情况', 5000),
  percentReason: z.string().trim().max(500, '说明最长 500 个字符').nullable().optional(),
});
export type CreateLedgerReportBody = z.infer<typeof createLedgerReportBody>;

export const updateLedgerReportBody = z
  .object({
    progress: z.enum(progressStatuses, { message: '请选择推进状态' }).optional(),
    percent: percent.optional(),
    narrative: text('进展情况', 5000).optional(),
    percentReason: z.string().trim().max(500, '说明最长 500 个字符').nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容' });
export type UpdateLedgerReportBody = z.infer<typeof updateLedgerReportBody>;

/** Return for revision: the comment is required. */
export const returnReportBody = z.object({ comment: text('退回意见', 2000) });
export const acceptReportBody = z.object({ comment: z.string().trim().max(2000, '意见最长 2000 个字符').optional() });
export const commentReportBody = z.object({ comment: text('批注', 2000) });

// ── 赛马比拼: best-practice cases ───────────────────────────────────────────

export const bestPracticeCase = z.object({
  id: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  /** Who submitted: a government unit or a consortium (its secretariat). */
  submitterKind: z.enum(['unit', 'consortium']),
  submitter: ledgerOrgRef,
  measureNo: z.number().int().nullable(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(caseStatuses),
  decisionComment: z.string().nullable(),
  submittedAt: z.string(),
  /** Submitted after the quarter's end + 10 days. */
  late: z.boolean(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  evidenceCount: z.number().int(),
});
export type BestPracticeCase = z.infer<typeof bestPracticeCase>;

export const caseQuery = pageQuery.extend({
  year: ledgerYear.optional(),
  quarter: ledgerQuarter.optional(),
  status: z.enum(caseStatuses).optional(),
  submitterKind: z.enum(['unit', 'consortium']).optional(),
});
export type CaseQuery = z.infer<typeof caseQuery>;
export const caseList = paged(bestPracticeCase);
export const caseExportQuery = caseQuery.omit({ page: true, pageSize: true });

export const caseDetail = bestPracticeCase.extend({
  evidence: z.array(ledgerEvidenceFile),
  events: z.array(ledgerEvent),
  can: z.object({ edit: z.boolean(), decide: z.boolean() }),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const createCaseBody = z.object({
  year: ledgerYear,
  quarter: ledgerQuarter,
  measureNo: z.number().int().min(1).max(25).nullable().optional(),
  title: text('案例标题', 200),
  summary: text('案例简介', 5000),
});
export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const updateCaseBody = z
  .object({
    measureNo: z.number().int().min(1).max(25).nullable().optional(),
    title: text('案例标题', 200).optional(),
    summary: text('案例简介', 5000).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: '请填写要修改的内容' });
export type UpdateCaseBody = z.infer<typeof updateCaseBody>;

export const caseDecisionBody = z.object({
  decision: z.enum(caseDecisions, { message: '请选择入围、入选或未入选' }),
  comment: z.string().trim().max(2000, '意见最长 2000 个字符').optional(),
});
export type CaseDecisionBody = z.infer<typeof caseDecisionBody>;

// ── Annual ranking of consortia ─────────────────────────────────────────────

/** Weights in percent; they add up to 100. Default 50 / 30 / 20. */
export const rankingWeights = z
  .object({
    evaluation: z.number().int().min(0, '权重不能为负数').max(100),
    kpi: z.number().int().min(0, '权重不能为负数').max(100),
    ledger: z.number().int().min(0, '权重不能为负数').max(100),
  })
  .refine((w) => w.evaluation + w.kpi + w.ledger === 100, { message: '三项权重合计应为 100%' });
export type RankingWeights = z.infer<typeof rankingWeights>;
export const DEFAULT_RANKING_WEIGHTS: RankingWeights = { evaluation: 50, kpi: 30, ledger: 20 };

/** A per-consortium target and how it was counted for the KPI component. */
export const kpiTargetCheck = z.object({
  id: z.string(),
  metric: z.string(),
  comparator: z.string(),
  target: z.number(),
  unit: z.string(),
  /** measured: the platform computed `value`; not_measurable: the platform holds no such records yet. */
  state: z.enum(['measured', 'no_data', 'not_measurable']),
  value: z.number().nullable(),
  onTrack: z.boolean().nullable(),
  /** How the value was computed or why it is missing. */
  note: z.string(),
});
export type KpiTargetCheck = z.infer<typeof kpiTargetCheck>;

export const rankingRow = z.object({
  consortiumId: z.string(),
  consortiumName: z.string(),
  /** 1 = first; equal composites share a rank; null when no component has data. */
  rank: z.number().int().nullable(),
  /** 0–100 each; null = 无数据. */
  evaluationScore: z.number().nullable(),
  /** Which evaluation the score comes from (round name, kind, consolidated date). */
  evaluationSource: z.string().nullable(),
  kpiScore: z.number().nullable(),
  kpiTargets: z.array(kpiTargetCheck),
  ledgerScore: z.number().nullable(),
  /** e.g. "4 个季度中 3 个按时提交最佳实践案例". */
  ledgerNote: z.string(),
  /** The weights actually applied after redistribution (percent, sum 100 over available components). */
  effectiveWeights: z.object({ evaluation: z.number(), kpi: z.number(), ledger: z.number() }),
  composite: z.number().nullable(),
});
export type RankingRow = z.infer<typeof rankingRow>;

export const rankingItem = z.object({
  id: z.string(),
  year: z.number().int(),
  status: z.enum(rankingStatuses),
  weights: z.object({ evaluation: z.number().int(), kpi: z.number().int(), ledger: z.number().int() }),
  formula: z.string(),
  consortiumCount: z.number().int(),
  computedAt: z.string(),
  computedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
});
export type RankingItem = z.infer<typeof rankingItem>;
export const rankingDetail = rankingItem.extend({ rows: z.array(rankingRow) });
export type RankingDetail = z.infer<typeof rankingDetail>;
export const rankingQuery = pageQuery.extend({
  year: ledgerYear.optional(),
  status: z.enum(rankingStatuses).optional(),
});
export const rankingList = paged(rankingItem);

/** Compute (or recompute) the year's draft ranking. */
export const computeRankingBody = z.object({
  year: ledgerYear,
  weights: rankingWeights.optional(),
});
export type ComputeRankingBody = z.infer<typeof computeRankingBody>;

// ── Policy items (政策事项清单) ─────────────────────────────────────────────

export const policyItemParams = z.object({
  unitNo: z.coerce.number().int().min(1),
  itemNo: z.coerce.number().int().min(1),
});

export const policyItemState = z.object({
  unitNo: z.number().int(),
  itemNo: z.number().int(),
  leadUnit: z.string(),
  content: z.string(),
  year: z.number().int(),
  /** not_started when nobody has recorded anything for the year. */
  status: z.enum(policyItemStatuses),
  evidenceText: z.string().nullable(),
  notes: z.string().nullable(),
  evidenceCount: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The caller may update it (official without organization, or a user of the lead department). */
  canEdit: z.boolean(),
});
export type PolicyItemState = z.infer<typeof policyItemState>;

export const policyItemQuery = pageQuery.extend({
  year: ledgerYear.optional(),
  leadUnit: z.string().trim().max(50).optional(),
  status: z.enum(policyItemStatuses).optional(),
});
export type PolicyItemQuery = z.infer<typeof policyItemQuery>;
export const policyItemList = paged(policyItemState).extend({
  /** Lead departments for the filter. */
  leadUnits: z.array(z.string()),
});
export const policyItemExportQuery = policyItemQuery.omit({ page: true, pageSize: true });
export const policyItemYearQuery = z.object({ year: ledgerYear.optional() });

export const policyItemDetail = policyItemState.extend({
  evidence: z.array(ledgerEvidenceFile),
  events: z.array(ledgerEvent),
});
export type PolicyItemDetail = z.infer<typeof policyItemDetail>;

export const putPolicyItemBody = z.object({
  year: ledgerYear,
  status: z.enum(policyItemStatuses, { message: '请选择未启动、推进中或已落实' }),
  evidenceText: z.string().trim().max(5000, '落实情况最长 5000 个字符').nullable().optional(),
  notes: z.string().trim().max(2000, '备注最长 2000 个字符').nullable().optional(),
});
export type PutPolicyItemBody = z.infer<typeof putPolicyItemBody>;

/** Multipart text fields of a policy item evidence upload. */
export const policyEvidenceFields = z.object({ year: ledgerYear });

// ── Routes ──────────────────────────────────────────────────────────────────

const tag = 'ledger';
const file = z.unknown();

export const ledgerApi = {
  listLedgerMeasures: route({
    method: 'GET',
    path: '/api/ledger/measures',
    summary: '25 项改革举措及可承担任务的责任单位',
    tag,
    access: 'ledger.read',
    query: ledgerMeasureQuery,
    response: ledgerMeasureList,
  }),
  listLedgerTasks: route({
    method: 'GET',
    path: '/api/ledger/tasks',
    summary: '工作台账任务（含各季度进展、逾期与滞后标记）',
    tag,
    access: 'ledger.read',
    query: ledgerTaskQuery,
    response: ledgerTaskList,
  }),
  exportLedgerTasks: route({
    method: 'GET',
    path: '/api/ledger/tasks/export',
    summary: '导出工作台账 (xlsx)',
    tag,
    access: 'ledger.read',
    query: ledgerTaskExportQuery,
    response: file,
    download: true,
  }),
  createLedgerTask: route({
    method: 'POST',
    path: '/api/ledger/tasks',
    summary: '为责任单位下达年度任务',
    tag,
    access: 'ledger.manage',
    body: createLedgerTaskBody,
    response: ledgerTaskDetail,
  }),
  getLedgerTask: route({
    method: 'GET',
    path: '/api/ledger/tasks/:id',
    summary: '台账任务详情（季度报告与历史）',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: ledgerTaskDetail,
  }),
  updateLedgerTask: route({
    method: 'PATCH',
    path: '/api/ledger/tasks/:id',
    summary: '修改台账任务',
    tag,
    access: 'ledger.manage',
    params: idParams,
    body: updateLedgerTaskBody,
    response: ledgerTaskDetail,
  }),
  deleteLedgerTask: route({
    method: 'DELETE',
    path: '/api/ledger/tasks/:id',
    summary: '删除尚无季度报告的台账任务',
    tag,
    access: 'ledger.manage',
    params: idParams,
    response: okBody,
  }),
  createLedgerReport: route({
    method: 'POST',
    path: '/api/ledger/tasks/:id/reports',
    summary: '填写季度进展报告（草稿）',
    tag,
    access: 'ledger.report',
    params: idParams,
    body: createLedgerReportBody,
    response: ledgerReportDetail,
  }),
  listLedgerReports: route({
    method: 'GET',
    path: '/api/ledger/reports',
    summary: '季度进展报告（审核列表）',
    tag,
    access: 'ledger.read',
    query: ledgerReportQuery,
    response: ledgerReportList,
  }),
  getLedgerReport: route({
    method: 'GET',
    path: '/api/ledger/reports/:id',
    summary: '季度进展报告详情',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: ledgerReportDetail,
  }),
  updateLedgerReport: route({
    method: 'PATCH',
    path: '/api/ledger/reports/:id',
    summary: '修改草稿或被退回的季度报告',
    tag,
    access: 'ledger.report',
    params: idParams,
    body: updateLedgerReportBody,
    response: ledgerReportDetail,
  }),
  submitLedgerReport: route({
    method: 'POST',
    path: '/api/ledger/reports/:id/submit',
    summary: '提交（或退回后重新提交）季度报告',
    tag,
    access: 'ledger.report',
    params: idParams,
    response: ledgerReportDetail,
  }),
  returnLedgerReport: route({
    method: 'POST',
    path: '/api/ledger/reports/:id/return',
    summary: '退回修改（须填写意见）',
    tag,
    access: 'ledger.manage',
    params: idParams,
    body: returnReportBody,
    response: ledgerReportDetail,
  }),
  acceptLedgerReport: route({
    method: 'POST',
    path: '/api/ledger/reports/:id/accept',
    summary: '审核通过季度报告',
    tag,
    access: 'ledger.manage',
    params: idParams,
    body: acceptReportBody,
    response: ledgerReportDetail,
  }),
  commentLedgerReport: route({
    method: 'POST',
    path: '/api/ledger/reports/:id/comment',
    summary: '批注季度报告（不改变状态）',
    tag,
    access: 'ledger.manage',
    params: idParams,
    body: commentReportBody,
    response: ledgerReportDetail,
  }),
  uploadLedgerReportEvidence: route({
    method: 'POST',
    path: '/api/ledger/reports/:id/evidence',
    summary: '上传季度报告佐证材料',
    tag,
    access: 'ledger.report',
    params: idParams,
    body: z.object({}),
    response: ledgerReportDetail,
    multipart: true,
  }),
  deleteLedgerEvidence: route({
    method: 'DELETE',
    path: '/api/ledger/evidence/:id',
    summary: '删除佐证材料（报告、案例或政策事项）',
    tag,
    access: 'ledger.report',
    params: idParams,
    response: okBody,
  }),
  downloadLedgerFile: route({
    method: 'GET',
    path: '/api/ledger/files/:id',
    summary: '下载佐证材料（按数据范围）',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: file,
    download: true,
  }),

  listBestPractices: route({
    method: 'GET',
    path: '/api/ledger/cases',
    summary: '赛马比拼：季度最佳实践案例',
    tag,
    access: 'ledger.read',
    query: caseQuery,
    response: caseList,
  }),
  exportBestPractices: route({
    method: 'GET',
    path: '/api/ledger/cases/export',
    summary: '导出最佳实践案例 (xlsx)',
    tag,
    access: 'ledger.read',
    query: caseExportQuery,
    response: file,
    download: true,
  }),
  createBestPractice: route({
    method: 'POST',
    path: '/api/ledger/cases',
    summary: '提交本季度最佳实践案例（每季度一项）',
    tag,
    access: 'ledger.report',
    body: createCaseBody,
    response: caseDetail,
  }),
  getBestPractice: route({
    method: 'GET',
    path: '/api/ledger/cases/:id',
    summary: '最佳实践案例详情',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: caseDetail,
  }),
  updateBestPractice: route({
    method: 'PATCH',
    path: '/api/ledger/cases/:id',
    summary: '修改尚未评选的案例',
    tag,
    access: 'ledger.report',
    params: idParams,
    body: updateCaseBody,
    response: caseDetail,
  }),
  uploadBestPracticeEvidence: route({
    method: 'POST',
    path: '/api/ledger/cases/:id/evidence',
    summary: '上传案例佐证材料',
    tag,
    access: 'ledger.report',
    params: idParams,
    body: z.object({}),
    response: caseDetail,
    multipart: true,
  }),
  decideBestPractice: route({
    method: 'POST',
    path: '/api/ledger/cases/:id/decision',
    summary: '入围、入选或未入选',
    tag,
    access: 'ledger.manage',
    params: idParams,
    body: caseDecisionBody,
    response: caseDetail,
  }),

  listRankings: route({
    method: 'GET',
    path: '/api/ledger/rankings',
    summary: '联合体年度排名',
    tag,
    access: 'ledger.read',
    query: rankingQuery,
    response: rankingList,
  }),
  computeRanking: route({
    method: 'POST',
    path: '/api/ledger/rankings',
    summary: '计算（或重新计算）年度排名草稿',
    tag,
    access: 'ledger.manage',
    body: computeRankingBody,
    response: rankingDetail,
  }),
  getRanking: route({
    method: 'GET',
    path: '/api/ledger/rankings/:id',
    summary: '年度排名详情（含公式与各项得分）',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: rankingDetail,
  }),
  publishRanking: route({
    method: 'POST',
    path: '/api/ledger/rankings/:id/publish',
    summary: '发布年度排名（发布后不可修改）',
    tag,
    access: 'ledger.manage',
    params: idParams,
    response: rankingDetail,
  }),
  rankingPdf: route({
    method: 'GET',
    path: '/api/ledger/rankings/:id/pdf',
    summary: '年度排名报告 (PDF)',
    tag,
    access: 'ledger.read',
    params: idParams,
    response: file,
    download: true,
  }),

  listPolicyItems: route({
    method: 'GET',
    path: '/api/ledger/policy-items',
    summary: '政策事项清单及年度落实情况',
    tag,
    access: 'ledger.read',
    query: policyItemQuery,
    response: policyItemList,
  }),
  exportPolicyItems: route({
    method: 'GET',
    path: '/api/ledger/policy-items/export',
    summary: '导出政策事项清单 (xlsx)',
    tag,
    access: 'ledger.read',
    query: policyItemExportQuery,
    response: file,
    download: true,
  }),
  getPolicyItem: route({
    method: 'GET',
    path: '/api/ledger/policy-items/:unitNo/:itemNo',
    summary: '政策事项详情（落实情况、佐证与历史）',
    tag,
    access: 'ledger.read',
    params: policyItemParams,
    query: policyItemYearQuery,
    response: policyItemDetail,
  }),
  putPolicyItem: route({
    method: 'PUT',
    path: '/api/ledger/policy-items/:unitNo/:itemNo',
    summary: '更新政策事项年度落实状态',
    tag,
    access: 'ledger.report',
    params: policyItemParams,
    body: putPolicyItemBody,
    response: policyItemDetail,
  }),
  uploadPolicyItemEvidence: route({
    method: 'POST',
    path: '/api/ledger/policy-items/:unitNo/:itemNo/evidence',
    summary: '上传政策事项佐证材料',
    tag,
    access: 'ledger.report',
    params: policyItemParams,
    body: policyEvidenceFields,
    response: policyItemDetail,
    multipart: true,
  }),
} as const;
