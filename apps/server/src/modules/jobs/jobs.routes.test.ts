import { permissionsOf, type Role } from '@chanjiao/contracts';
import { applications, auditLog, jobDemands, matchingOutbox, studentProfiles } from '@chanjiao/db';
import { and, count, eq, inArray } from 'drizzle-orm';
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
import { type Ctx, systemCtx } from '../../lib/context';
import { todayInChina } from '../../lib/dates';
import { getJobForScope } from './index';

let env: TestEnv;
let consA: string;
let consB: string;
let entA: { id: string; name: string };
let entB: { id: string; name: string };
let entC: { id: string; name: string };
let schoolA: { id: string };
let schoolB: { id: string };
const s: Record<string, Session> = {};

const today = todayInChina();
const shift = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const nextMonth = shift(30);
const yesterday = shift(-1);
const year = Number(today.slice(0, 4));

const expectError = (res: LightMyRequestResponse, status: number, code: string, message?: RegExp) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body as { code: string; message: string; details?: { path: string; message: string }[] };
};

/** A complete, valid job for consortium A. */
const base = () => ({
  title: '数控机床操作工',
  description: '负责数控车床、加工中心的操作与日常保养',
  occupationCode: '6-18-01-07',
  clusterCode: 'C04',
  industryCode: '3612',
  acceptedMajors: ['460103', '6601'],
  skills: ['数控编程', ' 数控编程 ', 'CAD 制图', ''],
  certificates: ['1+X 数控车铣加工'],
  headCount: 5,
  minLevel: 'associate',
  gradFrom: '2025-06',
  gradTo: '2026-07',
  districtCode: '500112',
  salaryMin: 5000,
  salaryMax: 8000,
  kind: 'fulltime',
  validUntil: nextMonth,
  consortiumId: consA,
});

