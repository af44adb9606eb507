/**
 * The matching score as one SQL statement per direction, for bench:match: plain integer-coded tables
 * in a fresh database on a throwaway PostgreSQL cluster, loaded with COPY, the engine's skill-weight
 * table copied as is, and the same integer rounding: round(max·num/den) = (2·max·num + den) / (2·den)
 * in integer division.
 */

import { startTestCluster } from '@chanjiao/db/testing';
import type { Catalog, JobInput, MatchIndex, StudentInput } from '@chanjiao/matching';
import { EDUCATION_LEVELS, JOB_KINDS } from '@chanjiao/matching';
import postgres from 'postgres';
import type { Query } from './match';

const SCHEMA = `
create table majors (idx int primary key, cls int not null, cat int not null);
create table classes (idx int primary key, cat int not null);
create table cluster_cat (cluster int, cat int, primary key (cluster, cat));
create table dist (a int, b int, score int not null, primary key (a, b));
create table skill_weight (skill int primary key, w int not null);
create table students (
  id int primary key, major int not null, district int not null, p1 int, p2 int, p3 int,
  level int not null, grad int, consent bool not null, internship bool not null, consortium int);
create table student_skills (student_id int not null, skill int not null);
create table student_certs (student_id int not null, cert int not null);
create table jobs (
  id int primary key, published bool not null, kind int not null, min_level int not null,
  grad_from int, grad_to int, district int not null, cluster int, consortium int);
create table job_accepts (job_id int not null, kind int not null, key int not null);
create table job_skills (job_id int not null, skill int not null);
create table job_certs (job_id int not null, cert int not null);
`;

const INDEXES = `
create index on student_skills (skill, student_id);
create index on student_skills (student_id);
create index on student_certs (cert, student_id);
create index on student_certs (student_id);
create index on job_accepts (job_id);
create index on job_skills (job_id);
create index on job_certs (job_id);
analyze;
`;

/** The accepted-list score of major m (columns m.idx, m.cls, m.cat) against entry a (kind, key). */
const ACCEPT_SCORE = `case
  when a.kind = 0 and a.key = m.idx then 40
  when a.kind = 0 and am.cls = m.cls then 25
  when a.kind = 0 and am.cat = m.cat then 15
  when a.kind = 1 and a.key = m.cls then 25
  when a.kind = 1 and ac.cat = m.cat then 15
  when a.kind = 2 and a.key = m.cat then 15
  else 0 end`;

const KIND = `case
  when j.kind = ${JOB_KINDS.indexOf('internship')} and s.internship then 5
  when j.kind = ${JOB_KINDS.indexOf('fulltime')} and s.grad is not null and s.grad <= $3::int + 12 then 5
  else 0 end`;

const FILTERS = `s.level >= j.min_level
  and (j.grad_from is null or (s.grad is not null and s.grad >= j.grad_from))
  and (j.grad_to is null or (s.grad is not null and s.grad <= j.grad_to))`;

/** $1 job id, $2 scope (consortium numbers) or null, $3 as-of month, $4 k. */
export const JOB_TO_STUDENTS = `
with j as (select * from jobs where id = $1),
acc as (select kind, key from job_accepts where job_id = $1),
ms as (
  select m.idx as major,
    coalesce((select max(${ACCEPT_SCORE}) from acc a
      left join majors am on a.kind = 0 and am.idx = a.key
      left join classes ac on a.kind = 1 and ac.idx = a.key), 0) as base,
    exists (select 1 from cluster_cat cc, j where cc.cluster = j.cluster and cc.cat = m.cat) as rel
  from majors m),
js as (select s.skill, w.w from job_skills s join skill_weight w using (skill) where s.job_id = $1),
den as (select coalesce(sum(w), 0)::int as den from js),
jc as (select cert from job_certs where job_id = $1),
nc as (select count(*)::int as n from jc),
sk as (select ss.student_id, sum(js.w)::int as num from student_skills ss join js using (skill) group by ss.student_id),
ce as (select sc.student_id, count(*)::int as held from student_certs sc join jc using (cert) group by sc.student_id)
select s.id,
  (case when ms.base > 0 then ms.base when ms.rel then 8 else 0 end)
  + (case when den.den > 0 then (60 * coalesce(sk.num, 0) + den.den) / (2 * den.den) else 0 end)
  + (case when nc.n > 0 then (20 * coalesce(ce.held, 0) + nc.n) / (2 * nc.n) else 0 end)
  + greatest(d0.score, d1.score, d2.score, d3.score)
  + (case when ms.rel then 5 else 0 end)
  + ${KIND} as score
from students s cross join j cross join den cross join nc
join ms on ms.major = s.major
join dist d0 on d0.a = j.district and d0.b = s.district
left join dist d1 on d1.a = j.district and d1.b = s.p1
left join dist d2 on d2.a = j.district and d2.b = s.p2
left join dist d3 on d3.a = j.district and d3.b = s.p3
left join sk on sk.student_id = s.id
left join ce on ce.student_id = s.id
where s.consent and ${FILTERS}
  and ($2::int[] is null or s.consortium = any($2::int[]))
order by score desc, s.id asc
limit $4`;

