/**
 * Evaluation rounds (评价轮次): officials create rounds pinned to a published indicator framework,
 * secretariats fill self-assessments (with facts computed from records and contradiction flags),
 * reviewers free of conflicts of interest score independently, officials consolidate, recommend
 * (省级推荐, at most 3) and decide (验收通过 / 撤销, written to the registry). Every change is kept
 * in evaluation_events and the audit log, in the same transaction.
 */
import type { Readable } from 'node:stream';
import {
  type AssignmentItem,
  type AssignmentStatus,
  type AssignReviewerBody,
  type ComputedFact,
  type ConsolidateBody,
  type ConsolidationMethod,
  type ContradictionFlag,
  type CreateRoundBody,
  consolidationMethodLabels,
  type DecisionBody,
  type DeductionBody,
  type EntryDecision,
  type EntryDetail,
  type EntryItem,
  type EntryListQuery,
  type EntryPoint,
  type EntryStatus,
  type EvidenceFile,
  entryDecisionLabels,
  entryStatusLabels,
  eventKindLabels,
  type FactKey,
  orgTypeLabels,
  type Paged,
  type PointKind,
  PROVINCE_RECOMMENDATION_CAP,
  type RecommendBody,
  type ReturnEntryBody,
  type ReviewerCandidate,
  type ReviewTask,
  type RoundDetail,
  type RoundEvent,
  type RoundItem,
  type RoundKind,
  type RoundListQuery,
  type RoundStatus,
  roundKindLabels,
  roundStatusLabels,
  type SaveScoresBody,
  type SaveSelfAssessmentBody,
  TRIMMED_MEAN_MIN_REVIEWERS,
  type UpdateRoundBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { todayInChina } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { fileRow, openFile, requireFile, type SavedFile, uploadName } from '../../lib/files';
import { tablePdf } from '../../lib/pdf';
import { exportXlsx, type SheetColumn } from '../../lib/sheets';
import { appendAudit } from '../audit';
import { consortiumService } from '../consortium';
import { notify, recipients } from '../notifications';
import { consolidate, rankByTotal, resultLabel } from './consolidate';
import * as frameworks from './evaluation.repository';
import { DEFAULT_FRAMEWORK_NAME } from './evaluation.service';
import { contradictions, councilFact, FACT_OF_POINT, talentFact, unrecordedFact } from './facts';
import { canFill, type Viewer, viewerOf } from './rounds.policy';
import * as repo from './rounds.repository';

const today = (now = new Date()) => todayInChina(now);

const invalid = (zh: string, en: string, path?: string) =>
  new AppError('VALIDATION', { 'zh-CN': zh, 'en-US': en }, path ? [{ path, message: zh }] : undefined);
const conflict = (zh: string, en: string, details?: unknown) =>
  new AppError('CONFLICT', { 'zh-CN': zh, 'en-US': en }, details);
const roundNotFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '评价轮次不存在', 'en-US': 'Evaluation round not found' });
const entryNotFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '参评记录不存在', 'en-US': 'Evaluation entry not found' });
const notManager = () =>
  new AppError('FORBIDDEN', { 'zh-CN': '只有市教委/工作专班可以执行此操作', 'en-US': 'Only officials may do this' });

const iso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();

/** Appends the dated history row and the audit entry of one change (inside the caller's transaction). */
async function record(
  tx: DbOrTx,
  ctx: Ctx,
  ev: { roundId: string; entryId?: string | null; kind: string; note?: string | null },
  audit: { entity: string; entityId: string; before?: object | null; after?: object | null; detail?: object },
) {
  await repo.insertEvent(tx, { ...ev, actorId: ctx.actor?.userId ?? null });
  await appendAudit(tx, ctx, {
    action: `evaluation.${ev.kind}`,
    entity: audit.entity,
    entityId: audit.entityId,
    before: (audit.before ?? null) as never,
    after: (audit.after ?? null) as never,
    detail: {
      roundId: ev.roundId,
      entryId: ev.entryId ?? null,
      note: ev.note ?? null,
      ...(audit.detail ?? {}),
    } as never,
  });
}

// ── Framework points and facts ─────────────────────────────────────────────

type Point = frameworks.PointRow;

const basicPoints = (points: Point[]) => points.filter((p) => p.kind === 'basic');
const deductionPoint = (points: Point[]) => points.find((p) => p.kind === 'deduction');

/** The fact a point shows, by its code in the pinned framework. */
const factKeyOf = (pointCode: string): FactKey | undefined => FACT_OF_POINT[pointCode];

/**
 * Computes one fact for a consortium and year from the records. The council is counted as of the
 * end of the year (or today, for the current year); activity within the year.
 */
export async function computeFact(
  db: DbOrTx,
  key: FactKey,
  consortiumId: string,
  year: number,
  now = new Date(),
): Promise<ComputedFact> {
  if (key === 'council_composition') {
    const end = `${year}-12-31`;
    const asOf = today(now) < end ? today(now) : end;
    return councilFact(await repo.councilCounts(db, consortiumId, asOf), orgTypeLabels, now);
  }
  if (key === 'talent_activity') return talentFact(await repo.talentCounts(db, consortiumId, year), year, now);
  return unrecordedFact(key, now);
}

async function liveFacts(db: DbOrTx, points: Point[], consortiumId: string, year: number) {
  const out = new Map<string, ComputedFact>();
  const now = new Date();
  for (const p of points) {
    const key = factKeyOf(p.pointCode);
    if (key) out.set(p.pointCode, await computeFact(db, key, consortiumId, year, now));
  }
  return out;
}

// ── Reading ────────────────────────────────────────────────────────────────

function toEntryItem(r: repo.EntryListRow, viewer: Viewer): EntryItem {
  const consolidated = r.roundStatus === 'consolidated' || r.roundStatus === 'closed';
  return {
    id: r.id,
    roundId: r.roundId,
    roundName: r.roundName,
    roundKind: r.roundKind as RoundKind,
    roundStatus: r.roundStatus as RoundStatus,
    consortiumId: r.consortiumId,
    consortiumName: r.consortiumName,
    status: r.status as EntryStatus,
    selfDueOn: r.selfDueOn,
    reviewDueOn: r.reviewDueOn,
    submittedAt: iso(r.submittedAt),
    overdue: r.overdue,
    selfTotal: Number(r.selfTotal),
    reviewerCount: r.reviewerCount,
    reviewsSubmitted: r.reviewsSubmitted,
    total: consolidated ? r.total : null,
    resultLabel: consolidated ? r.resultLabel : null,
    rank: consolidated ? r.rank : null,
    recommended: r.recommended,
    decision: (r.decision as EntryDecision | null) ?? null,
    // Reviewers see the flags of submitted entries; others see them as soon as they exist.
    flagCount: viewer.manage || viewer.consortiumId || r.status !== 'not_started' ? r.flagCount : 0,
  };
}

async function visibleEntry(ctx: Ctx, id: string, viewer = viewerOf(ctx.actor)) {
  const { items } = await repo.listEntries(ctx.deps.db, viewer.visibility, { entryId: id }, today(), 1, 0);
  const row = items[0];
  if (!row) throw entryNotFound();
  return row;
}

async function visibleRound(ctx: Ctx, id: string, viewer: Viewer) {
  const round = await repo.findRound(ctx.deps.db, id);
  if (!round) throw roundNotFound();
  const { items } = await repo.listEntries(ctx.deps.db, viewer.visibility, { roundId: id }, today(), 1000, 0);
  if (!viewer.manage && items.length === 0) throw roundNotFound();
  return { round, entries: items };
}

/** A round as the list shows it (the list's row, or a found round with its counts). */
function toRoundItem(
  r: Omit<repo.RoundListRow, 'createdAt' | 'consolidatedAt'> & {
    createdAt: Date | string;
    consolidatedAt: Date | string | null;
  },
): RoundItem {
  return {
    id: r.id,
    kind: r.kind as RoundKind,
    name: r.name,
    year: r.year,
    frameworkId: r.frameworkId,
    frameworkName: r.frameworkName,
    frameworkVersion: r.frameworkVersion,
    selfDueOn: r.selfDueOn,
    reviewDueOn: r.reviewDueOn,
    method: r.method as ConsolidationMethod,
    status: r.status as RoundStatus,
    entryCount: r.entryCount,
    submittedCount: r.submittedCount,
    overdueCount: r.overdueCount,
    createdAt: iso(r.createdAt)!,
    consolidatedAt: iso(r.consolidatedAt),
  };
}

/** Rounds the caller may see (officials: all; secretariat/council: with their entry; reviewers: assigned). */
export async function listRounds(ctx: Ctx, q: RoundListQuery): Promise<Paged<RoundItem>> {
  const viewer = viewerOf(ctx.actor);
  const { items, total } = await repo.listRounds(
    ctx.deps.db,
    viewer.visibility,
    q,
    today(),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toRoundItem), total, page: q.page, pageSize: q.pageSize };
}