async function create(who: Session, body: Record<string, unknown> = {}) {
  const res = await who.call('POST', '/api/jobs', { ...base(), ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: string; seq: number; status: string; [k: string]: unknown };
}
const publish = (who: Session, id: string) => who.call('POST', `/api/jobs/${id}/status`, { status: 'published' });
const list = async (who: Session, query: string) => {
  const res = await who.call('GET', `/api/jobs?pageSize=200&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; status: string; title: string }[];
    total: number;
    facets: Record<string, { value: string; label: string | null; count: number }[]>;
  };
};
const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id);
const jobCount = async () => (await env.deps.db.select({ n: count() }).from(jobDemands))[0]!.n;
const outboxOf = async (seq: number) =>
  (
    await env.deps.db
      .select({ op: matchingOutbox.op })
      .from(matchingOutbox)
      .where(and(eq(matchingOutbox.entity, 'job'), eq(matchingOutbox.seq, seq)))
      .orderBy(matchingOutbox.id)
  ).map((r) => r.op);
const auditOf = async (id: string) =>
  (
    await env.deps.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, id))
      .orderBy(auditLog.id)
  ).map((r) => r.action);

beforeAll(async () => {
  env = await setupTestEnv();
  consA = (await makeConsortium(env)).id;
  consB = (await makeConsortium(env)).id;
  entA = await makeOrg(env, 'enterprise', uniq('重庆甲机械有限公司'));
  entB = await makeOrg(env, 'enterprise', uniq('重庆乙汽车有限公司'));
  entC = await makeOrg(env, 'enterprise', uniq('重庆丙电子有限公司'));
  schoolA = await makeOrg(env, 'school', uniq('重庆甲职业学院'));
  schoolB = await makeOrg(env, 'school', uniq('重庆乙职业学院'));
  await addMember(env, consA, entA.id);
  await addMember(env, consA, entB.id);
  await addMember(env, consB, entC.id);
  await addMember(env, consA, schoolA.id);
  await addMember(env, consB, schoolB.id);
  const mk = async (key: string, role: Parameters<typeof makeUser>[1], o: Parameters<typeof makeUser>[2]) => {
    s[key] = await login(env, (await makeUser(env, role, o)).username);
  };
  await mk('entA', 'enterprise', { orgId: entA.id });
  await mk('entB', 'enterprise', { orgId: entB.id });
  await mk('entC', 'enterprise', { orgId: entC.id });
  await mk('secA', 'secretariat', { consortiumId: consA });
  await mk('councilA', 'council', { consortiumId: consA });
  await mk('official', 'official', {});
  await mk('studentA', 'student', { orgId: schoolA.id });
  await mk('studentB', 'student', { orgId: schoolB.id });
  await mk('teacherA', 'teacher', { orgId: schoolA.id });
});
afterAll(() => env.close());

describe('creating a job demand', () => {
  it('saves a draft with cleaned lists and labels, audited and announced to matching', async () => {
    const job = await create(s.entA!);
    expect(job).toMatchObject({
      status: 'draft',
      orgId: entA.id,
      orgName: entA.name,
      consortiumId: consA,
      occupationName: '多工序数控机床操作调整工',
      clusterName: '智能装备及智能制造',
      districtName: '渝北区',
      skills: ['数控编程', 'CAD 制图'],
      acceptedMajors: ['460103', '6601'],
      majorLabels: [
        { code: '460103', name: '数控技术', scope: 'major' },
        { code: '6601', name: '机械设计制造类', scope: 'class' },
      ],
      year,
      publishedAt: null,
      canEdit: true,
    });
    expect(await auditOf(job.id)).toEqual(['job.create']);
    expect(await outboxOf(job.seq)).toEqual(['upsert']);
  });

  it('publishes at once with publish: true', async () => {
    const job = await create(s.entA!, { publish: true });
    expect(job.status).toBe('published');
    expect(job.publishedAt).toEqual(expect.any(String));
  });

  it.each([
    [
      'an unknown major code',
      { acceptedMajors: ['460103', '999999'] },
      'acceptedMajors',
      /专业代码 999999 不在职业教育专业目录中/,
    ],
    ['a malformed major code', { acceptedMajors: ['数控'] }, 'acceptedMajors.0', /专业代码格式不正确/],
    [
      'a graduation window ending before it starts',
      { gradFrom: '2026-07', gradTo: '2025-06' },
      'gradTo',
      /结束月份不能早于开始月份/,
    ],
    [
      'a salary minimum above the maximum',
      { salaryMin: 9000, salaryMax: 5000 },
      'salaryMax',
      /最高薪资不能低于最低薪资/,
    ],
    ['a district outside Chongqing', { districtCode: '110101' }, 'districtCode', /不是重庆市的区县/],
    ['no district', { districtCode: undefined }, 'districtCode', /请选择工作区县/],
    ['no consortium', { consortiumId: undefined }, 'consortiumId', /请选择发布的联合体/],
    ['an unknown occupation', { occupationCode: '9-99-99-99' }, 'occupationCode', /不在 2022 职业分类大典中/],
    ['a consortium the enterprise is not in', { consortiumId: '' }, 'consortiumId', /不是所选联合体的在册成员单位/],
    ['a head count of zero', { headCount: 0 }, 'headCount', /需求人数至少为 1/],
    ['more than 20 skills', { skills: Array.from({ length: 21 }, (_, i) => `技能${i}`) }, 'skills', /技能最多 20 项/],
    ['publishing an expired job', { publish: true, validUntil: yesterday }, 'validUntil', /已过，不能发布/],
  ])('refuses %s with a Chinese message and writes nothing', async (_name, patch, path, message) => {
    const before = await jobCount();
    const outbox = (await env.deps.db.select({ n: count() }).from(matchingOutbox))[0]!.n;
    const body = { ...patch } as Record<string, unknown>;
    if (body.consortiumId === '') body.consortiumId = consB;
    const err = expectError(
      await s.entA!.call('POST', '/api/jobs', { ...base(), ...body }),
      400,
      'VALIDATION',
      message,
    );
    expect(err.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]),
    );
    expect(await jobCount()).toBe(before);
    expect((await env.deps.db.select({ n: count() }).from(matchingOutbox))[0]!.n).toBe(outbox);
  });

  it('lets a secretariat publish for a member enterprise, not for an outsider or another consortium', async () => {
    const job = await create(s.secA!, { orgId: entB.id });
    expect(job.orgId).toBe(entB.id);
    expectError(await s.secA!.call('POST', '/api/jobs', { ...base(), orgId: entC.id }), 403, 'OUT_OF_SCOPE');
    expectError(
      await s.secA!.call('POST', '/api/jobs', { ...base(), orgId: entC.id, consortiumId: consB }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await s.secA!.call('POST', '/api/jobs', base()), 400, 'VALIDATION', /请选择发布岗位需求的企业/);
  });

  it("refuses an enterprise publishing in another organization's name", async () => {
    expectError(await s.entA!.call('POST', '/api/jobs', { ...base(), orgId: entB.id }), 403, 'OUT_OF_SCOPE');
  });
});

describe('status changes', () => {
  it('goes draft → published → closed → published, keeping the first publication', async () => {
    const job = await create(s.entA!);
    const p1 = await publish(s.entA!, job.id);
    expect(p1.statusCode, p1.body).toBe(200);
    const first = p1.json();
    expect(first).toMatchObject({ status: 'published', year, closedAt: null });
    const closed = await s.entA!.call('POST', `/api/jobs/${job.id}/status`, { status: 'closed', reason: '已招满' });
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const again = (await publish(s.entA!, job.id)).json();
    expect(again).toMatchObject({ status: 'published', closedAt: null, publishedAt: first.publishedAt });
    expect(await auditOf(job.id)).toEqual(['job.create', 'job.status', 'job.status', 'job.status']);
    expect(await outboxOf(job.seq)).toEqual(['upsert', 'upsert', 'upsert', 'upsert']);
  });

  it('refuses draft → closed and publishing twice', async () => {
    const job = await create(s.entA!);
    expectError(
      await s.entA!.call('POST', `/api/jobs/${job.id}/status`, { status: 'closed' }),
      409,
      'CONFLICT',
      /不能从“草稿”变更为“已关闭”/,
    );
    expect((await publish(s.entA!, job.id)).statusCode).toBe(200);
    expectError(await publish(s.entA!, job.id), 409, 'CONFLICT', /不能从“已发布”变更为“已发布”/);
    expectError(await s.entA!.call('POST', `/api/jobs/${job.id}/status`, { status: 'draft' }), 400, 'VALIDATION');
  });

  it('refuses publishing a job whose validity has passed, and moving a published job into the past', async () => {
    const expired = await create(s.entA!, { validUntil: yesterday });
    expect(expired.status).toBe('draft');
    expectError(await publish(s.entA!, expired.id), 409, 'CONFLICT', /已过，请先修改有效期再发布/);
    const live = await create(s.entA!, { publish: true });
    expectError(
      await s.entA!.call('PATCH', `/api/jobs/${live.id}`, { validUntil: yesterday }),
      400,
      'VALIDATION',
      /已过，不能发布/,
    );
  });
});

describe('editing', () => {
  it('updates fields, re-validates the merged record, audits before/after and announces', async () => {
    const job = await create(s.entA!);
    const res = await s.entA!.call('PATCH', `/api/jobs/${job.id}`, { title: '数控车工', salaryMin: 6000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ title: '数控车工', salaryMin: 6000, salaryMax: 8000 });
    // The stored maximum is 8000; a new minimum above it is refused on the merged record.
    expectError(await s.entA!.call('PATCH', `/api/jobs/${job.id}`, { salaryMin: 9000 }), 400, 'VALIDATION', /最高薪资/);
    const [entry] = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, job.id), eq(auditLog.action, 'job.update')));
    expect(JSON.stringify(entry!.diff)).toContain('数控车工');
    expect(await outboxOf(job.seq)).toEqual(['upsert', 'upsert']);
  });

  it('moves a job to another consortium only where the enterprise is a member', async () => {
    const job = await create(s.entA!);
    expectError(
      await s.entA!.call('PATCH', `/api/jobs/${job.id}`, { consortiumId: consB }),
      400,
      'VALIDATION',
      /不是所选联合体的在册成员单位/,
    );
  });
});

describe('data scope', () => {
  let draftA: string;
  let publishedA: string;
  let closedA: string;
  let publishedC: string;
  beforeAll(async () => {
    draftA = (await create(s.entA!)).id;
    publishedA = (await create(s.entA!, { publish: true })).id;
    closedA = (await create(s.entA!, { publish: true })).id;
    await s.entA!.call('POST', `/api/jobs/${closedA}/status`, { status: 'closed' });
    publishedC = (await create(s.entC!, { publish: true, consortiumId: consB })).id;
  });

  it("hides another enterprise's draft (404) and refuses editing its published job (403)", async () => {
    expectError(await s.entB!.call('GET', `/api/jobs/${draftA}`), 404, 'NOT_FOUND');
    expect((await s.entB!.call('GET', `/api/jobs/${publishedA}`)).json().canEdit).toBe(false);
    expectError(await s.entB!.call('PATCH', `/api/jobs/${publishedA}`, { title: '改名' }), 403, 'OUT_OF_SCOPE');
    expectError(
      await s.entB!.call('POST', `/api/jobs/${publishedA}/status`, { status: 'closed' }),
      403,
      'OUT_OF_SCOPE',
    );
    expectError(await s.entB!.call('PATCH', `/api/jobs/${draftA}`, { title: '改名' }), 404, 'NOT_FOUND');
    const seen = ids(await list(s.entB!, ''));
    expect(seen).toContain(publishedA);
    expect(seen).not.toContain(draftA);
    expect(seen).not.toContain(closedA);
    expect(seen).not.toContain(publishedC);
  });

  it('shows the owner all its jobs in any status', async () => {
    const seen = ids(await list(s.entA!, `orgId=${entA.id}`));
    expect(seen).toEqual(expect.arrayContaining([draftA, publishedA, closedA]));
  });

  it("shows a student only the published jobs of his school's consortia", async () => {
    const a = ids(await list(s.studentA!, ''));
    expect(a).toContain(publishedA);
    expect(a).not.toContain(draftA);
    expect(a).not.toContain(closedA);
    expect(a).not.toContain(publishedC);
    expectError(await s.studentA!.call('GET', `/api/jobs/${draftA}`), 404, 'NOT_FOUND');
    expect((await s.studentA!.call('GET', `/api/jobs/${publishedA}`)).json().canEdit).toBe(false);
    const b = ids(await list(s.studentB!, ''));
    expect(b).toContain(publishedC);
    expect(b).not.toContain(publishedA);
    expectError(await s.studentB!.call('GET', `/api/jobs/${publishedA}`), 404, 'NOT_FOUND');
  });

  it('shows teachers and council members published jobs only', async () => {
    for (const who of [s.teacherA!, s.councilA!]) {
      const seen = ids(await list(who, ''));
      expect(seen).toContain(publishedA);
      expect(seen).not.toContain(draftA);
      expect(seen).not.toContain(publishedC);
    }
  });

  it("lets the secretariat see its consortium's drafts and edit its members' jobs", async () => {
    const seen = ids(await list(s.secA!, ''));
    expect(seen).toEqual(expect.arrayContaining([draftA, publishedA, closedA]));
    expect(seen).not.toContain(publishedC);
    const res = await s.secA!.call('PATCH', `/api/jobs/${draftA}`, { headCount: 7 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ headCount: 7, canEdit: true });
    expectError(await s.secA!.call('GET', `/api/jobs/${publishedC}`), 404, 'NOT_FOUND');
  });

  it('shows officials every job, drafts included, read-only', async () => {
    const seen = ids(await list(s.official!, ''));
    expect(seen).toEqual(expect.arrayContaining([draftA, publishedA, closedA, publishedC]));
    expect((await s.official!.call('GET', `/api/jobs/${draftA}`)).json().canEdit).toBe(false);
    expectError(await s.official!.call('PATCH', `/api/jobs/${draftA}`, { headCount: 2 }), 403, 'FORBIDDEN');
  });

  it('gives other modules the job row within scope', async () => {
    const ctxOf = (roles: Role[], orgId: string | null): Ctx => ({
      ...systemCtx(env.deps),
      actor: {
        userId: '00000000-0000-4000-8000-000000000001',
        username: 'x',
        displayName: 'x',
        roles,
        permissions: permissionsOf(roles),
        orgId,
        consortiumId: null,
        mustChangePassword: false,
        mustEnrollTotp: false,
        sessionId: 'x',
        csrfToken: 'x',
      },
    });
    const student = ctxOf(['student'], schoolA.id);
    expect(await getJobForScope(student, publishedA)).toMatchObject({
      id: publishedA,
      orgId: entA.id,
      consortiumId: consA,
      kind: 'fulltime',
      status: 'published',
      title: '数控机床操作工',
      seq: expect.any(Number),
    });
    await expect(getJobForScope(student, draftA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getJobForScope(student, publishedA, 'write')).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    expect((await getJobForScope(ctxOf(['enterprise'], entA.id), draftA, 'write')).status).toBe('draft');
    await expect(getJobForScope(systemCtx(env.deps), publishedA)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('search, filters and facets', () => {
  let consF: string;
  let entF: { id: string };
  let f: Session;
  const made: Record<string, string> = {};
  beforeAll(async () => {
    consF = (await makeConsortium(env)).id;
    entF = await makeOrg(env, 'enterprise', uniq('重庆丁制造有限公司'));
    await addMember(env, consF, entF.id);
    f = await login(env, (await makeUser(env, 'enterprise', { orgId: entF.id })).username);
    const job = (b: Record<string, unknown>) => create(f, { consortiumId: consF, ...b });
    made.cnc = (await job({ publish: true, acceptedMajors: ['6601'] })).id;
    made.nurse = (
      await job({
        publish: true,
        title: '社区护理员',
        description: '负责老年人日常照护',
        occupationCode: null,
        clusterCode: null,
        acceptedMajors: ['52'],
        skills: ['基础护理'],
        certificates: [],
        kind: 'internship',
        districtCode: '500106',
      })
    ).id;
    made.draft = (
      await job({
        title: '焊工',
        description: '负责焊接作业',
        occupationCode: null,
        acceptedMajors: ['460103'],
        skills: ['焊接'],
        certificates: [],
      })
    ).id;
  });

  it('finds 数控机床操作工 by 数控 and by 机床操作, not by 护理', async () => {
    expect(ids(await list(f, `consortiumId=${consF}&q=${encodeURIComponent('数控')}`))).toEqual([made.cnc]);
    expect(ids(await list(f, `consortiumId=${consF}&q=${encodeURIComponent('机床操作')}`))).toEqual([made.cnc]);
    expect(ids(await list(f, `consortiumId=${consF}&q=${encodeURIComponent('护理')}`))).toEqual([made.nurse]);
    // Skills and the occupation name are searched too.
    expect(ids(await list(f, `consortiumId=${consF}&q=${encodeURIComponent('焊接')}`))).toEqual([made.draft]);
    expect(ids(await list(f, `consortiumId=${consF}&q=${encodeURIComponent('调整工')}`))).toEqual([made.cnc]);
  });

  it('filters by major through its 专业类 and 专业大类', async () => {
    // 660103 数控技术应用 is in class 6601 (accepted by the CNC job) and category 66.
    expect(ids(await list(f, `consortiumId=${consF}&major=660103`))).toEqual([made.cnc]);
    // 520201 护理 is in category 52 (accepted by the nursing job).
    expect(ids(await list(f, `consortiumId=${consF}&major=520201`))).toEqual([made.nurse]);
    // 460103 itself is accepted by the draft only (the CNC job accepts a secondary class).
    expect(ids(await list(f, `consortiumId=${consF}&major=460103`))).toEqual([made.draft]);
    // A class finds jobs accepting one of its majors.
    expect(ids(await list(f, `consortiumId=${consF}&major=4601`))).toEqual([made.draft]);
    expectError(await f.call('GET', `/api/jobs?major=999999`), 400, 'VALIDATION', /不在职业教育专业目录中/);
  });

  it('counts each facet over the current filter without its own field', async () => {
    const all = await list(f, `consortiumId=${consF}`);
    expect(all.total).toBe(3);
    expect(all.facets.kind).toEqual([
      { value: 'fulltime', label: '全职', count: 2 },
      { value: 'internship', label: '实习', count: 1 },
    ]);
    expect(all.facets.status).toEqual([
      { value: 'published', label: '已发布', count: 2 },
      { value: 'draft', label: '草稿', count: 1 },
    ]);
    expect(all.facets.districtCode).toEqual([
      { value: '500112', label: '渝北区', count: 2 },
      { value: '500106', label: '沙坪坝区', count: 1 },
    ]);
    expect(all.facets.clusterCode).toEqual([{ value: 'C04', label: '智能装备及智能制造', count: 2 }]);
    const fulltime = await list(f, `consortiumId=${consF}&kind=fulltime&status=published`);
    expect(ids(fulltime)).toEqual([made.cnc]);
    // Kinds among published jobs, statuses among full-time jobs, districts among published full-time.
    expect(fulltime.facets.kind).toEqual([
      { value: 'fulltime', label: '全职', count: 1 },
      { value: 'internship', label: '实习', count: 1 },
    ]);
    expect(fulltime.facets.status).toEqual([
      { value: 'draft', label: '草稿', count: 1 },
      { value: 'published', label: '已发布', count: 1 },
    ]);
    expect(fulltime.facets.districtCode).toEqual([{ value: '500112', label: '渝北区', count: 1 }]);
  });

  it('pages with a total', async () => {
    const res = await f.call('GET', `/api/jobs?consortiumId=${consF}&pageSize=2&page=2`);
    expect(res.json()).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(res.json().items).toHaveLength(1);
  });

  it('exports the filtered list as xlsx with Chinese headers, audited', async () => {
    const res = await f.call('GET', `/api/jobs/export?consortiumId=${consF}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['岗位名称', '发布单位', '状态', '可接受专业', '工作区县']));
    const titles: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) titles.push(String(row.getCell(1).value));
    });
    expect(titles.sort()).toEqual(['数控机床操作工', '焊工', '社区护理员'].sort());
    const rowOf = (title: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((row) => {
        if (row.getCell(1).value === title) found = row;
      });
      return found!;
    };
    const nurse = rowOf('社区护理员');
    expect(nurse.getCell(header.indexOf('可接受专业') + 1).value).toBe('52 医药卫生大类');
    expect(nurse.getCell(header.indexOf('岗位类型') + 1).value).toBe('实习');
    const [entry] = await env.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'job.export'))
      .orderBy(auditLog.id);
    expect(entry).toBeDefined();
  });
});

