/**
 * `npm run bench:cockpit -- [--students 1000000] [--jobs 100000] [--seed 42] [--requests 300]
 * [--direct-requests 20] [--json]`: the cockpit overview on the bench:data set (generated when
 * missing), loaded into the application's own tables (student_profiles, job_demands) of a migrated
 * database on a throwaway PostgreSQL cluster, with a generated registry around it (30 consortia of
 * every level, 400 schools, 6,000 enterprises, members, leads, certifications, graduate cohorts).
 *
 * Measures, in one run:
 * - p50/p95 of `GET /api/cockpit/overview` (through the app: session, access check, serialisation)
 *   served from the read models (kpi_values / kpi_history);
 * - p50/p95 of the same KPIs and counters computed by direct SQL aggregation per request (every
 *   formula of the refresher run against the raw tables, in parallel on the pool);
 * - the ratio direct p95 / overview p95;
 * - freshness: with the refresher running (LISTEN/NOTIFY + 1 s poll), the time from committing a new
 *   consortium, a changed graduate cohort and a new student profile to the overview showing it, in
 *   ms (the largest of the three).
 * Prints one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { consortiumLevels } from '@chanjiao/contracts';
import {
  consortia,
  copyLine,
  type Database,
  graduateCohorts,
  openDatabase,
  queryRows,
  refClusters,
  refDistricts,
  users,
} from '@chanjiao/db';
import { createTemplate, startTestCluster, TEMPLATE_DB } from '@chanjiao/db/testing';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../../apps/server/src/app';
import { makeDeps } from '../../apps/server/src/deps';
import { parseEnv } from '../../apps/server/src/env';
import { systemCtx } from '../../apps/server/src/lib/context';
import { totpAt } from '../../apps/server/src/lib/totp';
import { overview, refreshNow, startCockpit } from '../../apps/server/src/modules/cockpit';
import { metrics } from '../../apps/server/src/modules/cockpit/refresher';
import { createUser } from '../../apps/server/src/modules/identity';
import { loadReferenceData } from '../../apps/server/src/modules/reference';
import { dataDir, generate, hasData, prng, readJobs, readStudents } from './match-data';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '1000000' },
    jobs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    requests: { type: 'string', default: '300' },
    'direct-requests': { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const nStudents = Number(args.students);
const nJobs = Number(args.jobs);
const seed = Number(args.seed);
const nRequests = Number(args.requests);
const nDirect = Number(args['direct-requests']);
const log = (msg: string) => process.stderr.write(`[bench:cockpit] ${msg}\n`);

const dir = dataDir(nStudents, nJobs, seed);
if (!hasData(dir)) {
  log(`generating data in ${dir}`);
  await generate({ students: nStudents, jobs: nJobs, seed });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const r1 = (x: number) => Number(x.toFixed(1));

const cluster = await startTestCluster();
const files = mkdtempSync(join(tmpdir(), 'chanjiao-bench-cockpit-'));
let database: Database | null = null;
const cleanup = async () => {
  await database?.close().catch(() => {});
  await cluster.stop().catch(() => {});
  rmSync(files, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  log('migrating, loading reference data');
  await createTemplate(cluster.baseUrl, async (tpl) => {
    await loadReferenceData(tpl);
  });
  const admin = await openDatabase({ url: `${cluster.baseUrl}/postgres`, max: 1 });
  await admin.exec(`create database bench_cockpit template ${TEMPLATE_DB}`);
  await admin.close();
  const url = `${cluster.baseUrl}/bench_cockpit`;
  database = await openDatabase({ url, max: 10 });
  const db = database.db;
  const rnd = prng(seed + 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const uuid = () => {
    const b = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) b[i] = Math.floor(rnd() * 256);
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const districts = (await db.select({ code: refDistricts.code }).from(refDistricts)).map((d) => d.code);
  const clusterCodes = (await db.select({ code: refClusters.code }).from(refClusters).orderBy(refClusters.code)).map(
    (c) => c.code,
  );

  // ── The registry around the data set ──
  const t0 = performance.now();
  const levelsOf = ['national', 'national', ...Array(6).fill('municipal'), ...Array(6).fill('park_led')];
  levelsOf.push(...Array(6).fill('enterprise_led'), ...Array(8).fill('school_led'), 'cross_region', 'cross_region');
  const cIds = new Map<string, string>();
  let text = '';
  levelsOf.forEach((level, i) => {
    const code = `cq${String(i + 1).padStart(2, '0')}`;
    const id = uuid();
    cIds.set(code, id);
    const cl = [pick(clusterCodes), pick(clusterCodes)];
    text += copyLine([id, `基准联合体${code}`, level, pick(['cultivating', 'accepted', 'exemplary']), cl, true]);
  });
  await database.copyIn('consortia', ['id', 'name', 'level', 'status', 'cluster_codes', 'is_demo'], text);
  const schools: Record<string, string[]> = { secondary: [], associate: [], vocational_bachelor: [] };
  const enterprises: string[] = [];
  const parks: string[] = [];
  text = '';
  const orgCols = ['id', 'name', 'type', 'school_level', 'district_code', 'cluster_codes', 'above_scale', 'is_demo'];
  for (let i = 0; i < 400; i++) {
    const level = i < 100 ? 'secondary' : i < 350 ? 'associate' : 'vocational_bachelor';
    const id = uuid();
    schools[level]!.push(id);
    text += copyLine([id, `基准学校${i}`, 'school', level, pick(districts), [pick(clusterCodes)], false, true]);
  }
  for (let i = 0; i < 6000; i++) {
    const id = uuid();
    enterprises.push(id);
    text += copyLine([
      id,
      `基准企业${i}`,
      'enterprise',
      null,
      pick(districts),
      [pick(clusterCodes)],
      rnd() < 0.33,
      true,
    ]);
  }
  for (let i = 0; i < 40; i++) {
    const id = uuid();
    parks.push(id);
    text += copyLine([id, `基准园区${i}`, 'park', null, pick(districts), [pick(clusterCodes)], false, true]);
  }
  await database.copyIn('organizations', orgCols, text);
  const allSchools = [...schools.secondary!, ...schools.associate!, ...schools.vocational_bachelor!];
  text = '';
  let members = '';
  for (const id of cIds.values()) {
    const leads = new Set([pick(parks), pick(allSchools), pick(enterprises)]);
    const kinds = ['park', 'school', 'enterprise'];
    [...leads].forEach((o, k) => {
      text += copyLine([id, o, kinds[k]]);
    });
    const m = new Set<string>();
    for (let k = 0; k < 25; k++) m.add(pick(allSchools));
    for (let k = 0; k < 120; k++) m.add(pick(enterprises));
    for (const o of m) members += copyLine([id, o, 'member_unit']);
  }
  await database.copyIn('consortium_leads', ['consortium_id', 'org_id', 'lead_kind'], text);
  await database.copyIn('consortium_members', ['consortium_id', 'org_id', 'member_role'], members);
  text = '';
  for (let i = 0; i < 125; i++)
    text += copyLine([
      enterprises[i]!,
      'integration_enterprise',
      i < 5 ? 'national' : 'municipal',
      '2024-01-01',
      i % 10 === 9 ? '2025-01-01' : null,
    ]);
  await database.copyIn('org_certifications', ['org_id', 'kind', 'level', 'granted_on', 'expires_on'], text);
  text = '';
  const someMajors = (
    await queryRows<{ code: string }>(db, sql`select code from ref_majors order by code limit 40`)
  ).map((m) => m.code);
  for (const s of allSchools)
    for (let k = 0; k < 8; k++) {
      const major = someMajors[(k * 5 + allSchools.indexOf(s)) % someMajors.length]!;
      for (const year of [2023, 2024, 2025]) {
        const g = 20 + Math.floor(rnd() * 200);
        const u = Math.floor(g * rnd() * 0.2);
        text += copyLine([s, major, year, g, g - u, u]);
      }
    }
  await database.copyIn(
    'graduate_cohorts',
    ['school_org_id', 'major_code', 'year', 'graduates', 'employed', 'unplaced'],
    text,
  );

  // ── bench:data students and jobs into the application's tables ──
  const sCols = [
    'school_org_id',
    'consortium_id',
    'name',
    'id_card_enc',
    'id_card_digest',
    'level',
    'major_code',
    'grade',
    'district_code',
    'consent',
    'is_demo',
  ];
  let chunk = '';
  let n = 0;
  for (const s of readStudents(dir)) {
    const level = s.level === 'undergraduate' ? 'vocational_bachelor' : s.level;
    const list = schools[level] ?? schools.associate!;
    chunk += copyLine([
      list[s.id % list.length]!,
      s.consortium ? (cIds.get(s.consortium) ?? null) : null,
      `学生${s.id}`,
      'bench',
      `bench-${s.id}`,
      s.level,
      s.major,
      2024,
      s.district,
      s.consent,
      true,
    ]);
    if (++n % 100_000 === 0) {
      await database.copyIn('student_profiles', sCols, chunk);
      chunk = '';
      log(`students ${n}`);
    }
  }
  if (chunk) await database.copyIn('student_profiles', sCols, chunk);
  const jCols = [
    'org_id',
    'consortium_id',
    'title',
    'min_level',
    'district_code',
    'cluster_code',
    'kind',
    'status',
    'year',
    'head_count',
    'accepted_majors',
    'is_demo',
  ];
  chunk = '';
  n = 0;
  for (const j of readJobs(dir)) {
    const cl = j.cluster ? clusterCodes[(Number(j.cluster.slice(1)) - 1) % clusterCodes.length]! : null;
    chunk += copyLine([
      enterprises[j.id % enterprises.length]!,
      j.consortium ? (cIds.get(j.consortium) ?? null) : null,
      `岗位${j.id}`,
      j.minLevel,
      j.district,
      cl,
      j.kind,
      j.status,
      2026,
      1 + (j.id % 20),
      j.majors,
      true,
    ]);
    if (++n % 50_000 === 0) {
      await database.copyIn('job_demands', jCols, chunk);
      chunk = '';
    }
  }
  if (chunk) await database.copyIn('job_demands', jCols, chunk);
  await database.exec('analyze');
  const loadMs = performance.now() - t0;
  log(`loaded in ${(loadMs / 1000).toFixed(1)} s`);

  // ── The app, an official's session ──
  const config = parseEnv({
    DATABASE_URL: url,
    DATA_DIR: files,
    DEMO_MODE: 'false',
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    NODE_ENV: 'test',
  });
  const deps = makeDeps(config, database);
  const ctx = systemCtx(deps, 'bench-cockpit');
  const tRefresh = performance.now();
  await refreshNow(ctx, { all: true });
  const fullRefreshMs = performance.now() - tRefresh;
  log(`full refresh ${fullRefreshMs.toFixed(0)} ms`);
  const app = await buildApp(deps);
  const password = 'Bench@2024x';
  const u = await createUser(
    ctx,
    {
      username: 'bench-official',
      displayName: '基准官员',
      roles: ['official'],
      initialPassword: password,
      orgId: null,
      consortiumId: null,
      phone: null,
    },
    { mustChange: false },
  );
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  await db
    .update(users)
    .set({ totpSecretEnc: deps.cipher.encrypt(secret), totpEnabledAt: new Date() })
    .where(eq(users.id, u.id));
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'bench-official', password, totpCode: totpAt(secret, Date.now()) },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = `cj_sid=${res.cookies.find((c) => c.name === 'cj_sid')!.value}`;
  const getOverview = async () => {
    const r = await app.inject({ method: 'GET', url: '/api/cockpit/overview', headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`overview ${r.statusCode}: ${r.body}`);
    return r.json() as {
      counters: { students: number };
      sections: {
        kpis: { id: string; current: { value: number | null; numerator: number | null; denominator: number | null } }[];
      }[];
    };
  };
  const kpiOf = (ov: Awaited<ReturnType<typeof getOverview>>, id: string) =>
    ov.sections.flatMap((s) => s.kpis).find((k) => k.id === id)!.current;

  // ── Overview from the read models ──
  for (let i = 0; i < 20; i++) await getOverview();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < nRequests; i++) {
    const a = performance.now();
    const r = await app.inject({ method: 'GET', url: '/api/cockpit/overview', headers: { cookie } });
    times.push(performance.now() - a);
    bytes = r.body.length;
  }
  log(`overview p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`);
  // The service alone (read models → response object), without HTTP, session and serialisation.
  const service: number[] = [];
  for (let i = 0; i < nRequests; i++) {
    const a = performance.now();
    await overview(ctx, {});
    service.push(performance.now() - a);
  }

  // ── The same KPIs by direct SQL aggregation per request ──
  const direct: number[] = [];
  const all = metrics();
  for (let i = 0; i < nDirect + 1; i++) {
    const a = performance.now();
    await Promise.all(all.map((m) => m.compute(db)));
    if (i > 0) direct.push(performance.now() - a); // the first run warms the caches
  }
  log(`direct p50 ${pct(direct, 50).toFixed(1)} ms, p95 ${pct(direct, 95).toFixed(1)} ms`);

  // ── Freshness: commit → visible in the overview, with the refresher running ──
  const refresher = startCockpit(deps, { info: () => {}, error: (o, m) => log(`${m} ${JSON.stringify(o)}`) });
  // Let the refresher's start-up pass (everything) finish first.
  await refresher.ready;
  const waitFor = async (check: (ov: Awaited<ReturnType<typeof getOverview>>) => boolean) => {
    const a = performance.now();
    for (;;) {
      if (check(await getOverview())) return performance.now() - a;
      if (performance.now() - a > 30_000) throw new Error('not visible after 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const fresh: Record<string, number> = {};
  const t03 = kpiOf(await getOverview(), 'T03').value ?? 0;
  const a1 = performance.now();
  await db.insert(consortia).values({ name: '基准新联合体', level: 'national', status: 'preparing', isDemo: true });
  const insertMs = performance.now() - a1;
  fresh.consortium = (await waitFor((ov) => kpiOf(ov, 'T03').value === t03 + 1)) + insertMs;
  const t24 = kpiOf(await getOverview(), 'T24').denominator ?? 0;
  const a2 = performance.now();
  const memberSchool = (
    await queryRows<{ org_id: string }>(
      db,
      sql`select org_id from consortium_members m join organizations o on o.id = m.org_id where o.type = 'school' and o.school_level = 'associate' limit 1`,
    )
  )[0]!.org_id;
  await db
    .insert(graduateCohorts)
    .values({ schoolOrgId: memberSchool, majorCode: someMajors[0]!, year: 2025, graduates: 7, employed: 7 })
    .onConflictDoUpdate({
      target: [graduateCohorts.schoolOrgId, graduateCohorts.majorCode, graduateCohorts.year],
      set: { graduates: sql`${graduateCohorts.graduates} + 7`, employed: sql`${graduateCohorts.employed} + 7` },
    });
  const insertMs2 = performance.now() - a2;
  fresh.cohort = (await waitFor((ov) => (kpiOf(ov, 'T24').denominator ?? 0) === t24 + 7)) + insertMs2;
  const students0 = (await getOverview()).counters.students;
  const a3 = performance.now();
  const [anyStudent] = await queryRows<{ school_org_id: string }>(
    db,
    sql`select school_org_id from student_profiles limit 1`,
  );
  await database.copyIn(
    'student_profiles',
    [
      'school_org_id',
      'name',
      'id_card_enc',
      'id_card_digest',
      'level',
      'major_code',
      'grade',
      'district_code',
      'is_demo',
    ],
    copyLine([
      anyStudent!.school_org_id,
      '新学生',
      'bench',
      'bench-new',
      'associate',
      someMajors[0]!,
      2025,
      districts[0]!,
      true,
    ]),
  );
  const insertMs3 = performance.now() - a3;
  fresh.student = (await waitFor((ov) => ov.counters.students === students0 + 1)) + insertMs3;
  await refresher.stop();
  await app.close();
  log(`freshness ${JSON.stringify(fresh)}`);

  const p95 = pct(times, 95);
  const dp95 = pct(direct, 95);
  const summary = {
    students: nStudents,
    jobs: nJobs,
    consortia: levelsOf.length,
    consortium_levels: consortiumLevels.length,
    requests: nRequests,
    p50_ms: r1(pct(times, 50)),
    p95_ms: r1(p95),
    service_p50_ms: r1(pct(service, 50)),
    service_p95_ms: r1(pct(service, 95)),
    direct_requests: nDirect,
    direct_p50_ms: r1(pct(direct, 50)),
    direct_p95_ms: r1(dp95),
    ratio: r1(dp95 / p95),
    freshness_ms: r1(Math.max(...Object.values(fresh))),
    freshness_detail_ms: Object.fromEntries(Object.entries(fresh).map(([k, v]) => [k, r1(v)])),
    full_refresh_ms: r1(fullRefreshMs),
    overview_bytes: bytes,
    load_s: r1(loadMs / 1000),
    targets: { p95_ms: 100, ratio: 10, freshness_ms: 5000 },
    cpus: cpus().length,
    node: process.version,
    database: 'throwaway PostgreSQL cluster (fsync off); overview through app.inject with an official session',
  };
  if (!args.json) log(JSON.stringify(summary, null, 2));
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await cleanup();
}
