/**
 * 赛马比拼: each quarter each government unit and each consortium (its secretariat) submits one
 * best-practice case (一个季度一项“最佳实践”); managers shortlist, then select or not select.
 * Visibility: managers see every case; others see their own and everyone's selected cases.
 */
import {
  type BestPracticeCase,
  type CaseDecisionBody,
  type CaseDetail,
  type CaseQuery,
  type CaseStatus,
  type CreateCaseBody,
  caseStatusLabels,
  type Paged,
  type UpdateCaseBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { requireFile, type SavedFile } from '../../lib/files';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import * as repo from './competition.repository';
import { assertManager, isManager } from './ledger.policy';
import * as ledgerRepo from './ledger.repository';
import { quarterStarted, reportDeadline } from './ledger.rules';
import { attachEvidence, evidenceAuditEntity, recordChange, toEvent, toEvidence } from './ledger.service';

const ENTITY = evidenceAuditEntity.case;
const notFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '最佳实践案例不存在', 'en-US': 'Best-practice case not found' });

/** Who the caller submits for: their government unit, or their consortium as its secretariat. */
async function submitterOf(ctx: Ctx): Promise<{ unitOrgId: string } | { consortiumId: string }> {
  const a = ctx.actor;
  if (a?.permissions.has('ledger.report')) {
    if (a.orgId) {
      const org = await ledgerRepo.orgById(ctx.deps.db, a.orgId);
      if (org?.type === 'government') return { unitOrgId: org.id };
    } else if (a.consortiumId && a.roles.includes('secretariat')) return { consortiumId: a.consortiumId };
  }
  throw new AppError('FORBIDDEN', {
    'zh-CN': '最佳实践案例由责任单位（政府部门）或联合体秘书处提交',
    'en-US': 'Cases are submitted by responsible units or consortium secretariats',
  });
}

function isOwn(ctx: Ctx, c: repo.CaseRow): boolean {
  const a = ctx.actor;
  if (!a) return false;
  return Boolean((c.unitOrgId && a.orgId === c.unitOrgId) || (c.consortiumId && a.consortiumId === c.consortiumId));
}

function mayRead(ctx: Ctx, c: repo.CaseRow) {
  return isManager(ctx.actor) || c.status === 'selected' || isOwn(ctx, c);
}

/** The submitter side may change a case until an official has shortlisted or decided it. */
function mayEdit(ctx: Ctx, c: repo.CaseRow) {
  return Boolean(ctx.actor?.permissions.has('ledger.report')) && isOwn(ctx, c) && c.status === 'submitted';
}

function toCase(r: repo.CaseListRow): BestPracticeCase {
  return {
    id: r.id,
    year: r.year,
    quarter: r.quarter,
    submitterKind: r.unitOrgId ? 'unit' : 'consortium',
    submitter: { id: (r.unitOrgId ?? r.consortiumId)!, name: r.submitterName },
    measureNo: r.measureNo,
    title: r.title,
    summary: r.summary,
    status: r.status as CaseStatus,
    decisionComment: r.decisionComment,
    submittedAt: r.submittedAt.toISOString(),
    late: r.submittedAt.getTime() >= reportDeadline(r.year, r.quarter).at.getTime(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decidedBy: r.decidedByName,
    evidenceCount: r.evidenceCount,
  };
}

const scopeOf = (ctx: Ctx) =>
  isManager(ctx.actor) ? undefined : { orgId: ctx.actor?.orgId ?? null, consortiumId: ctx.actor?.consortiumId ?? null };

/** Cases visible to the caller, per quarter with filters. */
export async function listCases(ctx: Ctx, q: CaseQuery): Promise<Paged<BestPracticeCase>> {
  const { items, total } = await repo.listCases(
    ctx.deps.db,
    { ...q, scope: scopeOf(ctx) },
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toCase), total, page: q.page, pageSize: q.pageSize };
}

/** One case with evidence and history. NOT_FOUND, OUT_OF_SCOPE. */
export async function getCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  const { db } = ctx.deps;
  const row = await repo.findCase(db, id);
  if (!row) throw notFound();
  if (!mayRead(ctx, row)) throw outOfScope();
  const [evidence, events] = await Promise.all([
    ledgerRepo.evidenceOf(db, 'case', [id]),
    ledgerRepo.eventsOf(db, 'case', id),
  ]);
  return {
    ...toCase(row),
    evidence: evidence.map(toEvidence),
    events: events.map(toEvent),
    can: {
      edit: mayEdit(ctx, row),
      decide: isManager(ctx.actor) && (row.status === 'submitted' || row.status === 'shortlisted'),
    },
  };
}