/** The visible rounds as xlsx (same filters as the list). */
export async function exportRounds(ctx: Ctx, q: Omit<RoundListQuery, 'page' | 'pageSize'>) {
  const viewer = viewerOf(ctx.actor);
  const { items } = await repo.listRounds(ctx.deps.db, viewer.visibility, q, today(), 10_000, 0);
  const columns: SheetColumn[] = [
    { key: 'name', header: '评价轮次', width: 36 },
    { key: 'kind', header: '类型', width: 14 },
    { key: 'year', header: '年度', kind: 'integer' },
    { key: 'framework', header: '指标体系', width: 36 },
    { key: 'selfDueOn', header: '自评截止', kind: 'date' },
    { key: 'reviewDueOn', header: '评审截止', kind: 'date' },
    { key: 'method', header: '汇总方法', width: 24 },
    { key: 'status', header: '状态', width: 10 },
    { key: 'entryCount', header: '参评联合体', kind: 'integer' },
    { key: 'submittedCount', header: '已提交自评', kind: 'integer' },
    { key: 'overdueCount', header: '逾期', kind: 'integer' },
  ];
  const buffer = await exportXlsx(
    columns,
    items.map((r) => ({
      ...r,
      kind: roundKindLabels[r.kind as RoundKind],
      framework: `${r.frameworkName}（第 ${r.frameworkVersion} 版）`,
      method: consolidationMethodLabels[r.method as ConsolidationMethod],
      status: roundStatusLabels[r.status as RoundStatus],
    })),
    { sheetName: '评价轮次', title: `评价轮次（${today()} 导出）` },
  );
  return { buffer, fileName: `评价轮次-${today()}.xlsx` };
}

/** One round with the entries the caller may see and what he may do. NOT_FOUND. */
export async function getRound(ctx: Ctx, id: string): Promise<RoundDetail> {
  const viewer = viewerOf(ctx.actor);
  const { round, entries } = await visibleRound(ctx, id, viewer);
  const points = await frameworks.pointsOf(ctx.deps.db, round.frameworkId);
  const names = await frameworks.userNames(ctx.deps.db, round.createdBy ? [round.createdBy] : []);
  let overdueCount = entries.filter((e) => e.overdue).length;
  if (!viewer.manage && !viewer.consortiumId && viewer.reviewer) {
    const mine = (
      await repo.assignmentsOf(
        ctx.deps.db,
        entries.map((e) => e.id),
      )
    ).filter((a) => a.reviewerId === viewer.userId);
    const late = ['open', 'reviewing'].includes(round.status) && round.reviewDueOn < today();
    overdueCount = late ? mine.filter((a) => a.status !== 'submitted').length : 0;
  }
  const m = viewer.manage;
  return {
    ...toRoundItem({
      ...round,
      entryCount: entries.length,
      submittedCount: entries.filter((e) => e.submittedAt && e.status !== 'returned').length,
      overdueCount,
    }),
    createdBy: round.createdBy ? (names.get(round.createdBy) ?? null) : null,
    points: points.map((p) => ({
      pointCode: p.pointCode,
      groupName: p.groupName,
      name: p.name,
      kind: p.kind as PointKind,
      weight: p.weight,
    })),
    entries: entries.map((e) => toEntryItem(e, viewer)),
    recommendedCount: entries.filter((e) => e.recommended).length,
    can: {
      edit: m && round.status === 'draft',
      open: m && round.status === 'draft',
      startReview: m && round.status === 'open',
      consolidate: m && round.status === 'reviewing',
      close: m && round.status === 'consolidated',
    },
  };
}

// ── Creating and editing rounds ───────────────────────────────────────────

async function pinnableFramework(db: DbOrTx, frameworkId: string | undefined): Promise<string> {
  if (!frameworkId) {
    const id = await repo.currentPublishedFramework(db, DEFAULT_FRAMEWORK_NAME);
    if (!id) throw invalid('尚无已发布的指标体系，请先发布指标体系', 'No published framework', 'frameworkId');
    return id;
  }
  const status = await repo.frameworkStatus(db, frameworkId);
  if (!status) throw invalid('指标体系版本不存在', 'Framework not found', 'frameworkId');
  if (status === 'draft')
    throw invalid(
      '草稿版本的指标体系不能用于评价，请先发布该版本',
      'A draft framework cannot be pinned',
      'frameworkId',
    );
  return frameworkId;
}

async function checkConsortia(db: DbOrTx, ids: string[]) {
  const rows = await repo.consortiaByIds(db, ids);
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !found.get(id) || found.get(id)?.deletedAt);
  if (missing.length)
    throw invalid(`参评联合体不存在：${missing.join('、')}`, 'Some consortia do not exist', 'consortiumIds');
  const revoked = rows.filter((r) => r.status === 'revoked').map((r) => r.name);
  if (revoked.length)
    throw invalid(
      `已撤销的联合体不能参评：${revoked.join('、')}`,
      'Revoked consortia cannot take part',
      'consortiumIds',
    );
}

const roundView = (r: Partial<repo.RoundRow> & { consortiumIds?: string[] }) => ({
  kind: r.kind,
  name: r.name,
  year: r.year,
  frameworkId: r.frameworkId,
  selfDueOn: r.selfDueOn,
  reviewDueOn: r.reviewDueOn,
  method: r.method,
  status: r.status,
  consortiumIds: r.consortiumIds,
});

/**
 * Creates a draft round pinned to a published framework version (the current one by default) with
 * one entry per consortium. VALIDATION (draft framework, unknown or revoked consortium).
 */
export async function createRound(ctx: Ctx, input: CreateRoundBody): Promise<RoundDetail> {
  const viewer = viewerOf(ctx.actor);
  if (!viewer.manage) throw notManager();
  const body = { method: 'mean' as const, consortiumIds: [] as string[], ...input };
  const id = await ctx.deps.db.transaction(async (tx) => {
    const frameworkId = await pinnableFramework(tx, body.frameworkId);
    await checkConsortia(tx, body.consortiumIds);
    const values = {
      kind: body.kind,
      name: body.name,
      year: body.year,
      frameworkId,
      selfDueOn: body.selfDueOn,
      reviewDueOn: body.reviewDueOn,
      method: body.method,
      status: 'draft',
      createdBy: ctx.actor?.userId ?? null,
    };
    const newId = await repo.insertRound(tx, values);
    await repo.insertEntries(tx, newId, body.consortiumIds);
    await record(
      tx,
      ctx,
      { roundId: newId, kind: 'round.create', note: `${roundKindLabels[body.kind]}：${body.name}` },
      {
        entity: 'evaluation_round',
        entityId: newId,
        after: roundView({ ...values, consortiumIds: body.consortiumIds }),
      },
    );
    return newId;
  });
  return getRound(ctx, id);
}

/** Edits a draft round (the entries too). NOT_FOUND; CONFLICT past draft; VALIDATION as for create. */
export async function updateRound(ctx: Ctx, id: string, body: UpdateRoundBody): Promise<RoundDetail> {
  if (!viewerOf(ctx.actor).manage) throw notManager();
  await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.lockRound(tx, id);
    if (!r) throw roundNotFound();
    if (r.status !== 'draft')
      throw conflict(
        `“${roundStatusLabels[r.status as RoundStatus]}”的评价轮次不能修改，只有草稿可以修改`,
        'Only a draft round can be edited',
      );
    const frameworkId = body.frameworkId ? await pinnableFramework(tx, body.frameworkId) : r.frameworkId;
    const selfDueOn = body.selfDueOn ?? r.selfDueOn;
    const reviewDueOn = body.reviewDueOn ?? r.reviewDueOn;
    if (reviewDueOn < selfDueOn)
      throw invalid(
        '评审截止日期不能早于自评截止日期',
        'Review due date precedes self-assessment due date',
        'reviewDueOn',
      );
    const set = {
      name: body.name ?? r.name,
      year: body.year ?? r.year,
      frameworkId,
      selfDueOn,
      reviewDueOn,
      method: body.method ?? r.method,
    };
    const before = (await repo.entriesOfRound(tx, id)).map((e) => e.consortiumId);
    let after = before;
    if (body.consortiumIds) {
      await checkConsortia(tx, body.consortiumIds);
      const removed = before.filter((c) => !body.consortiumIds!.includes(c));
      const added = body.consortiumIds.filter((c) => !before.includes(c));
      await repo.deleteEntries(tx, id, removed);
      await repo.insertEntries(tx, id, added);
      after = body.consortiumIds;
    }
    await repo.updateRound(tx, id, set);
    await record(
      tx,
      ctx,
      { roundId: id, kind: 'round.update' },
      {
        entity: 'evaluation_round',
        entityId: id,
        before: roundView({ ...r, consortiumIds: before }),
        after: roundView({ ...r, ...set, consortiumIds: after }),
      },
    );
  });
  return getRound(ctx, id);
}

