import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog';
import { buildMatchIndex, type JobInput, MatchIndex, type StudentInput } from './engine';
import { formatReason } from './reason';
import { monthIndex, roundRatio, skillWeight } from './scoring';

// A hand-built catalogue: two levels of 汽车制造类, a sibling class in 装备制造大类, one major in
// 交通运输大类 (related to the car cluster without sharing a category) and one unrelated major.
const catalog = buildCatalog({
  majors: [
    {
      code: '460701',
      class_code: '4607',
      class_name: '汽车制造类',
      category_code: '46',
      category_name: '装备制造大类',
    },
    {
      code: '460702',
      class_code: '4607',
      class_name: '汽车制造类',
      category_code: '46',
      category_name: '装备制造大类',
    },
    {
      code: '460101',
      class_code: '4601',
      class_name: '机械设计制造类',
      category_code: '46',
      category_name: '装备制造大类',
    },
    {
      code: '660701',
      class_code: '6607',
      class_name: '汽车制造类',
      category_code: '66',
      category_name: '装备制造大类',
    },
    {
      code: '500201',
      class_code: '5002',
      class_name: '道路运输类',
      category_code: '50',
      category_name: '交通运输大类',
    },
    {
      code: '530101',
      class_code: '5301',
      class_name: '财政税务类',
      category_code: '53',
      category_name: '财经商贸大类',
    },
  ],
  districts: [
    { code: 'A', name: '渝中区' },
    { code: 'B', name: '江北区' },
    { code: 'C', name: '万州区' },
  ],
  neighbours: [['A', 'B']],
  clusters: [{ cluster: '智能网联新能源汽车' }, { cluster: '轻纺' }],
  clusterCategories: [
    { cluster_code: 'C01', category_code: '46' },
    { cluster_code: 'C01', category_code: '50' },
  ],
});

const asOfMonth = monthIndex(2026, 3);

function student(id: number, over: Partial<StudentInput> = {}): StudentInput {
  return {
    id,
    major: '530101',
    level: 'associate',
    district: 'C',
    consent: true,
    internship: false,
    skills: [],
    certs: [],
    ...over,
  };
}

function job(id: number, over: Partial<JobInput> = {}): JobInput {
  return {
    id,
    status: 'published',
    kind: 'apprenticeship',
    minLevel: 'secondary',
    district: 'C',
    majors: [],
    skills: [],
    certs: [],
    ...over,
  };
}

/** Scores of each student for job 1, by student id. */
function scoresFor(students: StudentInput[], j: JobInput) {
  const index = buildMatchIndex(catalog, { students, jobs: [j] });
  const results = index.studentsForJob(j.id, { asOfMonth, k: 100 });
  return new Map(results.map((r) => [r.id, r]));
}

