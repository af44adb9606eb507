/**
 * 工作台账: tasks per reform measure × year × responsible unit, quarterly reports and their review,
 * overdue and lagging flags, the xlsx export and the reminders. Rules in ledger.rules.ts (pure) and
 * ledger.policy.ts (who may do what).
 */

import type { Readable } from 'node:stream';
import {
  type CreateLedgerReportBody,
  type CreateLedgerTaskBody,
  type KpiRef,
  type LedgerEvent,
  type LedgerEvidenceFile,
  type LedgerReport,
  type LedgerReportDetail,
  type LedgerReportItem,
  type LedgerReportQuery,
  type LedgerReportStatus,
  type LedgerTaskDetail,
  type LedgerTaskItem,
  type LedgerTaskQuery,
  ledgerReportStatusLabels,
  type Paged,
  type ProgressStatus,
  progressStatusLabels,
  type UpdateLedgerReportBody,
  type UpdateLedgerTaskBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { fileRow, requireFile, type SavedFile, uploadName } from '../../lib/files';
import { defineColumns, exportXlsx, type SheetColumn } from '../../lib/sheets';
import { type AuditEvent, appendAudit } from '../audit';
import { consortiumService } from '../consortium';
import { notify, recipients } from '../notifications';
import {
  anyGovernment,
  assertManager,
  eligibleForMeasure,
  isManager,
  mayReadTask,
  mayReport,
  taskScopeOrg,
} from './ledger.policy';
import * as repo from './ledger.repository';
import { quarterEnd, quarterOf, quarterStarted, reportDeadline, taskFlags } from './ledger.rules';

const TASK = 'ledger_task';
const REPORT = 'ledger_report';

export const actionLabels: Record<string, string> = {
  'task.create': '下达任务',
  'task.update': '修改任务',
  'report.create': '填写报告',
  'report.update': '修改报告',
  'report.submit': '提交',
  'report.resubmit': '重新提交',
  'report.return': '退回修改',
  'report.accept': '审核通过',
  'report.comment': '批注',
  'evidence.add': '上传佐证',
  'evidence.remove': '删除佐证',
  'case.submit': '提交案例',
  'case.update': '修改案例',
  'case.shortlisted': '入围',
  'case.selected': '入选',
  'case.not_selected': '未入选',
  'policy_item.update': '更新落实情况',
  'ranking.compute': '计算排名',
  'ranking.publish': '发布排名',
};

const invalid = (zh: string, en: string, path?: string) =>
  new AppError('VALIDATION', { 'zh-CN': zh, 'en-US': en }, path ? [{ path, message: zh }] : undefined);
const taskNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '台账任务不存在', 'en-US': 'Ledger task not found' });
const reportNotFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '季度报告不存在', 'en-US': 'Quarterly report not found' });

/** The current year in China. */
export const currentYear = (now = new Date()) => quarterOf(now).year;

// ── History ───────────────────────────────────────────────────────────────────

export interface EventInput {
  entityType: repo.EntityType;
  entityId: string;
  action: string;
  taskId?: string | null;
  quarter?: number | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  comment?: string | null;
}

/** Appends one dated history entry with the actor's name (inside the caller's transaction). */
export async function recordEvent(tx: DbOrTx, ctx: Ctx, e: EventInput) {
  await repo.insertEvent(tx, {
    entityType: e.entityType,
    entityId: e.entityId,
    taskId: e.taskId ?? null,
    quarter: e.quarter ?? null,
    action: e.action,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    comment: e.comment ?? null,
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.displayName ?? null,
  });
}

/**
 * One change's dated history entry and its audit entry (action `ledger.<event action>` unless
 * given), inside the caller's transaction.
 */
export async function recordChange(
  tx: DbOrTx,
  ctx: Ctx,
  e: EventInput,
  audit: Omit<AuditEvent, 'action' | 'entityId'> & { action?: string },
) {
  await recordEvent(tx, ctx, e);
  await appendAudit(tx, ctx, { ...audit, action: audit.action ?? `ledger.${e.action}`, entityId: e.entityId });
}

/** The audit log's entity name of each record evidence hangs on. */
export const evidenceAuditEntity: Record<repo.EvidenceEntity, string> = {
  report: REPORT,
  case: 'best_practice_case',
  policy_item: 'policy_item_status',
};

export const toEvent = (r: repo.EventRow): LedgerEvent => ({
  id: String(r.id),
  action: r.action,
  actionLabel: actionLabels[r.action] ?? r.action,
  fromStatus: r.fromStatus,
  toStatus: r.toStatus,
  comment: r.comment,
  actorName: r.actorName,
  at: r.createdAt.toISOString(),
  quarter: r.quarter,
});

