/**
 * `npm run bench:match -- --students 1000000 --jobs 100000 --queries 1000 [--sql-queries 50] [--json]`:
 * the matching engine over the bench:data set (generated when missing): index build time, bytes per
 * student profile, p50/p99 of `--queries` top-20 queries in each direction; then the same scoring as
 * one SQL query per direction on a throwaway PostgreSQL cluster for the first `--sql-queries` of
 * those queries: SQL p50/p99, speedup (SQL / engine, at p50 and at p99) and agreement (share of those
 * queries whose top-20 ids and scores are identical). Prints one JSON object.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildMatchIndex, type MatchIndex } from '@chanjiao/matching';
import { loadCatalog } from '@chanjiao/matching/testing';
import { AS_OF_MONTH, dataDir, generate, hasData, prng, readJobs, readStudents } from './match-data';

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '1000000' },
    jobs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    queries: { type: 'string', default: '1000' },
    'sql-queries': { type: 'string', default: '50' },
    k: { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const nStudents = Number(args.students);
const nJobs = Number(args.jobs);
const seed = Number(args.seed);
const nQueries = Number(args.queries);
const nSql = Math.min(Number(args['sql-queries']), nQueries);
const k = Number(args.k);
const log = (msg: string) => process.stderr.write(`[bench:match] ${msg}\n`);

export interface Query {
  id: number;
  scope: string[] | null;
}

const dir = dataDir(nStudents, nJobs, seed);
if (!hasData(dir)) {
  log(`generating data in ${dir}`);
  await generate({ students: nStudents, jobs: nJobs, seed });
}

const catalog = loadCatalog();
log('building the index');
const t0 = performance.now();
const students = [...readStudents(dir)];
const jobs = [...readJobs(dir)];
const tRead = performance.now();
const index: MatchIndex = buildMatchIndex(catalog, { students, jobs });
const buildMs = performance.now() - tRead;
const readMs = tRead - t0;
const stats = index.stats();
log(`built in ${buildMs.toFixed(0)} ms (read ${readMs.toFixed(0)} ms), ${stats.bytesPerProfile.toFixed(1)} B/profile`);

// Queries: random published jobs and random students, a quarter of them with a scope of 1–3 consortia.
const rnd = prng(seed + 1);
const scope = () =>
  rnd() < 0.25
    ? Array.from(
        { length: 1 + Math.floor(rnd() * 3) },
        () => `cq${String(1 + Math.floor(rnd() * 30)).padStart(2, '0')}`,
      )
    : null;
const published = jobs.filter((j) => j.status === 'published').map((j) => j.id);
const jobQueries: Query[] = Array.from({ length: nQueries }, () => ({
  id: published[Math.floor(rnd() * published.length)],
  scope: scope(),
}));
const studentQueries: Query[] = Array.from({ length: nQueries }, () => ({
  id: students[Math.floor(rnd() * students.length)].id,
  scope: scope(),
}));

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const round3 = (x: number) => Number(x.toFixed(3));

function time(queries: Query[], run: (q: Query) => unknown): number[] {
  for (const q of queries.slice(0, 50)) run(q); // warm-up
  return queries.map((q) => {
    const t = performance.now();
    run(q);
    return performance.now() - t;
  });
}

const jobTimes = time(jobQueries, (q) => index.studentsForJob(q.id, { k, scope: q.scope, asOfMonth: AS_OF_MONTH }));
const studentTimes = time(studentQueries, (q) =>
  index.jobsForStudent(q.id, { k, scope: q.scope, asOfMonth: AS_OF_MONTH }),
);
log(
  `job→students p50 ${pct(jobTimes, 0.5).toFixed(3)} p99 ${pct(jobTimes, 0.99).toFixed(3)} ms · student→jobs p50 ${pct(studentTimes, 0.5).toFixed(3)} p99 ${pct(studentTimes, 0.99).toFixed(3)} ms`,
);

interface Direction {
  p50_ms: number;
  p99_ms: number;
  sql_p50_ms: number | null;
  sql_p99_ms: number | null;
  speedup: number | null;
  speedup_p99: number | null;
  agreement: number | null;
}
const direction = (times: number[]): Direction => ({
  p50_ms: round3(pct(times, 0.5)),
  p99_ms: round3(pct(times, 0.99)),
  sql_p50_ms: null,
  sql_p99_ms: null,
  speedup: null,
  speedup_p99: null,
  agreement: null,
});
const result = {
  students: stats.students,
  jobs: stats.jobs,
  queries: nQueries,
  sql_queries: nSql,
  k,
  build_ms: Math.round(buildMs),
  read_ms: Math.round(readMs),
  bytes_per_profile: round3(stats.bytesPerProfile),
  job_bytes: stats.jobBytes,
  skills: stats.skills,
  job_to_students: direction(jobTimes),
  student_to_jobs: direction(studentTimes),
  sql_note: '',
  node: process.version,
  cpus: cpus().length,
};

if (nSql > 0) {
  const { compareWithSql } = await import('./match-sql');
  const sql = await compareWithSql({
    catalog,
    index,
    students,
    jobs,
    jobQueries: jobQueries.slice(0, nSql),
    studentQueries: studentQueries.slice(0, nSql),
    k,
    asOfMonth: AS_OF_MONTH,
    log,
  });
  for (const [name, times, sqlTimes, agree] of [
    ['job_to_students', jobTimes, sql.jobTimes, sql.jobAgreement],
    ['student_to_jobs', studentTimes, sql.studentTimes, sql.studentAgreement],
  ] as const) {
    const d = result[name];
    d.sql_p50_ms = round3(pct(sqlTimes, 0.5));
    d.sql_p99_ms = round3(pct(sqlTimes, 0.99));
    d.speedup = round3(d.sql_p50_ms / pct(times, 0.5));
    d.speedup_p99 = round3(d.sql_p99_ms / pct(times, 0.99));
    d.agreement = agree;
  }
  result.sql_note = `SQL measured on the first ${nSql} of the ${nQueries} queries per direction (one statement each, throwaway PostgreSQL cluster, load ${sql.loadSeconds} s); engine figures over all ${nQueries}`;
  if (sql.mismatches.length > 0) log(`mismatches: ${JSON.stringify(sql.mismatches.slice(0, 3))}`);
} else result.sql_note = 'SQL comparison skipped (--sql-queries 0)';

if (!args.json) log(JSON.stringify(result, null, 2));
process.stdout.write(`${JSON.stringify(result)}\n`);