async function transitionRound(
  ctx: Ctx,
  id: string,
  from: RoundStatus,
  to: RoundStatus,
  kind: string,
  work?: (tx: DbOrTx, r: repo.RoundRow) => Promise<{ note?: string; detail?: object } | undefined>,
) {
  if (!viewerOf(ctx.actor).manage) throw notManager();
  await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.lockRound(tx, id);
    if (!r) throw roundNotFound();
    if (r.status !== from)
      throw conflict(
        `评价轮次当前为“${roundStatusLabels[r.status as RoundStatus]}”，只有“${roundStatusLabels[from]}”的轮次可以${eventKindLabels[kind]}`,
        `The round is ${r.status}; only a ${from} round can do this`,
        { status: r.status },
      );
    const extra = (await work?.(tx, r)) ?? {};
    const stamp =
      to === 'consolidated' ? { consolidatedAt: new Date() } : to === 'closed' ? { closedAt: new Date() } : {};
    await repo.updateRound(tx, id, { status: to, ...stamp });
    await record(
      tx,
      ctx,
      { roundId: id, kind, note: extra.note ?? null },
      {
        entity: 'evaluation_round',
        entityId: id,
        before: { status: from },
        after: { status: to },
        ...(extra.detail ? { detail: extra.detail } : {}),
      },
    );
  });
  return getRound(ctx, id);
}

async function notifySecretariats(
  tx: DbOrTx,
  consortiumIds: string[],
  make: (c: string) => Omit<Parameters<typeof notify>[1][number], 'userId'>,
) {
  for (const c of consortiumIds) {
    const ids = await recipients(tx, { role: 'secretariat', consortiumId: c });
    await notify(
      tx,
      ids.map((userId) => ({ userId, ...make(c) })),
    );
  }
}

/** draft → open: secretariats may fill. CONFLICT without entries. */
export function openRound(ctx: Ctx, id: string): Promise<RoundDetail> {
  return transitionRound(ctx, id, 'draft', 'open', 'round.open', async (tx, r) => {
    const entries = await repo.entriesOfRound(tx, id);
    if (entries.length === 0) throw conflict('请先选择参评联合体', 'Add the consortia taking part first');
    await notifySecretariats(
      tx,
      entries.map((e) => e.consortiumId),
      () => ({
        kind: 'evaluation.opened',
        title: `${r.name}：请于 ${r.selfDueOn} 前完成自评`,
        body: `${roundKindLabels[r.kind as RoundKind]}已开始自评，截止日期 ${r.selfDueOn}。`,
        link: `/evaluation/rounds/${id}`,
        dedupeKey: `evaluation.opened:${id}`,
      }),
    );
    return { note: `${entries.length} 个联合体参评` };
  });
}

/**
 * open → reviewing: the submitted entries go under review; entries not submitted get no result.
 * CONFLICT when none is submitted.
 */
export function startReview(ctx: Ctx, id: string): Promise<RoundDetail> {
  return transitionRound(ctx, id, 'open', 'reviewing', 'round.start_review', async (tx, r) => {
    const entries = await repo.entriesOfRound(tx, id);
    const submitted = entries.filter((e) => e.status === 'submitted');
    if (submitted.length === 0) throw conflict('尚无联合体提交自评，不能开始评审', 'No entry is submitted yet');
    for (const e of submitted) await repo.updateEntry(tx, e.id, { status: 'under_review' });
    const late = entries.filter((e) => e.status !== 'submitted').map((e) => e.consortiumId);
    const names = new Map((await repo.consortiaByIds(tx, late)).map((c) => [c.id, c.name]));
    const assigned = await repo.assignmentsOf(
      tx,
      submitted.map((e) => e.id),
    );
    await notify(
      tx,
      assigned.map((a) => ({
        userId: a.reviewerId,
        kind: 'evaluation.review_open',
        title: `${r.name}：请于 ${r.reviewDueOn} 前完成评分`,
        link: `/evaluation/reviews`,
        dedupeKey: `evaluation.review_open:${a.id}`,
      })),
    );
    return {
      note: `${submitted.length} 个联合体进入评审${late.length ? `；未提交自评：${late.map((c) => names.get(c)).join('、')}` : ''}`,
    };
  });
}

/** consolidated → closed. */
export function closeRound(ctx: Ctx, id: string): Promise<RoundDetail> {
  return transitionRound(ctx, id, 'consolidated', 'closed', 'round.close');
}

/**
 * reviewing → consolidated: per entry under review, the consolidated scores (see consolidate.ts),
 * deductions, total, rank and result label. CONFLICT with the names when an entry has no submitted
 * review, when assigned reviewers have not submitted (unless `partial`), or when a trimmed mean has
 * fewer than 5 submitted reviews.
 */
export function consolidateRound(ctx: Ctx, id: string, body: ConsolidateBody): Promise<RoundDetail> {
  const partial = body.partial ?? false;
  return transitionRound(ctx, id, 'reviewing', 'consolidated', 'round.consolidate', async (tx, r) => {
    const entries = (await repo.entriesOfRound(tx, id)).filter((e) => e.status === 'under_review');
    if (entries.length === 0) throw conflict('没有处于评审中的联合体', 'No entry is under review');
    const ids = entries.map((e) => e.id);
    const [assignments, deductions, points, consortia] = await Promise.all([
      repo.assignmentsOf(tx, ids),
      repo.deductionsOf(tx, ids),
      frameworks.pointsOf(tx, r.frameworkId),
      repo.consortiaByIds(
        tx,
        entries.map((e) => e.consortiumId),
      ),
    ]);
    const nameOf = new Map(consortia.map((c) => [c.id, c.name]));
    const entryName = (entryId: string) => nameOf.get(entries.find((e) => e.id === entryId)!.consortiumId) ?? '';
    const byEntry = (entryId: string) => assignments.filter((a) => a.entryId === entryId);
    const none = entries.filter((e) => !byEntry(e.id).some((a) => a.status === 'submitted'));
    if (none.length)
      throw conflict(
        `以下联合体尚无专家提交评分，不能汇总：${none
          .map((e) => {
            const who = byEntry(e.id).map((a) => a.reviewerName);
            return `${entryName(e.id)}（${who.length ? `未提交：${who.join('、')}` : '未指派专家'}）`;
          })
          .join('；')}`,
        'Some entries have no submitted review',
        { entries: none.map((e) => e.id) },
      );
    const missing = assignments.filter((a) => a.status !== 'submitted');
    if (missing.length && !partial)
      throw conflict(
        `以下专家尚未提交评分：${ids
          .filter((eid) => missing.some((a) => a.entryId === eid))
          .map(
            (eid) =>
              `${entryName(eid)}：${missing
                .filter((a) => a.entryId === eid)
                .map((a) => a.reviewerName)
                .join('、')}`,
          )
          .join('；')}。请待全部提交后汇总，或选择按已提交的评分汇总`,
        'Some assigned reviewers have not submitted',
        { missing: missing.map((a) => ({ entryId: a.entryId, reviewer: a.reviewerName })) },
      );
    if (r.method === 'trimmed_mean') {
      const few = entries.filter(
        (e) => byEntry(e.id).filter((a) => a.status === 'submitted').length < TRIMMED_MEAN_MIN_REVIEWERS,
      );
      if (few.length)
        throw conflict(
          `去掉最高分和最低分后平均，须每个联合体至少 ${TRIMMED_MEAN_MIN_REVIEWERS} 位专家提交评分：${few
            .map((e) => `${entryName(e.id)}（${byEntry(e.id).filter((a) => a.status === 'submitted').length} 位）`)
            .join('；')}`,
          `A trimmed mean needs at least ${TRIMMED_MEAN_MIN_REVIEWERS} submitted reviews per entry`,
        );
    }
    const submittedIds = assignments.filter((a) => a.status === 'submitted').map((a) => a.id);
    const scores = await repo.scoresOf(tx, submittedIds);
    const basic = basicPoints(points).map((p) => ({ code: p.pointCode, weight: p.weight }));
    const cap = deductionPoint(points)?.weight ?? null;
    const results = entries.map((e) => {
      const reviews = byEntry(e.id)
        .filter((a) => a.status === 'submitted')
        .map((a) =>
          Object.fromEntries(scores.filter((s) => s.assignmentId === a.id).map((s) => [s.pointCode, Number(s.score)])),
        );
      const result = consolidate({
        method: r.method as ConsolidationMethod,
        points: basic,
        reviews,
        deductions: deductions.filter((d) => d.entryId === e.id).map((d) => Number(d.points)),
        deductionCap: cap,
      });
      return { entry: e, result };
    });
    const ranks = rankByTotal(results.map((x) => ({ id: x.entry.id, total: x.result.total })));
    for (const { entry, result } of results) {
      const rank = ranks.get(entry.id)!;
      await repo.updateEntry(tx, entry.id, {
        status: 'scored',
        total: result.total,
        pointScores: result.pointScores,
        deductionTotal: result.deductionTotal,
        reviewerCount: result.reviewerCount,
        rank,
        resultLabel: resultLabel(r.kind as RoundKind, result.total, rank),
      });
    }
    await notifySecretariats(
      tx,
      entries.map((e) => e.consortiumId),
      () => ({
        kind: 'evaluation.consolidated',
        title: `${r.name}：评价结果已汇总`,
        link: `/evaluation/rounds/${id}`,
        dedupeKey: `evaluation.consolidated:${id}`,
      }),
    );
    return {
      note: `${consolidationMethodLabels[r.method as ConsolidationMethod]}；${results.length} 个联合体${partial && missing.length ? `；按已提交评分汇总（${missing.length} 份未提交）` : ''}`,
      detail: {
        partial,
        results: results.map(({ entry, result }) => ({
          entryId: entry.id,
          total: result.total,
          reviewers: result.reviewerCount,
        })),
      },
    };
  });
}

