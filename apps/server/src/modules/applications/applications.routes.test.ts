import { applicationEvents, applications, auditLog, graduateCohorts, jobDemands, studentProfiles } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  type Session,
  setupTestEnv,
  type TestEnv,
  uniq,
} from '../../../test/helpers';
import { todayInChina } from '../../lib/dates';
import { verifyChain } from '../audit';
import { placementsByCohort } from './index';

/**
 * Applications and placements over HTTP: applying and inviting, the pipeline by the right
 * parties, one current full-time placement per student, ending placements, the graduate
 * destination feed, history and audit, and who sees which applications.
 */
let env: TestEnv;
const org: Record<string, string> = {};
const who: Record<string, Session> = {};
const job: Record<string, string> = {};
const student: Record<string, string> = {};
let c1: string;

const TODAY = todayInChina();
const Y = Number(TODAY.slice(0, 4));
const MAJOR = '510201';
const MAJOR_FULL = '460701';
let cohortId: string;
let fullCohortId: string;

const expectError = (res: LightMyRequestResponse, status: number, code: string, message?: RegExp) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body as { code: string; message: string };
};
const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

async function makeJob(orgId: string, consortiumId: string | null, over: Partial<typeof jobDemands.$inferInsert> = {}) {
  const [row] = await env.deps.db
    .insert(jobDemands)
    .values({
      orgId,
      consortiumId,
      title: uniq('岗位'),
      minLevel: 'associate',
      districtCode: '500112',
      kind: 'fulltime',
      status: 'published',
      year: Y,
      publishedAt: new Date(),
      ...over,
    })
    .returning();
  return row!.id;
}

async function makeStudent(
  schoolOrgId: string,
  consortiumId: string | null,
  over: Partial<typeof studentProfiles.$inferInsert> = {},
) {
  const [row] = await env.deps.db
    .insert(studentProfiles)
    .values({
      schoolOrgId,
      consortiumId,
      name: uniq('学生'),
      idCardEnc: env.deps.cipher.encrypt('500101200301011234'),
      idCardDigest: uniq('digest'),
      level: 'associate',
      majorCode: MAJOR,
      grade: Y - 3,
      expectedGraduation: `${Y}-06`,
      districtCode: '500112',
      consent: true,
      consentAt: new Date(),
      ...over,
    })
    .returning();
  return row!.id;
}

async function studentSession(key: string, schoolOrgId: string, profileId: string) {
  const u = await makeUser(env, 'student', { orgId: schoolOrgId });
  await env.deps.db.update(studentProfiles).set({ userId: u.id }).where(eq(studentProfiles.id, profileId));
  who[key] = await login(env, u.username);
}

const cohort = async (id: string) =>
  (await env.deps.db.select().from(graduateCohorts).where(eq(graduateCohorts.id, id)))[0]!;
const auditCount = async (action: string, entityId?: string) =>
  (await env.deps.db.select().from(auditLog).where(eq(auditLog.action, action))).filter(
    (r) => !entityId || r.entityId === entityId,
  ).length;
const move = (s: Session, id: string, to: string, extra: Record<string, unknown> = {}) =>
  s.call('POST', `/api/applications/${id}/stage`, { to, ...extra });
const apply = (s: Session, body: Record<string, unknown>) => s.call('POST', '/api/applications', body);
const listIds = async (s: Session, query = '') =>
  (ok(await s.call('GET', `/api/applications?pageSize=200${query}`)).items as { id: string }[]).map((i) => i.id).sort();

