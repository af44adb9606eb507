/**
 * The index against a brute-force scorer written independently here from the rules (string
 * inputs, floating-point Math.round, sort everything): same top-k ids and scores, both directions,
 * many seeds, with scopes, windows and live updates.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from './catalog';
import { buildMatchIndex, type JobInput, type StudentInput } from './engine';
import { EDUCATION_LEVELS, JOB_KINDS, monthIndex } from './scoring';
import { loadCatalog, loadCatalogInput, prng } from './testing';

const catalog = loadCatalog();
const input = loadCatalogInput();
const asOfMonth = monthIndex(2026, 3);

function generate(seed: number, nStudents: number, nJobs: number) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  // A narrow slice of the catalogue so that codes, classes and categories collide often.
  const majors = input.majors.filter((m) => ['46', '51', '66', '50', '53'].includes(m.category_code)).slice(0, 40);
  const districts = input.districts.slice(0, 8).map((d) => d.code);
  const skills = Array.from({ length: 25 }, (_, i) => `skill${i}`);
  const certs = Array.from({ length: 6 }, (_, i) => `cert${i}`);
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
    skills: some(skills, 6),
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
      majors: Array.from({ length: Math.floor(rnd() * 3) }, () => {
        const m = pick(majors);
        const r = rnd();
        return r < 0.6 ? m.code : r < 0.85 ? m.class_code : m.category_code;
      }),
      skills: some(skills, 5),
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

describe('exactness against a brute-force scorer', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`seed ${seed}: both directions, scopes, windows, updates`, () => {
      const g = generate(seed, 1500, 250);
      const index = buildMatchIndex(catalog, { students: g.students, jobs: g.jobs });
      const weights = referenceWeights(g.students);
      for (const [skill, w] of weights) expect(index.skillWeightOf(skill)).toBe(w);
      let students = [...g.students];
      let jobs = [...g.jobs];
      const corpus = students.length;

      const check = () => {
        for (let q = 0; q < 15; q++) {
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
      // Live updates: replace, remove and add students and jobs, then check again.
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
    });
  }
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
  });
});