/** The round's dated history; non-officials see the round's and their visible entries' events, not others' reviews. */
export async function roundHistory(ctx: Ctx, id: string): Promise<{ items: RoundEvent[] }> {
  const viewer = viewerOf(ctx.actor);
  const { entries } = await visibleRound(ctx, id, viewer);
  const visible = new Set(entries.map((e) => e.id));
  const rows = await repo.eventsOf(ctx.deps.db, id);
  return {
    items: rows
      .filter(
        (e) =>
          viewer.manage ||
          ((!e.entryId || visible.has(e.entryId)) && (!e.kind.startsWith('review.') || e.actorId === viewer.userId)),
      )
      .map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        kind: e.kind,
        kindLabel: eventKindLabels[e.kind] ?? e.kind,
        actorName: e.actorName,
        entryId: e.entryId,
        consortiumName: e.consortiumName,
        note: e.note,
      })),
  };
}

// ── Entries ────────────────────────────────────────────────────────────────

/** Entries the caller may see across rounds, with overdue flags. */
export async function listEntries(ctx: Ctx, q: EntryListQuery): Promise<Paged<EntryItem>> {
  const viewer = viewerOf(ctx.actor);
  const { items, total } = await repo.listEntries(
    ctx.deps.db,
    viewer.visibility,
    q,
    today(),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map((r) => toEntryItem(r, viewer)), total, page: q.page, pageSize: q.pageSize };
}

const SUBMITTED: readonly string[] = ['submitted', 'under_review', 'scored'];
const EDITABLE: readonly string[] = ['not_started', 'draft', 'returned'];

const toEvidence = (e: repo.EvidenceRow): EvidenceFile => ({
  id: e.id,
  fileId: e.fileId,
  fileName: e.fileName,
  mime: e.mime,
  size: Number(e.size),
  uploadedAt: e.createdAt.toISOString(),
});

/**
 * One entry: per point the self-assessment, evidence, the computed fact (live until submission,
 * the snapshot after) and its flags; a reviewer's own scores; consolidated scores after
 * consolidation. Reviewers see an entry's self-assessment once it is submitted. NOT_FOUND.
 */
export async function getEntry(ctx: Ctx, id: string): Promise<EntryDetail> {
  const { db } = ctx.deps;
  const viewer = viewerOf(ctx.actor);
  const row = await visibleEntry(ctx, id, viewer);
  const [entry, round, points, selfRows, evidence, assignments, deductions] = await Promise.all([
    repo.findEntry(db, id),
    repo.findRound(db, row.roundId),
    frameworks.pointsOf(db, row.frameworkId),
    repo.selfAssessmentsOf(db, id),
    repo.evidenceOf(db, id),
    repo.assignmentsOf(db, [id]),
    repo.deductionsOf(db, [id]),
  ]);
  if (!entry || !round) throw entryNotFound();
  const submitted = SUBMITTED.includes(row.status);
  const reviewerOnly = !viewer.manage && !viewer.consortiumId;
  const showSelf = !reviewerOnly || submitted;
  const live = submitted || !showSelf ? null : await liveFacts(db, points, row.consortiumId, row.year);
  const mine = assignments.find((a) => a.reviewerId === viewer.userId) ?? null;
  const shown = viewer.manage ? assignments : mine ? [mine] : [];
  const scores = await repo.scoresOf(
    db,
    shown.map((a) => a.id),
  );
  const consolidated = row.roundStatus === 'consolidated' || row.roundStatus === 'closed';
  const selfBy = new Map(selfRows.map((s) => [s.pointCode, s]));
  const myScores = new Map(scores.filter((s) => s.assignmentId === mine?.id).map((s) => [s.pointCode, s]));

  const entryPoints: EntryPoint[] = points.map((p) => {
    const s = selfBy.get(p.pointCode);
    const narrative = showSelf ? (s?.narrative ?? '') : '';
    const fact = !showSelf
      ? null
      : submitted
        ? ((s?.factSnapshot as ComputedFact | null) ?? null)
        : (live?.get(p.pointCode) ?? null);
    const flags = !showSelf
      ? []
      : submitted
        ? ((s?.flagsSnapshot as ContradictionFlag[] | null) ?? [])
        : contradictions(narrative, fact);
    const my = myScores.get(p.pointCode);
    return {
      pointCode: p.pointCode,
      groupCode: p.groupCode,
      groupName: p.groupName,
      name: p.name,
      kind: p.kind as PointKind,
      weight: p.weight,
      guidance: p.guidance,
      narrative,
      selfScore: showSelf && s?.selfScore != null ? Number(s.selfScore) : null,
      evidence: showSelf ? evidence.filter((e) => e.pointCode === p.pointCode).map(toEvidence) : [],
      fact,
      flags,
      myScore: my ? Number(my.score) : null,
      myComment: my ? my.comment : null,
      consolidatedScore: consolidated ? (entry.pointScores?.[p.pointCode] ?? null) : null,
    };
  });

  const assignmentItems: AssignmentItem[] = shown.map((a) => {
    const own = scores.filter((s) => s.assignmentId === a.id);
    return {
      id: a.id,
      entryId: a.entryId,
      reviewerId: a.reviewerId,
      reviewerName: a.reviewerName,
      reviewerOrgName: a.reviewerOrgName,
      status: a.status as AssignmentStatus,
      submittedAt: iso(a.submittedAt),
      scores: Object.fromEntries(own.map((s) => [s.pointCode, Number(s.score)])),
      total: own.length ? Math.round(own.reduce((t, s) => t + Number(s.score), 0) * 100) / 100 : null,
    };
  });
  const dedTotal = deductions.reduce((t, d) => t + Number(d.points), 0);
  const names = await frameworks.userNames(
    db,
    deductions.map((d) => d.createdBy).filter((x): x is string => Boolean(x)),
  );
  const m = viewer.manage;
  const rs = round.status;
  return {
    ...toEntryItem(row, viewer),
    year: row.year,
    frameworkName: round.frameworkName,
    frameworkVersion: round.frameworkVersion,
    method: round.method as ConsolidationMethod,
    returnReason: row.status === 'returned' || m || viewer.consortiumId ? row.returnReason : null,
    points: entryPoints,
    assignments: assignmentItems,
    myAssignmentId: mine?.id ?? null,
    deductions: deductions.map((d) => ({
      id: d.id,
      pointCode: d.pointCode,
      item: d.item,
      reason: d.reason,
      points: Number(d.points),
      createdBy: d.createdBy ? (names.get(d.createdBy) ?? null) : null,
      createdAt: d.createdAt.toISOString(),
    })),
    deductionTotal: consolidated && entry.deductionTotal !== null ? Number(entry.deductionTotal) : dedTotal,
    decisionOn: row.decisionOn,
    decisionNote: row.decisionNote,
    can: {
      fill: canFill(viewer, row.consortiumId) && rs === 'open' && EDITABLE.includes(row.status),
      submit: canFill(viewer, row.consortiumId) && rs === 'open' && EDITABLE.includes(row.status),
      return: m && rs === 'open' && row.status === 'submitted',
      assign: m && (rs === 'open' || rs === 'reviewing') && row.status !== 'scored',
      score: Boolean(mine) && rs === 'reviewing' && row.status === 'under_review' && mine?.status !== 'submitted',
      deduct: m && (rs === 'open' || rs === 'reviewing'),
      recommend: m && row.roundKind === 'recommendation' && rs === 'consolidated' && row.status === 'scored',
      decide:
        m &&
        row.roundKind === 'acceptance' &&
        (rs === 'consolidated' || rs === 'closed') &&
        row.status === 'scored' &&
        !row.decision,
    },
  };
}