export const toEvidence = (r: repo.EvidenceRow): LedgerEvidenceFile => ({
  id: r.id,
  fileId: r.fileId,
  fileName: r.fileName,
  mime: r.mime,
  size: r.size,
  uploadedBy: r.uploadedBy,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Records uploaded bytes as a `files` row, links it to a ledger record, and writes the history and
 * audit entries (inside the caller's transaction, after the caller has checked who may write).
 */
export async function attachEvidence(
  tx: DbOrTx,
  ctx: Ctx,
  to: {
    entityType: repo.EvidenceEntity;
    entityId: string;
    taskId?: string | null;
    quarter?: number | null;
    /** More audit fields (which item, which year). */
    detail?: Record<string, unknown>;
  },
  file: SavedFile,
): Promise<void> {
  const uploadedBy = ctx.actor?.userId ?? null;
  const fileId = await repo.insertFile(tx, fileRow(file, uploadedBy));
  const linkId = await repo.insertEvidence(tx, {
    entityType: to.entityType,
    entityId: to.entityId,
    fileId,
    addedBy: uploadedBy,
  });
  await recordChange(
    tx,
    ctx,
    {
      entityType: to.entityType,
      entityId: to.entityId,
      taskId: to.taskId ?? null,
      quarter: to.quarter ?? null,
      action: 'evidence.add',
      comment: file.originalName,
    },
    {
      entity: evidenceAuditEntity[to.entityType],
      after: {
        linkId,
        ...to.detail,
        fileName: file.originalName,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
      },
    },
  );
}

/** Stores an evidence upload after the consortium documents' checks (type by content, size limit). */
export function storeEvidence(ctx: Ctx, stream: Readable & { truncated?: boolean }, fileName: string) {
  return consortiumService.storeDocumentFile(ctx, stream, uploadName(fileName));
}

// ── Measures ──────────────────────────────────────────────────────────────────

/** The 25 measures with the government organizations that may take each one's tasks. */
export async function listMeasures(ctx: Ctx, year = currentYear()) {
  const { db } = ctx.deps;
  const [measures, orgs, counts] = await Promise.all([
    repo.measures(db),
    repo.governmentOrgs(db),
    repo.taskCountsByMeasure(db, year),
  ]);
  return {
    year,
    items: measures.map((m) => ({
      no: m.no,
      section: m.section,
      title: m.title,
      responsibleUnits: m.responsibleUnits,
      anyGovernment: anyGovernment(m.responsibleUnits),
      eligibleUnits: orgs
        .filter((o) => eligibleForMeasure(o, m.responsibleUnits))
        .map((o) => ({ id: o.id, name: o.name })),
      taskCount: counts.get(m.no) ?? 0,
    })),
  };
}

// ── Tasks: shape and flags ────────────────────────────────────────────────────

/** The target value for the task's year, or the next year a value is set for, or the latest one. */
export function kpiFor(rows: readonly repo.TargetRow[], id: string | null, year: number): KpiRef | null {
  if (!id) return null;
  const mine = rows.filter((r) => r.id === id).sort((a, b) => a.year - b.year);
  const pick = mine.find((r) => r.year >= year) ?? mine[mine.length - 1];
  if (!pick) return null;
  return {
    id: pick.id,
    metric: pick.metric,
    unit: pick.unit,
    comparator: pick.comparator,
    target: pick.target,
    year: pick.year,
  };
}

export const kpiText = (k: KpiRef | null) =>
  k
    ? `${k.id} ${k.metric} ${k.comparator === '~' ? '约' : k.comparator.replace('>=', '≥')} ${k.target}${k.unit}（${k.year}年）`
    : '';

function toTaskItem(
  t: repo.TaskListRow,
  reports: readonly repo.ReportRow[],
  targets: readonly repo.TargetRow[],
  now: Date,
): LedgerTaskItem {
  const flags = taskFlags(
    {
      year: t.year,
      dueQuarter: t.dueQuarter,
      createdAt: t.createdAt,
      reports: reports.map((r) => ({
        quarter: r.quarter,
        status: r.status,
        percent: r.percent,
        firstSubmittedAt: r.firstSubmittedAt,
      })),
    },
    now,
  );
  const byQuarter = new Map(reports.map((r) => [r.quarter, r]));
  return {
    id: t.id,
    year: t.year,
    measureNo: t.measureNo,
    measureTitle: t.measureTitle,
    section: t.section,
    unit: { id: t.unitOrgId, name: t.unitName },
    title: t.title,
    target: t.target,
    kpi: kpiFor(targets, t.kpiId, t.year),
    dueQuarter: t.dueQuarter,
    quarters: flags.quarters.map((q) => {
      const r = byQuarter.get(q.quarter);
      return {
        ...q,
        reportId: r?.id ?? null,
        status: (r?.status as LedgerReportStatus | undefined) ?? null,
        progress: (r?.progress as ProgressStatus | undefined) ?? null,
        percent: r ? r.percent : null,
        submittedAt: r?.submittedAt?.toISOString() ?? null,
      };
    }),
    percent: flags.percent,
    expectedPercent: flags.expectedPercent,
    overdue: flags.overdue,
    lagging: flags.lagging,
    pending: reports.filter((r) => r.status === 'submitted').length,
    createdAt: t.createdAt.toISOString(),
  };
}

/** Tasks in the caller's scope with their quarters and flags, computed at `now`. */
async function tasksWithFlags(ctx: Ctx, f: repo.TaskFilter, now: Date): Promise<LedgerTaskItem[]> {
  const { db } = ctx.deps;
  const rows = await repo.listTasks(db, { ...f, scopeOrgId: taskScopeOrg(ctx.actor) });
  const [byTask, targets] = await Promise.all([
    reportsByTask(db, rows),
    repo.policyTargets(db, [...new Set(rows.map((r) => r.kpiId).filter((x): x is string => Boolean(x)))]),
  ]);
  return rows.map((t) => toTaskItem(t, byTask.get(t.id) ?? [], targets, now));
}

/** The reports of these tasks in one query, grouped by task. */
async function reportsByTask(db: DbOrTx, tasks: readonly { id: string }[]): Promise<Map<string, repo.ReportRow[]>> {
  const byTask = new Map<string, repo.ReportRow[]>();
  for (const r of await repo.reportsOfTasks(
    db,
    tasks.map((t) => t.id),
  ))
    byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  return byTask;
}

const flagFilter = (flag: LedgerTaskQuery['flag']) => (t: LedgerTaskItem) =>
  flag === 'overdue' ? t.overdue : flag === 'lagging' ? t.lagging : flag === 'flagged' ? t.overdue || t.lagging : true;

/**
 * Tasks in scope (a unit sees its own; managers, secretariats and councils all), filterable by year,
 * measure, unit, text and flag (overdue / lagging / either), flags computed at `now`.
 */
export async function listTasks(ctx: Ctx, q: LedgerTaskQuery, now = new Date()): Promise<Paged<LedgerTaskItem>> {
  const all = (await tasksWithFlags(ctx, q, now)).filter(flagFilter(q.flag));
  const start = (q.page - 1) * q.pageSize;
  return { items: all.slice(start, start + q.pageSize), total: all.length, page: q.page, pageSize: q.pageSize };
}

async function readableTask(ctx: Ctx, id: string) {
  const row = await repo.findTask(ctx.deps.db, id);
  if (!row) throw taskNotFound();
  if (!mayReadTask(ctx.actor, row)) throw outOfScope();
  return row;
}

function toReport(
  r: repo.ReportRow,
  year: number,
  evidence: readonly repo.EvidenceRow[],
  names: Map<string, string>,
): LedgerReport {
  const deadline = reportDeadline(year, r.quarter);
  return {
    id: r.id,
    taskId: r.taskId,
    year,
    quarter: r.quarter,
    status: r.status as LedgerReportStatus,
    resubmitted: r.resubmitted,
    progress: r.progress as ProgressStatus,
    percent: r.percent,
    percentReason: r.percentReason,
    narrative: r.narrative,
    reviewComment: r.reviewComment,
    deadline: deadline.lastDay,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    late: Boolean(r.firstSubmittedAt && r.firstSubmittedAt.getTime() >= deadline.at.getTime()),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewedBy: r.reviewedBy ? (names.get(r.reviewedBy) ?? null) : null,
    updatedAt: r.updatedAt.toISOString(),
    evidence: evidence.filter((e) => e.entityId === r.id).map(toEvidence),
  };
}

/** One task with its reports and history. NOT_FOUND, OUT_OF_SCOPE (another unit's task). */
export async function getTask(ctx: Ctx, id: string, now = new Date()): Promise<LedgerTaskDetail> {
  const { db } = ctx.deps;
  const row = await readableTask(ctx, id);
  const [reports, targets, events] = await Promise.all([
    repo.reportsOfTasks(db, [id]),
    repo.policyTargets(db, row.kpiId ? [row.kpiId] : []),
    repo.eventsOfTask(db, id),
  ]);
  const [evidence, names] = await Promise.all([
    repo.evidenceOf(
      db,
      'report',
      reports.map((r) => r.id),
    ),
    repo.userNames(
      db,
      reports.map((r) => r.reviewedBy),
    ),
  ]);
  return {
    ...toTaskItem(row, reports, targets, now),
    reports: reports.map((r) => toReport(r, row.year, evidence, names)),
    events: events.map(toEvent),
    can: { manage: isManager(ctx.actor), report: mayReport(ctx.actor, row) },
  };
}

// ── Tasks: writes ─────────────────────────────────────────────────────────────

async function checkKpi(db: DbOrTx, kpiId: string | null | undefined) {
  if (!kpiId) return;
  if ((await repo.policyTargets(db, [kpiId])).length === 0)
    throw invalid(`关联指标 ${kpiId} 不存在`, `Policy target ${kpiId} does not exist`, 'kpiId');
}

/**
 * Gives a responsible unit its annual task for a measure. The unit must be a government
 * organization named among the measure's 责任单位 (any government organization when the measure lists
 * 市级有关部门/有关区县政府). FORBIDDEN (not a manager), VALIDATION, CONFLICT (the unit already has
 * that measure's task for the year).
 */
export async function createTask(ctx: Ctx, body: CreateLedgerTaskBody): Promise<LedgerTaskDetail> {
  assertManager(ctx.actor);
  const { db } = ctx.deps;
  const m = await repo.measure(db, body.measureNo);
  if (!m) throw invalid(`改革举措 ${body.measureNo} 不存在`, `Measure ${body.measureNo} does not exist`, 'measureNo');
  const org = await repo.orgById(db, body.unitOrgId);
  if (!org) throw invalid('责任单位不存在', 'The responsible unit does not exist', 'unitOrgId');
  if (org.type !== 'government')
    throw invalid(
      `“${org.name}”不是政府部门，责任单位须为登记为政府部门的单位`,
      'The responsible unit must be a government organization',
      'unitOrgId',
    );
  if (!eligibleForMeasure(org, m.responsibleUnits))
    throw invalid(
      `“${org.name}”不是第 ${m.no} 项举措“${m.title}”的责任单位（${m.responsibleUnits.join('、')}）`,
      `${org.name} is not a responsible unit of measure ${m.no}`,
      'unitOrgId',
    );
  await checkKpi(db, body.kpiId);
  const id = await db.transaction(async (tx) => {
    if (await repo.findTaskFor(tx, body.measureNo, body.year, body.unitOrgId))
      throw new AppError('CONFLICT', {
        'zh-CN': `${org.name} 已有 ${body.year} 年第 ${m.no} 项举措的任务，请修改该任务`,
        'en-US': 'The unit already has a task for this measure and year',
      });
    const values = {
      year: body.year,
      measureNo: body.measureNo,
      unitOrgId: body.unitOrgId,
      title: body.title,
      target: body.target,
      kpiId: body.kpiId ?? null,
      dueQuarter: body.dueQuarter,
      createdBy: ctx.actor?.userId ?? null,
    };
    const newId = await repo.insertTask(tx, values);
    await recordChange(
      tx,
      ctx,
      { entityType: 'task', entityId: newId, taskId: newId, action: 'task.create' },
      { entity: TASK, after: values },
    );
    return newId;
  });
  return getTask(ctx, id);
}

/** Changes a task's title, target, KPI or due quarter. FORBIDDEN, NOT_FOUND, VALIDATION. */
export async function updateTask(ctx: Ctx, id: string, body: UpdateLedgerTaskBody): Promise<LedgerTaskDetail> {
  assertManager(ctx.actor);
  await checkKpi(ctx.deps.db, body.kpiId);
  await ctx.deps.db.transaction(async (tx) => {
    const before = await repo.lockTask(tx, id);
    if (!before) throw taskNotFound();
    const set = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.target !== undefined ? { target: body.target } : {}),
      ...(body.kpiId !== undefined ? { kpiId: body.kpiId } : {}),
      ...(body.dueQuarter !== undefined ? { dueQuarter: body.dueQuarter } : {}),
    };
    await repo.updateTask(tx, id, set);
    await recordChange(
      tx,
      ctx,
      { entityType: 'task', entityId: id, taskId: id, action: 'task.update' },
      {
        entity: TASK,
        before: { title: before.title, target: before.target, kpiId: before.kpiId, dueQuarter: before.dueQuarter },
        after: set,
      },
    );
  });
  return getTask(ctx, id);
}

/** Deletes a task nobody has reported on yet. FORBIDDEN, NOT_FOUND, CONFLICT. */
export async function deleteTask(ctx: Ctx, id: string): Promise<{ ok: true }> {
  assertManager(ctx.actor);
  await ctx.deps.db.transaction(async (tx) => {
    const before = await repo.lockTask(tx, id);
    if (!before) throw taskNotFound();
    if ((await repo.reportsOfTasks(tx, [id])).length)
      throw new AppError('CONFLICT', {
        'zh-CN': '该任务已有季度报告，不能删除',
        'en-US': 'The task has quarterly reports and cannot be deleted',
      });
    await repo.deleteTask(tx, id);
    await appendAudit(tx, ctx, {
      action: 'ledger.task.delete',
      entity: TASK,
      entityId: id,
      before: { year: before.year, measureNo: before.measureNo, unitOrgId: before.unitOrgId, title: before.title },
    });
  });
  return { ok: true };
}

// ── Reports ───────────────────────────────────────────────────────────────────

/** The unit's own users may write; a manager is told that reviewing is all they do. */
function assertReporter(ctx: Ctx, task: { unitOrgId: string }) {
  if (mayReport(ctx.actor, task)) return;
  if (ctx.actor?.orgId) throw outOfScope();
  throw new AppError('FORBIDDEN', {
    'zh-CN': '季度报告由责任单位填写；市教委/工作专班负责批注、退回和审核',
    'en-US': 'Quarterly reports are written by the responsible unit',
  });
}

const editable = (status: string) => status === 'draft' || status === 'returned';

function assertEditable(r: repo.ReportRow) {
  if (!editable(r.status))
    throw new AppError(
      'CONFLICT',
      {
        'zh-CN': `${ledgerReportStatusLabels[r.status as LedgerReportStatus]}的报告不能修改`,
        'en-US': 'Only a draft or a returned report can be changed',
      },
      { status: r.status },
    );
}

/**
 * % complete may not fall below the previous quarter's report unless a reason is given; 已完成
 * means 100 %.
 */
function checkPercent(
  v: { percent: number; progress: string; percentReason?: string | null | undefined },
  previous: number | null,
) {
  if (v.progress === 'completed' && v.percent !== 100)
    throw invalid('推进状态为“已完成”时完成进度应为 100%', 'Completed means 100 %', 'percent');
  if (previous !== null && v.percent < previous && !v.percentReason?.trim())
    throw invalid(
      `完成进度 ${v.percent}% 低于上一季度的 ${previous}%，请说明原因`,
      `% complete is below the previous quarter's ${previous} %; give a reason`,
      'percentReason',
    );
}

/** % complete of the latest report before this quarter (any status but draft), or null. */
function previousPercent(reports: readonly repo.ReportRow[], quarter: number): number | null {
  const prev = reports
    .filter((r) => r.quarter < quarter && r.status !== 'draft')
    .sort((a, b) => b.quarter - a.quarter)[0];
  return prev ? prev.percent : null;
}

/**
 * Writes a quarter's report as a draft for a task of the caller's unit. FORBIDDEN / OUT_OF_SCOPE
 * (not the unit), NOT_FOUND, VALIDATION (future quarter, % rules), CONFLICT (the quarter has a report).
 */
export async function createReport(
  ctx: Ctx,
  taskId: string,
  body: CreateLedgerReportBody,
  now = new Date(),
): Promise<LedgerReportDetail> {
  const { db } = ctx.deps;
  const task = await repo.findTask(db, taskId);
  if (!task) throw taskNotFound();
  assertReporter(ctx, task);
  if (!quarterStarted(task.year, body.quarter, now))
    throw invalid(
      `${task.year} 年第 ${body.quarter} 季度尚未开始，不能填写该季度的报告`,
      'That quarter has not begun',
      'quarter',
    );
  const id = await db.transaction(async (tx) => {
    await repo.lockTask(tx, taskId);
    if (await repo.findReportOf(tx, taskId, body.quarter))
      throw new AppError('CONFLICT', {
        'zh-CN': `第 ${body.quarter} 季度已有报告，请修改该报告`,
        'en-US': 'That quarter already has a report',
      });
    checkPercent(body, previousPercent(await repo.reportsOfTasks(tx, [taskId]), body.quarter));
    const values = {
      taskId,
      quarter: body.quarter,
      status: 'draft',
      progress: body.progress,
      percent: body.percent,
      percentReason: body.percentReason ?? null,
      narrative: body.narrative,
      createdBy: ctx.actor?.userId ?? null,
    };
    const newId = await repo.insertReport(tx, values);
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: newId,
        taskId,
        quarter: body.quarter,
        action: 'report.create',
        toStatus: 'draft',
      },
      { entity: REPORT, after: values },
    );
    return newId;
  });
  return getReport(ctx, id);
}