/** $1 student id, $2 scope or null, $3 as-of month, $4 k. */
export const STUDENT_TO_JOBS = `
with s as (select * from students where id = $1),
m as (select m.idx, m.cls, m.cat from majors m join s on m.idx = s.major),
jm as (
  select a.job_id, max(${ACCEPT_SCORE}) as base
  from job_accepts a cross join m
  left join majors am on a.kind = 0 and am.idx = a.key
  left join classes ac on a.kind = 1 and ac.idx = a.key
  group by a.job_id),
ss as (select skill from student_skills where student_id = $1),
sc as (select cert from student_certs where student_id = $1),
jsk as (
  select js.job_id, sum(w.w)::int as den, sum(case when ss.skill is null then 0 else w.w end)::int as num
  from job_skills js join skill_weight w using (skill) left join ss using (skill)
  group by js.job_id),
jce as (
  select jc.job_id, count(*)::int as n, count(sc.cert)::int as held
  from job_certs jc left join sc using (cert) group by jc.job_id),
ds as (
  select d.b, max(d.score) as score from dist d cross join s
  where d.a in (s.district, s.p1, s.p2, s.p3) group by d.b)
select j.id,
  (case when coalesce(jm.base, 0) > 0 then jm.base when cc.cluster is not null then 8 else 0 end)
  + (case when coalesce(jsk.den, 0) > 0 then (60 * jsk.num + jsk.den) / (2 * jsk.den) else 0 end)
  + (case when coalesce(jce.n, 0) > 0 then (20 * jce.held + jce.n) / (2 * jce.n) else 0 end)
  + ds.score
  + (case when cc.cluster is not null then 5 else 0 end)
  + ${KIND} as score
from jobs j cross join s cross join m
join ds on ds.b = j.district
left join cluster_cat cc on cc.cluster = j.cluster and cc.cat = m.cat
left join jm on jm.job_id = j.id
left join jsk on jsk.job_id = j.id
left join jce on jce.job_id = j.id
where j.published and ${FILTERS}
  and ($2::int[] is null or j.consortium = any($2::int[]))
order by score desc, j.id asc
limit $4`;

export interface SqlComparison {
  jobTimes: number[];
  studentTimes: number[];
  jobAgreement: number;
  studentAgreement: number;
  mismatches: unknown[];
  loadSeconds: number;
}

