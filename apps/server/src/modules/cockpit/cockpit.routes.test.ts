/**
 * The cockpit on hand-made data with known answers: one test per computed formula (T03, T10, T11,
 * T12, T13, T36, T37, T38 consortia counts; T02/T05 certified enterprises; T08/T09 coverage; T24
 * placement), returns counting only once approved, freshness through the triggers and the
 * refresher (only dependent KPIs recompute), the overview counters, drill-down, and the scope of
 * the consortium dashboard.
 */
import type {
  CockpitOverview,
  ConsortiumDashboard,
  KpiDetail,
  KpiItem,
  KpiListResponse,
  KpiRecordsResponse,
} from '@chanjiao/contracts';
import {
  consortia,
  consortiumLeads,
  consortiumMembers,
  graduateCohorts,
  jobDemands,
  kpiReturns,
  organizations,
  orgCertifications,
  refClusters,
  studentProfiles,
} from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, type Session, setupTestEnv, type TestEnv, uniq } from '../../../test/helpers';
import { refreshNow, startCockpit } from './refresher';

let env: TestEnv;
let official: Session;
let secretariat: Session;
let council: Session;
let mun1 = '';
let mun2 = '';
let cluster = '';
const HECHUAN = '500117';

async function consortium(level: string, status = 'cultivating', extra: Partial<typeof consortia.$inferInsert> = {}) {
  const [row] = await env.deps.db
    .insert(consortia)
    .values({ name: uniq(`联合体${level}`), level, status, ...extra })
    .returning();
  return row!.id;
}
async function org(type: string, extra: Partial<typeof organizations.$inferInsert> = {}) {
  const [row] = await env.deps.db
    .insert(organizations)
    .values({ name: uniq(`单位${type}`), type, ...extra })
    .returning();
  return row!.id;
}
async function member(consortiumId: string, orgId: string, leftOn: string | null = null) {
  await env.deps.db
    .insert(consortiumMembers)
    .values({ consortiumId, orgId, memberRole: 'member_unit', leftOn, leftReason: leftOn ? '退出' : null });
}
async function cohort(schoolOrgId: string, year: number, graduates: number, unplaced: number) {
  await env.deps.db
    .insert(graduateCohorts)
    .values({ schoolOrgId, majorCode: '460701', year, graduates, employed: graduates - unplaced, unplaced });
}