describe('deleting and restoring', () => {
  async function applicant(jobId: string, stage: string) {
    const [student] = await env.deps.db
      .insert(studentProfiles)
      .values({
        schoolOrgId: schoolA.id,
        name: '张三',
        idCardEnc: 'x',
        idCardDigest: uniq('digest'),
        level: 'associate',
        majorCode: '460103',
        grade: 2023,
        districtCode: '500112',
      })
      .returning();
    const [app] = await env.deps.db
      .insert(applications)
      .values({
        jobId,
        studentId: student!.id,
        orgId: entA.id,
        schoolOrgId: schoolA.id,
        kind: 'fulltime',
        origin: 'student',
        stage,
      })
      .returning();
    return app!.id;
  }

  it('refuses a published job and a closed one with open applications; deletes and restores otherwise', async () => {
    const job = await create(s.entA!, { publish: true });
    expectError(await s.entA!.call('DELETE', `/api/jobs/${job.id}`), 409, 'CONFLICT', /须先关闭/);
    await s.entA!.call('POST', `/api/jobs/${job.id}/status`, { status: 'closed' });
    const appId = await applicant(job.id, 'interview');
    expectError(await s.entA!.call('DELETE', `/api/jobs/${job.id}`), 409, 'CONFLICT', /1 份进行中的投递/);
    expectError(await s.entB!.call('DELETE', `/api/jobs/${job.id}`), 404, 'NOT_FOUND');
    await env.deps.db.update(applications).set({ stage: 'rejected' }).where(eq(applications.id, appId));

    const del = await s.entA!.call('DELETE', `/api/jobs/${job.id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().deletedAt).toEqual(expect.any(String));
    expect(ids(await list(s.entA!, ''))).not.toContain(job.id);
    expect(ids(await list(s.entA!, 'deleted=true'))).toContain(job.id);
    expect(ids(await list(s.secA!, 'deleted=true'))).toContain(job.id);
    expect(ids(await list(s.studentA!, 'deleted=true'))).not.toContain(job.id);
    expectError(await s.entA!.call('PATCH', `/api/jobs/${job.id}`, { title: '改名' }), 409, 'CONFLICT', /已删除/);
    expectError(await s.entA!.call('DELETE', `/api/jobs/${job.id}`), 409, 'CONFLICT');

    const back = await s.entA!.call('POST', `/api/jobs/${job.id}/restore`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ deletedAt: null, status: 'closed' });
    expectError(await s.entA!.call('POST', `/api/jobs/${job.id}/restore`), 409, 'CONFLICT', /未被删除/);

    expect(await auditOf(job.id)).toEqual(['job.create', 'job.status', 'job.delete', 'job.restore']);
    expect(await outboxOf(job.seq)).toEqual(['upsert', 'upsert', 'remove', 'upsert']);
  });

  it('deletes a draft', async () => {
    const job = await create(s.entA!);
    expect((await s.entA!.call('DELETE', `/api/jobs/${job.id}`)).statusCode).toBe(200);
    const [row] = await env.deps.db
      .select()
      .from(jobDemands)
      .where(inArray(jobDemands.id, [job.id]));
    expect(row!.deletedAt).not.toBeNull();
  });
});

describe('permissions', () => {
  it('needs a session and job.write for writes', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/jobs' })).statusCode).toBe(401);
    expectError(await s.studentA!.call('POST', '/api/jobs', base()), 403, 'FORBIDDEN');
    expectError(await s.councilA!.call('POST', '/api/jobs', base()), 403, 'FORBIDDEN');
  });
});