/** The entry locked, with its round, for a secretariat's write. NOT_FOUND, FORBIDDEN, CONFLICT. */
async function fillable(tx: DbOrTx, ctx: Ctx, id: string) {
  const viewer = viewerOf(ctx.actor);
  const entry = await repo.lockEntry(tx, id);
  if (!entry) throw entryNotFound();
  const round = await repo.findRound(tx, entry.roundId);
  if (!round) throw entryNotFound();
  const readable = viewer.manage || viewer.consortiumId === entry.consortiumId;
  if (!readable || round.status === 'draft') throw entryNotFound();
  if (!canFill(viewer, entry.consortiumId))
    throw new AppError('FORBIDDEN', {
      'zh-CN': '只有本联合体秘书处可以填写自评',
      'en-US': "Only the consortium's secretariat may fill its self-assessment",
    });
  if (round.status !== 'open')
    throw conflict(
      `评价轮次当前为“${roundStatusLabels[round.status as RoundStatus]}”，不在自评阶段`,
      'The round is not open for self-assessment',
    );
  if (!EDITABLE.includes(entry.status))
    throw conflict(
      `自评${entryStatusLabels[entry.status as EntryStatus]}，不能修改；如需修改请联系市教委退回`,
      'The self-assessment is submitted and read-only',
    );
  const points = await frameworks.pointsOf(tx, round.frameworkId);
  return { entry, round, points };
}

function basicPoint(points: Point[], code: string, field = 'pointCode') {
  const p = points.find((x) => x.pointCode === code);
  if (!p) throw invalid(`观测点 ${code} 不在本轮的指标体系中`, `Point ${code} is not in the framework`, field);
  if (p.kind !== 'basic')
    throw invalid(
      `观测点 ${code} 为扣分项，由市教委录入扣分，不需自评或评分`,
      `Point ${code} is a deduction point`,
      field,
    );
  return p;
}

function checkScore(p: Point, score: number | null, what: string) {
  if (score !== null && score > p.weight)
    throw invalid(
      `观测点 ${p.pointCode} 的${what}不能超过该观测点的分值 ${p.weight} 分`,
      `The score of ${p.pointCode} exceeds its weight ${p.weight}`,
      'points',
    );
}

/** Saves any subset of points as a draft (narrative, self-score ≤ weight). See `fillable` for errors. */
export async function saveSelfAssessment(ctx: Ctx, id: string, body: SaveSelfAssessmentBody): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, points } = await fillable(tx, ctx, id);
    const seen = new Set<string>();
    for (const item of body.points) {
      if (seen.has(item.pointCode))
        throw invalid(`观测点 ${item.pointCode} 重复`, `Point ${item.pointCode} is repeated`, 'points');
      seen.add(item.pointCode);
      checkScore(basicPoint(points, item.pointCode), item.selfScore ?? null, '自评分');
    }
    for (const item of body.points)
      await repo.upsertSelfAssessment(tx, {
        entryId: id,
        pointCode: item.pointCode,
        narrative: item.narrative ?? '',
        selfScore: item.selfScore ?? null,
        updatedBy: ctx.actor?.userId ?? null,
      });
    if (entry.status === 'not_started') await repo.updateEntry(tx, id, { status: 'draft' });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.save', note: `观测点 ${[...seen].join('、')}` },
      {
        entity: 'evaluation_entry',
        entityId: id,
        after: { points: body.points.map((p) => ({ code: p.pointCode, selfScore: p.selfScore ?? null })) },
      },
    );
  });
  return getEntry(ctx, id);
}

/** Checks before an evidence file is read: the same as saving, and the point is a basic point. */
export async function assertEvidenceWritable(ctx: Ctx, id: string, pointCode: string): Promise<void> {
  await ctx.deps.db.transaction(async (tx) => {
    const { points } = await fillable(tx, ctx, id);
    basicPoint(points, pointCode);
  });
}

/** Stores an evidence file's bytes after the consortium module's type and size checks (PDF/Word/Excel/图片, ≤ 20 MB). */
export function storeEvidenceFile(ctx: Ctx, file: Readable, fileName: string): Promise<SavedFile> {
  return consortiumService.storeDocumentFile(ctx, file, uploadName(fileName));
}

/** Attaches a stored file to a point. VALIDATION without a file; see `fillable`. */
export async function addEvidence(
  ctx: Ctx,
  id: string,
  pointCode: string,
  upload: SavedFile | null,
): Promise<EvidenceFile> {
  const file = requireFile(upload);
  const evidenceId = await ctx.deps.db.transaction(async (tx) => {
    const { entry, points } = await fillable(tx, ctx, id);
    basicPoint(points, pointCode);
    const fileId = await repo.insertFile(tx, fileRow(file, ctx.actor?.userId ?? null));
    const newId = await repo.insertEvidence(tx, {
      entryId: id,
      pointCode,
      fileId,
      uploadedBy: ctx.actor?.userId ?? null,
    });
    if (entry.status === 'not_started') await repo.updateEntry(tx, id, { status: 'draft' });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.evidence_add', note: `${pointCode}：${file.originalName}` },
      {
        entity: 'evaluation_entry',
        entityId: id,
        after: { pointCode, fileName: file.originalName, mime: file.mime, size: file.size, sha256: file.sha256 },
      },
    );
    return newId;
  });
  const row = await repo.findEvidence(ctx.deps.db, id, evidenceId);
  return toEvidence(row!);
}

/** Removes an evidence file from a point (before submission). NOT_FOUND; see `fillable`. */
export async function removeEvidence(ctx: Ctx, id: string, evidenceId: string): Promise<{ ok: true }> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry } = await fillable(tx, ctx, id);
    const ev = await repo.findEvidence(tx, id, evidenceId);
    if (!ev) throw new AppError('NOT_FOUND', { 'zh-CN': '佐证材料不存在', 'en-US': 'Evidence not found' });
    await repo.deleteEvidence(tx, evidenceId);
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.evidence_remove', note: `${ev.pointCode}：${ev.fileName}` },
      { entity: 'evaluation_entry', entityId: id, before: { pointCode: ev.pointCode, fileName: ev.fileName } },
    );
  });
  return { ok: true };
}

/** An evidence file of an entry the caller may read (reviewers: once submitted). NOT_FOUND. */
export async function openEvidence(ctx: Ctx, id: string, evidenceId: string) {
  const viewer = viewerOf(ctx.actor);
  const row = await visibleEntry(ctx, id, viewer);
  if (!viewer.manage && !viewer.consortiumId && !SUBMITTED.includes(row.status)) throw entryNotFound();
  const ev = await repo.findEvidence(ctx.deps.db, id, evidenceId);
  if (!ev) throw new AppError('NOT_FOUND', { 'zh-CN': '佐证材料不存在', 'en-US': 'Evidence not found' });
  return { stream: openFile(ctx.deps, ev.storageKey), fileName: ev.fileName, mime: ev.mime };
}

/**
 * Submits the self-assessment once every basic point has a narrative and a self-score (VALIDATION
 * naming the missing points); snapshots the computed facts and flags for the reviewers.
 */
export async function submitSelfAssessment(ctx: Ctx, id: string): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round, points } = await fillable(tx, ctx, id);
    const selfRows = new Map((await repo.selfAssessmentsOf(tx, id)).map((s) => [s.pointCode, s]));
    const missing = basicPoints(points).filter((p) => {
      const s = selfRows.get(p.pointCode);
      return !s?.narrative.trim() || s.selfScore === null;
    });
    if (missing.length)
      throw new AppError(
        'VALIDATION',
        {
          'zh-CN': `以下观测点尚未填写自评说明或自评分：${missing.map((p) => p.pointCode).join('、')}`,
          'en-US': `Narrative or self-score missing for: ${missing.map((p) => p.pointCode).join(', ')}`,
        },
        { missing: missing.map((p) => p.pointCode) },
      );
    const facts = await liveFacts(tx, points, entry.consortiumId, round.year);
    let flagCount = 0;
    for (const [code, fact] of facts) {
      const flags = contradictions(selfRows.get(code)?.narrative ?? '', fact);
      flagCount += flags.length;
      await repo.setSnapshot(tx, id, code, fact, flags);
    }
    await repo.updateEntry(tx, id, {
      status: 'submitted',
      submittedAt: new Date(),
      submittedBy: ctx.actor?.userId ?? null,
      returnReason: null,
    });
    await record(
      tx,
      ctx,
      {
        roundId: entry.roundId,
        entryId: id,
        kind: 'entry.submit',
        note: flagCount ? `含 ${flagCount} 处与平台记录不一致的数字` : null,
      },
      {
        entity: 'evaluation_entry',
        entityId: id,
        before: { status: entry.status },
        after: { status: 'submitted' },
        detail: { flagCount, selfTotal: [...selfRows.values()].reduce((t, s) => t + Number(s.selfScore ?? 0), 0) },
      },
    );
  });
  return getEntry(ctx, id);
}

async function managedEntry(tx: DbOrTx, ctx: Ctx, id: string) {
  if (!viewerOf(ctx.actor).manage) throw notManager();
  const entry = await repo.lockEntry(tx, id);
  if (!entry) throw entryNotFound();
  const round = await repo.findRound(tx, entry.roundId);
  if (!round) throw entryNotFound();
  return { entry, round };
}