/** Loads a report and its task for a write, locked. NOT_FOUND. */
async function lockedReport(tx: DbOrTx, id: string) {
  const r = await repo.lockReport(tx, id);
  if (!r) throw reportNotFound();
  const task = await repo.findTask(tx, r.taskId);
  if (!task) throw reportNotFound();
  return { r, task };
}

/** Changes a draft or returned report of the caller's unit. OUT_OF_SCOPE, FORBIDDEN, CONFLICT, VALIDATION. */
export async function updateReport(ctx: Ctx, id: string, body: UpdateLedgerReportBody): Promise<LedgerReportDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedReport(tx, id);
    assertReporter(ctx, task);
    assertEditable(r);
    const next = {
      progress: body.progress ?? r.progress,
      percent: body.percent ?? r.percent,
      narrative: body.narrative ?? r.narrative,
      percentReason: body.percentReason !== undefined ? body.percentReason : r.percentReason,
    };
    checkPercent(next, previousPercent(await repo.reportsOfTasks(tx, [task.id]), r.quarter));
    await repo.updateReport(tx, id, next);
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: id,
        taskId: task.id,
        quarter: r.quarter,
        action: 'report.update',
      },
      {
        entity: REPORT,
        before: { progress: r.progress, percent: r.percent, narrative: r.narrative, percentReason: r.percentReason },
        after: next,
      },
    );
  });
  return getReport(ctx, id);
}

