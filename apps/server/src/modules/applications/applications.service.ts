import {
  type ApplicationDetail,
  type ApplicationEventKind,
  type ApplicationItem,
  type ApplicationListQuery,
  type ApplicationStage,
  type ApplyBody,
  applicationEventKinds,
  type applicationExportQuery,
  applicationOriginLabels,
  applicationStageLabels,
  type EndPlacementBody,
  jobKindLabels,
  type MoveApplicationBody,
  type Paged,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { z } from 'zod';
import type { Ctx } from '../../lib/context';
import { todayInChina } from '../../lib/dates';
import { AppError, outOfScope } from '../../lib/errors';
import { appendAudit } from '../audit';
import { resolveScope } from '../identity';
import { explainMatch } from '../matching';
import { referenceCodes } from '../reference';
import { type StudentFacts, studentOfUser } from '../students';
import { allowedMoves, canEnd, partyOf, readWhere } from './applications.policy';
import * as repo from './applications.repository';

const stageLabel = (s: string) => applicationStageLabels[s as ApplicationStage]?.['zh-CN'] ?? s;
const notFound = () => new AppError('NOT_FOUND', { 'zh-CN': '投递记录不存在', 'en-US': 'Application not found' });

function toItem(ctx: Ctx, r: repo.ApplicationRow, majors: Map<string, string>): ApplicationItem {
  const party = partyOf(ctx.actor, r);
  return {
    id: r.id,
    jobId: r.jobId,
    jobTitle: r.jobTitle,
    orgId: r.orgId,
    orgName: r.orgName,
    studentId: r.studentId,
    studentName: r.studentName,
    schoolOrgId: r.schoolOrgId,
    schoolName: r.schoolName,
    majorCode: r.majorCode,
    majorName: majors.get(r.majorCode) ?? null,
    expectedGraduation: r.expectedGraduation,
    kind: r.kind as ApplicationItem['kind'],
    origin: r.origin as ApplicationItem['origin'],
    stage: r.stage as ApplicationItem['stage'],
    note: r.note,
    matchScore: r.matchScore,
    matchReason: r.matchReason,
    onboardOn: r.onboardOn,
    endedOn: r.endedOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    allowedMoves: allowedMoves(party, r),
    canEnd: canEnd(party, r),
  };
}

/** The caller's view of applications (see applications.policy.ts), searchable by job title and student name. */
export async function listApplications(ctx: Ctx, q: ApplicationListQuery): Promise<Paged<ApplicationItem>> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.applicationWhere(q, readWhere(ctx.actor, scope));
  const { items, total } = await repo.listApplications(ctx.deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  const { majors } = await referenceCodes(ctx.deps);
  return { items: items.map((r) => toItem(ctx, r, majors)), total, page: q.page, pageSize: q.pageSize };
}

/** NOT_FOUND when there is no such application, OUT_OF_SCOPE when the caller may not see it. */
async function findReadable(ctx: Ctx, id: string): Promise<repo.ApplicationRow> {
  const row = await repo.findApplication(ctx.deps.db, id);
  if (!row) throw notFound();
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const visible = await repo.findApplication(ctx.deps.db, id, readWhere(ctx.actor, scope));
  if (!visible) throw outOfScope();
  return row;
}

/** One application with its dated history. NOT_FOUND, OUT_OF_SCOPE. */
export async function getApplication(ctx: Ctx, id: string): Promise<ApplicationDetail> {
  const row = await findReadable(ctx, id);
  const { db } = ctx.deps;
  const events = await repo.eventsOf(db, id);
  const last = (await repo.lastDestinationEvents(db, [id])).get(id);
  const { majors } = await referenceCodes(ctx.deps);
  return {
    ...toItem(ctx, row, majors),
    events: events.map((e) => ({
      id: e.id,
      fromStage: e.fromStage,
      kind: (applicationEventKinds as readonly string[]).includes(e.toStage)
        ? (e.toStage as ApplicationEventKind)
        : 'applied',
      note: e.note,
      actorName: e.actorName,
      createdAt: e.createdAt.toISOString(),
    })),
    countedInCohort: last?.toStage === 'destination_counted',
  };
}

// --- unique violations turned into clear messages ---

function uniqueViolation(err: unknown): string | null {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const x = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (x.code === '23505') return String(x.constraint_name ?? x.constraint ?? '');
  }
  return null;
}