describe('factors', () => {
  it('major: same code 40 > same class 25 (across levels) > same category 15 > through the cluster 8 > none 0', () => {
    const r = scoresFor(
      [
        student(1, { major: '460701' }),
        student(2, { major: '460702' }),
        student(3, { major: '660701', level: 'secondary' }),
        student(4, { major: '460101' }),
        student(5, { major: '500201' }),
        student(6, { major: '530101' }),
      ],
      job(1, { majors: ['460701'], cluster: 'C01' }),
    );
    expect([1, 2, 3, 4, 5, 6].map((id) => r.get(id)?.factors.major)).toEqual([40, 25, 25, 15, 8, 0]);
    // The cluster factor comes on top of any major score when the category is related.
    expect([1, 2, 3, 4, 5, 6].map((id) => r.get(id)?.factors.cluster)).toEqual([5, 5, 5, 5, 5, 0]);
    expect(r.get(1)?.score).toBe(40 + 5 + 10);
  });

  it('major: the best of codes, class codes and category codes the job lists', () => {
    const r = scoresFor(
      [student(1, { major: '460702' }), student(2, { major: '460101' }), student(3, { major: '530101' })],
      job(1, { majors: ['46', '4607', '530101'] }),
    );
    expect([1, 2, 3].map((id) => r.get(id)?.factors.major)).toEqual([25, 15, 40]);
    expect(r.get(1)?.factors.cluster).toBe(0);
  });

  it('skills: IDF-weighted share of the job skills, rounded half up', () => {
    const students = [
      student(1, { skills: ['a', 'b'] }),
      student(2, { skills: ['a'] }),
      student(3, { skills: ['c'] }),
      student(4, { skills: [] }),
    ];
    const index = buildMatchIndex(catalog, { students, jobs: [job(1, { skills: ['a', 'b', 'zzz'] }), job(2)] });
    // N = 4: a in 2 profiles, b in 1, zzz in none (counts as 1).
    expect(index.skillWeightOf('a')).toBe(Math.round(100 * Math.log(2)));
    expect(index.skillWeightOf('b')).toBe(Math.round(100 * Math.log(4)));
    expect(index.skillWeightOf('zzz')).toBe(skillWeight(4, 1));
    const den = 69 + 139 + 139;
    const r = new Map(index.studentsForJob(1, { asOfMonth, k: 10 }).map((x) => [x.id, x]));
    expect(r.get(1)?.factors.skills).toBe(Math.round((30 * (69 + 139)) / den));
    expect(r.get(2)?.factors.skills).toBe(Math.round((30 * 69) / den));
    expect(r.get(3)?.factors.skills).toBe(0);
    expect(r.get(1)?.reason).toContain('技能 2/3');
    // No skills asked: 0 for everyone, and no skills part in the reason.
    const none = index.studentsForJob(2, { asOfMonth, k: 10 });
    expect(none.every((x) => x.factors.skills === 0 && !x.reason.includes('技能'))).toBe(true);
  });

  it('certs: 10 × held / required, rounded half up; 0 when none required', () => {
    const r = scoresFor(
      [
        student(1, { certs: ['x'] }),
        student(2, { certs: ['x', 'y'] }),
        student(3, { certs: ['x', 'y', 'z', 'w'] }),
        student(4, { certs: ['other'] }),
      ],
      job(1, { certs: ['x', 'y', 'z', 'w'] }),
    );
    // 1/4 → 2.5 → 3 (half up), 2/4 → 5, 4/4 → 10.
    expect([1, 2, 3, 4].map((id) => r.get(id)?.factors.certs)).toEqual([3, 5, 10, 0]);
    expect(roundRatio(10, 2, 3)).toBe(7);
    expect(scoresFor([student(1, { certs: ['x'] })], job(1)).get(1)?.factors.certs).toBe(0);
  });

  it('district: same 10 > neighbour 6 > elsewhere in the city 3, best of home and preferences', () => {
    const r = scoresFor(
      [
        student(1, { district: 'A' }),
        student(2, { district: 'B' }),
        student(3, { district: 'C' }),
        student(4, { district: 'C', preferredDistricts: ['B'] }),
        student(5, { district: 'B', preferredDistricts: ['C', 'A'] }),
      ],
      job(1, { district: 'A' }),
    );
    expect([1, 2, 3, 4, 5].map((id) => r.get(id)?.factors.district)).toEqual([10, 6, 3, 6, 10]);
    expect(r.get(1)?.reasonParts).toContainEqual({ key: 'district.same', params: {} });
    expect(r.get(2)?.reason).toBe('邻近区县');
  });

  it('kind: internship job and available student 5; full-time job and graduating within 12 months 5', () => {
    const students = [
      student(1, { internship: true }),
      student(2, { gradMonth: asOfMonth + 12 }),
      student(3, { gradMonth: asOfMonth + 13 }),
      student(4, { gradMonth: asOfMonth - 3 }),
      student(5),
    ];
    const kinds = (kind: JobInput['kind']) => {
      const r = scoresFor(students, job(1, { kind }));
      return [1, 2, 3, 4, 5].map((id) => r.get(id)?.factors.kind);
    };
    expect(kinds('internship')).toEqual([5, 0, 0, 0, 0]);
    expect(kinds('fulltime')).toEqual([0, 5, 0, 5, 0]);
    expect(kinds('apprenticeship')).toEqual([0, 0, 0, 0, 0]);
    expect(kinds('order_class')).toEqual([0, 0, 0, 0, 0]);
  });

  it('reason: Chinese summary and translatable parts', () => {
    const r = scoresFor(
      [student(1, { major: '460701', skills: ['a', 'b'], district: 'A', internship: true })],
      job(1, { majors: ['460701'], skills: ['a', 'c'], district: 'A', cluster: 'C01', kind: 'internship' }),
    ).get(1);
    expect(r?.reason).toBe('专业完全匹配 · 技能 1/2 · 同区县 · 契合智能网联新能源汽车产业集群 · 可实习');
    expect(formatReason(r?.reasonParts ?? [], 'en-US')).toBe(
      'same major · skills 1/2 · same district · fits the 智能网联新能源汽车 cluster · available for internship',
    );
    expect(r?.score).toBe(Object.values(r?.factors ?? {}).reduce((a, b) => a + b, 0));
  });
});

