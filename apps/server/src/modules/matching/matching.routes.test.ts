import { queryRows, studentProfiles } from '@chanjiao/db';
import { eq, sql } from 'drizzle-orm';
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
} from '../../../test/helpers';
import { announceMatchChanges, explainMatch, matchingRuntime, recordMatchChanges } from './index';
import { deleteOutboxBefore } from './matching.repository';
import { insertJob, insertStudent, monthFromNow, updateStudent } from './matching.testing';

let env: TestEnv;
let s: Record<string, Session>;
const ids: Record<string, string> = {};
const seqs: Record<string, number> = {};

/**
 * Consortium C1: enterprise E, school S1. Consortium C2: enterprise E2, school S2.
 * Job J of E in C1: major 460701 (汽车制造与试验技术), four skills, 渝北 (500112), full-time.
 */
beforeAll(async () => {
  env = await setupTestEnv();
  const c1 = await makeConsortium(env);
  const c2 = await makeConsortium(env);
  const e = await makeOrg(env, 'enterprise');
  const e2 = await makeOrg(env, 'enterprise');
  const s1 = await makeOrg(env, 'school');
  const s2 = await makeOrg(env, 'school');
  await addMember(env, c1.id, e.id);
  await addMember(env, c1.id, s1.id);
  await addMember(env, c2.id, e2.id);
  await addMember(env, c2.id, s2.id);
  const skills = ['焊接', 'PLC编程', 'CAD制图', '质量检测'];
  const j = await insertJob(env.deps, { orgId: e.id, consortiumId: c1.id, acceptedMajors: ['460701'], skills });
  const draft = await insertJob(env.deps, {
    orgId: e.id,
    consortiumId: c1.id,
    title: '草稿岗位',
    status: 'draft',
    acceptedMajors: ['460701'],
  });
  const closed = await insertJob(env.deps, {
    orgId: e.id,
    consortiumId: c1.id,
    title: '已关闭岗位',
    status: 'closed',
    acceptedMajors: ['460701'],
  });
  const other = await insertJob(env.deps, {
    orgId: e2.id,
    consortiumId: c2.id,
    title: '其他联合体岗位',
    acceptedMajors: ['460701'],
  });
  const intern = await insertJob(env.deps, {
    orgId: e.id,
    consortiumId: c1.id,
    title: '财税实习生',
    kind: 'internship',
    acceptedMajors: ['530101'],
    districtCode: '500101',
  });
  const studentUser = await makeUser(env, 'student', { orgId: s1.id });
  const st = {
    exact: await insertStudent(env.deps, {
      schoolOrgId: s1.id,
      consortiumId: c1.id,
      name: '张三',
      skills: ['焊接', 'PLC编程', 'CAD制图'],
      userId: studentUser.id,
    }),
    sameClass: await insertStudent(env.deps, {
      schoolOrgId: s1.id,
      consortiumId: c1.id,
      name: '李四',
      majorCode: '460702',
      skills: ['焊接'],
    }),
    unrelated: await insertStudent(env.deps, {
      schoolOrgId: s1.id,
      consortiumId: c1.id,
      name: '王五',
      majorCode: '530101',
      districtCode: '500101',
      expectedGraduation: monthFromNow(30),
    }),
    noConsent: await insertStudent(env.deps, {
      schoolOrgId: s1.id,
      consortiumId: c1.id,
      name: '赵六',
      skills,
      consent: false,
    }),
    otherConsortium: await insertStudent(env.deps, {
      schoolOrgId: s2.id,
      consortiumId: c2.id,
      name: '孙七',
      skills,
    }),
  };
  for (const [k, v] of Object.entries({ j, draft, closed, other, intern, ...st })) {
    ids[k] = v.id;
    seqs[k] = v.seq;
  }
  s = {
    enterprise: await login(env, (await makeUser(env, 'enterprise', { orgId: e.id })).username),
    enterprise2: await login(env, (await makeUser(env, 'enterprise', { orgId: e2.id })).username),
    secretariat1: await login(env, (await makeUser(env, 'secretariat', { consortiumId: c1.id })).username),
    secretariat2: await login(env, (await makeUser(env, 'secretariat', { consortiumId: c2.id })).username),
    official: await login(env, (await makeUser(env, 'official')).username),
    school1: await login(env, (await makeUser(env, 'school', { orgId: s1.id })).username),
    teacher2: await login(env, (await makeUser(env, 'teacher', { orgId: s2.id })).username),
    student: await login(env, studentUser.username),
  };
});
afterAll(() => env.close());

const names = (body: { items: { student: { name: string } }[] }) => body.items.map((i) => i.student.name);
const titles = (body: { items: { job: { title: string } }[] }) => body.items.map((i) => i.job.title);