/**
 * Submits a draft, or submits a returned report again (resubmitted). The first submission's time
 * decides whether the quarter was reported on time. OUT_OF_SCOPE, FORBIDDEN, CONFLICT, VALIDATION.
 */
export async function submitReport(ctx: Ctx, id: string, now = new Date()): Promise<LedgerReportDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedReport(tx, id);
    assertReporter(ctx, task);
    if (!editable(r.status))
      throw new AppError('CONFLICT', {
        'zh-CN': `${ledgerReportStatusLabels[r.status as LedgerReportStatus]}的报告不能再次提交`,
        'en-US': 'Only a draft or a returned report can be submitted',
      });
    checkPercent(r, previousPercent(await repo.reportsOfTasks(tx, [task.id]), r.quarter));
    const again = r.status === 'returned';
    await repo.updateReport(tx, id, {
      status: 'submitted',
      submittedAt: now,
      firstSubmittedAt: r.firstSubmittedAt ?? now,
      resubmitted: r.resubmitted || again,
    });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: id,
        taskId: task.id,
        quarter: r.quarter,
        action: again ? 'report.resubmit' : 'report.submit',
        fromStatus: r.status,
        toStatus: 'submitted',
      },
      { entity: REPORT, before: { status: r.status }, after: { status: 'submitted' } },
    );
  });
  return getReport(ctx, id);
}

