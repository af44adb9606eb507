/**
 * Reports over hand-made rows inserted straight into the talent tables (the jobs, students and
 * applications modules own the writes): catalogue and year-on-year change, fit per major with
 * class- and category-accepting jobs, warnings and their reasons, rule changes, data scope per role,
 * xlsx and PDF exports.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { auditLog, enrollmentPlans, graduateCohorts, jobDemands, majorWarningRules } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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

let env: TestEnv;
let official: Session;
let secretariat: Session;
let council: Session;
let enterprise: Session;
let school1: Session;
let school2: Session;
const ids = { c1: '', c2: '', e1: '', e2: '', s1: '', s2: '' };

const OCC_MECH = '2-02-07-02'; // 机械制造工程技术人员
const OCC_SOFT = '2-02-10-03';

interface JobSpec {
  org: string;
  consortium: string;
  year: number;
  headCount: number;
  accepted: string[];
  cluster?: string;
  occupation?: string;
  district?: string;
  status?: string;
  deleted?: boolean;
}

async function job(j: JobSpec) {
  await env.deps.db.insert(jobDemands).values({
    orgId: j.org,
    consortiumId: j.consortium,
    title: '测试岗位',
    occupationCode: j.occupation ?? OCC_MECH,
    clusterCode: j.cluster ?? 'C01',
    acceptedMajors: j.accepted,
    headCount: j.headCount,
    minLevel: 'associate',
    districtCode: j.district ?? '500112',
    kind: 'fulltime',
    status: j.status ?? 'published',
    year: j.year,
    publishedAt: new Date(),
    deletedAt: j.deleted ? new Date() : null,
  });
}

async function cohort(school: string, major: string, year: number, graduates: number, unplaced: number) {
  await env.deps.db
    .insert(graduateCohorts)
    .values({ schoolOrgId: school, majorCode: major, year, graduates, employed: graduates - unplaced, unplaced });
}

beforeAll(async () => {
  env = await setupTestEnv();
  const c1 = await makeConsortium(env);
  const c2 = await makeConsortium(env);
  const e1 = await makeOrg(env, 'enterprise');
  const e2 = await makeOrg(env, 'enterprise');
  const s1 = await makeOrg(env, 'school', '第一职业学院');
  const s2 = await makeOrg(env, 'school', '第二职业学院');
  Object.assign(ids, { c1: c1.id, c2: c2.id, e1: e1.id, e2: e2.id, s1: s1.id, s2: s2.id });
  await addMember(env, c1.id, e1.id);
  await addMember(env, c1.id, s1.id);
  await addMember(env, c2.id, e2.id);
  await addMember(env, c2.id, s2.id);

  // 2026 demand. C1: a major, its 专业类 (4607 汽车制造类), a 专业大类 (51 电子与信息大类, closed since), one major.
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 10, accepted: ['460702'] });
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 20, accepted: ['4607'] });
  const soft = { cluster: 'C02', occupation: OCC_SOFT, district: '500106' };
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 5, accepted: ['51'], status: 'closed', ...soft });
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 30, accepted: ['510203'], ...soft });
  // C2: a job open to any major.
  await job({ org: e2.id, consortium: c2.id, year: 2026, headCount: 8, accepted: [] });
  // Never counted: a draft and a deleted job.
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 100, accepted: ['460702'], status: 'draft' });
  await job({ org: e1.id, consortium: c1.id, year: 2026, headCount: 100, accepted: ['460702'], deleted: true });
  // 2025 demand.
  await job({ org: e1.id, consortium: c1.id, year: 2025, headCount: 15, accepted: ['460702'], status: 'closed' });
  await job({ org: e2.id, consortium: c2.id, year: 2025, headCount: 4, accepted: [] });

  // Supply. School 1: 460702 at 78.0% then 80.5%; 460701 at 96%, 95%. School 2: 460702 and 510203 at 95%.
  await cohort(s1.id, '460702', 2025, 100, 22);
  await cohort(s1.id, '460702', 2026, 200, 39);
  await cohort(s1.id, '460701', 2025, 50, 2);
  await cohort(s1.id, '460701', 2026, 60, 3);
  await cohort(s2.id, '460702', 2025, 100, 5);
  await cohort(s2.id, '460702', 2026, 100, 5);
  await cohort(s2.id, '510203', 2025, 40, 2);
  await cohort(s2.id, '510203', 2026, 40, 2);
  await env.deps.db.insert(enrollmentPlans).values([
    { schoolOrgId: s1.id, majorCode: '460702', year: 2025, planned: 200, actual: 200 },
    { schoolOrgId: s1.id, majorCode: '460702', year: 2026, planned: 220, actual: 210 },
    { schoolOrgId: s2.id, majorCode: '460702', year: 2026, planned: 100, actual: null },
  ]);

  const user = async (role: Parameters<typeof makeUser>[1], opts: Parameters<typeof makeUser>[2]) =>
    login(env, (await makeUser(env, role, opts)).username);
  official = await user('official', {});
  secretariat = await user('secretariat', { consortiumId: c1.id });
  council = await user('council', { consortiumId: c1.id });
  enterprise = await user('enterprise', { orgId: e1.id });
  school1 = await user('school', { orgId: s1.id });
  school2 = await user('school', { orgId: s2.id });
});
afterAll(() => env.close());

const get = async (s: Session, url: string) => {
  const res = await s.call('GET', url);
  return { status: res.statusCode, body: res.json() };
};

describe('人才需求目录', () => {
  it('sums published demand by cluster × occupation with the change on last year', async () => {
    const { status, body } = await get(official, '/api/talent/reports/catalogue?year=2026&groupBy=cluster_occupation');
    expect(status).toBe(200);
    expect(body.totals).toEqual({
      headCount: 73,
      jobs: 5,
      prevHeadCount: 19,
      prevJobs: 2,
      headCountChange: 54,
      jobsChange: 3,
      headCountChangeRate: 2.8421,
    });
    const rows = body.items.map((r: Record<string, unknown>) => [
      r.clusterName,
      r.occupationCode,
      r.headCount,
      r.jobs,
      r.prevHeadCount,
      r.headCountChange,
      r.headCountChangeRate,
    ]);
    expect(rows).toEqual([
      ['智能网联新能源汽车', OCC_MECH, 38, 3, 19, 19, 1],
      ['新一代电子信息制造业', OCC_SOFT, 35, 2, 0, 35, null],
    ]);
    expect(body.items[0].occupationName).toBe('机械制造工程技术人员');
    expect(body.items[0].districtCode).toBeNull();
    expect(body.scopeLabel).toBe('全市');
  });

  it('the full view splits by district and minimum level', async () => {
    const { body } = await get(official, '/api/talent/reports/catalogue?year=2026');
    expect(body.groupBy).toBe('full');
    const soft = body.items.find((r: { clusterCode: string }) => r.clusterCode === 'C02');
    expect(soft).toMatchObject({
      districtCode: '500106',
      districtName: '沙坪坝区',
      minLevel: 'associate',
      headCount: 35,
    });
  });

  it('by major: a class- or category-accepting job counts for each major; totals stay per job', async () => {
    const { body } = await get(official, '/api/talent/reports/catalogue?year=2026&groupBy=major&pageSize=200');
    const byMajor = new Map(body.items.map((r: { majorCode: string | null }) => [r.majorCode, r]));
    // 460702: its own job (10) + the 4607 job (20); last year 15.
    expect(byMajor.get('460702')).toMatchObject({
      majorName: '新能源汽车技术',
      majorClassName: '汽车制造类',
      headCount: 30,
      jobs: 2,
      prevHeadCount: 15,
    });
    expect(byMajor.get('460705')).toMatchObject({ headCount: 20, jobs: 1 });
    // 510203 软件技术: its own job (30) + the 大类 51 job (5); every 51 major gets the 5.
    expect(byMajor.get('510203')).toMatchObject({ headCount: 35, jobs: 2 });
    expect(byMajor.get('510201')).toMatchObject({ headCount: 5, jobs: 1 });
    expect(byMajor.get(null)).toMatchObject({ majorName: '不限专业', headCount: 8, prevHeadCount: 4 });
    expect(body.totals.headCount).toBe(73);
    const rowSum = body.items.reduce((a: number, r: { headCount: number }) => a + r.headCount, 0);
    expect(rowSum).toBeGreaterThan(73);
    expect(body.notes.join('')).toContain('各专业行之和因此大于合计');
  });

  it('searches rows and paginates', async () => {
    const { body } = await get(official, '/api/talent/reports/catalogue?year=2026&groupBy=major&q=软件技术&pageSize=1');
    // 软件技术 and 通信软件技术 (both in 大类 51).
    expect(body.total).toBe(2);
    expect(body.items).toHaveLength(1);
    expect(body.items[0].majorCode).toBe('510203');
  });

  it('rejects a bad year and group in Chinese', async () => {
    const res = await official.call('GET', '/api/talent/reports/catalogue?year=1999&groupBy=foo');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect(JSON.stringify(res.json())).toMatch(/年份不早于 2000|统计维度不正确/);
  });
});

describe('data scope', () => {
  it('secretariat and council see their consortium’s jobs; another consortium is out of scope', async () => {
    for (const s of [secretariat, council]) {
      const { body } = await get(s, '/api/talent/reports/catalogue?year=2026&groupBy=cluster');
      expect(body.totals).toMatchObject({ headCount: 65, jobs: 4, prevHeadCount: 15 });
    }
    const other = await secretariat.call('GET', `/api/talent/reports/catalogue?year=2026&consortiumId=${ids.c2}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
  });

  it('an official narrows to one consortium', async () => {
    const { body } = await get(official, `/api/talent/reports/catalogue?year=2026&consortiumId=${ids.c2}`);
    expect(body.totals).toMatchObject({ headCount: 8, jobs: 1, prevHeadCount: 4 });
  });

  it('enterprises see the catalogue of their consortia and no supply figures', async () => {
    const { body } = await get(enterprise, '/api/talent/reports/catalogue?year=2026&groupBy=cluster');
    expect(body.totals.headCount).toBe(65);
    for (const url of ['/api/talent/reports/fit?year=2026', '/api/talent/reports/warnings?year=2026']) {
      const res = await enterprise.call('GET', url);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('schools see their own supply against the demand of their consortia', async () => {
    const { body } = await get(school1, '/api/talent/reports/fit?year=2026');
    expect(body.items.map((r: { majorCode: string }) => r.majorCode)).toEqual(['460701', '460702']);
    const m = body.items.find((r: { majorCode: string }) => r.majorCode === '460702');
    expect(m).toMatchObject({ graduates: 200, demandHeadCount: 30, enrollmentPlanned: 220, enrollmentActual: 210 });
    const other = await school1.call('GET', `/api/talent/reports/fit?year=2026&schoolOrgId=${ids.s2}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
  });

  it('secretariat supply is its member schools’ cohorts', async () => {
    const { body } = await get(secretariat, '/api/talent/reports/fit?year=2026&pageSize=200');
    const m = body.items.find((r: { majorCode: string }) => r.majorCode === '460702');
    expect(m.graduates).toBe(200);
    expect(body.items.find((r: { majorCode: string }) => r.majorCode === '510203').graduates).toBe(0);
  });
});

describe('专业结构与产业结构匹配状况报告', () => {
  it('per major: supply, placement, demand open to the major, ratio', async () => {
    const { status, body } = await get(official, '/api/talent/reports/fit?year=2026&pageSize=200');
    expect(status).toBe(200);
    const row = (code: string) => body.items.find((r: { majorCode: string }) => r.majorCode === code);
    // 460702 over both schools: 300 graduates, 44 unplaced; demand 10 + 20 (class 4607).
    expect(row('460702')).toMatchObject({
      majorName: '新能源汽车技术',
      className: '汽车制造类',
      level: 'associate',
      graduates: 300,
      unplaced: 44,
      placementRate: 0.8533,
      enrollmentPlanned: 320,
      enrollmentActual: 210,
      demandHeadCount: 30,
      demandJobs: 2,
      ratio: 10,
      ratioNote: null,
    });
    // A demand-only major of the class is listed with no supply.
    expect(row('460704')).toMatchObject({ graduates: 0, demandHeadCount: 20, ratio: 0, placementRate: null });
    // 510203: its own job 30 + the 大类 51 job 5.
    expect(row('510203')).toMatchObject({ graduates: 40, demandHeadCount: 35, ratio: 1.14 });
  });

  it('per 专业类: supply summed, demand counted once per job', async () => {
    const { body } = await get(official, '/api/talent/reports/fit?year=2026');
    const cls = body.classes.find((c: { classCode: string }) => c.classCode === '4607');
    expect(cls).toMatchObject({
      className: '汽车制造类',
      categoryName: '装备制造大类',
      majors: 5,
      graduates: 360,
      demandHeadCount: 30,
      demandJobs: 2,
      ratio: 12,
    });
    expect(body.classes.find((c: { classCode: string }) => c.classCode === '5102')).toMatchObject({
      demandHeadCount: 35,
      demandJobs: 2,
    });
    // Totals: distinct jobs with majors (the unrestricted C2 job is left out and said so).
    expect(body.totals).toMatchObject({ graduates: 400, demandHeadCount: 65, demandJobs: 4 });
    expect(body.notes.join('')).toContain('未限定专业的岗位 1 个（8 人）不计入各专业需求');
  });

  it('no demand: ratio null with the reason', async () => {
    const { body } = await get(official, `/api/talent/reports/fit?year=2026&consortiumId=${ids.c2}`);
    const m = body.items.find((r: { majorCode: string }) => r.majorCode === '460702');
    expect(m).toMatchObject({ graduates: 100, demandHeadCount: 0, ratio: null });
    expect(m.ratioNote).toBe('本年度无对口岗位需求，无法计算供需比');
    expect(m.warning.notes).toContain('本年度无对口岗位需求，未评估供需比');
  });

  it('filters by level and sorts by warning', async () => {
    const none = await get(official, '/api/talent/reports/fit?year=2026&level=secondary');
    expect(none.body.total).toBe(0);
    const { body } = await get(official, '/api/talent/reports/fit?year=2026&sort=warning&pageSize=3');
    expect(body.items[0].warning.color).toBe('red');
  });
});

describe('专业预警', () => {
  it('a school’s own view: red with both reasons, yellow at a ratio of exactly 3', async () => {
    const { body } = await get(school1, '/api/talent/reports/warnings?year=2026');
    expect(body.counts).toEqual({ red: 1, yellow: 1, green: 0 });
    const [red, yellow] = body.items;
    expect(red).toMatchObject({ schoolOrgId: ids.s1, schoolName: '第一职业学院', majorCode: '460702', color: 'red' });
    expect(red.placementRates).toEqual([
      { year: 2025, rate: 0.78 },
      { year: 2026, rate: 0.805 },
    ]);
    expect(red.reasons.map((r: { text: string }) => r.text)).toEqual([
      '去向落实率连续 2 年低于 85%（2025 年 78.0%，2026 年 80.5%）',
      '供需比 6.7 高于 3（毕业生 200 人，岗位需求 30 人）',
      '去向落实率低于 90%（2026 年 80.5%）',
      '供需比 6.7 高于 1.5（毕业生 200 人，岗位需求 30 人）',
    ]);
    // 460701: 60 graduates against 20 places: 3 is not above 3, but above 1.5.
    expect(yellow).toMatchObject({ majorCode: '460701', color: 'yellow', ratio: 3 });
    expect(yellow.reasons.map((r: { text: string }) => r.text)).toEqual([
      '供需比 3 高于 1.5（毕业生 60 人，岗位需求 20 人）',
    ]);
  });

  it('city view: green when placement and ratio are fine; colour filter keeps the counts', async () => {
    const { body } = await get(official, '/api/talent/reports/warnings?year=2026&q=510203');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ majorCode: '510203', color: 'green', reasons: [], schoolOrgId: null });
    const reds = await get(official, '/api/talent/reports/warnings?year=2026&color=red');
    expect(reds.body.items.map((r: { majorCode: string }) => r.majorCode)).toEqual(['460702']);
    expect(reds.body.counts.red).toBe(1);
    expect(reds.body.counts.green).toBeGreaterThan(1);
  });

  it('school 2 sees only its majors', async () => {
    const { body } = await get(school2, '/api/talent/reports/warnings?year=2026');
    expect(body.items.map((r: { majorCode: string }) => r.majorCode).sort()).toEqual(['460702', '510203']);
  });
});

describe('warning rules', () => {
  it('lists the defaults with their descriptions', async () => {
    const { status, body } = await get(school1, '/api/talent/warning-rules');
    expect(status).toBe(200);
    expect(body.items.map((r: { description: string; level: string }) => `${r.level} ${r.description}`)).toEqual([
      'red 去向落实率连续 2 年低于 85%',
      'yellow 去向落实率低于 90%',
      'red 供需比高于 3',
      'yellow 供需比高于 1.5',
    ]);
  });

  it('an official’s change changes the result, and is audited', async () => {
    const { body } = await get(official, '/api/talent/warning-rules');
    const rule = body.items.find(
      (r: { kind: string; level: string }) => r.kind === 'supply_demand_above' && r.level === 'red',
    );
    const put = await official.call('PUT', `/api/talent/warning-rules/${rule.id}`, {
      kind: 'supply_demand_above',
      level: 'red',
      params: { threshold: 2.5 },
      note: '收紧',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ description: '供需比高于 2.5', params: { threshold: 2.5 }, enabled: true });
    const after = await get(school1, '/api/talent/reports/warnings?year=2026&q=460701');
    expect(after.body.items[0].color).toBe('red');
    expect(after.body.items[0].reasons[0].text).toBe('供需比 3 高于 2.5（毕业生 60 人，岗位需求 20 人）');
    const [entry] = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'talent.rule.update'), eq(auditLog.entityId, rule.id)));
    expect(JSON.stringify(entry!.diff)).toContain('2.5');

    // Disabling (DELETE) keeps the row and takes the rule out of the evaluation.
    const del = await official.call('DELETE', `/api/talent/warning-rules/${rule.id}`);
    expect(del.json().enabled).toBe(false);
    const [row] = await env.deps.db.select().from(majorWarningRules).where(eq(majorWarningRules.id, rule.id));
    expect(row!.enabled).toBe(false);
    const off = await get(school1, '/api/talent/reports/warnings?year=2026&q=460701');
    expect(off.body.items[0].color).toBe('yellow');
    // Put it back as it was for the other tests.
    await official.call('PUT', `/api/talent/warning-rules/${rule.id}`, {
      kind: 'supply_demand_above',
      level: 'red',
      params: { threshold: 3 },
    });
  });

  it('validates params per kind, in Chinese; only officials may change rules', async () => {
    const bad = await official.call('POST', '/api/talent/warning-rules', {
      kind: 'placement_below',
      level: 'red',
      params: { threshold: 85, years: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('去向落实率阈值不超过 1');
    const missing = await official.call('PUT', '/api/talent/warning-rules/00000000-0000-4000-8000-000000000000', {
      kind: 'supply_demand_above',
      level: 'yellow',
      params: { threshold: 2 },
    });
    expect(missing.statusCode).toBe(404);
    const denied = await secretariat.call('POST', '/api/talent/warning-rules', {
      kind: 'supply_demand_above',
      level: 'yellow',
      params: { threshold: 2 },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('an official adds an enrolment-drop rule', async () => {
    const res = await official.call('POST', '/api/talent/warning-rules', {
      kind: 'enrollment_drop',
      level: 'yellow',
      params: { threshold: 0.2 },
      enabled: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ description: '实际招生较上年下降超过 20%', enabled: false });
  });
});

describe('exports', () => {
  it('catalogue as xlsx: title, filter, header, rows and totals; audited as report.export', async () => {
    const res = await secretariat.call(
      'GET',
      '/api/talent/reports/catalogue/export?year=2026&groupBy=cluster&format=xlsx',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('人才需求目录-2026.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('人才需求目录')!;
    expect(ws.getCell('A1').value).toBe('2026 年人才需求目录');
    expect(String(ws.getCell('A2').value)).toContain('年度：2026（对比 2025）');
    expect(ws.getRow(4).values).toEqual([
      undefined,
      '产业集群',
      '需求人数',
      '岗位数',
      '上年需求人数',
      '上年岗位数',
      '需求人数增减',
      '同比',
    ]);
    expect(ws.getRow(5).values).toEqual([undefined, '新一代电子信息制造业', 35, 2, 0, 0, 35]);
    expect(ws.getRow(6).values).toEqual([undefined, '智能网联新能源汽车', 30, 2, 15, 1, 15, 1]);
    expect(ws.getRow(7).values).toEqual([undefined, '合计', 65, 4, 15, 1, 50, 3.3333]);
    expect(wb.getWorksheet('说明')).toBeDefined();
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'report.export'));
    expect(entries.some((e) => JSON.stringify(e.diff).includes('catalogue'))).toBe(true);
  });

  it('fit report as xlsx has the major and class sheets with warnings', async () => {
    const res = await school1.call('GET', '/api/talent/reports/fit/export?year=2026');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const majors = wb.getWorksheet('按专业')!;
    const header = majors.getRow(4).values as unknown[];
    const col = (h: string) => header.indexOf(h);
    const r460702 = majors.getRow(6).values as unknown[];
    expect(r460702[col('专业代码')]).toBe('460702');
    expect(r460702[col('毕业生')]).toBe(200);
    expect(r460702[col('去向落实率')]).toBe(0.805);
    expect(r460702[col('预警')]).toBe('红色预警');
    expect(String(r460702[col('预警原因')])).toContain('去向落实率连续 2 年低于 85%');
    expect(wb.getWorksheet('按专业类')!.getRow(5).values).toContain('汽车制造类');
  });

  it('fit report as PDF: %PDF, Chinese text extractable, audited', async () => {
    const res = await official.call('GET', '/api/talent/reports/fit/export?year=2026&format=pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/Type \/Page\b/);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
      expect(text).toContain('2026 年专业结构与产业结构匹配状况报告');
      expect(text).toContain('新能源汽车技术');
      expect(text).toContain('第 1 页');
    }
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'report.export'));
    expect(entries.some((e) => JSON.stringify(e.diff).includes('"pdf"'))).toBe(true);
  });

  it('catalogue as PDF for an enterprise; fit export refused to it', async () => {
    const res = await enterprise.call('GET', '/api/talent/reports/catalogue/export?year=2026&format=pdf');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const denied = await enterprise.call('GET', '/api/talent/reports/fit/export?year=2026&format=pdf');
    expect(denied.statusCode).toBe(403);
  });
});
