/**
 * Evaluation rounds end to end over HTTP: version pinning, scope (secretariats, council, reviewers),
 * self-assessment with facts computed from records and contradiction flags, evidence, submission
 * snapshot, return, conflict of interest, independent review, consolidation (mean, deductions,
 * partial, trimmed-mean refusal), the registry feed, the 3-per-province cap under concurrency,
 * history and audit, exports, reminders, and the scores the ranking reads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { EntryDetail, IndicatorFrameworkDetail, RoundDetail } from '@chanjiao/contracts';
import {
  applications,
  auditLog,
  consortia,
  consortiumMembers,
  councilSeats,
  evaluationEntries,
  evaluationRounds,
  jobDemands,
  notifications,
  studentProfiles,
} from '@chanjiao/db';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  postFile,
  type Session,
  setupTestEnv,
  type TestEnv,
  uniq,
} from '../../../test/helpers';
import { ensureDefaultFramework } from './evaluation.service';
import { latestEvaluationScores, remindEvaluation } from './rounds.service';

let env: TestEnv;
let official: Session;
let secA: Session;
let secB: Session;
let councilA: Session;
let r1: Session; // no organization
let r2: Session; // a research institute outside the consortium
let r3: Session; // his organization is a member of consortium A
let r6: Session; // never assigned
let consA: { id: string; name: string };
let consB: { id: string; name: string };
let v1: IndicatorFrameworkDetail;
let round: RoundDetail;
let entryA = '';
let entryB = '';
const reviewerIds: Record<string, string> = {};

const YEAR = 2026;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const basicCodes = () => v1.points.filter((p) => p.kind === 'basic').map((p) => p.pointCode);

async function reviewer(orgId: string | null, key: string) {
  const u = await makeUser(env, 'reviewer', { orgId });
  reviewerIds[key] = u.id;
  return login(env, u.username);
}

/** Every basic point with a narrative and the given self-score. */
const fullSelf = (score = 3, narrative = (code: string) => `观测点 ${code} 的建设情况说明。`) =>
  basicCodes().map((code) => ({ pointCode: code, narrative: narrative(code), selfScore: score }));

const scoresOf = (value: (code: string) => number) =>
  basicCodes().map((code) => ({ pointCode: code, score: value(code), comment: '评语' }));

beforeAll(async () => {
  env = await setupTestEnv();
  const f = await ensureDefaultFramework(env.ctx);
  const db = env.deps.db;
  consA = await makeConsortium(env);
  consB = await makeConsortium(env);
  const [e1, e2, e3, s1, g1, research, leftOrg, oldOrg] = await Promise.all([
    makeOrg(env, 'enterprise'),
    makeOrg(env, 'enterprise'),
    makeOrg(env, 'enterprise'),
    makeOrg(env, 'school'),
    makeOrg(env, 'government'),
    makeOrg(env, 'research'),
    makeOrg(env, 'enterprise'),
    makeOrg(env, 'enterprise'),
  ]);
  // Consortium A's council: three council units, one government seat holder, one ordinary member.
  await db.insert(consortiumMembers).values([
    { consortiumId: consA.id, orgId: e1.id, memberRole: 'council_unit', joinedOn: '2024-01-01' },
    { consortiumId: consA.id, orgId: e2.id, memberRole: 'council_unit', joinedOn: '2024-01-01' },
    { consortiumId: consA.id, orgId: s1.id, memberRole: 'council_unit', joinedOn: '2024-01-01' },
    { consortiumId: consA.id, orgId: e3.id, memberRole: 'member_unit', joinedOn: '2024-01-01' },
    {
      consortiumId: consA.id,
      orgId: leftOrg.id,
      memberRole: 'member_unit',
      joinedOn: '2024-01-01',
      leftOn: `${YEAR}-03-01`,
    },
    {
      consortiumId: consA.id,
      orgId: oldOrg.id,
      memberRole: 'member_unit',
      joinedOn: '2023-01-01',
      leftOn: `${YEAR - 1}-06-30`,
    },
  ]);
  await db.insert(councilSeats).values({
    consortiumId: consA.id,
    seat: 'chair',
    personName: '张理事长',
    orgId: g1.id,
    termStart: '2024-01-01',
  });
  // Talent activity of A in the year: 2 published jobs (5 + 3 heads), 1 draft; 3 profiles; 2 applications, 1 onboard.
  const job = (status: string, headCount: number) => ({
    orgId: e1.id,
    consortiumId: consA.id,
    title: uniq('岗位'),
    minLevel: 'associate',
    districtCode: '500103',
    kind: 'fulltime',
    headCount,
    status,
    year: YEAR,
    publishedAt: status === 'published' ? new Date() : null,
  });
  const jobs = await db
    .insert(jobDemands)
    .values([job('published', 5), job('published', 3), job('draft', 9)])
    .returning({ id: jobDemands.id });
  const students = await db
    .insert(studentProfiles)
    .values(
      [1, 2, 3].map((i) => ({
        schoolOrgId: s1.id,
        name: `学生${i}`,
        idCardEnc: 'x',
        idCardDigest: uniq('digest'),
        level: 'associate',
        majorCode: '460702',
        grade: 2024,
        districtCode: '500103',
      })),
    )
    .returning({ id: studentProfiles.id });
  await db.insert(applications).values([
    {
      jobId: jobs[0]!.id,
      studentId: students[0]!.id,
      orgId: e1.id,
      schoolOrgId: s1.id,
      kind: 'fulltime',
      origin: 'student',
      stage: 'onboard',
      onboardOn: `${YEAR}-07-01`,
    },
    {
      jobId: jobs[1]!.id,
      studentId: students[1]!.id,
      orgId: e1.id,
      schoolOrgId: s1.id,
      kind: 'fulltime',
      origin: 'student',
      stage: 'applied',
    },
  ]);

  const session = async (role: Parameters<typeof makeUser>[1], opts = {}) =>
    login(env, (await makeUser(env, role, opts)).username);
  official = await session('official');
  secA = await session('secretariat', { consortiumId: consA.id });
  secB = await session('secretariat', { consortiumId: consB.id });
  councilA = await session('council', { consortiumId: consA.id });
  r1 = await reviewer(null, 'r1');
  r2 = await reviewer(research.id, 'r2');
  r3 = await reviewer(e1.id, 'r3');
  await reviewer(leftOrg.id, 'r4'); // left consortium A during the round's year
  await reviewer(oldOrg.id, 'r5'); // left consortium A the year before
  r6 = await reviewer(null, 'r6');
  v1 = (await official.call('GET', `/api/indicator-frameworks/${f.id}`)).json();
});
afterAll(() => env.close());