/**
 * Submits the caller's unit's or consortium's case for a quarter that has begun; one per quarter.
 * FORBIDDEN (neither a unit nor a secretariat), VALIDATION (future quarter), CONFLICT (already one).
 */
export async function createCase(ctx: Ctx, body: CreateCaseBody, now = new Date()): Promise<CaseDetail> {
  const who = await submitterOf(ctx);
  if (!quarterStarted(body.year, body.quarter, now))
    throw new AppError(
      'VALIDATION',
      { 'zh-CN': `${body.year} 年第 ${body.quarter} 季度尚未开始`, 'en-US': 'That quarter has not begun' },
      [{ path: 'quarter', message: '该季度尚未开始' }],
    );
  const id = await ctx.deps.db.transaction(async (tx) => {
    const existing = await repo.findCaseOfQuarter(tx, who, body.year, body.quarter);
    if (existing)
      throw new AppError(
        'CONFLICT',
        {
          'zh-CN': `${body.year} 年第 ${body.quarter} 季度已提交最佳实践案例“${existing.title}”，每季度只能提交一项`,
          'en-US': 'One best-practice case per quarter: this quarter already has one',
        },
        { caseId: existing.id },
      );
    const values = {
      ...who,
      year: body.year,
      quarter: body.quarter,
      measureNo: body.measureNo ?? null,
      title: body.title,
      summary: body.summary,
      status: 'submitted',
      submittedBy: ctx.actor?.userId ?? null,
      submittedAt: now,
    };
    const newId = await repo.insertCase(tx, values);
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'case',
        entityId: newId,
        quarter: body.quarter,
        action: 'case.submit',
        toStatus: 'submitted',
      },
      { entity: ENTITY, after: values },
    );
    return newId;
  });
  return getCase(ctx, id);
}

async function lockedEditable(ctx: Ctx, tx: Parameters<typeof repo.lockCase>[0], id: string) {
  const row = await repo.lockCase(tx, id);
  if (!row) throw notFound();
  if (!isOwn(ctx, row)) throw outOfScope();
  if (!mayEdit(ctx, row))
    throw new AppError('CONFLICT', {
      'zh-CN': `${caseStatusLabels[row.status as CaseStatus]}的案例不能修改`,
      'en-US': 'A case can change only before it is shortlisted or decided',
    });
  return row;
}

/** Edits the caller's case while it is still 已提交. NOT_FOUND, OUT_OF_SCOPE, CONFLICT. */
export async function updateCase(ctx: Ctx, id: string, body: UpdateCaseBody): Promise<CaseDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const before = await lockedEditable(ctx, tx, id);
    const set = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.summary !== undefined ? { summary: body.summary } : {}),
      ...(body.measureNo !== undefined ? { measureNo: body.measureNo } : {}),
    };
    await repo.updateCase(tx, id, set);
    await recordChange(
      tx,
      ctx,
      { entityType: 'case', entityId: id, quarter: before.quarter, action: 'case.update' },
      {
        entity: ENTITY,
        before: { title: before.title, summary: before.summary, measureNo: before.measureNo },
        after: set,
      },
    );
  });
  return getCase(ctx, id);
}

const decisionFrom: Record<CaseDecisionBody['decision'], readonly string[]> = {
  shortlisted: ['submitted'],
  selected: ['shortlisted'],
  not_selected: ['submitted', 'shortlisted'],
};

/**
 * A manager's decision: shortlist a submitted case, select a shortlisted one, or not select.
 * FORBIDDEN, NOT_FOUND, CONFLICT (wrong step).
 */