describe('recommendation routes', () => {
  it('answer 503 in Chinese while the index loads, then serve', async () => {
    const first = await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`);
    expect(first.statusCode).toBe(503);
    expect(first.json()).toMatchObject({ code: 'UNAVAILABLE', message: '推荐索引正在加载，请稍后再试' });
    await matchingRuntime(env.deps)!.ready;
    expect((await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`)).statusCode).toBe(200);
  });

  it('rank a job’s students by major, skills, district and graduation, with the reason', async () => {
    const res = await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations?k=10`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // Exact major first, then the same 专业类, then an unrelated major (only its district and nothing else).
    expect(names(body)).toEqual(['张三', '李四', '王五']);
    const [top, second, last] = body.items;
    expect(top.reason).toBe('专业完全匹配 · 技能 3/4 · 同区县 · 一年内毕业');
    expect(top.reasonEn).toBe('same major · skills 3/4 · same district · graduating within a year');
    expect(top.factors).toMatchObject({ major: 40, district: 10, kind: 5, certs: 0, cluster: 0 });
    expect(top.factors.skills).toBeGreaterThan(0);
    expect(top.score).toBe(Object.values(top.factors as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(second.reason).toBe('同专业类（汽车制造类） · 技能 1/4 · 同区县 · 一年内毕业');
    expect(second.factors.major).toBe(25);
    expect(last.factors).toMatchObject({ major: 0, skills: 0, district: 3, kind: 0 });
    expect(top.student).toMatchObject({
      name: '张三',
      majorCode: '460701',
      majorName: '汽车制造与试验技术',
      districtName: '渝北区',
      level: 'associate',
    });
    expect(Object.keys(top.student)).not.toContain('idCard');
    expect(res.body).not.toMatch(/idCard|身份证|500112200001/);
    expect(body.job).toMatchObject({ id: ids.j, status: 'published' });
  });

  it('never show a non-consenting student, nor one outside the enterprise’s consortia', async () => {
    const res = await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations?k=50`);
    expect(names(res.json())).not.toContain('赵六');
    expect(names(res.json())).not.toContain('孙七');
    // An official sees every consortium, still only consenting students.
    const off = (await s.official!.call('GET', `/api/jobs/${ids.j}/recommendations?k=50`)).json();
    expect(names(off)).toContain('孙七');
    expect(names(off)).not.toContain('赵六');
    // The secretariat of the job's consortium sees its consortium.
    const sec = (await s.secretariat1!.call('GET', `/api/jobs/${ids.j}/recommendations`)).json();
    expect(names(sec)).toEqual(['张三', '李四', '王五']);
  });

  it('refuse other callers of a job’s recommendations', async () => {
    for (const who of ['enterprise2', 'secretariat2', 'school1', 'student'] as const) {
      const res = await s[who]!.call('GET', `/api/jobs/${ids.j}/recommendations`);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().code).toBe('OUT_OF_SCOPE');
    }
    expect((await env.app.inject({ method: 'GET', url: `/api/jobs/${ids.j}/recommendations` })).statusCode).toBe(401);
    const missing = await s.enterprise!.call('GET', '/api/jobs/00000000-0000-4000-8000-000000000000/recommendations');
    expect(missing.statusCode).toBe(404);
  });

  it('validate k with a Chinese message', async () => {
    const res = await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations?k=51`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/推荐条数最多为 50/);
  });

  it('recommend a student published jobs of the school’s consortia: no drafts, closed or foreign jobs', async () => {
    const res = await s.student!.call('GET', '/api/students/me/recommendations');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.student).toMatchObject({ id: ids.exact, name: '张三' });
    expect(titles(body)[0]).toBe('汽车装配工程师');
    expect(body.items[0].reason).toBe('专业完全匹配 · 技能 3/4 · 同区县 · 一年内毕业');
    expect(body.items[0].job).toMatchObject({ id: ids.j, districtName: '渝北区', kind: 'fulltime' });
    expect(titles(body)).not.toContain('草稿岗位');
    expect(titles(body)).not.toContain('已关闭岗位');
    expect(titles(body)).not.toContain('其他联合体岗位');
    // The school sees the same list for its student; another school's teacher and enterprises do not.
    const school = (await s.school1!.call('GET', `/api/students/${ids.exact}/recommendations`)).json();
    expect(titles(school)).toEqual(titles(body));
    for (const who of ['teacher2', 'enterprise', 'secretariat2'] as const) {
      const r = await s[who]!.call('GET', `/api/students/${ids.exact}/recommendations`);
      expect(r.statusCode, who).toBe(403);
    }
    expect((await s.official!.call('GET', `/api/students/${ids.exact}/recommendations`)).statusCode).toBe(200);
  });

  it('explain a pair as the recommendations do, whatever the hard filters', async () => {
    const list = (await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`)).json();
    const e = await explainMatch(env.deps, seqs.j!, seqs.exact!);
    expect(e).toMatchObject({
      score: list.items[0].score,
      reason: list.items[0].reason,
      factors: list.items[0].factors,
    });
    // Where no index is loaded (another Deps), the skill weights come from the tables: the same answer.
    expect(await explainMatch({ ...env.deps }, seqs.j!, seqs.exact!)).toEqual(e);
    // A non-consenting student still gets a reason stored when he applies himself.
    const hidden = await explainMatch(env.deps, seqs.j!, seqs.noConsent!);
    expect(hidden?.reason).toBe('专业完全匹配 · 技能 4/4 · 同区县 · 一年内毕业');
    expect(hidden?.factors.skills).toBe(30);
    expect(await explainMatch(env.deps, seqs.j!, 999_999)).toBeNull();
  });

  it('follow changes: a profile’s new major and skills move it up, a deleted one leaves', async () => {
    await updateStudent(env.deps, ids.unrelated!, {
      majorCode: '460701',
      districtCode: '500112',
      skills: ['焊接', 'PLC编程', 'CAD制图', '质量检测'],
    });
    await updateStudent(env.deps, ids.sameClass!, { deletedAt: new Date() });
    let got: string[] = [];
    for (let i = 0; i < 50; i++) {
      got = names((await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`)).json());
      if (got[0] === '王五' && !got.includes('李四')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(got).toEqual(['王五', '张三']);
    // Withdrawing consent takes the student out of enterprise results.
    await updateStudent(env.deps, ids.unrelated!, { consent: false });
    await matchingRuntime(env.deps)!.feed!.kick();
    expect(names((await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`)).json())).toEqual(['张三']);
    const [row] = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, ids.unrelated!));
    expect(row!.consent).toBe(false);
  });

  it('apply a change whose transaction commits after a later one (outbox ids out of commit order)', async () => {
    const reasonOf = async (name: string) =>
      (await s.enterprise!.call('GET', `/api/jobs/${ids.j}/recommendations`))
        .json()
        .items.find((i: { student: { name: string } }) => i.student.name === name)?.reason as string | undefined;
    let release!: () => void;
    let recorded!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const wasRecorded = new Promise<void>((r) => {
      recorded = r;
    });
    // A slow writer takes its outbox id first and commits last.
    const slow = env.deps.db.transaction(async (tx) => {
      await tx
        .update(studentProfiles)
        .set({ skills: ['焊接', 'PLC编程', 'CAD制图', '质量检测'] })
        .where(eq(studentProfiles.id, ids.exact!));
      await recordMatchChanges(tx, 'student', [seqs.exact!]);
      recorded();
      await held;
    });
    await wasRecorded;
    await insertStudent(env.deps, {
      schoolOrgId: (await schoolOf(ids.exact!))!,
      name: '吴十',
      consortiumId: (await consortiumOf(ids.exact!))!,
    });
    const feed = matchingRuntime(env.deps)!.feed!;
    await feed.kick();
    expect(await reasonOf('吴十')).toBeDefined();
    expect(await reasonOf('张三')).toMatch(/技能 3\/4/);
    release();
    await slow;
    // No notice this time: the 1-second poll finds the hole filled.
    let reason: string | undefined;
    for (let i = 0; i < 60 && !/技能 4\/4/.test(reason ?? ''); i++) {
      await new Promise((r) => setTimeout(r, 50));
      reason = await reasonOf('张三');
    }
    expect(reason).toMatch(/技能 4\/4/);
  });
});