beforeAll(async () => {
  env = await setupTestEnv();
  for (const [key, type, name] of [
    ['entA', 'enterprise', '长安汽车股份有限公司'],
    ['entB', 'enterprise', '赛力斯汽车有限公司'],
    ['entC', 'enterprise', '重庆外联合体企业有限公司'],
    ['school', 'school', '重庆工程职业技术学院'],
    ['school2', 'school', '重庆电子工程职业学院'],
  ] as const)
    org[key] = (await makeOrg(env, type, name)).id;
  c1 = (await makeConsortium(env)).id;
  const c2 = (await makeConsortium(env)).id;
  for (const o of ['entA', 'entB', 'school']) await addMember(env, c1, org[o]!);
  for (const o of ['entC', 'school2']) await addMember(env, c2, org[o]!);

  job.a1 = await makeJob(org.entA!, c1, { title: '新能源汽车装调工程师' });
  job.a2 = await makeJob(org.entA!, c1, { title: '智能网联测试工程师' });
  job.aDraft = await makeJob(org.entA!, c1, { status: 'draft', publishedAt: null });
  job.aExpired = await makeJob(org.entA!, c1, { validUntil: `${Y - 1}-12-31` });
  job.aApprentice = await makeJob(org.entA!, c1, { kind: 'apprenticeship', title: '焊装学徒岗' });
  job.b1 = await makeJob(org.entB!, c1, { title: '电驱系统工程师' });
  job.b2 = await makeJob(org.entB!, c1, { title: '整车测试工程师' });
  job.bIntern = await makeJob(org.entB!, c1, { kind: 'internship', title: '总装实习生' });
  job.c1 = await makeJob(org.entC!, c2, { title: '外联合体岗位' });

  student.p1 = await makeStudent(org.school!, c1, { name: '张三' });
  student.noConsent = await makeStudent(org.school!, c1, { consent: false, consentAt: null });
  student.outside = await makeStudent(org.school2!, c2);
  student.past = await makeStudent(org.school!, c1, { expectedGraduation: `${Y - 1}-06`, name: '李四' });
  student.full = await makeStudent(org.school!, c1, { majorCode: MAJOR_FULL });
  await studentSession('p1', org.school!, student.p1);
  await studentSession('past', org.school!, student.past);
  await studentSession('full', org.school!, student.full!);
  await studentSession('outside', org.school2!, student.outside);

  const [co] = await env.deps.db
    .insert(graduateCohorts)
    .values({ schoolOrgId: org.school!, majorCode: MAJOR, year: Y, graduates: 10, employed: 3, unplaced: 7 })
    .returning();
  cohortId = co!.id;
  const [full] = await env.deps.db
    .insert(graduateCohorts)
    .values({ schoolOrgId: org.school!, majorCode: MAJOR_FULL, year: Y, graduates: 5, employed: 5, unplaced: 0 })
    .returning();
  fullCohortId = full!.id;
  await env.deps.db
    .insert(graduateCohorts)
    .values({ schoolOrgId: org.school!, majorCode: MAJOR, year: Y - 1, graduates: 8, employed: 2, unplaced: 6 });

  who.entA = await login(env, (await makeUser(env, 'enterprise', { orgId: org.entA })).username);
  who.entB = await login(env, (await makeUser(env, 'enterprise', { orgId: org.entB })).username);
  who.entC = await login(env, (await makeUser(env, 'enterprise', { orgId: org.entC })).username);
  who.school = await login(env, (await makeUser(env, 'school', { orgId: org.school })).username);
  who.teacher = await login(env, (await makeUser(env, 'teacher', { orgId: org.school })).username);
  who.school2 = await login(env, (await makeUser(env, 'school', { orgId: org.school2 })).username);
  who.sec1 = await login(env, (await makeUser(env, 'secretariat', { consortiumId: c1 })).username);
  who.sec2 = await login(env, (await makeUser(env, 'secretariat', { consortiumId: c2 })).username);
  who.official = await login(env, (await makeUser(env, 'official')).username);
});
afterAll(() => env.close());

const app: Record<string, string> = {};