describe('hard filters', () => {
  it('job → students sees only consenting students', () => {
    const r = scoresFor([student(1), student(2, { consent: false })], job(1));
    expect([...r.keys()]).toEqual([1]);
  });

  it('student → jobs ignores the student’s consent but sees only published jobs', () => {
    const index = buildMatchIndex(catalog, {
      students: [student(1, { consent: false })],
      jobs: [job(1), job(2, { status: 'draft' }), job(3, { status: 'closed' })],
    });
    expect(index.jobsForStudent(1, { asOfMonth }).map((x) => x.id)).toEqual([1]);
  });

  it('level: the job’s minimum level must not exceed the student’s', () => {
    const students = [
      student(1, { level: 'secondary', major: '660701' }),
      student(2, { level: 'associate' }),
      student(3, { level: 'vocational_bachelor' }),
      student(4, { level: 'undergraduate' }),
    ];
    const ids = (minLevel: JobInput['minLevel']) => [...scoresFor(students, job(1, { minLevel })).keys()].sort();
    expect(ids('secondary')).toEqual([1, 2, 3, 4]);
    expect(ids('associate')).toEqual([2, 3, 4]);
    expect(ids('vocational_bachelor')).toEqual([3, 4]);
    expect(ids('undergraduate')).toEqual([4]);
  });

  it('graduation window: inclusive, either end open; a student without a date fails any window', () => {
    const students = [
      student(1, { gradMonth: monthIndex(2026, 6) }),
      student(2, { gradMonth: monthIndex(2026, 7) }),
      student(3, { gradMonth: monthIndex(2027, 6) }),
      student(4),
    ];
    const ids = (gradFrom: number | null, gradTo: number | null) =>
      [...scoresFor(students, job(1, { gradFrom, gradTo })).keys()].sort();
    expect(ids(monthIndex(2026, 6), monthIndex(2026, 7))).toEqual([1, 2]);
    expect(ids(monthIndex(2026, 7), null)).toEqual([2, 3]);
    expect(ids(null, monthIndex(2026, 6))).toEqual([1]);
    expect(ids(null, null)).toEqual([1, 2, 3, 4]);
    const index = buildMatchIndex(catalog, {
      students,
      jobs: [job(1, { gradFrom: monthIndex(2026, 7), gradTo: monthIndex(2026, 12) })],
    });
    expect(index.jobsForStudent(2, { asOfMonth }).map((x) => x.id)).toEqual([1]);
    expect(index.jobsForStudent(1, { asOfMonth })).toEqual([]);
    expect(index.jobsForStudent(4, { asOfMonth })).toEqual([]);
  });

  it('scope: only items in the allowed consortia, none when outside every consortium', () => {
    const index = buildMatchIndex(catalog, {
      students: [student(1, { consortium: 'a' }), student(2, { consortium: 'b' }), student(3)],
      jobs: [job(1, { consortium: 'a' }), job(2, { consortium: 'b' }), job(3)],
    });
    const students = (scope?: string[]) =>
      index
        .studentsForJob(3, { asOfMonth, scope })
        .map((x) => x.id)
        .sort();
    expect(students()).toEqual([1, 2, 3]);
    expect(students(['a'])).toEqual([1]);
    expect(students(['a', 'b', 'unknown'])).toEqual([1, 2]);
    expect(students([])).toEqual([]);
    const jobs = (scope?: string[]) =>
      index
        .jobsForStudent(3, { asOfMonth, scope })
        .map((x) => x.id)
        .sort();
    expect(jobs()).toEqual([1, 2, 3]);
    expect(jobs(['b'])).toEqual([2]);
  });
});