/** An official returns a submitted self-assessment for revision before review starts, with the reason. */
export async function returnSelfAssessment(ctx: Ctx, id: string, body: ReturnEntryBody): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round } = await managedEntry(tx, ctx, id);
    if (round.status !== 'open' || entry.status !== 'submitted')
      throw conflict(
        '只有评审开始前已提交的自评可以退回',
        'Only a submitted self-assessment can be returned before review',
      );
    await repo.updateEntry(tx, id, { status: 'returned', returnReason: body.reason });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.return', note: body.reason },
      { entity: 'evaluation_entry', entityId: id, before: { status: 'submitted' }, after: { status: 'returned' } },
    );
    await notifySecretariats(tx, [entry.consortiumId], () => ({
      kind: 'evaluation.returned',
      title: `${round.name}：自评被退回修改`,
      body: body.reason,
      link: `/evaluation/entries/${id}`,
      dedupeKey: `evaluation.returned:${id}:${Date.now()}`,
    }));
  });
  return getEntry(ctx, id);
}

// ── Reviewers ──────────────────────────────────────────────────────────────

/** Per reviewer id: why he may not review this consortium in this year, or null. */
async function conflictsOf(db: DbOrTx, reviewers: repo.ReviewerRow[], consortiumId: string, year: number) {
  const facts = await repo.conflictFacts(
    db,
    reviewers.flatMap((r) => (r.orgId ? [r.orgId] : [])),
    consortiumId,
    `${year}-01-01`,
    `${year}-12-31`,
  );
  const out = new Map<string, string | null>();
  for (const r of reviewers) {
    const f = r.orgId ? facts.get(r.orgId) : undefined;
    const what = f
      ? [f.member && '成员单位', f.lead && '牵头单位', f.seat && '理事会席位所在单位'].filter(Boolean)
      : [];
    out.set(
      r.id,
      what.length
        ? `专家所在单位“${r.orgName}”是（或 ${year} 年度内曾是）该联合体的${what.join('、')}，存在利益冲突`
        : null,
    );
  }
  return out;
}

/** Reviewer accounts with the reason each would be refused for this entry. */
export async function reviewerCandidates(ctx: Ctx, id: string): Promise<{ items: ReviewerCandidate[] }> {
  if (!viewerOf(ctx.actor).manage) throw notManager();
  const { db } = ctx.deps;
  const row = await visibleEntry(ctx, id);
  const [reviewers, assigned] = await Promise.all([repo.reviewerAccounts(db), repo.assignmentsOf(db, [id])]);
  const active = reviewers.filter((x) => !x.disabled);
  const conflicts = await conflictsOf(db, active, row.consortiumId, row.year);
  const items: ReviewerCandidate[] = active.map((r) => ({
    id: r.id,
    name: r.name,
    orgName: r.orgName,
    assigned: assigned.some((a) => a.reviewerId === r.id),
    conflict: conflicts.get(r.id) ?? null,
  }));
  return { items };
}

/**
 * Assigns a reviewer to an entry. VALIDATION (not a reviewer account); CONFLICT for a conflict of
 * interest (his organization is or was in the round's year a member, lead unit or council seat
 * holder of the consortium), a duplicate, or a round/entry past review.
 */
export async function assignReviewer(ctx: Ctx, id: string, body: AssignReviewerBody): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round } = await managedEntry(tx, ctx, id);
    if (!['open', 'reviewing'].includes(round.status) || entry.status === 'scored')
      throw conflict(
        '只有自评或评审阶段、尚未评定的联合体可以指派专家',
        'Reviewers can be assigned only before scoring',
      );
    const [reviewer] = await repo.reviewerAccounts(tx, [body.reviewerId]);
    if (!reviewer || reviewer.disabled)
      throw invalid('所选用户不是可用的评审专家账号', 'The user is not an active reviewer', 'reviewerId');
    const why = (await conflictsOf(tx, [reviewer], entry.consortiumId, round.year)).get(reviewer.id);
    if (why)
      throw conflict(
        `${why}，不能指派为评审专家`,
        'Conflict of interest: the reviewer’s organization belongs to the consortium',
        {
          reviewerId: reviewer.id,
        },
      );
    const assignmentId = await repo.insertAssignment(tx, {
      entryId: id,
      reviewerId: reviewer.id,
      assignedBy: ctx.actor?.userId ?? null,
    });
    if (!assignmentId) throw conflict(`${reviewer.name} 已被指派评审该联合体`, 'The reviewer is already assigned');
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'review.assign', note: reviewer.name },
      { entity: 'review_assignment', entityId: assignmentId, after: { entryId: id, reviewerId: reviewer.id } },
    );
    await notify(tx, [
      {
        userId: reviewer.id,
        kind: 'evaluation.assigned',
        title: `${round.name}：您被指派为评审专家`,
        body: `评审截止日期 ${round.reviewDueOn}。`,
        link: `/evaluation/entries/${id}`,
        dedupeKey: `evaluation.assigned:${assignmentId}`,
      },
    ]);
  });
  return getEntry(ctx, id);
}

/** Removes an assignment whose scores are not submitted. NOT_FOUND, CONFLICT. */
export async function unassignReviewer(ctx: Ctx, id: string, assignmentId: string): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round } = await managedEntry(tx, ctx, id);
    const a = await repo.lockAssignment(tx, assignmentId);
    if (!a || a.entryId !== id)
      throw new AppError('NOT_FOUND', { 'zh-CN': '指派不存在', 'en-US': 'Assignment not found' });
    if (a.status === 'submitted' || !['open', 'reviewing'].includes(round.status))
      throw conflict('专家已提交评分或评价已汇总，不能取消指派', 'The review is submitted; it cannot be removed');
    await repo.deleteAssignment(tx, assignmentId);
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'review.unassign' },
      { entity: 'review_assignment', entityId: assignmentId, before: { entryId: id, reviewerId: a.reviewerId } },
    );
  });
  return getEntry(ctx, id);
}

/** The caller's own assignment, locked, with entry, round and points, ready for scoring. */
async function ownAssignment(tx: DbOrTx, ctx: Ctx, assignmentId: string) {
  const a = await repo.lockAssignment(tx, assignmentId);
  if (!a || a.reviewerId !== ctx.actor?.userId)
    throw new AppError('NOT_FOUND', { 'zh-CN': '评审任务不存在', 'en-US': 'Review not found' });
  const entry = await repo.findEntry(tx, a.entryId);
  const round = entry ? await repo.findRound(tx, entry.roundId) : undefined;
  if (!entry || !round) throw new AppError('NOT_FOUND', { 'zh-CN': '评审任务不存在', 'en-US': 'Review not found' });
  if (round.status !== 'reviewing' || entry.status !== 'under_review')
    throw conflict(
      `评价轮次当前为“${roundStatusLabels[round.status as RoundStatus]}”，不在评审阶段`,
      'The round is not in review',
    );
  if (a.status === 'submitted') throw conflict('评分已提交，不能修改', 'The review is submitted and read-only');
  const points = await frameworks.pointsOf(tx, round.frameworkId);
  return { a, entry, round, points };
}

/** Saves scores (0 … weight, whole or half points) and comments. NOT_FOUND, CONFLICT, VALIDATION. */
export async function saveScores(ctx: Ctx, assignmentId: string, body: SaveScoresBody): Promise<EntryDetail> {
  const entryId = await ctx.deps.db.transaction(async (tx) => {
    const { a, entry, points } = await ownAssignment(tx, ctx, assignmentId);
    const seen = new Set<string>();
    for (const s of body.scores) {
      if (seen.has(s.pointCode)) throw invalid(`观测点 ${s.pointCode} 重复`, 'Repeated point', 'scores');
      seen.add(s.pointCode);
      checkScore(basicPoint(points, s.pointCode, 'scores'), s.score, '评分');
    }
    for (const s of body.scores)
      await repo.upsertScore(tx, { assignmentId, pointCode: s.pointCode, score: s.score, comment: s.comment ?? '' });
    if (a.status === 'assigned') await repo.updateAssignment(tx, assignmentId, { status: 'draft' });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: entry.id, kind: 'review.save' },
      { entity: 'review_assignment', entityId: assignmentId, after: { points: [...seen] } },
    );
    return entry.id;
  });
  return getEntry(ctx, entryId);
}