describe('applying and inviting', () => {
  it('a student applies to a visible published job with his own profile', async () => {
    const body = ok(await apply(who.p1!, { jobId: job.a1, note: '希望加入' }));
    expect(body).toMatchObject({
      jobId: job.a1,
      studentId: student.p1,
      orgName: '长安汽车股份有限公司',
      studentName: '张三',
      origin: 'student',
      stage: 'applied',
      kind: 'fulltime',
      allowedMoves: ['withdrawn'],
      canEnd: false,
      countedInCohort: false,
    });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ kind: 'applied', fromStage: null, note: '希望加入' });
    // The matching engine's reason at the time of applying is kept on the application.
    const [stored] = await env.deps.db.select().from(applications).where(eq(applications.id, body.id));
    expect(stored!.matchReason).toBe(body.matchReason);
    expect(body.matchScore).toBeGreaterThan(0);
    expect(body.matchReason).toMatch(/\S/);
    app.a1 = body.id;
    expect(await auditCount('application.apply', body.id)).toBe(1);
  });

  it('refuses a second open application for the same job with a clear message', async () => {
    expectError(await apply(who.p1!, { jobId: job.a1 }), 409, 'CONFLICT', /您已投递该岗位（当前阶段：投递）/);
  });

  it('refuses draft, expired and invisible jobs', async () => {
    expectError(await apply(who.p1!, { jobId: job.aDraft }), 409, 'CONFLICT', /尚未发布/);
    expectError(await apply(who.p1!, { jobId: job.aExpired }), 409, 'CONFLICT', /已过有效期/);
    expectError(await apply(who.p1!, { jobId: job.c1 }), 404, 'NOT_FOUND', /岗位不存在/);
    expectError(await apply(who.p1!, { jobId: job.a2, studentId: student.past }), 403, 'OUT_OF_SCOPE');
  });

  it('an enterprise invites a consenting student of its consortia to its own job', async () => {
    const body = ok(await apply(who.entA!, { jobId: job.a2, studentId: student.p1, note: '诚邀面试' }));
    expect(body).toMatchObject({ origin: 'enterprise', stage: 'applied', allowedMoves: ['screening', 'rejected'] });
    app.a2 = body.id;
    expect(await auditCount('application.invite', body.id)).toBe(1);
  });

  it('refuses inviting a non-consenting student, one outside its consortia, or with another’s job', async () => {
    expectError(
      await apply(who.entA!, { jobId: job.a1, studentId: student.noConsent }),
      409,
      'CONFLICT',
      /未同意向企业展示求职档案/,
    );
    expectError(await apply(who.entA!, { jobId: job.a1, studentId: student.outside }), 403, 'OUT_OF_SCOPE');
    expectError(await apply(who.entA!, { jobId: job.b1, studentId: student.p1 }), 403, 'OUT_OF_SCOPE');
    expectError(await apply(who.entA!, { jobId: job.a1 }), 400, 'VALIDATION', /请选择要邀请的学生/);
    const rows = await env.deps.db.select().from(applications).where(eq(applications.studentId, student.noConsent!));
    expect(rows).toHaveLength(0);
  });
});

describe('moving along the pipeline', () => {
  it('refuses moves by the wrong party and invalid transitions, naming the allowed stages', async () => {
    expectError(await move(who.p1!, app.a1!, 'offer'), 400, 'VALIDATION', /不能从“投递”改为“录用”；可改为：已撤回/);
    expectError(await move(who.entA!, app.a1!, 'offer'), 400, 'VALIDATION', /可改为：筛选、未录用/);
    expectError(await move(who.entB!, app.a1!, 'screening'), 403, 'OUT_OF_SCOPE');
    expectError(await who.entB!.call('GET', `/api/applications/${app.a1}`), 403, 'OUT_OF_SCOPE');
    // A school reads its students' applications but cannot move them (no application.write).
    expect((await move(who.school!, app.a1!, 'screening')).statusCode).toBe(403);
    const [row] = await env.deps.db.select().from(applications).where(eq(applications.id, app.a1!));
    expect(row!.stage).toBe('applied');
  });

  it('the enterprise takes an application to onboard; history and audit record each step', async () => {
    for (const to of ['screening', 'interview', 'offer']) ok(await move(who.entA!, app.a1!, to, { note: `进入${to}` }));
    const before = await cohort(cohortId);
    expect(before).toMatchObject({ graduates: 10, employed: 3, unplaced: 7 });
    const body = ok(await move(who.entA!, app.a1!, 'onboard', { onboardOn: TODAY }));
    expect(body).toMatchObject({ stage: 'onboard', onboardOn: TODAY, canEnd: true, countedInCohort: true });
    expect(body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'applied',
      'screening',
      'interview',
      'offer',
      'onboard',
      'destination_counted',
    ]);
    expect(body.events[4].fromStage).toBe('offer');
    expect(body.events[5].note).toContain(`${Y} 届`);
    expect(await auditCount('application.stage', app.a1)).toBe(4);
    // 去向落实: 未落实 −1, 就业 +1, graduates unchanged.
    expect(await cohort(cohortId)).toMatchObject({ graduates: 10, employed: 4, unplaced: 6 });
    expect(await auditCount('graduate_cohort.destination', cohortId)).toBe(1);
  });

  it('refuses onboarding dates in the future', async () => {
    const id = ok(await apply(who.full!, { jobId: job.b2 })).id;
    for (const to of ['screening', 'interview', 'offer']) ok(await move(who.entB!, id, to));
    expectError(await move(who.entB!, id, 'onboard', { onboardOn: `${Y + 1}-12-31` }), 400, 'VALIDATION', /入职日期/);
    app.fullB2 = id;
  });
});