async function fulltimeClash(db: DbOrTx, studentId: string, exceptId: string): Promise<AppError | null> {
  const other = await repo.currentFulltime(db, studentId, exceptId);
  if (!other) return null;
  return new AppError(
    'CONFLICT',
    {
      'zh-CN': `该学生已被“${other.orgName}”全职${other.stage === 'onboard' ? '录用并在岗' : '录用'}（岗位“${other.jobTitle}”），同一时间只能有一个全职录用；须先办理离职或撤销该录用`,
      'en-US': `The student already holds a full-time ${other.stage} at ${other.orgName}; one current full-time placement at a time`,
    },
    { otherApplicationId: other.id, orgName: other.orgName },
  );
}

const duplicateOpen = (stage: string, self: boolean) =>
  new AppError('CONFLICT', {
    'zh-CN': self
      ? `您已投递该岗位（当前阶段：${stageLabel(stage)}），不能重复投递`
      : `该学生已有此岗位的投递或邀请（当前阶段：${stageLabel(stage)}），不能重复邀请`,
    'en-US': 'There is already an open application for this job and student',
  });

// --- apply / invite ---

function assertJobOpen(job: repo.JobRef, today: string): void {
  if (job.status !== 'published')
    throw new AppError('CONFLICT', {
      'zh-CN': `岗位“${job.title}”${job.status === 'closed' ? '已关闭' : '尚未发布'}，不能投递或邀请`,
      'en-US': 'The job is not published',
    });
  if (job.validUntil && job.validUntil < today)
    throw new AppError('CONFLICT', {
      'zh-CN': `岗位“${job.title}”已过有效期（${job.validUntil}），不能投递或邀请`,
      'en-US': 'The job has expired',
    });
}

/**
 * A student applies to a published, valid job visible to him (published in one of his school's
 * consortia) with his own profile; an enterprise invites a consenting student of a school in one
 * of its consortia to one of its own published jobs. Both start at stage `applied` (origin shows
 * 投递 or 邀请). One open application per job and student. NOT_FOUND, OUT_OF_SCOPE, CONFLICT,
 * VALIDATION, FORBIDDEN.
 */