/** Locks a submitted report for a manager's decision. FORBIDDEN, NOT_FOUND, CONFLICT. */
async function lockedForReview(ctx: Ctx, tx: DbOrTx, id: string, what: { zh: string; en: string }) {
  assertManager(ctx.actor);
  const found = await lockedReport(tx, id);
  if (found.r.status !== 'submitted')
    throw new AppError(
      'CONFLICT',
      {
        'zh-CN': `只有已提交的报告可以${what.zh}，该报告${ledgerReportStatusLabels[found.r.status as LedgerReportStatus]}`,
        'en-US': `Only a submitted report can be ${what.en}`,
      },
      { status: found.r.status },
    );
  return found;
}

const link = (taskId: string) => `/ledger/tasks/${taskId}`;

/**
 * Returns a submitted report for revision with the official's comment (required by the contract),
 * and notifies the unit's users at once. FORBIDDEN, NOT_FOUND, CONFLICT.
 */
export async function returnReport(ctx: Ctx, id: string, comment: string): Promise<LedgerReportDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedForReview(ctx, tx, id, { zh: '退回', en: 'returned' });
    const now = new Date();
    await repo.updateReport(tx, id, {
      status: 'returned',
      reviewComment: comment,
      reviewedAt: now,
      reviewedBy: ctx.actor?.userId ?? null,
    });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: id,
        taskId: task.id,
        quarter: r.quarter,
        action: 'report.return',
        fromStatus: 'submitted',
        toStatus: 'returned',
        comment,
      },
      { entity: REPORT, before: { status: 'submitted' }, after: { status: 'returned', comment } },
    );
    const users = await recipients(tx, { role: 'official', orgId: task.unitOrgId });
    await notify(
      tx,
      users.map((userId) => ({
        userId,
        kind: 'ledger.returned',
        title: `${task.year} 年第 ${r.quarter} 季度报告被退回修改：${task.title}`,
        body: comment,
        link: link(task.id),
        dedupeKey: `ledger.returned:${id}:${now.toISOString()}`,
      })),
    );
  });
  return getReport(ctx, id);
}