describe('one current full-time placement per student', () => {
  it('refuses a second full-time offer, naming the other employer', async () => {
    app.b1 = ok(await apply(who.p1!, { jobId: job.b1 })).id;
    ok(await move(who.entB!, app.b1!, 'screening'));
    ok(await move(who.entB!, app.b1!, 'interview'));
    expectError(
      await move(who.entB!, app.b1!, 'offer'),
      409,
      'CONFLICT',
      /已被“长安汽车股份有限公司”全职录用并在岗（岗位“新能源汽车装调工程师”）/,
    );
    const [row] = await env.deps.db.select().from(applications).where(eq(applications.id, app.b1!));
    expect(row!.stage).toBe('interview');
  });

  it('allows an internship placement alongside, without touching the cohort', async () => {
    const id = ok(await apply(who.p1!, { jobId: job.bIntern })).id;
    for (const to of ['screening', 'interview', 'offer', 'onboard']) ok(await move(who.entB!, id, to));
    const body = ok(await who.p1!.call('GET', `/api/applications/${id}`));
    expect(body).toMatchObject({ stage: 'onboard', kind: 'internship', countedInCohort: false });
    expect(await cohort(cohortId)).toMatchObject({ employed: 4, unplaced: 6 });
  });

  it('two concurrent full-time offers for one student: exactly one wins, the other gets the message', async () => {
    // student.full holds an open offer at B (job b2); release it, then race two offers.
    ok(await move(who.entB!, app.fullB2!, 'rejected', { note: '学生婉拒' }));
    const a = ok(await apply(who.full!, { jobId: job.a1 })).id;
    const b = ok(await apply(who.full!, { jobId: job.b1 })).id;
    for (const to of ['screening', 'interview']) {
      ok(await move(who.entA!, a, to));
      ok(await move(who.entB!, b, to));
    }
    const [ra, rb] = await Promise.all([move(who.entA!, a, 'offer'), move(who.entB!, b, 'offer')]);
    const codes = [ra.statusCode, rb.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = ra.statusCode === 409 ? ra : rb;
    const winnerName = ra.statusCode === 200 ? '长安汽车股份有限公司' : '赛力斯汽车有限公司';
    expect(loser.json().message).toContain(`已被“${winnerName}”全职录用`);
    const current = await env.deps.db
      .select()
      .from(applications)
      .where(and(eq(applications.studentId, student.full!), eq(applications.stage, 'offer')));
    expect(current).toHaveLength(1);
  });
});

describe('ending placements', () => {
  it('only the hiring enterprise ends a current onboard placement, on a sane day', async () => {
    expectError(
      await who.p1!.call('POST', `/api/applications/${app.a1}/end`, { endedOn: TODAY, reason: '个人原因' }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(
      await who.entB!.call('POST', `/api/applications/${app.b1}/end`, { endedOn: TODAY, reason: '个人原因' }),
      409,
      'CONFLICT',
      /只有已入职的录用可以登记离职/,
    );
    expectError(
      await who.entA!.call('POST', `/api/applications/${app.a1}/end`, {
        endedOn: `${Y - 1}-01-01`,
        reason: '个人原因',
      }),
      400,
      'VALIDATION',
      /不能早于入职日期/,
    );
    expectError(
      await who.entA!.call('POST', `/api/applications/${app.a1}/end`, { endedOn: TODAY }),
      400,
      'VALIDATION',
      /reason|离职原因|必填|Required|required|无效/,
    );
  });

  it('ending within the graduation year frees the student and reverts the cohort move', async () => {
    const body = ok(
      await who.entA!.call('POST', `/api/applications/${app.a1}/end`, { endedOn: TODAY, reason: '合同到期' }),
    );
    expect(body).toMatchObject({
      stage: 'onboard',
      endedOn: TODAY,
      canEnd: false,
      allowedMoves: [],
      countedInCohort: false,
    });
    expect(body.events.slice(-2).map((e: { kind: string }) => e.kind)).toEqual(['ended', 'destination_reverted']);
    expect(body.events.at(-2).note).toContain('合同到期');
    expect(await cohort(cohortId)).toMatchObject({ graduates: 10, employed: 3, unplaced: 7 });
    expect(await auditCount('application.end', app.a1)).toBe(1);
    expectError(
      await who.entA!.call('POST', `/api/applications/${app.a1}/end`, { endedOn: TODAY, reason: '再次' }),
      409,
      'CONFLICT',
      /已于/,
    );
  });

  it('after the end, a new full-time offer is accepted and counts again; moving back reverts it', async () => {
    ok(await move(who.entB!, app.b1!, 'offer'));
    let body = ok(await move(who.entB!, app.b1!, 'onboard'));
    expect(body).toMatchObject({ onboardOn: TODAY, countedInCohort: true });
    expect(await cohort(cohortId)).toMatchObject({ employed: 4, unplaced: 6 });
    body = ok(await move(who.entB!, app.b1!, 'offer', { note: '入职登记有误' }));
    expect(body).toMatchObject({ stage: 'offer', onboardOn: null, countedInCohort: false });
    expect(body.events.at(-1).kind).toBe('destination_reverted');
    expect(await cohort(cohortId)).toMatchObject({ graduates: 10, employed: 3, unplaced: 7 });
    ok(await move(who.entB!, app.b1!, 'onboard'));
    expect(await cohort(cohortId)).toMatchObject({ employed: 4, unplaced: 6 });
  });

  it('a student counts once: a second counting placement does not move the cohort again', async () => {
    const id = ok(await apply(who.p1!, { jobId: job.aApprentice })).id;
    for (const to of ['screening', 'interview', 'offer', 'onboard']) ok(await move(who.entA!, id, to));
    expect(ok(await who.entA!.call('GET', `/api/applications/${id}`)).countedInCohort).toBe(false);
    expect(await cohort(cohortId)).toMatchObject({ employed: 4, unplaced: 6 });
    // Ending the counted placement hands the count over to the apprenticeship still current.
    ok(await who.entB!.call('POST', `/api/applications/${app.b1}/end`, { endedOn: TODAY, reason: '调岗' }));
    expect(ok(await who.entA!.call('GET', `/api/applications/${id}`)).countedInCohort).toBe(true);
    expect(await cohort(cohortId)).toMatchObject({ employed: 4, unplaced: 6 });
  });

  it('never drives 未落实 below zero', async () => {
    const offerApp = (
      await env.deps.db
        .select()
        .from(applications)
        .where(and(eq(applications.studentId, student.full!), eq(applications.stage, 'offer')))
    )[0]!;
    const s = offerApp.orgId === org.entA ? who.entA! : who.entB!;
    const body = ok(await move(s, offerApp.id, 'onboard'));
    expect(body.countedInCohort).toBe(false);
    expect(await cohort(fullCohortId)).toMatchObject({ graduates: 5, employed: 5, unplaced: 0 });
  });

  it('a placement ended after the graduation year keeps counting', async () => {
    const id = ok(await apply(who.past!, { jobId: job.a2 })).id;
    for (const to of ['screening', 'interview', 'offer']) ok(await move(who.entA!, id, to));
    ok(await move(who.entA!, id, 'onboard', { onboardOn: `${Y - 1}-07-01` }));
    const past = (
      await env.deps.db
        .select()
        .from(graduateCohorts)
        .where(and(eq(graduateCohorts.majorCode, MAJOR), eq(graduateCohorts.year, Y - 1)))
    )[0]!;
    expect(past).toMatchObject({ employed: 3, unplaced: 5 });
    const body = ok(
      await who.entA!.call('POST', `/api/applications/${id}/end`, { endedOn: TODAY, reason: '升职跳槽' }),
    );
    expect(body.countedInCohort).toBe(true);
    expect(await cohort(past.id)).toMatchObject({ employed: 3, unplaced: 5 });
    const rows = await placementsByCohort(env.deps.db, Y - 1);
    expect(rows).toEqual([{ schoolOrgId: org.school, majorCode: MAJOR, year: Y - 1, placed: 1, counted: 1 }]);
  });

  it('placementsByCohort reports current platform placements per school × major', async () => {
    const rows = await placementsByCohort(env.deps.db, Y);
    // p1: the apprenticeship is current (b1 and a1 ended this year); student.full is on board but uncounted.
    expect(rows).toEqual(
      [
        { schoolOrgId: org.school, majorCode: MAJOR_FULL, year: Y, placed: 1, counted: 0 },
        { schoolOrgId: org.school, majorCode: MAJOR, year: Y, placed: 1, counted: 1 },
      ].sort((a, b) => a.majorCode.localeCompare(b.majorCode)),
    );
  });
});

describe('withdrawing', () => {
  it('the student declines an invitation by withdrawing, and may apply again later', async () => {
    const body = ok(await move(who.p1!, app.a2!, 'withdrawn', { note: '已有去向' }));
    expect(body).toMatchObject({ stage: 'withdrawn', allowedMoves: [] });
    expectError(await move(who.entA!, app.a2!, 'screening'), 400, 'VALIDATION', /当前阶段不能由企业变更/);
    const again = ok(await apply(who.p1!, { jobId: job.a2 }));
    expect(again.id).not.toBe(app.a2);
  });
});

describe('history, audit and scope', () => {
  it('every stage change has one history row and one audit entry; the chain verifies', async () => {
    const all = await env.deps.db.select().from(applications);
    for (const a of all) {
      const events = await env.deps.db
        .select()
        .from(applicationEvents)
        .where(eq(applicationEvents.applicationId, a.id));
      const stageEvents = events.filter(
        (e) => e.fromStage !== null && !e.toStage.startsWith('destination') && e.toStage !== 'ended',
      );
      expect(await auditCount('application.stage', a.id)).toBe(stageEvents.length);
    }
    expect((await verifyChain(env.deps.db)).ok).toBe(true);
  });

  it('lists only what each role may see', async () => {
    const all = await env.deps.db.select().from(applications);
    const ids = (f: (a: (typeof all)[number]) => boolean) =>
      all
        .filter(f)
        .map((a) => a.id)
        .sort();
    expect(await listIds(who.p1!)).toEqual(ids((a) => a.studentId === student.p1));
    expect(await listIds(who.entA!)).toEqual(ids((a) => a.orgId === org.entA));
    expect(await listIds(who.entB!)).toEqual(ids((a) => a.orgId === org.entB));
    expect(await listIds(who.entC!)).toEqual([]);
    expect(await listIds(who.school!)).toEqual(ids((a) => a.schoolOrgId === org.school));
    expect(await listIds(who.teacher!)).toEqual(ids((a) => a.schoolOrgId === org.school));
    expect(await listIds(who.school2!)).toEqual([]);
    expect(await listIds(who.sec1!)).toEqual(ids(() => true));
    expect(await listIds(who.sec2!)).toEqual([]);
    expect((await who.official!.call('GET', '/api/applications')).statusCode).toBe(403);
    expectError(await who.school2!.call('GET', `/api/applications/${app.a1}`), 403, 'OUT_OF_SCOPE');
  });

  it('filters by stage, origin, kind and searches job title and student name', async () => {
    const all = await env.deps.db.select().from(applications);
    const onboard = all
      .filter((a) => a.stage === 'onboard' && a.orgId === org.entB)
      .map((a) => a.id)
      .sort();
    expect(await listIds(who.entB!, '&stage=onboard')).toEqual(onboard);
    expect(await listIds(who.entA!, '&origin=enterprise')).toEqual([app.a2]);
    expect(await listIds(who.entB!, '&kind=internship')).toHaveLength(1);
    const byName = ok(await who.entA!.call('GET', `/api/applications?q=${encodeURIComponent('张三')}`));
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((i: { studentName: string }) => i.studentName === '张三')).toBe(true);
    const byTitle = ok(await who.entA!.call('GET', `/api/applications?q=${encodeURIComponent('焊装')}`));
    expect(byTitle.items.map((i: { jobTitle: string }) => i.jobTitle)).toEqual(['焊装学徒岗']);
    const page = ok(await who.sec1!.call('GET', '/api/applications?pageSize=2&page=2'));
    expect(page.items).toHaveLength(2);
    expect(page.total).toBe(all.length);
  });

  it('exports the caller’s list as xlsx and audits the export', async () => {
    const res = await who.entB!.call('GET', '/api/applications/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const all = await env.deps.db.select().from(applications).where(eq(applications.orgId, org.entB!));
    expect(ws.rowCount).toBe(all.length + 1);
    expect(ws.getRow(1).getCell(1).value).toBe('岗位');
    const stages = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 1) stages.add(String(row.getCell(9).value));
    });
    expect(stages.has('入职（已离职）')).toBe(true);
    expect(await auditCount('application.export')).toBe(1);
  });
});