export async function apply(ctx: Ctx, body: ApplyBody): Promise<ApplicationDetail> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const { db } = ctx.deps;
  const today = todayInChina();
  const scope = await resolveScope(db, actor);
  const job = await repo.findJob(db, body.jobId);
  if (!job || job.deletedAt) throw new AppError('NOT_FOUND', { 'zh-CN': '岗位不存在', 'en-US': 'Job not found' });

  let origin: 'student' | 'enterprise';
  let profile: Pick<StudentFacts, 'id' | 'seq' | 'schoolOrgId' | 'consortiumId' | 'consent'> | undefined;
  if (actor.roles.includes('student') && !actor.roles.includes('enterprise')) {
    origin = 'student';
    profile = (await studentOfUser(db, actor.userId)) ?? undefined;
    if (!profile)
      throw new AppError('NOT_FOUND', {
        'zh-CN': '您的账号尚未关联学生档案，请联系学校',
        'en-US': 'Your account is not linked to a student profile',
      });
    if (body.studentId && body.studentId !== profile.id) throw outOfScope();
    const visible =
      !!job.consortiumId &&
      (scope.read.consortiumIds.includes(job.consortiumId) || profile.consortiumId === job.consortiumId);
    if (!visible) throw new AppError('NOT_FOUND', { 'zh-CN': '岗位不存在', 'en-US': 'Job not found' });
    assertJobOpen(job, today);
  } else if (actor.roles.includes('enterprise')) {
    origin = 'enterprise';
    if (!body.studentId)
      throw new AppError('VALIDATION', { 'zh-CN': '请选择要邀请的学生', 'en-US': 'Choose the student to invite' }, [
        { path: 'studentId', message: '请选择要邀请的学生' },
      ]);
    if (job.orgId !== actor.orgId)
      throw new AppError('OUT_OF_SCOPE', {
        'zh-CN': '只能用本单位发布的岗位邀请学生',
        'en-US': 'Invite with your own jobs only',
      });
    assertJobOpen(job, today);
    const invited = await repo.findProfile(db, body.studentId);
    if (!invited || invited.deletedAt)
      throw new AppError('NOT_FOUND', { 'zh-CN': '学生档案不存在', 'en-US': 'Student profile not found' });
    profile = invited;
    const inConsortia =
      (!!profile.consortiumId && scope.read.consortiumIds.includes(profile.consortiumId)) ||
      (await repo.memberOfAny(db, profile.schoolOrgId, scope.read.consortiumIds));
    if (!inConsortia)
      throw new AppError('OUT_OF_SCOPE', {
        'zh-CN': '该学生所在学校不在本单位参与的联合体内，不能邀请',
        'en-US': "The student's school is not in your consortia",
      });
    if (!profile.consent)
      throw new AppError('CONFLICT', {
        'zh-CN': '该学生未同意向企业展示求职档案，不能邀请',
        'en-US': 'The student has not consented to show the profile to enterprises',
      });
  } else {
    throw new AppError('FORBIDDEN');
  }

  const existing = await repo.openApplication(db, job.id, profile.id);
  if (existing) throw duplicateOpen(existing.stage, origin === 'student');

  // The reason at the time of applying/inviting is informative only: applying never fails on it.
  const match = await explainMatch(ctx.deps, job.seq, profile.seq).catch(() => null);

  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const values = {
        jobId: job.id,
        studentId: profile.id,
        orgId: job.orgId,
        schoolOrgId: profile.schoolOrgId,
        kind: job.kind,
        origin,
        stage: 'applied',
        note: body.note ?? null,
        matchReason: match?.reason ?? null,
        matchScore: match ? Math.round(match.score) : null,
        createdBy: actor.userId,
      };
      const newId = await repo.insertApplication(tx, values);
      await repo.insertEvent(tx, {
        applicationId: newId,
        fromStage: null,
        toStage: 'applied',
        note: body.note ?? null,
        actorId: actor.userId,
      });
      await appendAudit(tx, ctx, {
        action: origin === 'student' ? 'application.apply' : 'application.invite',
        entity: 'application',
        entityId: newId,
        after: { jobId: job.id, studentId: profile.id, orgId: job.orgId, kind: job.kind, origin, stage: 'applied' },
      });
      return newId;
    });
  } catch (err) {
    if (uniqueViolation(err) === 'applications_open_uq') {
      const again = await repo.openApplication(db, job.id, profile.id);
      throw duplicateOpen(again?.stage ?? 'applied', origin === 'student');
    }
    throw err;
  }
  return getApplication(ctx, id);
}

// --- graduate destinations (去向落实) ---

/*
 * How placements feed graduate destinations (去向落实率):
 * - When an application of kind fulltime (全职) or apprenticeship (学徒岗) reaches `onboard`, the
 *   student's expected graduation (YYYY-MM) gives the year Y, and graduate_cohorts has the row
 *   (the application's school, the student's major, Y), and 入职 is no later than Y: that cohort
 *   moves one graduate from 未落实 to 就业, only while 未落实 > 0 (graduates is never touched, no
 *   counter goes negative). A student counts once, whatever the number of his placements.
 * - The move is remembered as an application_events row `destination_counted` whose note names
 *   the year and major; `destination_reverted` undoes it. The latest of the two tells whether the
 *   application currently counts.
 * - The move is reverted (就业 −1, 未落实 +1, only while 就业 > 0) when the placement is ended
 *   (离职) within year Y or earlier, or moved back from onboard to offer. A placement ended after Y
 *   keeps counting: the graduate was employed in his graduation year. After a revert, another
 *   current counting placement of the same student (if any) takes the count over.
 * Every counter change is audited on the cohort (`graduate_cohort.destination`).
 */
const COUNTING_KINDS = new Set(['fulltime', 'apprenticeship']);
const countNote = (year: number, majorCode: string) =>
  `计入 ${year} 届毕业去向（专业 ${majorCode}）：未落实 −1，就业 +1`;
const revertNote = (year: number, majorCode: string, why: string) =>
  `撤销 ${year} 届毕业去向计入（专业 ${majorCode}，${why}）：就业 −1，未落实 +1`;
/** Reads back the year and major written by `countNote`. */
export function parseCountNote(note: string | null): { year: number; majorCode: string } | null {
  const m = note?.match(/计入 (\d{4}) 届毕业去向（专业 ([^）]+)）/);
  return m ? { year: Number(m[1]), majorCode: m[2]! } : null;
}
const graduationYear = (ym: string | null) => (ym && /^\d{4}-\d{2}$/.test(ym) ? Number(ym.slice(0, 4)) : null);

