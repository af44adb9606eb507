/**
 * The index against a brute-force scorer written independently here from the rules (string
 * inputs, floating-point Math.round, sort everything): same top-k ids and scores, both directions,
 * many seeds, with scopes, windows and live updates, and data shaped to reach every pruning path
 * (whole buckets and lists, certificate and district lists, skill lists cut by their bounds, job
 * groups read whole or by skill): jobs without majors or listing only classes or categories,
 * students and jobs without skills, a skill every student holds (weight 0), heavy ties.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from './catalog';
import { buildMatchIndex, type JobInput, type StudentInput } from './engine';
import { EDUCATION_LEVELS, JOB_KINDS, monthIndex } from './scoring';
import { loadCatalog, loadCatalogInput, prng } from './testing';

const catalog = loadCatalog();
const input = loadCatalogInput();
const asOfMonth = monthIndex(2026, 3);

interface Shape {
  /** Majors from the first `majors` of these categories. */
  categories: string[];
  majors: number;
  districts: number;
  skills: number;
  certs: number;
  /** Most skills a student / a job lists (uniform 0 … max). */
  studentSkills: number;
  jobSkills: number;
  /** Most accepted codes a job lists, and the share of major codes / class codes among them (rest: categories). */
  jobMajors: number;
  codeShare: number;
  classShare: number;
  /** Share of students holding skill0 on top of their draw (1: every student, weight 0). */
  common: number;
}

const MIXED: Shape = {
  categories: ['46', '51', '66', '50', '53'],
  majors: 40,
  districts: 8,
  skills: 25,
  certs: 6,
  studentSkills: 6,
  jobSkills: 5,
  jobMajors: 2,
  codeShare: 0.6,
  classShare: 0.25,
  common: 0,
};

function generate(seed: number, nStudents: number, nJobs: number, shape: Shape = MIXED) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  // A narrow slice of the catalogue so that codes, classes and categories collide often.
  const majors = input.majors.filter((m) => shape.categories.includes(m.category_code)).slice(0, shape.majors);
  const districts = input.districts.slice(0, shape.districts).map((d) => d.code);
  const skills = Array.from({ length: shape.skills }, (_, i) => `skill${i}`);
  const certs = Array.from({ length: shape.certs }, (_, i) => `cert${i}`);
  const consortia = ['c1', 'c2', 'c3'];
  const some = (xs: readonly string[], max: number) => {
    const n = Math.floor(rnd() * (max + 1));
    return Array.from({ length: n }, () => pick(xs));
  };
  const month = () => (rnd() < 0.1 ? null : asOfMonth + Math.floor(rnd() * 30) - 6);
  const ids = new Set<number>();
  const id = () => {
    for (;;) {
      const x = Math.floor(rnd() * 1e6);
      if (!ids.has(x)) {
        ids.add(x);
        return x;
      }
    }
  };
  const student = (sid = id()): StudentInput => ({
    id: sid,
    major: pick(majors).code,
    level: pick(EDUCATION_LEVELS),
    district: pick(districts),
    preferredDistricts: some(districts, 3),
    gradMonth: month(),
    consent: rnd() < 0.8,
    internship: rnd() < 0.5,
    consortium: rnd() < 0.2 ? null : pick(consortia),
    skills: [...some(skills, shape.studentSkills), ...(rnd() < shape.common ? ['skill0'] : [])],
    certs: some(certs, 2),
  });
  const job = (jid = id()): JobInput => {
    const window = rnd() < 0.3;
    return {
      id: jid,
      status: rnd() < 0.85 ? 'published' : pick(['draft', 'closed']),
      kind: pick(JOB_KINDS),
      minLevel: pick(EDUCATION_LEVELS),
      gradFrom: window && rnd() < 0.7 ? asOfMonth + Math.floor(rnd() * 10) : null,
      gradTo: window && rnd() < 0.7 ? asOfMonth + 10 + Math.floor(rnd() * 10) : null,
      district: pick(districts),
      cluster: rnd() < 0.2 ? null : pick(catalog.clusterCodes),
      consortium: rnd() < 0.2 ? null : pick(consortia),
      majors: Array.from({ length: Math.floor(rnd() * (shape.jobMajors + 1)) }, () => {
        const m = pick(majors);
        const r = rnd();
        return r < shape.codeShare ? m.code : r < shape.codeShare + shape.classShare ? m.class_code : m.category_code;
      }),
      skills: some(skills, shape.jobSkills),
      certs: some(certs, 3),
    };
  };
  return {
    rnd,
    pick,
    student,
    job,
    students: Array.from({ length: nStudents }, () => student()),
    jobs: Array.from({ length: nJobs }, () => job()),
  };
}

// ------------------------------------------------------------------ the reference scorer