const R = '/api/evaluation-rounds';
const E = '/api/evaluation-entries';

describe('rounds: creation and version pinning', () => {
  it('refuses a draft framework and non-officials; pins the current published version by default', async () => {
    const draft = (await official.call('POST', `/api/indicator-frameworks/${v1.id}/versions`, {})).json();
    const body = {
      kind: 'acceptance',
      name: `${YEAR}年度验收`,
      year: YEAR,
      selfDueOn: `${YEAR}-12-10`,
      reviewDueOn: `${YEAR}-12-20`,
      consortiumIds: [consA.id, consB.id],
    };
    const refused = await official.call('POST', R, { ...body, frameworkId: draft.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('草稿版本的指标体系不能用于评价');
    expect((await secA.call('POST', R, body)).statusCode).toBe(403);
    // An official account of a government department (a ledger unit) reads rounds but does not run them.
    const dept = await makeOrg(env, 'government');
    const deptOfficial = await login(env, (await makeUser(env, 'official', { orgId: dept.id })).username);
    const deptRefused = await deptOfficial.call('POST', R, body);
    expect(deptRefused.statusCode).toBe(403);
    expect(deptRefused.json().message).toContain('只有市教委/工作专班可以执行此操作');
    const badDates = await official.call('POST', R, { ...body, reviewDueOn: `${YEAR}-12-01` });
    expect(badDates.statusCode).toBe(400);

    const res = await official.call('POST', R, body);
    expect(res.statusCode).toBe(200);
    round = res.json();
    expect(round).toMatchObject({ status: 'draft', frameworkId: v1.id, frameworkVersion: 1, entryCount: 2 });
    entryA = round.entries.find((e) => e.consortiumId === consA.id)!.id;
    entryB = round.entries.find((e) => e.consortiumId === consB.id)!.id;

    // A new version with other weights is published afterwards.
    const points = draft.points.map((p: IndicatorFrameworkDetail['points'][number]) => ({
      ...p,
      weight: p.pointCode === '1.1' ? 8 : p.pointCode === '1.2' ? 0 : p.weight,
    }));
    expect((await official.call('PUT', `/api/indicator-frameworks/${draft.id}/points`, { points })).statusCode).toBe(
      200,
    );
    expect((await official.call('POST', `/api/indicator-frameworks/${draft.id}/publish`)).statusCode).toBe(200);

    const later = await official.call('POST', R, { ...body, name: '之后创建的轮次', consortiumIds: [] });
    expect(later.json()).toMatchObject({ frameworkId: draft.id, frameworkVersion: 2 });
    const again: RoundDetail = (await official.call('GET', `${R}/${round.id}`)).json();
    expect(again.frameworkVersion).toBe(1);
    expect((await deptOfficial.call('GET', `${R}/${round.id}`)).statusCode).toBe(200);
    expect(again.points.find((p) => p.pointCode === '1.1')?.weight).toBe(4);
    expect(again.points.find((p) => p.pointCode === '1.2')?.weight).toBe(4);
  });

  it('hides a draft round from secretariats, edits it, then opens it', async () => {
    expect((await secA.call('GET', `${R}/${round.id}`)).statusCode).toBe(404);
    expect((await secA.call('GET', `${E}/${entryA}`)).statusCode).toBe(404);
    const edit = await official.call('PATCH', `${R}/${round.id}`, { name: `${YEAR}年度验收（第一批）` });
    expect(edit.statusCode).toBe(200);
    const open = await official.call('POST', `${R}/${round.id}/open`);
    expect(open.statusCode).toBe(200);
    expect(open.json().status).toBe('open');
    const noEdit = await official.call('PATCH', `${R}/${round.id}`, { name: '改不了' });
    expect(noEdit.statusCode).toBe(409);
    expect(noEdit.json().message).toContain('只有草稿可以修改');
  });

  it('scopes reading: a secretariat sees only its entry; another consortium gets 404', async () => {
    const mine: RoundDetail = (await secA.call('GET', `${R}/${round.id}`)).json();
    expect(mine.entries.map((e) => e.consortiumId)).toEqual([consA.id]);
    expect(mine.can.startReview).toBe(false);
    expect((await secB.call('GET', `${E}/${entryA}`)).statusCode).toBe(404);
    expect((await secB.call('PUT', `${E}/${entryA}/self-assessment`, { points: fullSelf() })).statusCode).toBe(404);
    expect((await councilA.call('GET', `${E}/${entryA}`)).statusCode).toBe(200);
    const council = await councilA.call('PUT', `${E}/${entryA}/self-assessment`, { points: fullSelf() });
    expect(council.statusCode).toBe(403);
    const list = (await secB.call('GET', `${E}?roundId=${round.id}`)).json();
    expect(list.items.map((e: { consortiumId: string }) => e.consortiumId)).toEqual([consB.id]);
  });
});

describe('self-assessment: facts, contradictions, evidence, submission', () => {
  it('computes 2.1 and 4.1 from records; 3.4 and 5.3 say there is no record', async () => {
    const e: EntryDetail = (await secA.call('GET', `${E}/${entryA}`)).json();
    const fact = (code: string) => e.points.find((p) => p.pointCode === code)!.fact!;
    const fig = (code: string, key: string) => fact(code).figures.find((f) => f.key === key)?.value;
    // Council units: e1, e2, s1 (council_unit members) and g1 (seat holder); e3 is an ordinary member.
    expect(fig('2.1', 'council_units')).toBe(4);
    expect(fig('2.1', 'enterprise')).toBe(2);
    expect(fig('2.1', 'school')).toBe(1);
    expect(fig('2.1', 'government')).toBe(1);
    expect(fig('2.1', 'council_seats')).toBe(1);
    expect(fact('2.1').breakdown).toEqual([
      { label: '企业', value: 2 },
      { label: '学校', value: 1 },
      { label: '政府部门', value: 1 },
    ]);
    expect(fig('4.1', 'jobs')).toBe(2);
    expect(fig('4.1', 'head_count')).toBe(8);
    expect(fig('4.1', 'profiles')).toBe(3);
    expect(fig('4.1', 'applications')).toBe(2);
    expect(fig('4.1', 'placements')).toBe(1);
    expect(fact('3.4')).toMatchObject({ available: false, note: '平台尚无该项记录', figures: [] });
    expect(fact('5.3')).toMatchObject({ available: false, note: '平台尚无该项记录' });
    expect(e.points.find((p) => p.pointCode === '1.1')!.fact).toBeNull();
    expect(e.can).toMatchObject({ fill: true, submit: true, assign: false });
  });

  it('saves drafts, flags narrative numbers that contradict the records, refuses a score above the weight', async () => {
    const over = await secA.call('PUT', `${E}/${entryA}/self-assessment`, {
      points: [{ pointCode: '1.1', narrative: 'x', selfScore: 4.5 }],
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toBe('观测点 1.1 的自评分不能超过该观测点的分值 4 分');
    const deduction = await secA.call('PUT', `${E}/${entryA}/self-assessment`, {
      points: [{ pointCode: '7.1', narrative: 'x', selfScore: 0 }],
    });
    expect(deduction.statusCode).toBe(400);

    const res = await secA.call('PUT', `${E}/${entryA}/self-assessment`, {
      points: [
        { pointCode: '2.1', narrative: '联合体理事会由理事单位12家组成，其中企业2家、学校1所。', selfScore: 4 },
        { pointCode: '4.1', narrative: '平台年度发布招聘岗位2个，招聘人数8人，入职1人。', selfScore: 3.5 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const e: EntryDetail = res.json();
    expect(e.status).toBe('draft');
    expect(e.points.find((p) => p.pointCode === '2.1')!.flags).toEqual([
      { figure: '理事单位', narrativeValue: 12, computedValue: 4, excerpt: expect.stringContaining('理事单位12家') },
    ]);
    expect(e.points.find((p) => p.pointCode === '4.1')!.flags).toEqual([]);
    expect(e.selfTotal).toBe(7.5);
  });

  it('uploads evidence (PDF accepted, other types refused) and removes it', async () => {
    const bad = await postFile(env, secA, `${E}/${entryA}/points/2.1/evidence`, Buffer.from('plain text'), 'a.txt');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('仅支持 PDF、Word、Excel、图片文件');
    const other = await postFile(env, secB, `${E}/${entryA}/points/2.1/evidence`, PDF, '章程.pdf');
    expect(other.statusCode).toBe(404);
    const ok = await postFile(env, secA, `${E}/${entryA}/points/2.1/evidence`, PDF, 'council-list.pdf');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ fileName: 'council-list.pdf', mime: 'application/pdf' });
    const extra = await postFile(env, secA, `${E}/${entryA}/points/4.1/evidence`, PDF, '多余.pdf');
    const del = await secA.call('DELETE', `${E}/${entryA}/evidence/${extra.json().id}`);
    expect(del.statusCode).toBe(200);
    const e: EntryDetail = (await secA.call('GET', `${E}/${entryA}`)).json();
    expect(e.points.find((p) => p.pointCode === '2.1')!.evidence.map((f) => f.fileName)).toEqual(['council-list.pdf']);
    expect(e.points.find((p) => p.pointCode === '4.1')!.evidence).toEqual([]);
    const dl = await councilA.call('GET', `${E}/${entryA}/evidence/${ok.json().id}/download`);
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses submission naming the missing points, then submits and snapshots the facts', async () => {
    const early = await secA.call('POST', `${E}/${entryA}/submit`);
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/^以下观测点尚未填写自评说明或自评分：1\.1、1\.2、/);
    expect(early.json().message).not.toContain('2.1');

    const points = fullSelf(3).map((p) =>
      p.pointCode === '2.1'
        ? { ...p, narrative: '联合体理事会由理事单位12家组成，其中企业2家、学校1所。', selfScore: 4 }
        : p,
    );
    expect((await secA.call('PUT', `${E}/${entryA}/self-assessment`, { points })).statusCode).toBe(200);
    const res = await secA.call('POST', `${E}/${entryA}/submit`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'submitted', flagCount: 1 });

    // A later record does not change what was submitted.
    const late = await makeOrg(env, 'enterprise');
    await env.deps.db
      .insert(consortiumMembers)
      .values({ consortiumId: consA.id, orgId: late.id, memberRole: 'council_unit', joinedOn: '2024-01-01' });
    const e: EntryDetail = (await secA.call('GET', `${E}/${entryA}`)).json();
    const f21 = e.points.find((p) => p.pointCode === '2.1')!;
    expect(f21.fact!.figures.find((f) => f.key === 'council_units')?.value).toBe(4);
    expect(f21.flags).toHaveLength(1);
    expect(e.can.fill).toBe(false);
    const locked = await secA.call('PUT', `${E}/${entryA}/self-assessment`, { points: fullSelf(4) });
    expect(locked.statusCode).toBe(409);
  });

  it('lets an official return it with a reason before review; the secretariat resubmits', async () => {
    const noReason = await official.call('POST', `${E}/${entryA}/return`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const ret = await official.call('POST', `${E}/${entryA}/return`, { reason: '请补充 2.1 理事会名单' });
    expect(ret.statusCode).toBe(200);
    expect(ret.json()).toMatchObject({ status: 'returned', returnReason: '请补充 2.1 理事会名单' });
    const [n] = await env.deps.db.select().from(notifications).where(eq(notifications.kind, 'evaluation.returned'));
    expect(n?.body).toBe('请补充 2.1 理事会名单');
    expect((await secA.call('GET', `${E}/${entryA}`)).json().can.submit).toBe(true);
    expect((await secA.call('POST', `${E}/${entryA}/submit`)).json().status).toBe('submitted');
    // B submits too (consortium B has no council records: its 2.1 fact says so, no flag).
    expect((await secB.call('PUT', `${E}/${entryB}/self-assessment`, { points: fullSelf(4) })).statusCode).toBe(200);
    expect((await secB.call('POST', `${E}/${entryB}/submit`)).statusCode).toBe(200);
  });
});

describe('reviewers: conflict of interest, independence, scoring', () => {
  it('refuses reviewers whose organization is or was in the year a member; allows others', async () => {
    const cands = (await official.call('GET', `${E}/${entryA}/reviewer-candidates`)).json().items as {
      id: string;
      conflict: string | null;
    }[];
    const conflictOf = (key: string) => cands.find((c) => c.id === reviewerIds[key])?.conflict;
    expect(conflictOf('r1')).toBeNull();
    expect(conflictOf('r3')).toContain('成员单位');
    expect(conflictOf('r5')).toBeNull();

    const member = await official.call('POST', `${E}/${entryA}/reviewers`, { reviewerId: reviewerIds.r3 });
    expect(member.statusCode).toBe(409);
    expect(member.json().message).toMatch(
      /是（或 2026 年度内曾是）该联合体的成员单位，存在利益冲突，不能指派为评审专家$/,
    );
    const left = await official.call('POST', `${E}/${entryA}/reviewers`, { reviewerId: reviewerIds.r4 });
    expect(left.statusCode).toBe(409);
    const notReviewer = await official.call('POST', `${E}/${entryA}/reviewers`, { reviewerId: reviewerIds.r1 });
    expect(notReviewer.statusCode).toBe(200);
    for (const key of ['r2', 'r5'])
      expect(
        (await official.call('POST', `${E}/${entryA}/reviewers`, { reviewerId: reviewerIds[key] })).statusCode,
      ).toBe(200);
    const dup = await official.call('POST', `${E}/${entryA}/reviewers`, { reviewerId: reviewerIds.r1 });
    expect(dup.statusCode).toBe(409);
    // r3's org is not a member of B: he may review B.
    for (const key of ['r1', 'r3'])
      expect(
        (await official.call('POST', `${E}/${entryB}/reviewers`, { reviewerId: reviewerIds[key] })).statusCode,
      ).toBe(200);
    const detail: EntryDetail = (await official.call('GET', `${E}/${entryA}`)).json();
    const r5a = detail.assignments.find((a) => a.reviewerId === reviewerIds.r5)!;
    expect((await official.call('DELETE', `${E}/${entryA}/reviewers/${r5a.id}`)).statusCode).toBe(200);
  });

  it('an unassigned reviewer cannot read the entry; an assigned one sees only his entries', async () => {
    expect((await r6.call('GET', `${E}/${entryA}`)).statusCode).toBe(404);
    expect((await r6.call('GET', `${R}/${round.id}`)).statusCode).toBe(404);
    expect((await r2.call('GET', `${E}/${entryB}`)).statusCode).toBe(404);
    const r2round: RoundDetail = (await r2.call('GET', `${R}/${round.id}`)).json();
    expect(r2round.entries.map((e) => e.id)).toEqual([entryA]);
    const tasks = (await r2.call('GET', '/api/review-assignments')).json();
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]).toMatchObject({ entryId: entryA, status: 'assigned' });
  });

  it('scores only during review; each reviewer sees only his own scores', async () => {
    const a1 = (await r1.call('GET', `${E}/${entryA}`)).json() as EntryDetail;
    const early = await r1.call('PUT', `/api/review-assignments/${a1.myAssignmentId}/scores`, {
      scores: scoresOf(() => 3),
    });
    expect(early.statusCode).toBe(409);
    expect((await official.call('POST', `${R}/${round.id}/start-review`)).json().status).toBe('reviewing');

    const s1 = await r1.call('PUT', `/api/review-assignments/${a1.myAssignmentId}/scores`, {
      scores: scoresOf((c) => (c === '1.1' ? 4 : 3)),
    });
    expect(s1.statusCode).toBe(200);
    const over = await r1.call('PUT', `/api/review-assignments/${a1.myAssignmentId}/scores`, {
      scores: [{ pointCode: '1.2', score: 5 }],
    });
    expect(over.statusCode).toBe(400);
    const a2 = (await r2.call('GET', `${E}/${entryA}`)).json() as EntryDetail;
    const partial = await r2.call('PUT', `/api/review-assignments/${a2.myAssignmentId}/scores`, {
      scores: [{ pointCode: '1.1', score: 2, comment: '偏弱' }],
    });
    expect(partial.statusCode).toBe(200);
    const view: EntryDetail = partial.json();
    expect(view.assignments).toHaveLength(1);
    expect(view.assignments[0]!.scores).toEqual({ '1.1': 2 });
    expect(view.points.find((p) => p.pointCode === '1.1')).toMatchObject({ myScore: 2, consolidatedScore: null });
    // r2 sees the submitted narrative and the snapshot flag; not r1's scores.
    expect(view.points.find((p) => p.pointCode === '2.1')!.flags).toHaveLength(1);
    expect(JSON.stringify(view)).not.toContain(reviewerIds.r1!);
    const someoneElse = await r2.call('PUT', `/api/review-assignments/${a1.myAssignmentId}/scores`, {
      scores: scoresOf(() => 0),
    });
    expect(someoneElse.statusCode).toBe(404);

    const incomplete = await r2.call('POST', `/api/review-assignments/${a2.myAssignmentId}/submit`);
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().message).toMatch(/^以下观测点尚未评分：1\.2、/);
    expect((await r1.call('POST', `/api/review-assignments/${a1.myAssignmentId}/submit`)).statusCode).toBe(200);
    const resubmit = await r1.call('PUT', `/api/review-assignments/${a1.myAssignmentId}/scores`, {
      scores: scoresOf(() => 0),
    });
    expect(resubmit.statusCode).toBe(409);
  });
});

describe('consolidation and results', () => {
  it('refuses while assigned reviewers have not submitted, naming them', async () => {
    const b: EntryDetail = (await official.call('GET', `${E}/${entryB}`)).json();
    for (const a of b.assignments) {
      const s = a.reviewerId === reviewerIds.r1 ? r1 : r3;
      await s.call('PUT', `/api/review-assignments/${a.id}/scores`, { scores: scoresOf(() => 3.5) });
      expect((await s.call('POST', `/api/review-assignments/${a.id}/submit`)).statusCode).toBe(200);
    }
    const res = await official.call('POST', `${R}/${round.id}/consolidate`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      `以下专家尚未提交评分：${consA.name}：测试reviewer。请待全部提交后汇总，或选择按已提交的评分汇总`,
    );
  });

  it('consolidates the mean, subtracts 7.1 deductions, ranks and labels the result, shows consolidated scores to the secretariat', async () => {
    const ded = await official.call('POST', `${E}/${entryA}/deductions`, {
      item: '招生违规',
      reason: '2025 年招生宣传违规，造成不良影响',
      points: 2,
    });
    expect(ded.statusCode).toBe(200);
    expect(ded.json().deductionTotal).toBe(2);
    const a2 = (await r2.call('GET', `${E}/${entryA}`)).json() as EntryDetail;
    await r2.call('PUT', `/api/review-assignments/${a2.myAssignmentId}/scores`, {
      scores: scoresOf((c) => (c === '1.1' ? 2 : 2.5)),
    });
    expect((await r2.call('POST', `/api/review-assignments/${a2.myAssignmentId}/submit`)).statusCode).toBe(200);

    const res = await official.call('POST', `${R}/${round.id}/consolidate`, {});
    expect(res.statusCode).toBe(200);
    const r: RoundDetail = res.json();
    expect(r.status).toBe('consolidated');
    // A: 1.1 = (4 + 2) / 2 = 3; 24 other points (3 + 2.5) / 2 = 2.75 → 3 + 66 = 69 − 2 = 67.
    // B: 25 × 3.5 = 87.5.
    const a = r.entries.find((e) => e.id === entryA)!;
    const b = r.entries.find((e) => e.id === entryB)!;
    expect(a).toMatchObject({ total: 67, resultLabel: '通过', rank: 2, status: 'scored' });
    expect(b).toMatchObject({ total: 87.5, resultLabel: '通过', rank: 1 });
    const view: EntryDetail = (await secA.call('GET', `${E}/${entryA}`)).json();
    expect(view.points.find((p) => p.pointCode === '1.1')!.consolidatedScore).toBe(3);
    expect(view.points.find((p) => p.pointCode === '1.2')!.consolidatedScore).toBe(2.75);
    expect(view.assignments).toEqual([]);
    const late = await official.call('POST', `${E}/${entryA}/deductions`, {
      item: '迟到',
      reason: '汇总后',
      points: 1,
    });
    expect(late.statusCode).toBe(409);
  });

  it('feeds the registry: 验收通过 changes the consortium status; the registry’s refusal is passed on', async () => {
    const ok = await official.call('POST', `${E}/${entryA}/decision`, {
      decision: 'accepted',
      decidedOn: `${YEAR}-12-25`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ decision: 'accepted' });
    const c = (await official.call('GET', `/api/consortia/${consA.id}`)).json();
    expect(c.status).toBe('accepted');
    const [hist] = await env.deps.db.select().from(consortia).where(eq(consortia.id, consA.id));
    expect(hist?.status).toBe('accepted');
    const again = await official.call('POST', `${E}/${entryA}/decision`, {
      decision: 'revoked',
      decidedOn: `${YEAR}-12-26`,
    });
    expect(again.statusCode).toBe(409);

    await env.deps.db.update(consortia).set({ status: 'preparing' }).where(eq(consortia.id, consB.id));
    const refused = await official.call('POST', `${E}/${entryB}/decision`, {
      decision: 'accepted',
      decidedOn: `${YEAR}-12-25`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('不能从“筹建”变更为“验收通过”');
    expect((await official.call('GET', `${E}/${entryB}`)).json().decision).toBeNull();
  });

  it('keeps the history and the audit log of every change', async () => {
    const h = (await official.call('GET', `${R}/${round.id}/history`)).json().items as { kind: string }[];
    const kinds = h.map((e) => e.kind);
    for (const k of [
      'round.create',
      'round.update',
      'round.open',
      'entry.save',
      'entry.evidence_add',
      'entry.submit',
      'entry.return',
      'review.assign',
      'review.unassign',
      'round.start_review',
      'review.submit',
      'entry.deduction_add',
      'round.consolidate',
      'entry.decision',
    ])
      expect(kinds, k).toContain(k);
    const secView = (await secA.call('GET', `${R}/${round.id}/history`)).json().items as { kind: string }[];
    expect(secView.some((e) => e.kind.startsWith('review.'))).toBe(false);
    const audit = await env.deps.db.select().from(auditLog).where(like(auditLog.action, 'evaluation.%'));
    expect(audit.length).toBeGreaterThanOrEqual(kinds.length);
    expect(audit.find((x) => x.action === 'evaluation.entry.decision')?.entityId).toBe(entryA);
  });

  it('exports the result sheet and the evaluation report PDF', async () => {
    const x = await official.call('GET', `${R}/${round.id}/results/export`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('汇总方法：算术平均');
    const header = (sheet.getRow(2).values as unknown[]).map(String);
    expect(header).toContain('1.1（4分）');
    expect(header).toContain('总分');
    const rowA = [3, 4].map((i) => sheet.getRow(i)).find((r) => r.getCell(1).value === consA.name)!;
    const col = (h: string) => header.indexOf(h);
    expect(rowA.getCell(col('总分')).value).toBe(67);
    expect(rowA.getCell(col('扣分')).value).toBe(2);
    expect(rowA.getCell(col('评审专家数')).value).toBe(2);
    // A secretariat's sheet holds only its own consortium.
    const mine = await secA.call('GET', `${R}/${round.id}/results/export`);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(mine.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]!.rowCount).toBe(3);

    const pdf = await secA.call('GET', `${E}/${entryA}/report`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload }).toString('utf8');
      expect(text).toContain(consA.name);
      expect(text).toContain('平台尚无该项记录');
      expect(text).toContain('自评写 12，记录为 5'); // resubmitted after the 5th council unit joined
      expect(text).toContain('验收通过');
    }
    expect((await secB.call('GET', `${E}/${entryA}/report`)).statusCode).toBe(404);
  });

  it('gives the ranking the latest consolidated total per consortium', async () => {
    const scores = await latestEvaluationScores(env.ctx, YEAR);
    const a = scores.find((s) => s.consortiumId === consA.id);
    expect(a).toMatchObject({ total: 67, roundId: round.id, roundKind: 'acceptance' });
    expect(await latestEvaluationScores(env.ctx, YEAR - 1)).toEqual([]);
  });
});

describe('recommendation cap, trimmed mean, reminders', () => {
  /** A consolidated 省级推荐 round with `n` scored entries, written directly (the workflow is tested above). */
  async function consolidatedRecommendation(n: number) {
    const db = env.deps.db;
    const [r] = await db
      .insert(evaluationRounds)
      .values({
        kind: 'recommendation',
        name: uniq('省级推荐'),
        year: YEAR,
        frameworkId: v1.id,
        selfDueOn: `${YEAR}-06-01`,
        reviewDueOn: `${YEAR}-06-30`,
        status: 'consolidated',
        consolidatedAt: new Date(),
      })
      .returning();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = await makeConsortium(env);
      const [e] = await db
        .insert(evaluationEntries)
        .values({ roundId: r!.id, consortiumId: c.id, status: 'scored', total: 90 - i, rank: i + 1 })
        .returning();
      ids.push(e!.id);
    }
    return { roundId: r!.id, ids };
  }

  it('allows at most 3 recommendations per province, even when 5 arrive at once', async () => {
    const { roundId, ids } = await consolidatedRecommendation(5);
    const results = await Promise.all(
      ids.map((id) => official.call('POST', `${E}/${id}/recommend`, { recommended: true })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 409, 409]);
    const refusal = results.find((r) => r.statusCode === 409)!.json();
    expect(refusal.message).toBe('每个省（重庆市为一个省级单位）至多推荐 3 个联合体，本轮已推荐 3 个');
    const rows = await env.deps.db
      .select()
      .from(evaluationEntries)
      .where(and(eq(evaluationEntries.roundId, roundId), eq(evaluationEntries.recommended, true)));
    expect(rows).toHaveLength(3);
    // Withdrawing one frees a place.
    const out = results.findIndex((r) => r.statusCode === 409);
    const inn = results.findIndex((r) => r.statusCode === 200);
    expect((await official.call('POST', `${E}/${ids[inn]}/recommend`, { recommended: false })).statusCode).toBe(200);
    expect((await official.call('POST', `${E}/${ids[out]}/recommend`, { recommended: true })).statusCode).toBe(200);
    // Not in an acceptance round.
    const wrong = await official.call('POST', `${E}/${entryA}/recommend`, { recommended: true });
    expect(wrong.statusCode).toBe(409);
  });

  it('refuses a trimmed-mean consolidation with fewer than 5 submitted reviews per entry', async () => {
    const c = await makeConsortium(env);
    const sec = await login(env, (await makeUser(env, 'secretariat', { consortiumId: c.id })).username);
    const created: RoundDetail = (
      await official.call('POST', R, {
        kind: 'annual',
        name: uniq('年度绩效评价'),
        year: YEAR,
        frameworkId: v1.id,
        selfDueOn: `${YEAR}-12-10`,
        reviewDueOn: `${YEAR}-12-20`,
        method: 'trimmed_mean',
        consortiumIds: [c.id],
      })
    ).json();
    const id = created.entries[0]!.id;
    await official.call('POST', `${R}/${created.id}/open`);
    await sec.call('PUT', `${E}/${id}/self-assessment`, { points: fullSelf(4) });
    expect((await sec.call('POST', `${E}/${id}/submit`)).statusCode).toBe(200);
    await official.call('POST', `${E}/${id}/reviewers`, { reviewerId: reviewerIds.r6 });
    await official.call('POST', `${R}/${created.id}/start-review`);
    const mine = (await r6.call('GET', `${E}/${id}`)).json() as EntryDetail;
    await r6.call('PUT', `/api/review-assignments/${mine.myAssignmentId}/scores`, { scores: scoresOf(() => 4) });
    await r6.call('POST', `/api/review-assignments/${mine.myAssignmentId}/submit`);
    const res = await official.call('POST', `${R}/${created.id}/consolidate`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`去掉最高分和最低分后平均，须每个联合体至少 5 位专家提交评分：${c.name}（1 位）`);
  });

  it('reminds secretariats 3 days before the due date and when overdue, once each; lists overdue', async () => {
    const c = await makeConsortium(env);
    const sec = await makeUser(env, 'secretariat', { consortiumId: c.id });
    const secS = await login(env, sec.username);
    const created: RoundDetail = (
      await official.call('POST', R, {
        kind: 'annual',
        name: '提醒测试',
        year: YEAR,
        selfDueOn: '2030-03-10',
        reviewDueOn: '2030-03-20',
        consortiumIds: [c.id],
      })
    ).json();
    await official.call('POST', `${R}/${created.id}/open`);
    const mineOf = async () => env.deps.db.select().from(notifications).where(eq(notifications.userId, sec.id));
    const before = (await mineOf()).length;
    expect(await remindEvaluation(env.ctx, new Date('2030-03-01T02:00:00Z'))).toBeGreaterThanOrEqual(0);
    expect((await mineOf()).filter((n) => n.kind === 'evaluation.due')).toHaveLength(0);
    await remindEvaluation(env.ctx, new Date('2030-03-08T02:00:00Z'));
    await remindEvaluation(env.ctx, new Date('2030-03-09T02:00:00Z'));
    expect((await mineOf()).filter((n) => n.kind === 'evaluation.due')).toHaveLength(1);
    await remindEvaluation(env.ctx, new Date('2030-03-11T02:00:00Z'));
    await remindEvaluation(env.ctx, new Date('2030-03-12T02:00:00Z'));
    const all = await mineOf();
    expect(all.filter((n) => n.kind === 'evaluation.overdue')).toHaveLength(1);
    expect(all.length - before).toBe(2);
    // Reviewers: 3 days before the review due date, and once overdue.
    const entryId = created.entries[0]!.id;
    expect((await official.call('POST', `${E}/${entryId}/reviewers`, { reviewerId: reviewerIds.r2 })).statusCode).toBe(
      200,
    );
    const reviewerNotes = async () =>
      (await env.deps.db.select().from(notifications).where(eq(notifications.userId, reviewerIds.r2!))).filter((n) =>
        ['evaluation.review_due', 'evaluation.review_overdue'].includes(n.kind),
      );
    await remindEvaluation(env.ctx, new Date('2030-03-16T02:00:00Z'));
    expect(await reviewerNotes()).toHaveLength(0);
    await remindEvaluation(env.ctx, new Date('2030-03-17T02:00:00Z'));
    await remindEvaluation(env.ctx, new Date('2030-03-18T02:00:00Z'));
    expect((await reviewerNotes()).map((n) => n.kind)).toEqual(['evaluation.review_due']);
    await remindEvaluation(env.ctx, new Date('2030-03-21T02:00:00Z'));
    expect((await reviewerNotes()).map((n) => n.kind).sort()).toEqual([
      'evaluation.review_due',
      'evaluation.review_overdue',
    ]);
    // Not overdue today (2030 is in the future): the list filter agrees.
    const list = (await secS.call('GET', `${E}?overdue=true`)).json();
    expect(list.items).toEqual([]);
    await env.deps.db
      .update(evaluationRounds)
      .set({ selfDueOn: '2020-01-01' })
      .where(eq(evaluationRounds.id, created.id));
    const overdue = (await secS.call('GET', `${E}?overdue=true`)).json();
    expect(overdue.items.map((e: { id: string; overdue: boolean }) => [e.id, e.overdue])).toEqual([
      [created.entries[0]!.id, true],
    ]);
  });
});