interface PlacementRef {
  id: string;
  studentId: string;
  schoolOrgId: string;
  kind: string;
  onboardOn: string | null;
}

type DestinationCounts = { employed: number; unplaced: number };

/** Audits one placement moving a cohort's 就业 / 未落实 counters. */
function auditDestinationMove(
  tx: DbOrTx,
  ctx: Ctx,
  cohort: DestinationCounts & { id: string },
  after: DestinationCounts,
  detail: Record<string, unknown>,
) {
  return appendAudit(tx, ctx, {
    action: 'graduate_cohort.destination',
    entity: 'graduate_cohort',
    entityId: cohort.id,
    before: { employed: cohort.employed, unplaced: cohort.unplaced },
    after: { employed: after.employed, unplaced: after.unplaced },
    detail,
  });
}

/** Counts an onboard placement into its cohort when the rule above allows; true when it did. */
async function countPlacement(tx: DbOrTx, ctx: Ctx, app: PlacementRef, fromStage: string): Promise<boolean> {
  if (!COUNTING_KINDS.has(app.kind)) return false;
  await repo.lockProfile(tx, app.studentId);
  if ((await repo.countedApplicationsOf(tx, app.studentId)).length) return false;
  const profile = await repo.findProfile(tx, app.studentId);
  const year = graduationYear(profile?.expectedGraduation ?? null);
  if (!profile || !year) return false;
  if (app.onboardOn && Number(app.onboardOn.slice(0, 4)) > year) return false;
  const cohort = await repo.findCohort(tx, app.schoolOrgId, profile.majorCode, year);
  if (!cohort) return false;
  const after = await repo.moveUnplacedToEmployed(tx, cohort.id);
  if (!after) return false;
  await repo.insertEvent(tx, {
    applicationId: app.id,
    fromStage,
    toStage: 'destination_counted',
    note: countNote(year, profile.majorCode),
    actorId: ctx.actor?.userId ?? null,
  });
  await auditDestinationMove(tx, ctx, cohort, after, { applicationId: app.id, move: 'counted' });
  return true;
}

/**
 * Undoes the application's count when it currently counts and `shouldRevert(year)` holds, then
 * lets another current placement of the student take the count over. Returns whether it reverted.
 */
async function revertPlacement(
  tx: DbOrTx,
  ctx: Ctx,
  app: PlacementRef,
  fromStage: string,
  why: string,
  shouldRevert: (year: number) => boolean,
): Promise<boolean> {
  await repo.lockProfile(tx, app.studentId);
  const last = (await repo.lastDestinationEvents(tx, [app.id])).get(app.id);
  if (last?.toStage !== 'destination_counted') return false;
  const counted = parseCountNote(last.note);
  if (!counted || !shouldRevert(counted.year)) return false;
  const cohort = await repo.findCohort(tx, app.schoolOrgId, counted.majorCode, counted.year);
  const after = cohort ? await repo.moveEmployedToUnplaced(tx, cohort.id) : undefined;
  await repo.insertEvent(tx, {
    applicationId: app.id,
    fromStage,
    toStage: 'destination_reverted',
    note: after
      ? revertNote(counted.year, counted.majorCode, why)
      : `${revertNote(counted.year, counted.majorCode, why)}（届别数据已变更，未调整人数）`,
    actorId: ctx.actor?.userId ?? null,
  });
  if (cohort && after)
    await auditDestinationMove(tx, ctx, cohort, after, { applicationId: app.id, move: 'reverted', reason: why });
  for (const other of await repo.otherCurrentPlacements(tx, app.studentId, app.id)) {
    const full = await repo.findApplication(tx, other.id);
    if (full && (await countPlacement(tx, ctx, full, 'onboard'))) break;
  }
  return true;
}

// --- stage changes ---

function transitionError(party: 'enterprise' | 'student', from: string, to: string, allowed: string[]) {
  const who = party === 'enterprise' ? '企业' : '学生';
  const next = allowed.length ? `可改为：${allowed.map(stageLabel).join('、')}` : `当前阶段不能由${who}变更`;
  return new AppError(
    'VALIDATION',
    {
      'zh-CN': `不能从“${stageLabel(from)}”改为“${stageLabel(to)}”；${next}`,
      'en-US': `Cannot move from ${from} to ${to}; allowed: ${allowed.join(', ') || 'none'}`,
    },
    [{ path: 'to', message: next, allowed }],
  );
}