const LEVEL_RANK: Record<string, number> = { secondary: 0, associate: 1, vocational_bachelor: 2, undergraduate: 3 };

function referenceWeights(students: StudentInput[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const s of students) for (const k of new Set(s.skills)) df.set(k, (df.get(k) ?? 0) + 1);
  const n = students.length;
  const w = new Map<string, number>();
  for (const [k, d] of df) w.set(k, Math.max(0, Math.round(100 * Math.log(n / d))));
  return w;
}

function majorOf(cat: Catalog, code: string) {
  const m = cat.majorByCode.get(code)!;
  return { major: m, cls: cat.majorClass[m], category: cat.majorCategory[m] };
}

function referenceScore(
  cat: Catalog,
  weights: Map<string, number>,
  corpus: number,
  s: StudentInput,
  j: JobInput,
): number {
  const me = majorOf(cat, s.major);
  let major = 0;
  for (const code of j.majors) {
    if (cat.majorByCode.has(code)) {
      const o = majorOf(cat, code);
      if (o.major === me.major) major = Math.max(major, 40);
      else if (o.cls === me.cls) major = Math.max(major, 25);
      else if (o.category === me.category) major = Math.max(major, 15);
    } else if (cat.classByCode.has(code)) {
      const c = cat.classByCode.get(code)!;
      if (c === me.cls) major = Math.max(major, 25);
      else if (cat.classMajors[c].some((m) => cat.majorCategory[m] === me.category)) major = Math.max(major, 15);
    } else if (cat.categoryByCode.get(code) === me.category) major = Math.max(major, 15);
  }
  const related =
    j.cluster != null && cat.clusterCategory[cat.clusterByKey.get(j.cluster)! * cat.categoryCount + me.category] === 1;
  if (major === 0 && related) major = 8;
  const jobSkills = [...new Set(j.skills)];
  const w = (k: string) => weights.get(k) ?? Math.max(0, Math.round(100 * Math.log(corpus)));
  const den = jobSkills.reduce((a, k) => a + w(k), 0);
  const num = jobSkills.filter((k) => s.skills.includes(k)).reduce((a, k) => a + w(k), 0);
  const skills = den === 0 ? 0 : Math.round((30 * num) / den);
  const jobCerts = [...new Set(j.certs)];
  const certs =
    jobCerts.length === 0 ? 0 : Math.round((10 * jobCerts.filter((c) => s.certs.includes(c)).length) / jobCerts.length);
  const D = cat.districtCount;
  const jd = cat.districtByCode.get(j.district)!;
  const district = Math.max(
    ...[s.district, ...(s.preferredDistricts ?? [])].map((d) => cat.districtScore[cat.districtByCode.get(d)! * D + jd]),
  );
  const kind =
    (j.kind === 'internship' && s.internship) ||
    (j.kind === 'fulltime' && s.gradMonth != null && s.gradMonth <= asOfMonth + 12)
      ? 5
      : 0;
  return major + skills + certs + district + (related ? 5 : 0) + kind;
}

function eligible(s: StudentInput, j: JobInput): boolean {
  if (LEVEL_RANK[j.minLevel] > LEVEL_RANK[s.level]) return false;
  if (j.gradFrom != null || j.gradTo != null) {
    if (s.gradMonth == null) return false;
    if (j.gradFrom != null && s.gradMonth < j.gradFrom) return false;
    if (j.gradTo != null && s.gradMonth > j.gradTo) return false;
  }
  return true;
}

const inScope = (consortium: string | null | undefined, scope: string[] | null) =>
  scope === null || (consortium != null && scope.includes(consortium));

function topK(scored: { id: number; score: number }[], k: number) {
  return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}