/** Accepts a submitted report (an optional comment). FORBIDDEN (incl. a unit's own account), NOT_FOUND, CONFLICT. */
export async function acceptReport(ctx: Ctx, id: string, comment?: string): Promise<LedgerReportDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedForReview(ctx, tx, id, { zh: '审核通过', en: 'accepted' });
    await repo.updateReport(tx, id, {
      status: 'accepted',
      reviewComment: comment ?? r.reviewComment,
      reviewedAt: new Date(),
      reviewedBy: ctx.actor?.userId ?? null,
    });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: id,
        taskId: task.id,
        quarter: r.quarter,
        action: 'report.accept',
        fromStatus: 'submitted',
        toStatus: 'accepted',
        comment: comment ?? null,
      },
      { entity: REPORT, before: { status: 'submitted' }, after: { status: 'accepted', comment: comment ?? null } },
    );
  });
  return getReport(ctx, id);
}

/** A manager's remark on a report the unit has submitted (any status but draft); no status change. */
export async function commentReport(ctx: Ctx, id: string, comment: string): Promise<LedgerReportDetail> {
  assertManager(ctx.actor);
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedReport(tx, id);
    if (r.status === 'draft')
      throw new AppError('CONFLICT', {
        'zh-CN': '草稿尚未提交，不能批注',
        'en-US': 'A draft has not been submitted yet',
      });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'report',
        entityId: id,
        taskId: task.id,
        quarter: r.quarter,
        action: 'report.comment',
        comment,
      },
      { entity: REPORT, detail: { comment } },
    );
  });
  return getReport(ctx, id);
}