/**
 * Moves an application along its pipeline: the hiring enterprise applied → screening → interview
 * → offer → onboard, to rejected from any open stage, or onboard back to offer (correction); the
 * student withdraws before an offer. A second current full-time offer/onboard of the student is
 * refused (CONFLICT naming the other employer; the partial unique index makes it race-safe).
 * The stage, its history row, the cohort destination counters and the audit entries are written
 * in one transaction. NOT_FOUND, OUT_OF_SCOPE, VALIDATION (allowed next stages), CONFLICT.
 */
export async function moveApplication(ctx: Ctx, id: string, body: MoveApplicationBody): Promise<ApplicationDetail> {
  const row = await findReadable(ctx, id);
  const party = partyOf(ctx.actor, row);
  if (!party) throw outOfScope();
  const today = todayInChina();
  const onboardOn = body.to === 'onboard' ? (body.onboardOn ?? today) : null;
  if (onboardOn && onboardOn > today)
    throw new AppError(
      'VALIDATION',
      { 'zh-CN': '入职日期不能晚于今天', 'en-US': 'The onboarding day is in the future' },
      [{ path: 'onboardOn', message: '入职日期不能晚于今天' }],
    );
  const { db } = ctx.deps;
  try {
    await db.transaction(async (tx) => {
      await repo.lockApplication(tx, id);
      const cur = (await repo.findApplication(tx, id))!;
      if (cur.endedOn)
        throw new AppError('CONFLICT', {
          'zh-CN': `该录用已于 ${cur.endedOn} 离职，不能再变更阶段`,
          'en-US': 'The placement has ended',
        });
      const allowed = allowedMoves(party, cur);
      if (!allowed.includes(body.to)) throw transitionError(party, cur.stage, body.to, allowed);
      if (cur.kind === 'fulltime' && (body.to === 'offer' || body.to === 'onboard')) {
        const clash = await fulltimeClash(tx, cur.studentId, cur.id);
        if (clash) throw clash;
      }
      const values =
        body.to === 'onboard'
          ? { stage: body.to, onboardOn }
          : cur.stage === 'onboard'
            ? { stage: body.to, onboardOn: null }
            : { stage: body.to };
      await repo.updateApplication(tx, id, values);
      await repo.insertEvent(tx, {
        applicationId: id,
        fromStage: cur.stage,
        toStage: body.to,
        note: body.to === 'onboard' ? `入职日期 ${onboardOn}${body.note ? `；${body.note}` : ''}` : (body.note ?? null),
        actorId: ctx.actor?.userId ?? null,
      });
      await appendAudit(tx, ctx, {
        action: 'application.stage',
        entity: 'application',
        entityId: id,
        before: { stage: cur.stage, onboardOn: cur.onboardOn },
        after: { stage: body.to, onboardOn: 'onboardOn' in values ? values.onboardOn : cur.onboardOn },
        ...(body.note ? { detail: { note: body.note } } : {}),
      });
      const ref = { ...cur, onboardOn: 'onboardOn' in values ? (values.onboardOn ?? null) : cur.onboardOn };
      if (body.to === 'onboard') await countPlacement(tx, ctx, ref, 'onboard');
      if (cur.stage === 'onboard') await revertPlacement(tx, ctx, ref, body.to, '撤销入职', () => true);
    });
  } catch (err) {
    if (uniqueViolation(err) === 'applications_fulltime_uq') {
      const clash = await fulltimeClash(db, row.studentId, row.id);
      if (clash) throw clash;
      throw new AppError('CONFLICT', {
        'zh-CN': '该学生已有其他全职录用，同一时间只能有一个全职录用',
        'en-US': 'The student already holds a current full-time placement',
      });
    }
    throw err;
  }
  return getApplication(ctx, id);
}

/**
 * Ends a current onboard placement (离职) on `endedOn` (not before 入职, not in the future),
 * freeing the student for another full-time placement; reverts the cohort count when ended within
 * the graduation year. Only the hiring enterprise. NOT_FOUND, OUT_OF_SCOPE, CONFLICT, VALIDATION.
 */