/** Builds an index on generated data and compares both directions with the reference, through updates. */
function exactness(seed: number, nStudents: number, nJobs: number, shape: Shape, queries = 15) {
  const g = generate(seed, nStudents, nJobs, shape);
  const index = buildMatchIndex(catalog, { students: g.students, jobs: g.jobs });
  let weights = referenceWeights(g.students);
  for (const [skill, w] of weights) expect(index.skillWeightOf(skill)).toBe(w);
  let students = [...g.students];
  let jobs = [...g.jobs];
  let corpus = students.length;

  const check = () => {
    for (let q = 0; q < queries; q++) {
      const k = g.pick([1, 5, 20, 50]);
      const scope = g.rnd() < 0.3 ? ['c1', 'c3'].slice(0, 1 + Math.floor(g.rnd() * 2)) : null;
      const j = g.pick(jobs);
      const expected = topK(
        students
          .filter((s) => s.consent && inScope(s.consortium, scope) && eligible(s, j))
          .map((s) => ({ id: s.id, score: referenceScore(catalog, weights, corpus, s, j) })),
        k,
      );
      const got = index.studentsForJob(j.id, { k, scope, asOfMonth });
      expect(got.map((r) => ({ id: r.id, score: r.score }))).toEqual(expected);

      const s = g.pick(students);
      const expectedJobs = topK(
        jobs
          .filter((x) => x.status === 'published' && inScope(x.consortium, scope) && eligible(s, x))
          .map((x) => ({ id: x.id, score: referenceScore(catalog, weights, corpus, s, x) })),
        k,
      );
      const gotJobs = index.jobsForStudent(s.id, { k, scope, asOfMonth });
      expect(gotJobs.map((r) => ({ id: r.id, score: r.score }))).toEqual(expectedJobs);
    }
  };
  check();
  // Live updates: replace, remove and add students and jobs, then check again (changed rows are
  // read from the dirty lists, next to stale list entries).
  for (let u = 0; u < 300; u++) {
    const i = Math.floor(g.rnd() * students.length);
    const r = g.rnd();
    if (r < 0.4) {
      const next = g.student(students[i].id);
      // Keep the skill vocabulary known to the weights so that the reference stays simple.
      next.skills = next.skills.filter((k) => weights.has(k));
      students[i] = next;
      index.upsertStudent(next);
    } else if (r < 0.6) {
      index.removeStudent(students[i].id);
      students = students.filter((_, x) => x !== i);
    } else if (r < 0.8) {
      const x = Math.floor(g.rnd() * jobs.length);
      const next = g.job(jobs[x].id);
      jobs[x] = next;
      index.upsertJob(next);
    } else {
      const x = Math.floor(g.rnd() * jobs.length);
      index.removeJob(jobs[x].id);
      jobs = jobs.filter((_, y) => y !== x);
      const added = g.job();
      jobs.push(added);
      index.upsertJob(added);
    }
  }
  check();
  // The weights recomputed from the live students while changed rows are still dirty (lists and
  // signatures rebuilt around them), then the lists rebuilt from the changed rows.
  index.refreshSkillWeights();
  weights = referenceWeights(students);
  corpus = students.length;
  check();
  index.compactStudents();
  index.compactJobs();
  check();
}

describe('exactness against a brute-force scorer', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}: both directions, scopes, windows, updates`, () => exactness(seed, 1500, 250, MIXED));
  }
  for (let seed = 21; seed <= 22; seed++) {
    it(`seed ${seed}: a larger population (lists instead of whole buckets, groups read by skill)`, () => {
      exactness(seed, 6000, 1200, { ...MIXED, majors: 60, districts: 20, skills: 60, certs: 10, jobMajors: 3 }, 25);
    }, 60_000);
  }
  it('jobs without majors or listing only categories, students and jobs often without skills', () => {
    for (let seed = 31; seed <= 34; seed++) {
      const shape = { ...MIXED, jobMajors: 1, codeShare: 0, classShare: 0.3, studentSkills: 2, jobSkills: 2 };
      exactness(seed, 2500, 400, shape, 20);
    }
  }, 60_000);
  it('a skill every student holds (weight 0) and jobs asking only that one', () => {
    for (let seed = 41; seed <= 43; seed++) {
      exactness(seed, 2000, 300, { ...MIXED, skills: 3, common: 1, jobSkills: 1, studentSkills: 1 }, 20);
    }
  }, 60_000);
  it('heavy ties: few districts, skills and certificates, ranked by id', () => {
    for (let seed = 51; seed <= 54; seed++) {
      const shape = { ...MIXED, majors: 6, districts: 2, skills: 3, certs: 1, jobSkills: 1, studentSkills: 2 };
      exactness(seed, 3000, 300, shape, 20);
    }
  }, 60_000);
});

describe('memory', () => {
  it('holds a student profile in at most 150 bytes (100k profiles)', () => {
    const rnd = prng(7);
    const majors = input.majors;
    const districts = input.districts.map((d) => d.code);
    const students: StudentInput[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: i * 3 + 1,
      major: majors[Math.floor(rnd() ** 3 * majors.length)].code,
      level: 'associate',
      district: districts[Math.floor(rnd() * districts.length)],
      preferredDistricts: rnd() < 0.5 ? [districts[Math.floor(rnd() * districts.length)]] : [],
      gradMonth: asOfMonth + Math.floor(rnd() * 24),
      consent: rnd() < 0.8,
      internship: rnd() < 0.5,
      consortium: `c${Math.floor(rnd() * 50)}`,
      skills: Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => `skill${Math.floor(rnd() ** 2 * 300)}`),
      certs: Array.from({ length: Math.floor(rnd() * 3) }, () => `cert${Math.floor(rnd() * 40)}`),
    }));
    const index = buildMatchIndex(catalog, { students, jobs: [] });
    const stats = index.stats();
    expect(stats.students).toBe(100_000);
    expect(stats.bytesPerProfile).toBeLessThanOrEqual(150);
  }, 30_000);
});