/** One report with its task, evidence, history and what the caller may do. NOT_FOUND, OUT_OF_SCOPE. */
export async function getReport(ctx: Ctx, id: string, now = new Date()): Promise<LedgerReportDetail> {
  const { db } = ctx.deps;
  const r = await repo.findReport(db, id);
  if (!r) throw reportNotFound();
  const task = await getTask(ctx, r.taskId, now);
  const [evidence, events, names, reports] = await Promise.all([
    repo.evidenceOf(db, 'report', [id]),
    repo.eventsOf(db, 'report', id),
    repo.userNames(db, [r.reviewedBy]),
    repo.reportsOfTasks(db, [r.taskId]),
  ]);
  const { reports: _r, events: _e, can: taskCan, ...taskItem } = task;
  return {
    ...toReport(r, task.year, evidence, names),
    task: taskItem,
    previousPercent: previousPercent(reports, r.quarter),
    can: {
      edit: taskCan.report && editable(r.status),
      submit: taskCan.report && editable(r.status),
      review: taskCan.manage && r.status === 'submitted',
    },
    events: events.map(toEvent),
  };
}

/** Reports in scope for the review list (newest submissions first). */
export async function listReports(ctx: Ctx, q: LedgerReportQuery): Promise<Paged<LedgerReportItem>> {
  const { items, total } = await repo.listReports(
    ctx.deps.db,
    { ...q, scopeOrgId: taskScopeOrg(ctx.actor) },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const names = await repo.userNames(
    ctx.deps.db,
    items.map((r) => r.reviewedBy),
  );
  return {
    items: items.map((r) => {
      const { evidence: _e, ...rest } = toReport(r, r.year, [], names);
      return {
        ...rest,
        measureNo: r.measureNo,
        taskTitle: r.taskTitle,
        unit: { id: r.unitOrgId, name: r.unitName },
        evidenceCount: r.evidenceCount,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ── Report evidence ───────────────────────────────────────────────────────────

/** Before an upload is read: the report exists, is the caller's unit's, and can still change. */
export async function assertReportEvidenceWritable(ctx: Ctx, id: string): Promise<void> {
  const { db } = ctx.deps;
  const r = await repo.findReport(db, id);
  if (!r) throw reportNotFound();
  const task = await repo.findTask(db, r.taskId);
  if (!task) throw reportNotFound();
  assertReporter(ctx, task);
  assertEditable(r);
}

/** Links an uploaded evidence file to a draft or returned report. VALIDATION (no file), OUT_OF_SCOPE, CONFLICT. */
export async function addReportEvidence(ctx: Ctx, id: string, upload: SavedFile | null): Promise<LedgerReportDetail> {
  const file = requireFile(upload);
  await ctx.deps.db.transaction(async (tx) => {
    const { r, task } = await lockedReport(tx, id);
    assertReporter(ctx, task);
    assertEditable(r);
    await attachEvidence(tx, ctx, { entityType: 'report', entityId: id, taskId: task.id, quarter: r.quarter }, file);
  });
  return getReport(ctx, id);
}

/**
 * For evidence removal and downloads: a report's task, and whether the caller may change it / read
 * it. Inside a removal's transaction the report is locked, so it cannot be submitted meanwhile.
 */
export async function reportAccess(ctx: Ctx, reportId: string, tx?: DbOrTx) {
  const db = tx ?? ctx.deps.db;
  const r = tx ? await repo.lockReport(tx, reportId) : await repo.findReport(db, reportId);
  const task = r ? await repo.findTask(db, r.taskId) : undefined;
  if (!r || !task) return null;
  return {
    read: mayReadTask(ctx.actor, task),
    write: mayReport(ctx.actor, task) && editable(r.status),
    taskId: task.id,
    quarter: r.quarter,
  };
}

// ── Export ────────────────────────────────────────────────────────────────────

const quarterNames = ['一季度', '二季度', '三季度', '四季度'];
const exportColumns = defineColumns([
  { key: 'year', header: '年度', kind: 'integer', width: 8 },
  { key: 'measureNo', header: '举措编号', kind: 'integer', width: 8 },
  { key: 'measure', header: '改革举措', width: 28 },
  { key: 'unit', header: '责任单位', width: 18 },
  { key: 'title', header: '任务', width: 30 },
  { key: 'target', header: '年度目标', width: 40 },
  { key: 'kpi', header: '关联指标（目标值）', width: 36 },
  { key: 'due', header: '完成时限', width: 10 },
  ...quarterNames.flatMap((n, i): SheetColumn[] => [
    { key: `q${i + 1}Status`, header: `${n}状态`, width: 16 },
    { key: `q${i + 1}Percent`, header: `${n}完成%`, kind: 'integer', width: 10 },
  ]),
  { key: 'percent', header: '当前完成%', kind: 'integer', width: 10 },
  { key: 'expected', header: '应达完成%', kind: 'integer', width: 10 },
  { key: 'overdue', header: '逾期', width: 8 },
  { key: 'lagging', header: '滞后', width: 8 },
] as const);

function quarterCell(q: LedgerTaskItem['quarters'][number]): string {
  if (q.overdue) return q.status === 'draft' ? '逾期未报（草稿）' : '逾期未报';
  if (!q.status) return q.required ? '未报' : '—';
  const s = `${ledgerReportStatusLabels[q.status]}（${q.progress ? progressStatusLabels[q.progress] : ''}）`;
  return `${s}${q.late ? '·迟报' : ''}${q.lagging ? '·滞后' : ''}`;
}

/** The ledger in scope as xlsx: task, target, KPI, each quarter's status and % complete, the flags. */
export async function exportTasks(
  ctx: Ctx,
  q: Omit<LedgerTaskQuery, 'page' | 'pageSize'>,
  now = new Date(),
): Promise<{ buffer: Buffer; fileName: string }> {
  const items = (await tasksWithFlags(ctx, q, now)).filter(flagFilter(q.flag));
  const rows = items.map((t) => {
    const row: Record<string, unknown> = {
      year: t.year,
      measureNo: t.measureNo,
      measure: t.measureTitle,
      unit: t.unit.name,
      title: t.title,
      target: t.target,
      kpi: kpiText(t.kpi),
      due: `第 ${t.dueQuarter} 季度`,
      percent: t.percent,
      expected: t.expectedPercent,
      overdue: t.overdue ? '是' : '否',
      lagging: t.lagging ? '是' : '否',
    };
    for (const qq of t.quarters) {
      row[`q${qq.quarter}Status`] = quarterCell(qq);
      row[`q${qq.quarter}Percent`] = qq.percent;
    }
    return row;
  });
  const year = q.year ? `${q.year} 年` : '';
  const buffer = await exportXlsx(exportColumns, rows as never, {
    sheetName: '工作台账',
    title: `${year}产教联合体改革举措工作台账（逾期：季度结束 10 日后未报送；滞后：完成进度低于时间进度 15 个百分点以上）`,
  });
  return { buffer, fileName: `工作台账${q.year ?? ''}.xlsx` };
}

// ── Reminders ─────────────────────────────────────────────────────────────────

/**
 * Scheduled reminders to the units' users, idempotent per task × quarter × kind: a report due
 * (the quarter has ended, the 10 days are running, nothing submitted) and a report overdue.
 * Returns how many notifications were new.
 */
export async function remindLedger(ctx: Ctx, now: Date): Promise<number> {
  const { db } = ctx.deps;
  const year = currentYear(now);
  let written = 0;
  for (const y of [year - 1, year]) {
    const rows = await repo.listTasks(db, { year: y });
    if (rows.length === 0) continue;
    const byTask = await reportsByTask(db, rows);
    const recipientsOf = new Map<string, string[]>();
    for (const t of rows) {
      const item = toTaskItem(t, byTask.get(t.id) ?? [], [], now);
      for (const q of item.quarters) {
        if (!q.required || q.submittedAt || (q.status && q.status !== 'draft')) continue;
        const ended = now.getTime() >= quarterEnd(t.year, q.quarter).getTime();
        if (!ended) continue;
        const kind = q.overdue ? 'ledger.overdue' : 'ledger.due';
        let users = recipientsOf.get(t.unitOrgId);
        if (!users) {
          users = await recipients(db, { role: 'official', orgId: t.unitOrgId });
          recipientsOf.set(t.unitOrgId, users);
        }
        written += await notify(
          db,
          users.map((userId) => ({
            userId,
            kind,
            title: q.overdue
              ? `${t.year} 年第 ${q.quarter} 季度报告已逾期：${t.title}`
              : `请于 ${q.deadline} 前报送 ${t.year} 年第 ${q.quarter} 季度报告：${t.title}`,
            body: `第 ${t.measureNo} 项举措“${t.measureTitle}”`,
            link: link(t.id),
            dedupeKey: `${kind}:${t.id}:${q.quarter}`,
          })),
        );
      }
    }
  }
  return written;
}