/** Submits a review once every basic point is scored (VALIDATION naming the missing points). */
export async function submitReview(ctx: Ctx, assignmentId: string): Promise<EntryDetail> {
  const entryId = await ctx.deps.db.transaction(async (tx) => {
    const { a, entry, points } = await ownAssignment(tx, ctx, assignmentId);
    const have = new Set((await repo.scoresOf(tx, [assignmentId])).map((s) => s.pointCode));
    const missing = basicPoints(points).filter((p) => !have.has(p.pointCode));
    if (missing.length)
      throw new AppError(
        'VALIDATION',
        {
          'zh-CN': `以下观测点尚未评分：${missing.map((p) => p.pointCode).join('、')}`,
          'en-US': `Scores missing for: ${missing.map((p) => p.pointCode).join(', ')}`,
        },
        { missing: missing.map((p) => p.pointCode) },
      );
    await repo.updateAssignment(tx, assignmentId, { status: 'submitted', submittedAt: new Date() });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: entry.id, kind: 'review.submit' },
      {
        entity: 'review_assignment',
        entityId: assignmentId,
        before: { status: a.status },
        after: { status: 'submitted' },
      },
    );
    return entry.id;
  });
  return getEntry(ctx, entryId);
}

/** The caller's review tasks with overdue flags. */
export async function listReviewTasks(
  ctx: Ctx,
  q: { page: number; pageSize: number; q?: string | undefined; status?: string | undefined },
): Promise<Paged<ReviewTask>> {
  const { items, total } = await repo.reviewTasks(
    ctx.deps.db,
    ctx.actor?.userId ?? '',
    q,
    today(),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return {
    items: items.map((t) => ({
      ...t,
      roundKind: t.roundKind as RoundKind,
      roundStatus: t.roundStatus as RoundStatus,
      status: t.status as AssignmentStatus,
      submittedAt: iso(t.submittedAt),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ── Deductions, recommendation, decision ──────────────────────────────────

/**
 * Records a 负面清单 deduction on the framework's deduction point (7.1) before consolidation. When the
 * point's weight is above 0 the entry's deductions may not exceed it (VALIDATION); CONFLICT after
 * consolidation or when the framework has no deduction point.
 */
export async function addDeduction(ctx: Ctx, id: string, body: DeductionBody): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round } = await managedEntry(tx, ctx, id);
    if (!['open', 'reviewing'].includes(round.status))
      throw conflict('扣分须在汇总前录入', 'Deductions are entered before consolidation');
    const point = deductionPoint(await frameworks.pointsOf(tx, round.frameworkId));
    if (!point) throw conflict('本轮的指标体系没有扣分项', 'The framework has no deduction point');
    const existing = (await repo.deductionsOf(tx, [id])).reduce((t, d) => t + Number(d.points), 0);
    if (point.weight > 0 && existing + body.points > point.weight)
      throw invalid(
        `扣分合计不能超过 ${point.pointCode} 的分值 ${point.weight} 分（已扣 ${existing} 分）`,
        `Deductions may not exceed ${point.weight}`,
        'points',
      );
    const dId = await repo.insertDeduction(tx, {
      entryId: id,
      pointCode: point.pointCode,
      item: body.item,
      reason: body.reason,
      points: body.points,
      createdBy: ctx.actor?.userId ?? null,
    });
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.deduction_add', note: `${body.item}：扣 ${body.points} 分` },
      { entity: 'evaluation_entry', entityId: id, after: { deductionId: dId, ...body } },
    );
  });
  return getEntry(ctx, id);
}

export async function removeDeduction(ctx: Ctx, id: string, deductionId: string): Promise<EntryDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    const { entry, round } = await managedEntry(tx, ctx, id);
    if (!['open', 'reviewing'].includes(round.status))
      throw conflict('汇总后不能删除扣分', 'Deductions cannot change after consolidation');
    const d = await repo.findDeduction(tx, id, deductionId);
    if (!d) throw new AppError('NOT_FOUND', { 'zh-CN': '扣分记录不存在', 'en-US': 'Deduction not found' });
    await repo.deleteDeduction(tx, deductionId);
    await record(
      tx,
      ctx,
      { roundId: entry.roundId, entryId: id, kind: 'entry.deduction_remove', note: d.item },
      { entity: 'evaluation_entry', entityId: id, before: { item: d.item, points: Number(d.points) } },
    );
  });
  return getEntry(ctx, id);
}

/**
 * 省级推荐: marks a scored entry recommended (or not). At most 3 per round — Chongqing is one
 * province-level unit — counted with the round row locked, so concurrent decisions cannot exceed it.
 */
export async function recommend(ctx: Ctx, id: string, body: RecommendBody): Promise<EntryDetail> {
  if (!viewerOf(ctx.actor).manage) throw notManager();
  await ctx.deps.db.transaction(async (tx) => {
    const first = await repo.findEntry(tx, id);
    if (!first) throw entryNotFound();
    const round = await repo.lockRound(tx, first.roundId);
    const entry = await repo.lockEntry(tx, id);
    if (!round || !entry) throw entryNotFound();
    if (round.kind !== 'recommendation')
      throw conflict('只有省级推荐轮次可以推荐', 'Only a recommendation round recommends');
    if (round.status !== 'consolidated' || entry.status !== 'scored')
      throw conflict('评分汇总后、轮次结束前才能推荐', 'Recommend after consolidation and before closing');
    if (entry.recommended === body.recommended) return;
    if (body.recommended) {
      const n = await repo.countRecommended(tx, round.id);
      if (n >= PROVINCE_RECOMMENDATION_CAP)
        throw conflict(
          `每个省（重庆市为一个省级单位）至多推荐 ${PROVINCE_RECOMMENDATION_CAP} 个联合体，本轮已推荐 ${n} 个`,
          `At most ${PROVINCE_RECOMMENDATION_CAP} consortia per province may be recommended`,
          { recommended: n },
        );
    }
    await repo.updateEntry(tx, id, { recommended: body.recommended });
    await record(
      tx,
      ctx,
      { roundId: round.id, entryId: id, kind: body.recommended ? 'entry.recommend' : 'entry.unrecommend' },
      { entity: 'evaluation_entry', entityId: id, before: { recommended: entry.recommended }, after: body },
    );
  });
  return getEntry(ctx, id);
}

/**
 * 验收 result → registry: 验收通过 (accepted) or 撤销 (revoked) through the consortium module, citing
 * the round. CONFLICT when the round is not a consolidated acceptance round, the entry already has
 * a decision, 验收通过 is asked for a 不通过 result, or the registry refuses the transition (its
 * message is passed on).
 */
export async function decide(ctx: Ctx, id: string, body: DecisionBody): Promise<EntryDetail> {
  const { db } = ctx.deps;
  if (!viewerOf(ctx.actor).manage) throw notManager();
  const entry = await repo.findEntry(db, id);
  if (!entry) throw entryNotFound();
  const round = await repo.findRound(db, entry.roundId);
  if (!round) throw entryNotFound();
  if (round.kind !== 'acceptance')
    throw conflict('只有验收轮次的结果可以作出验收决定', 'Only an acceptance round decides');
  if (!['consolidated', 'closed'].includes(round.status) || entry.status !== 'scored')
    throw conflict('评分汇总后才能作出验收决定', 'Decide after consolidation');
  if (entry.decision)
    throw conflict(
      `已登记结果决定：${entryDecisionLabels[entry.decision as EntryDecision]}`,
      'A decision is already recorded',
    );
  if (body.decision === 'accepted' && entry.resultLabel !== '通过')
    throw conflict(
      `评价结果为“${entry.resultLabel}”（${Number(entry.total)} 分），不能决定验收通过`,
      'A failed result cannot be accepted',
    );
  const total = Number(entry.total);
  const reason = `依据“${round.name}”评价结果（总分 ${total} 分，${entry.resultLabel}）${entryDecisionLabels[body.decision]}${body.note ? `：${body.note}` : ''}`;
  // One transaction: the entry is locked first, so a concurrent second decision waits and is refused;
  // the registry applies its own rules, history and audit inside it, and the entry records the decision.
  await db.transaction(async (tx) => {
    const locked = await repo.lockEntry(tx, id);
    if (locked?.decision) throw conflict('已登记结果决定', 'A decision is already recorded');
    await consortiumService.changeConsortiumStatusIn(tx, ctx, entry.consortiumId, {
      toStatus: body.decision,
      decidedOn: body.decidedOn,
      reason,
      documentNo: body.documentNo ?? null,
    });
    await repo.updateEntry(tx, id, {
      decision: body.decision,
      decisionOn: body.decidedOn,
      decisionNote: reason,
      decidedBy: ctx.actor?.userId ?? null,
    });
    await record(
      tx,
      ctx,
      { roundId: round.id, entryId: id, kind: 'entry.decision', note: reason },
      {
        entity: 'evaluation_entry',
        entityId: id,
        after: { decision: body.decision, decidedOn: body.decidedOn, documentNo: body.documentNo ?? null },
      },
    );
  });
  return getEntry(ctx, id);
}

// ── Exports ────────────────────────────────────────────────────────────────