export async function decideCase(ctx: Ctx, id: string, body: CaseDecisionBody): Promise<CaseDetail> {
  assertManager(ctx.actor);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await repo.lockCase(tx, id);
    if (!row) throw notFound();
    if (!decisionFrom[body.decision].includes(row.status))
      throw new AppError(
        'CONFLICT',
        {
          'zh-CN':
            body.decision === 'selected'
              ? `只有入围的案例可以入选，该案例${caseStatusLabels[row.status as CaseStatus]}`
              : `${caseStatusLabels[row.status as CaseStatus]}的案例不能设为${caseStatusLabels[body.decision]}`,
          'en-US': `A ${row.status} case cannot become ${body.decision}`,
        },
        { status: row.status },
      );
    await repo.updateCase(tx, id, {
      status: body.decision,
      decisionComment: body.comment ?? row.decisionComment,
      decidedAt: new Date(),
      decidedBy: ctx.actor?.userId ?? null,
    });
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'case',
        entityId: id,
        quarter: row.quarter,
        action: `case.${body.decision}`,
        fromStatus: row.status,
        toStatus: body.decision,
        comment: body.comment ?? null,
      },
      {
        action: 'ledger.case.decide',
        entity: ENTITY,
        before: { status: row.status },
        after: { status: body.decision, comment: body.comment ?? null },
      },
    );
  });
  return getCase(ctx, id);
}

/** Before an upload is read: the case exists, is the caller's and can still change. */
export async function assertCaseEvidenceWritable(ctx: Ctx, id: string) {
  const row = await repo.findCase(ctx.deps.db, id);
  if (!row) throw notFound();
  if (!isOwn(ctx, row)) throw outOfScope();
  if (!mayEdit(ctx, row))
    throw new AppError('CONFLICT', {
      'zh-CN': `${caseStatusLabels[row.status as CaseStatus]}的案例不能再上传材料`,
      'en-US': 'A case can change only before it is shortlisted or decided',
    });
}

/** Links an uploaded evidence file to the caller's case. VALIDATION, OUT_OF_SCOPE, CONFLICT. */
export async function addCaseEvidence(ctx: Ctx, id: string, upload: SavedFile | null): Promise<CaseDetail> {
  const file = requireFile(upload);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await lockedEditable(ctx, tx, id);
    await attachEvidence(tx, ctx, { entityType: 'case', entityId: id, quarter: row.quarter }, file);
  });
  return getCase(ctx, id);
}

/** For evidence removal (locked inside its transaction, so no decision lands meanwhile) and downloads. */
export async function caseAccess(ctx: Ctx, id: string, tx?: DbOrTx) {
  if (tx) await repo.lockCase(tx, id);
  const row = await repo.findCase(tx ?? ctx.deps.db, id);
  if (!row) return null;
  return { read: mayRead(ctx, row), write: mayEdit(ctx, row), quarter: row.quarter };
}

const exportColumns = defineColumns([
  { key: 'year', header: '年度', kind: 'integer', width: 8 },
  { key: 'quarter', header: '季度', kind: 'integer', width: 8 },
  { key: 'kind', header: '提交方', width: 10 },
  { key: 'submitter', header: '单位/联合体', width: 30 },
  { key: 'measureNo', header: '相关举措', kind: 'integer', width: 10 },
  { key: 'title', header: '案例标题', width: 36 },
  { key: 'summary', header: '案例简介', width: 60 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'submittedAt', header: '提交时间', kind: 'datetime', width: 20 },
  { key: 'late', header: '逾期提交', width: 10 },
  { key: 'evidenceCount', header: '佐证材料数', kind: 'integer', width: 10 },
  { key: 'decisionComment', header: '评选意见', width: 40 },
]);

/** The visible cases as xlsx (same filters as the list). */
export async function exportCases(ctx: Ctx, q: Omit<CaseQuery, 'page' | 'pageSize'>) {
  const { items } = await repo.listCases(ctx.deps.db, { ...q, scope: scopeOf(ctx) }, 100_000, 0);
  const rows = items.map((r) => {
    const c = toCase(r);
    return {
      year: c.year,
      quarter: c.quarter,
      kind: c.submitterKind === 'unit' ? '责任单位' : '联合体',
      submitter: c.submitter.name,
      measureNo: c.measureNo,
      title: c.title,
      summary: c.summary,
      status: caseStatusLabels[c.status],
      submittedAt: r.submittedAt,
      late: c.late ? '是' : '否',
      evidenceCount: c.evidenceCount,
      decisionComment: c.decisionComment,
    };
  });
  const buffer = await exportXlsx(exportColumns, rows as never, {
    sheetName: '最佳实践案例',
    title: `赛马比拼·季度最佳实践案例${q.year ? `（${q.year} 年${q.quarter ? `第 ${q.quarter} 季度` : ''}）` : ''}`,
  });
  return { buffer, fileName: `最佳实践案例${q.year ?? ''}.xlsx` };
}