describe('ranking and updates', () => {
  it('ties rank by id ascending whatever the insertion order', () => {
    const ids = [17, 3, 99, 42, 8, 61, 5, 23];
    const index = buildMatchIndex(catalog, { students: ids.map((id) => student(id)), jobs: [job(1)] });
    expect(index.studentsForJob(1, { asOfMonth, k: 5 }).map((x) => x.id)).toEqual([3, 5, 8, 17, 23]);
    const jobIndex = buildMatchIndex(catalog, { students: [student(1)], jobs: ids.map((id) => job(id)) });
    expect(jobIndex.jobsForStudent(1, { asOfMonth, k: 3 }).map((x) => x.id)).toEqual([3, 5, 8]);
  });

  it('upserts and removals are visible to the next query', () => {
    const index = new MatchIndex(catalog);
    index.upsertJob(job(1, { majors: ['460701'] }));
    index.upsertStudent(student(10, { major: '460701' }));
    index.upsertStudent(student(11));
    expect(index.studentsForJob(1, { asOfMonth }).map((x) => [x.id, x.factors.major])).toEqual([
      [10, 40],
      [11, 0],
    ]);
    // Change of major moves the student; withdrawn consent hides it.
    index.upsertStudent(student(11, { major: '460701', district: 'C', skills: ['s1', 's2', 's3'] }));
    index.upsertStudent(student(10, { consent: false }));
    expect(index.studentsForJob(1, { asOfMonth }).map((x) => [x.id, x.factors.major])).toEqual([[11, 40]]);
    expect(index.removeStudent(11)).toBe(true);
    expect(index.removeStudent(11)).toBe(false);
    expect(index.studentsForJob(1, { asOfMonth })).toEqual([]);
    // Jobs: unpublish, change, remove.
    index.upsertJob(job(2, { district: 'A' }));
    expect(index.jobsForStudent(10, { asOfMonth }).map((x) => x.id)).toEqual([1, 2]);
    index.upsertJob(job(1, { status: 'closed' }));
    expect(index.jobsForStudent(10, { asOfMonth }).map((x) => x.id)).toEqual([2]);
    index.upsertJob(job(2, { district: 'C' }));
    expect(index.jobsForStudent(10, { asOfMonth })[0]?.factors.district).toBe(10);
    expect(index.removeJob(2)).toBe(true);
    expect(index.jobsForStudent(10, { asOfMonth })).toEqual([]);
    expect(index.studentsForJob(2, { asOfMonth })).toEqual([]);
  });

  it('survives churn through compaction', () => {
    const index = new MatchIndex(catalog);
    index.upsertJob(job(1));
    for (let i = 0; i < 5000; i++) index.upsertStudent(student(i, { skills: [`s${i % 7}`] }));
    for (let i = 0; i < 5000; i += 2) index.removeStudent(i);
    for (let i = 1; i < 5000; i += 2) index.upsertStudent(student(i, { skills: ['a', 'b', 'c', 'd'] }));
    for (let j = 2; j < 3000; j++) index.upsertJob(job(j));
    for (let j = 2; j < 3000; j++) index.removeJob(j);
    expect(index.studentCount).toBe(2500);
    expect(index.jobCount).toBe(1);
    expect(index.stats().studentBytes / 2500).toBeLessThan(150);
    expect(index.studentsForJob(1, { asOfMonth, k: 3 }).map((x) => x.id)).toEqual([1, 3, 5]);
    expect(index.jobsForStudent(4999, { asOfMonth }).map((x) => x.id)).toEqual([1]);
  });
});