export async function compareWithSql(opts: {
  catalog: Catalog;
  index: MatchIndex;
  students: StudentInput[];
  jobs: JobInput[];
  jobQueries: Query[];
  studentQueries: Query[];
  k: number;
  asOfMonth: number;
  log: (msg: string) => void;
}): Promise<SqlComparison> {
  const { catalog: cat, index, log } = opts;
  const cluster = await startTestCluster();
  const admin = postgres(`${cluster.baseUrl}/postgres`, { max: 1, onnotice: () => {} });
  let sql: postgres.Sql | undefined;
  try {
    await admin.unsafe('create database bench_match');
    await admin.end();
    sql = postgres(`${cluster.baseUrl}/bench_match`, { max: 1, onnotice: () => {} });
    const db = sql;
    await db.unsafe(SCHEMA);
    const t0 = performance.now();
    log('loading PostgreSQL with COPY');

    const copy = async (table: string, rows: Iterable<string>) => {
      const query = db.unsafe(`copy ${table} from stdin`);
      const w = await query.writable();
      let chunk = '';
      for (const line of rows) {
        chunk += line;
        if (chunk.length > 1 << 20) {
          if (!w.write(chunk)) await new Promise((r) => w.once('drain', r));
          chunk = '';
        }
      }
      await new Promise<void>((resolve, reject) => {
        w.once('error', reject);
        w.once('finish', resolve);
        w.end(chunk);
      });
      await query;
    };
    const n = (v: number | null | undefined) => (v == null ? '\\N' : String(v));
    const skillIds = new Map(index.skillWeights().map((x, i) => [x.skill, i]));
    const certIds = new Map<string, number>();
    const certId = (c: string) => {
      let id = certIds.get(c);
      if (id === undefined) {
        id = certIds.size;
        certIds.set(c, id);
      }
      return id;
    };
    const consortiumIds = new Map<string, number>();
    const consortiumId = (c: string | null | undefined) => {
      if (c == null) return null;
      let id = consortiumIds.get(c);
      if (id === undefined) {
        id = consortiumIds.size + 1;
        consortiumIds.set(c, id);
      }
      return id;
    };
    const district = (code: string) => cat.districtByCode.get(code)!;

    await copy(
      'majors',
      (function* () {
        for (let m = 0; m < cat.majorCount; m++) yield `${m}\t${cat.majorClass[m]}\t${cat.majorCategory[m]}\n`;
      })(),
    );
    await copy(
      'classes',
      (function* () {
        for (let c = 0; c < cat.classCount; c++) yield `${c}\t${cat.classCategory[c]}\n`;
      })(),
    );
    await copy(
      'cluster_cat',
      (function* () {
        for (let c = 0; c < cat.clusterCount; c++)
          for (let g = 0; g < cat.categoryCount; g++)
            if (cat.clusterCategory[c * cat.categoryCount + g]) yield `${c}\t${g}\n`;
      })(),
    );
    await copy(
      'dist',
      (function* () {
        const D = cat.districtCount;
        for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) yield `${a}\t${b}\t${cat.districtScore[a * D + b]}\n`;
      })(),
    );
    await copy(
      'skill_weight',
      index.skillWeights().map((x, i) => `${i}\t${x.weight}\n`),
    );
    await copy(
      'students',
      (function* () {
        for (const s of opts.students) {
          const p = s.preferredDistricts ?? [];
          yield `${s.id}\t${cat.majorByCode.get(s.major)}\t${district(s.district)}\t${p[0] ? district(p[0]) : '\\N'}\t${p[1] ? district(p[1]) : '\\N'}\t${p[2] ? district(p[2]) : '\\N'}\t${EDUCATION_LEVELS.indexOf(s.level)}\t${n(s.gradMonth)}\t${s.consent ? 't' : 'f'}\t${s.internship ? 't' : 'f'}\t${n(consortiumId(s.consortium))}\n`;
        }
      })(),
    );
    await copy(
      'student_skills',
      (function* () {
        for (const s of opts.students) for (const x of new Set(s.skills)) yield `${s.id}\t${skillIds.get(x)}\n`;
      })(),
    );
    await copy(
      'student_certs',
      (function* () {
        for (const s of opts.students) for (const x of new Set(s.certs)) yield `${s.id}\t${certId(x)}\n`;
      })(),
    );
    await copy(
      'jobs',
      (function* () {
        for (const j of opts.jobs) {
          const c = j.cluster == null ? null : cat.clusterByKey.get(j.cluster);
          yield `${j.id}\t${j.status === 'published' ? 't' : 'f'}\t${JOB_KINDS.indexOf(j.kind)}\t${EDUCATION_LEVELS.indexOf(j.minLevel)}\t${n(j.gradFrom)}\t${n(j.gradTo)}\t${district(j.district)}\t${n(c)}\t${n(consortiumId(j.consortium))}\n`;
        }
      })(),
    );
    await copy(
      'job_accepts',
      (function* () {
        for (const j of opts.jobs)
          for (const code of new Set(j.majors)) {
            const m = cat.majorByCode.get(code);
            if (m !== undefined) yield `${j.id}\t0\t${m}\n`;
            else if (cat.classByCode.has(code)) yield `${j.id}\t1\t${cat.classByCode.get(code)}\n`;
            else yield `${j.id}\t2\t${cat.categoryByCode.get(code)}\n`;
          }
      })(),
    );
    await copy(
      'job_skills',
      (function* () {
        for (const j of opts.jobs) for (const x of new Set(j.skills)) yield `${j.id}\t${skillIds.get(x)}\n`;
      })(),
    );
    await copy(
      'job_certs',
      (function* () {
        for (const j of opts.jobs) for (const x of new Set(j.certs)) yield `${j.id}\t${certId(x)}\n`;
      })(),
    );
    await db.unsafe(INDEXES);
    const loadSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    log(`loaded in ${loadSeconds} s; running SQL queries`);

    const mismatches: unknown[] = [];
    const run = async (
      statement: string,
      queries: Query[],
      engine: (q: Query) => { id: number; score: number }[],
      label: string,
    ) => {
      const times: number[] = [];
      let agree = 0;
      for (const q of queries) {
        const scope = q.scope ? q.scope.map((c) => consortiumIds.get(c) ?? -1) : null;
        const t = performance.now();
        const rows = await db.unsafe(statement, [q.id, scope, opts.asOfMonth, opts.k]);
        times.push(performance.now() - t);
        const got = rows.map((r) => `${r.id}:${r.score}`).join(',');
        const want = engine(q)
          .map((r) => `${r.id}:${r.score}`)
          .join(',');
        if (got === want) agree++;
        else mismatches.push({ label, query: q, sql: got, engine: want });
      }
      log(`${label}: ${agree}/${queries.length} agree`);
      return { times, agreement: agree / queries.length };
    };
    const jobRun = await run(
      JOB_TO_STUDENTS,
      opts.jobQueries,
      (q) => index.studentsForJob(q.id, { k: opts.k, scope: q.scope, asOfMonth: opts.asOfMonth }),
      'job→students',
    );
    const studentRun = await run(
      STUDENT_TO_JOBS,
      opts.studentQueries,
      (q) => index.jobsForStudent(q.id, { k: opts.k, scope: q.scope, asOfMonth: opts.asOfMonth }),
      'student→jobs',
    );
    return {
      jobTimes: jobRun.times,
      studentTimes: studentRun.times,
      jobAgreement: jobRun.agreement,
      studentAgreement: studentRun.agreement,
      mismatches,
      loadSeconds,
    };
  } finally {
    await sql?.end().catch(() => {});
    await cluster.stop().catch(() => {});
  }
}