const get = async <T>(s: Session, url: string): Promise<T> => {
  const res = await s.call('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as T;
};
const kpi = async (code: string, q = '') => get<KpiDetail>(official, `/api/cockpit/kpis/${code}${q}`);

beforeAll(async () => {
  env = await setupTestEnv();
  const [c] = await env.deps.db.select().from(refClusters).limit(1);
  cluster = c!.code;
  // Consortia: every level, one revoked and one deleted (neither counts).
  await consortium('national');
  mun1 = await consortium('municipal', 'exemplary');
  mun2 = await consortium('municipal');
  const revoked = await consortium('municipal', 'revoked');
  const park = await consortium('park_led', 'cultivating', { clusterCodes: [cluster] });
  await consortium('enterprise_led');
  const sch = await consortium('school_led');
  await consortium('school_led', 'cultivating', { deletedAt: new Date() });
  await consortium('cross_region');
  const parkOrg = await org('park', { districtCode: HECHUAN });
  await env.deps.db.insert(consortiumLeads).values({ consortiumId: park, orgId: parkOrg, leadKind: 'park' });

  // Enterprises: certifications and above-scale coverage.
  const e1 = await org('enterprise', { aboveScale: true, districtCode: HECHUAN });
  const e2 = await org('enterprise');
  const e3 = await org('enterprise');
  const e4 = await org('enterprise', { deletedAt: new Date() });
  const e5 = await org('enterprise', { aboveScale: true });
  const e6 = await org('enterprise');
  const cert = (orgId: string, level: string, expiresOn: string | null) => ({
    orgId,
    kind: 'integration_enterprise',
    level,
    grantedOn: '2019-06-01',
    expiresOn,
  });
  await env.deps.db
    .insert(orgCertifications)
    .values([
      cert(e1, 'municipal', null),
      cert(e2, 'municipal', '2020-01-01'),
      cert(e3, 'national', '2099-12-31'),
      cert(e4, 'municipal', null),
      { ...cert(e5, 'municipal', null), kind: 'high_tech' },
    ]);
  await member(mun1, e1);
  await member(mun1, e6);

  // Higher-vocational schools: h1 member, h2 lead, h3 none, h4 member of a revoked one, h5 left.
  const school = (level: string) => org('school', { schoolLevel: level, districtCode: HECHUAN });
  const h1 = await school('associate');
  const h2 = await school('vocational_bachelor');
  const h3 = await school('associate');
  const h4 = await school('associate');
  const h5 = await school('associate');
  const s1 = await school('secondary');
  const u1 = await school('undergraduate');
  await member(mun1, h1);
  await env.deps.db.insert(consortiumLeads).values({ consortiumId: sch, orgId: h2, leadKind: 'school' });
  await member(revoked, h4);
  await member(mun2, h5, '2024-01-01');
  await member(mun2, s1);
  await member(mun1, u1);
  // Cohorts: latest year 2025 counts; non-members and undergraduate schools do not.
  await cohort(h1, 2024, 100, 10);
  await cohort(h1, 2025, 200, 30);
  await cohort(s1, 2025, 50, 20);
  await cohort(h3, 2025, 1000, 1000);
  await cohort(u1, 2025, 300, 300);

  await env.deps.db
    .update(organizations)
    .set({ clusterCodes: [cluster] })
    .where(eq(organizations.id, h1));
  const student = (schoolOrgId: string, consortiumId: string | null, districtCode: string) => ({
    schoolOrgId,
    consortiumId,
    name: '学生',
    idCardEnc: 'x',
    idCardDigest: uniq('digest'),
    level: 'associate',
    majorCode: '460701',
    grade: 2024,
    districtCode,
  });
  await env.deps.db
    .insert(studentProfiles)
    .values([
      student(h1, mun1, HECHUAN),
      student(s1, null, '500101'),
      { ...student(h1, mun1, HECHUAN), deletedAt: new Date() },
    ]);

  await env.deps.db.insert(jobDemands).values({
    orgId: e1,
    consortiumId: mun1,
    title: '装配技工',
    headCount: 5,
    minLevel: 'secondary',
    districtCode: HECHUAN,
    clusterCode: cluster,
    kind: 'fulltime',
    status: 'published',
    year: 2026,
  });

  const o = await makeUser(env, 'official');
  official = await login(env, o.username);
  const s = await makeUser(env, 'secretariat', { consortiumId: mun1 });
  secretariat = await login(env, s.username);
  const cn = await makeUser(env, 'council', { consortiumId: mun2 });
  council = await login(env, cn.username);
  await refreshNow(env.ctx, { all: true });
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('computed formulas', () => {
  it('counts consortia per level, leaving out revoked and deleted ones (T03 T10 T11 T12 T13 T36 T37 T38)', async () => {
    const list = await get<KpiListResponse>(official, '/api/cockpit/kpis');
    const v = (id: string) => list.items.find((i) => i.id === id)!.current.value;
    expect([v('T03'), v('T10'), v('T11'), v('T12'), v('T13'), v('T36'), v('T37'), v('T38')]).toEqual([
      1, 2, 1, 1, 1, 1, 1, 1,
    ]);
    expect(list.items).toHaveLength(54);
  });

  it('T02 / T05: enterprises with a valid 产教融合型企业 certification of the level', async () => {
    expect((await kpi('T02')).current.value).toBe(1);
    expect((await kpi('T05')).current.value).toBe(1);
  });

  it('T08: higher-vocational colleges in an active consortium (member or lead) ÷ all of them', async () => {
    const d = await kpi('T08');
    expect([d.current.numerator, d.current.denominator, d.current.value]).toEqual([2, 5, 40]);
  });

  it('T09: above-scale enterprises that are members ÷ all above-scale enterprises', async () => {
    const d = await kpi('T09');
    expect([d.current.numerator, d.current.denominator, d.current.value]).toEqual([1, 2, 50]);
  });

  it('T24: placement of the member vocational schools in the latest year, per consortium too', async () => {
    const d = await kpi('T24', '?by=consortium');
    expect([d.current.numerator, d.current.denominator, d.current.value]).toEqual([200, 250, 80]);
    const by = new Map(d.breakdown!.items.map((i) => [i.key, i.value]));
    expect(by.get(mun1)).toBe(85);
    expect(by.get(mun2)).toBe(60);
    expect(d.breakdown!.items.find((i) => i.key === mun1)!.label).toContain('联合体');
  });

  it('drills down by district and to the records behind the number', async () => {
    const d = await kpi('T11', '?by=district');
    expect(d.breakdown!.items).toEqual([expect.objectContaining({ key: HECHUAN, label: '合川区', value: 1 })]);
    const recs = await get<KpiRecordsResponse>(official, `/api/cockpit/kpis/T10/records`);
    expect(recs.kind).toBe('consortium');
    expect(recs.total).toBe(2);
    expect(recs.items.map((r) => r.id).sort()).toEqual([mun1, mun2].sort());
    expect(recs.items[0]!.link).toMatch(/^\/consortia\//);
    const cohorts = await get<KpiRecordsResponse>(official, `/api/cockpit/kpis/T24/records?by=consortium&key=${mun1}`);
    // h1's two cohorts and none of the undergraduate school's.
    expect(cohorts.total).toBe(2);
    const bad = await official.call('GET', '/api/cockpit/kpis/T03?by=level');
    expect(bad.statusCode).toBe(400);
    expect((await official.call('GET', '/api/cockpit/kpis/T99')).statusCode).toBe(404);
  });

  it('awaiting KPIs never show a number; the coverage adds up to 54', async () => {
    const list = await get<KpiListResponse>(official, '/api/cockpit/kpis?sourceKind=awaiting');
    expect(list.items.length).toBeGreaterThan(0);
    for (const i of list.items) {
      expect(i.current.value).toBeNull();
      expect(i.current.status).toBe('no_data');
      expect(i.awaitingModule).not.toBeNull();
    }
    const c = list.coverage;
    expect([c.targets, c.targetRows, c.defined]).toEqual([54, 77, 54]);
    expect(c.records + c.returns + c.awaiting).toBe(54);
  });
});

describe('statistical returns', () => {
  it('count only once approved; the latest approved for the year', async () => {
    const unit = await org('government');
    const [r] = await env.deps.db
      .insert(kpiReturns)
      .values({ kpiCode: 'T06', year: 2025, value: 36.5, orgId: unit, status: 'submitted', submittedAt: new Date() })
      .returning();
    await env.deps.db
      .insert(kpiReturns)
      .values({ kpiCode: 'T06', year: 2025, value: 99, orgId: unit, status: 'rejected', rejectReason: '数据有误' });
    await refreshNow(env.ctx);
    expect((await kpi('T06')).current.value).toBeNull();
    await env.deps.db
      .update(kpiReturns)
      .set({ status: 'approved', reviewedAt: new Date() })
      .where(eq(kpiReturns.id, r!.id));
    await refreshNow(env.ctx);
    const d = await kpi('T06', '?year=2026');
    expect(d.current.value).toBe(36.5);
    expect(d.current.valueYear).toBe(2025);
    expect(d.returns).toEqual([expect.objectContaining({ year: 2025, value: 36.5 })]);
    // 2023 target 35 reached in … a 2025 return does not count for 2024 or earlier.
    expect((await kpi('T06', '?year=2024')).current.value).toBeNull();
  });
});

describe('freshness', () => {
  it('a new record shows after the trigger and one refresh; only dependent KPIs recompute', async () => {
    const list0 = await get<KpiListResponse>(official, '/api/cockpit/kpis');
    const t03 = list0.items.find((i) => i.id === 'T03')!.current.value;
    await consortium('national');
    const r = await refreshNow(env.ctx);
    expect(r.computed).toContain('T03');
    expect(r.computed).toContain('_consortia');
    expect(r.computed).not.toContain('_jobs');
    expect(r.computed).not.toContain('T02');
    const ov = await get<CockpitOverview>(official, '/api/cockpit/overview');
    const item = ov.sections.flatMap((s) => s.kpis).find((k: KpiItem) => k.id === 'T03')!;
    expect(item.current.value).toBe((t03 ?? 0) + 1);
    // A certification recomputes T02/T05 and leaves the consortium counts alone.
    const [e] = await env.deps.db.select({ id: organizations.id }).from(organizations).limit(1);
    await env.deps.db
      .insert(orgCertifications)
      .values({ orgId: e!.id, kind: 'integration_enterprise', level: 'national', grantedOn: '2024-01-01' });
    const r2 = await refreshNow(env.ctx);
    expect(r2.computed.filter((c) => c.startsWith('T'))).toEqual(['T02', 'T05']);
    // Nothing changed: nothing recomputes.
    expect((await refreshNow(env.ctx)).computed).toEqual([]);
  });
});

describe('refresher', () => {
  it('follows the notices: a new consortium is in the overview within 5 s without a manual refresh', async () => {
    const cockpit = startCockpit(env.deps, { info: () => {}, error: () => {} });
    try {
      const t10 = async () =>
        (await get<KpiListResponse>(official, '/api/cockpit/kpis?q=T10')).items[0]!.current.value ?? 0;
      const before = await t10();
      const t0 = Date.now();
      await consortium('municipal');
      let now = before;
      while (now === before && Date.now() - t0 < 5000) {
        await new Promise((r) => setTimeout(r, 50));
        now = await t10();
      }
      expect(now).toBe(before + 1);
      expect(Date.now() - t0).toBeLessThan(5000);
      // Keep the counts the other tests expect.
      await env.deps.db.update(consortia).set({ status: 'revoked' }).where(eq(consortia.level, 'municipal'));
      await env.deps.db.update(consortia).set({ status: 'exemplary' }).where(eq(consortia.id, mun1));
      await env.deps.db.update(consortia).set({ status: 'cultivating' }).where(eq(consortia.id, mun2));
    } finally {
      await cockpit.stop();
    }
    await refreshNow(env.ctx);
  });
});

describe('overview', () => {
  it('groups by section and carries the counters for the map and the charts', async () => {
    const ov = await get<CockpitOverview>(official, '/api/cockpit/overview?year=2027');
    expect(ov.year).toBe(2027);
    expect(ov.sections.map((s) => s.code)).toEqual(['000-1', '000-2', '000-4', '000-5', '000-6', '002', '003', '004']);
    expect(ov.sections.reduce((n, s) => n + s.kpis.length, 0)).toBe(54);
    const municipal = ov.counters.consortiaByLevel.find((l) => l.key === 'municipal')!;
    expect([municipal.count, municipal.target, municipal.kpiId]).toEqual([2, 8, 'T10']);
    expect(ov.counters.jobHeadCount).toBe(5);
    expect(ov.counters.jobPostings).toBe(1);
    const hc = ov.counters.districts.find((d) => d.code === HECHUAN)!;
    expect(hc).toMatchObject({ consortia: 2, jobs: 5, students: 1 });
    expect(ov.counters.students).toBe(2); // the deleted profile does not count
    expect(ov.counters.clusters.find((c) => c.code === cluster)!.supply).toBe(1); // h1 serves the cluster // the park-led (park lead) and school-led (h2 lead)
    expect(ov.counters.districts).toHaveLength(38);
    expect(ov.counters.clusters.find((c) => c.code === cluster)!.demand).toBe(5);
    expect(ov.counters.membersTotal).toBe(5); // e1, e6, h1, s1, u1 (h4's consortium is revoked, h5 left)
    expect(ov.statusCounts.reduce((n, s) => n + s.count, 0)).toBe(54);
  });
});

describe('consortium dashboard', () => {
  it("shows a consortium's KPIs and counts; its secretariat and council see only their own", async () => {
    const d = await get<ConsortiumDashboard>(secretariat, `/api/cockpit/consortia/${mun1}`);
    expect(d.placement).toMatchObject({ rate: 85, year: 2025 });
    expect(d.membersTotal).toBe(4);
    expect(d.jobHeadCount).toBe(5);
    expect(d.students).toBe(1);
    expect(d.kpis.map((k) => [k.id, k.current.value])).toEqual([['T24', 85]]);
    expect((await secretariat.call('GET', `/api/cockpit/consortia/${mun2}`)).statusCode).toBe(404);
    expect((await council.call('GET', `/api/cockpit/consortia/${mun1}`)).statusCode).toBe(404);
    const own = await get<{ placement: { rate: number } }>(council, `/api/cockpit/consortia/${mun2}`);
    expect(own.placement.rate).toBe(60);
    expect((await official.call('GET', `/api/cockpit/consortia/${mun2}`)).statusCode).toBe(200);
  });
});