/** The result sheet: visible entries × basic points, deductions, totals, result, reviewers; method in the title. */
export async function exportResults(ctx: Ctx, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const viewer = viewerOf(ctx.actor);
  const { round, entries } = await visibleRound(ctx, id, viewer);
  const points = basicPoints(await frameworks.pointsOf(ctx.deps.db, round.frameworkId));
  // One query for the round's rows (the visible list lacks the per-point scores), not one per entry.
  const full = new Map((await repo.entriesOfRound(ctx.deps.db, id)).map((e) => [e.id, e]));
  const consolidated = round.status === 'consolidated' || round.status === 'closed';
  const columns: SheetColumn[] = [
    { key: 'consortiumName', header: '联合体', width: 40 },
    { key: 'status', header: '状态', width: 10 },
    ...points.map(
      (p): SheetColumn => ({ key: `p${p.pointCode}`, header: `${p.pointCode}（${p.weight}分）`, kind: 'number' }),
    ),
    { key: 'deductionTotal', header: '扣分', kind: 'number' },
    { key: 'total', header: '总分', kind: 'number' },
    { key: 'resultLabel', header: '结果', width: 10 },
    { key: 'rank', header: '名次', kind: 'integer' },
    { key: 'recommended', header: '推荐', kind: 'boolean' },
    { key: 'decision', header: '结果决定', width: 10 },
    { key: 'reviewers', header: '评审专家数', kind: 'integer' },
    { key: 'method', header: '汇总方法', width: 30 },
  ];
  const method = consolidationMethodLabels[round.method as ConsolidationMethod];
  const rows = entries.map((e) => {
    const f = full.get(e.id);
    const scores = consolidated ? (f?.pointScores ?? {}) : {};
    return {
      consortiumName: e.consortiumName,
      status: entryStatusLabels[e.status as EntryStatus],
      ...Object.fromEntries(points.map((p) => [`p${p.pointCode}`, scores[p.pointCode] ?? null])),
      deductionTotal: consolidated ? (f?.deductionTotal ?? null) : null,
      total: consolidated ? e.total : null,
      resultLabel: consolidated ? e.resultLabel : null,
      rank: consolidated ? e.rank : null,
      recommended: e.recommended,
      decision: e.decision ? entryDecisionLabels[e.decision as EntryDecision] : null,
      reviewers: consolidated ? (f?.reviewerCount ?? e.reviewsSubmitted) : e.reviewsSubmitted,
      method,
    };
  });
  const buffer = await exportXlsx(columns, rows, {
    sheetName: '评价结果',
    title: `${round.name}评价结果（${roundKindLabels[round.kind as RoundKind]}，${round.year} 年度，${round.frameworkName}第 ${round.frameworkVersion} 版，汇总方法：${method}）`,
  });
  await auditExport(ctx, 'evaluation_round', id, 'xlsx');
  return { buffer, fileName: `${round.name}-评价结果.xlsx` };
}

async function auditExport(ctx: Ctx, entity: string, id: string, format: string) {
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'evaluation.export', entity, entityId: id, detail: { format } }),
  );
}

/** The evaluation report of one entry as PDF: points with self and consolidated scores, facts, deductions, result. */
export async function entryReport(ctx: Ctx, id: string): Promise<{ buffer: Buffer; fileName: string }> {
  const e = await getEntry(ctx, id);
  const consolidated = e.roundStatus === 'consolidated' || e.roundStatus === 'closed';
  const fmt = (n: number | null) => (n === null ? '—' : String(n));
  const facts = e.points.filter((p) => p.fact);
  const buffer = tablePdf({
    title: `${e.consortiumName} ${e.roundName} 评价报告`,
    meta: [
      `评价类型：${roundKindLabels[e.roundKind]}；年度：${e.year}；指标体系：${e.frameworkName}（第 ${e.frameworkVersion} 版）`,
      `汇总方法：${consolidationMethodLabels[e.method]}；状态：${entryStatusLabels[e.status]}`,
      consolidated
        ? `总分：${fmt(e.total)}；扣分：${e.deductionTotal}；结果：${e.resultLabel ?? '—'}${e.decision ? `；结果决定：${entryDecisionLabels[e.decision]}（${e.decisionOn}）` : ''}`
        : '评分尚未汇总',
      `生成时间：${new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}`,
    ],
    tables: [
      {
        heading: '观测点得分',
        columns: [
          { header: '编号', width: 6 },
          { header: '观测点', width: 60 },
          { header: '分值', width: 6, align: 'right' },
          { header: '自评分', width: 8, align: 'right' },
          { header: '评审得分', width: 8, align: 'right' },
          { header: '矛盾提示', width: 8, align: 'right' },
        ],
        rows: e.points.map((p) => [
          p.pointCode,
          p.name,
          String(p.weight),
          fmt(p.selfScore),
          fmt(p.consolidatedScore),
          p.flags.length ? `${p.flags.length} 处` : '',
        ]),
      },
      {
        heading: '平台记录的事实（提交时快照）',
        columns: [
          { header: '观测点', width: 8 },
          { header: '事实', width: 30 },
          { header: '数据', width: 60 },
        ],
        rows: facts.map((p) => [
          p.pointCode,
          p.fact!.title,
          p.fact!.available
            ? [
                ...p
                  .fact!.figures.filter((f) => f.value > 0 || p.fact!.key !== 'council_composition')
                  .map((f) => `${f.label} ${f.value} ${f.unit}`),
                ...p.flags.map((f) => `自评写 ${f.narrativeValue}，记录为 ${f.computedValue}（${f.figure}）`),
              ].join('；')
            : p.fact!.note,
        ]),
      },
      {
        heading: '扣分（负面清单）',
        columns: [
          { header: '事项', width: 30 },
          { header: '理由', width: 60 },
          { header: '扣分', width: 8, align: 'right' },
        ],
        rows: e.deductions.length ? e.deductions.map((d) => [d.item, d.reason, String(d.points)]) : [['无', '', '0']],
      },
    ],
    notes: [
      '评审得分为各位专家已提交评分按汇总方法计算的结果；总分 = 基本指标得分之和 − 扣分，不低于 0。',
      '验收：总分 60 分及以上为通过；年度绩效评价：90 分及以上优秀，75 分及以上良好，60 分及以上合格。',
    ],
  });
  await auditExport(ctx, 'evaluation_entry', id, 'pdf');
  return { buffer, fileName: `${e.consortiumName}-${e.roundName}-评价报告.pdf` };
}

// ── For other modules and the scheduler ───────────────────────────────────

/**
 * For each consortium, its most recently consolidated entry among consolidated or closed rounds of
 * `year` or earlier (the ranking's evaluation component).
 */
export async function latestEvaluationScores(
  ctx: Ctx,
  year: number,
): Promise<
  Array<{
    consortiumId: string;
    total: number;
    roundId: string;
    roundKind: RoundKind;
    roundName: string;
    consolidatedAt: string;
  }>
> {
  const rows = await repo.latestScores(ctx.deps.db, year);
  return rows.map((r) => ({
    ...r,
    total: Number(r.total),
    roundKind: r.roundKind as RoundKind,
    consolidatedAt: new Date(r.consolidatedAt).toISOString(),
  }));
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * Writes due reminders (idempotent by dedupe key): to a consortium's secretariats 3 days before the
 * self-assessment is due and once overdue; to reviewers 3 days before the review is due and once
 * overdue. Returns how many notifications were written.
 */
export async function remindEvaluation(ctx: Ctx, now: Date): Promise<number> {
  const { db } = ctx.deps;
  const day = today(now);
  let written = 0;
  for (const p of await repo.pendingSelfAssessments(db)) {
    const left = daysBetween(day, p.dueOn);
    const overdue = left < 0;
    if (left > 3) continue;
    const ids = await recipients(db, { role: 'secretariat', consortiumId: p.consortiumId });
    written += await notify(
      db,
      ids.map((userId) => ({
        userId,
        kind: overdue ? 'evaluation.overdue' : 'evaluation.due',
        title: overdue ? `${p.roundName}：自评已逾期（截止 ${p.dueOn}）` : `${p.roundName}：自评将于 ${p.dueOn} 截止`,
        link: `/evaluation/entries/${p.entryId}`,
        dedupeKey: `evaluation.${overdue ? 'overdue' : 'due'}:${p.entryId}:${p.dueOn}`,
      })),
    );
  }
  for (const r of await repo.pendingReviews(db)) {
    const left = daysBetween(day, r.dueOn);
    const overdue = left < 0;
    if (left > 3) continue;
    written += await notify(db, [
      {
        userId: r.reviewerId,
        kind: overdue ? 'evaluation.review_overdue' : 'evaluation.review_due',
        title: overdue
          ? `${r.roundName}：${r.consortiumName} 的评分已逾期（截止 ${r.dueOn}）`
          : `${r.roundName}：${r.consortiumName} 的评分将于 ${r.dueOn} 截止`,
        link: `/evaluation/entries/${r.entryId}`,
        dedupeKey: `evaluation.review_${overdue ? 'overdue' : 'due'}:${r.assignmentId}:${r.dueOn}`,
      },
    ]);
  }
  return written;
}