describe('change feed', () => {
  it('applies an import of many profiles in one transaction (more than a page of the outbox)', async () => {
    const rt = matchingRuntime(env.deps)!;
    await rt.ready;
    const before = rt.index!.studentCount;
    const school = await schoolOf(ids.exact!);
    await env.deps.db.execute(sql`
      with ins as (
        insert into student_profiles (school_org_id, name, id_card_enc, id_card_digest, level, major_code, grade,
                                      district_code, skills, consent)
        select ${school}, '导入' || g, 'x', 'import-' || g, 'associate', '460702', 2024, '500112', '{焊接}', true
          from generate_series(1, 12000) g
        returning seq)
      insert into matching_outbox (entity, seq, op) select 'student', seq, 'upsert' from ins`);
    await announceMatchChanges(env.deps);
    for (let i = 0; i < 200 && rt.index!.studentCount < before + 12_000; i++) await rt.feed!.kick();
    expect(rt.index!.studentCount).toBe(before + 12_000);
    expect(rt.feed!.cursor.hasGaps).toBe(false);
  }, 60_000);

  it('deletes outbox rows older than the retention, oldest first, and keeps the rest', async () => {
    const db = env.deps.db;
    const all = await queryRows<{ id: number }>(db, sql`select id from matching_outbox order by id`);
    expect(all.length).toBeGreaterThan(12_000);
    const firstKept = Number(all[all.length - 5]!.id);
    await db.execute(sql`update matching_outbox set created_at = now() - interval '2 days' where id < ${firstKept}`);
    const cutoff = new Date(Date.now() - 24 * 3_600_000);
    // Ten thousand at a time, as the feed's clean-up calls it.
    const batches: number[] = [];
    for (;;) {
      const n = await deleteOutboxBefore(db, cutoff);
      if (n === 0) break;
      batches.push(n);
    }
    expect(batches[0]).toBe(10_000);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(all.length - 5);
    const left = await queryRows<{ id: number }>(db, sql`select id from matching_outbox order by id`);
    expect(left.map((r) => Number(r.id))).toEqual(all.slice(-5).map((r) => Number(r.id)));
  });
});

async function schoolOf(id: string) {
  const [r] = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, id));
  return r?.schoolOrgId;
}
async function consortiumOf(id: string) {
  const [r] = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, id));
  return r?.consortiumId;
}