export async function endPlacement(ctx: Ctx, id: string, body: EndPlacementBody): Promise<ApplicationDetail> {
  const row = await findReadable(ctx, id);
  const party = partyOf(ctx.actor, row);
  if (party !== 'enterprise')
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '只有录用单位可以登记离职',
      'en-US': 'Only the hiring organization records the end of a placement',
    });
  const today = todayInChina();
  if (body.endedOn > today)
    throw new AppError('VALIDATION', { 'zh-CN': '离职日期不能晚于今天', 'en-US': 'The end day is in the future' }, [
      { path: 'endedOn', message: '离职日期不能晚于今天' },
    ]);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.lockApplication(tx, id);
    const cur = (await repo.findApplication(tx, id))!;
    if (cur.stage !== 'onboard' || cur.endedOn)
      throw new AppError('CONFLICT', {
        'zh-CN': cur.endedOn
          ? `该录用已于 ${cur.endedOn} 登记离职`
          : `只有已入职的录用可以登记离职（当前阶段：${stageLabel(cur.stage)}）`,
        'en-US': 'Only a current onboard placement can be ended',
      });
    if (cur.onboardOn && body.endedOn < cur.onboardOn)
      throw new AppError(
        'VALIDATION',
        {
          'zh-CN': `离职日期不能早于入职日期（${cur.onboardOn}）`,
          'en-US': 'The end day is before the onboarding day',
        },
        [{ path: 'endedOn', message: `不能早于入职日期 ${cur.onboardOn}` }],
      );
    await repo.updateApplication(tx, id, { endedOn: body.endedOn });
    await repo.insertEvent(tx, {
      applicationId: id,
      fromStage: 'onboard',
      toStage: 'ended',
      note: `离职日期 ${body.endedOn}；${body.reason}`,
      actorId: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'application.end',
      entity: 'application',
      entityId: id,
      before: { endedOn: null },
      after: { endedOn: body.endedOn },
      detail: { reason: body.reason },
    });
    const endYear = Number(body.endedOn.slice(0, 4));
    await revertPlacement(tx, ctx, cur, 'onboard', '离职', (year) => endYear <= year);
  });
  return getApplication(ctx, id);
}

/** The caller's list as xlsx with Chinese headers (rows in scope only); the export is audited. */
export async function exportApplications(
  ctx: Ctx,
  q: z.infer<typeof applicationExportQuery>,
  Excel: typeof import('exceljs'),
): Promise<Buffer> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.applicationWhere(q, readWhere(ctx.actor, scope));
  const { majors } = await referenceCodes(ctx.deps);
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('投递与录用');
  ws.columns = [
    { header: '岗位', key: 'jobTitle', width: 28 },
    { header: '用人单位', key: 'orgName', width: 30 },
    { header: '岗位类型', key: 'kind', width: 10 },
    { header: '学生', key: 'studentName', width: 12 },
    { header: '学校', key: 'schoolName', width: 30 },
    { header: '专业', key: 'major', width: 24 },
    { header: '预计毕业', key: 'expectedGraduation', width: 10 },
    { header: '来源', key: 'origin', width: 10 },
    { header: '阶段', key: 'stage', width: 10 },
    { header: '入职日期', key: 'onboardOn', width: 12 },
    { header: '离职日期', key: 'endedOn', width: 12 },
    { header: '投递时间', key: 'createdAt', width: 20 },
    { header: '更新时间', key: 'updatedAt', width: 20 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const at = (d: Date) => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  let rows = 0;
  for await (const r of repo.iterateApplications(ctx.deps.db, where)) {
    rows += 1;
    ws.addRow({
      jobTitle: r.jobTitle,
      orgName: r.orgName,
      kind: jobKindLabels[r.kind as keyof typeof jobKindLabels]?.['zh-CN'] ?? r.kind,
      studentName: r.studentName,
      schoolName: r.schoolName,
      major: `${r.majorCode} ${majors.get(r.majorCode) ?? ''}`.trim(),
      expectedGraduation: r.expectedGraduation ?? '',
      origin: applicationOriginLabels[r.origin as keyof typeof applicationOriginLabels]?.['zh-CN'] ?? r.origin,
      stage: r.endedOn ? `${stageLabel(r.stage)}（已离职）` : stageLabel(r.stage),
      onboardOn: r.onboardOn ?? '',
      endedOn: r.endedOn ?? '',
      createdAt: at(r.createdAt),
      updatedAt: at(r.updatedAt),
    });
  }
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'application.export', entity: 'application', detail: { filter: q, rows } }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
