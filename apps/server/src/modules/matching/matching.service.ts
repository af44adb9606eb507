import type {
  JobRecommendation,
  JobRecommendationsResponse,
  MatchExplanation,
  RecommendedJobCard,
  RecommendedStudentCard,
  StudentRecommendation,
  StudentRecommendationsResponse,
} from '@chanjiao/contracts';
import {
  type Catalog,
  formatReason,
  MatchIndex,
  type MatchResult,
  type ReasonPart,
  roundRatio,
  SKILLS_MAX,
  skillWeight,
} from '@chanjiao/matching';
import type { Actor, Ctx, Deps } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import { resolveScope } from '../identity';
import { matchingCatalog, matchingRuntime, startMatching } from './matching.index';
import { jobQueryScope, studentQueryScope } from './matching.policy';
import * as repo from './matching.repository';
import { currentMonth, jobInput, studentInput } from './matching.source';

const loading = () =>
  new AppError('UNAVAILABLE', {
    'zh-CN': '推荐索引正在加载，请稍后再试',
    'en-US': 'The recommendation index is loading; please try again shortly',
  });

/**
 * The ready index of this process. Started here when nothing started it (tests, tools); main
 * starts it at boot. Throws UNAVAILABLE (503) while it loads.
 */
function readyIndex(deps: Deps): MatchIndex {
  let rt = matchingRuntime(deps);
  if (!rt || rt.status === 'failed') rt = startMatching(deps);
  if (rt.status === 'failed')
    throw new AppError('UNAVAILABLE', {
      'zh-CN': '推荐服务暂不可用，请稍后再试',
      'en-US': 'Recommendations are unavailable; please try again later',
    });
  if (rt.status !== 'ready' || !rt.index) throw loading();
  return rt.index;
}

const nameOf = (names: readonly string[], byCode: Map<string, number>, code: string) => {
  const i = byCode.get(code);
  return i === undefined ? null : (names[i] ?? null);
};

function explanation(r: Pick<MatchResult, 'score' | 'factors' | 'reasonParts'>): MatchExplanation {
  return {
    score: r.score,
    factors: r.factors,
    reason: formatReason(r.reasonParts),
    reasonEn: formatReason(r.reasonParts, 'en-US'),
    reasonParts: r.reasonParts as MatchExplanation['reasonParts'],
  };
}

/**
 * Each result with its record's card, in the results' order; a result whose record was deleted
 * after the index saw it is left out (the feed removes it within a second).
 */
async function withRecords<R extends { id: number }, C extends { seq: number }>(
  results: readonly R[],
  load: (seqs: number[]) => Promise<C[]>,
): Promise<[R, C][]> {
  const cards = new Map((await load(results.map((r) => r.id))).map((c) => [c.seq, c]));
  return results.flatMap((r): [R, C][] => {
    const c = cards.get(r.id);
    return c ? [[r, c]] : [];
  });
}

function actorOf(ctx: Ctx): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor;
}

/**
 * Top-k consenting students for a job, within the caller's scope (see matching.policy).
 * Throws NOT_FOUND, OUT_OF_SCOPE, UNAVAILABLE while the index loads.
 */
export async function recommendStudents(ctx: Ctx, jobId: string, k: number): Promise<JobRecommendationsResponse> {
  const actor = actorOf(ctx);
  const job = await repo.jobById(ctx.deps.db, jobId);
  if (!job) throw notFound({ 'zh-CN': '岗位不存在', 'en-US': 'Job not found' });
  const scope = jobQueryScope(actor, await resolveScope(ctx.deps.db, actor), job);
  const index = readyIndex(ctx.deps);
  const month = currentMonth();
  const results = index.studentsForJob(job.seq, { k, scope, asOfMonth: month.index });
  const cat = index.catalog;
  const items: StudentRecommendation[] = [];
  for (const [r, c] of await withRecords(results, (seqs) => repo.studentCards(ctx.deps.db, seqs))) {
    const student: RecommendedStudentCard = {
      id: c.id,
      name: c.name,
      schoolOrgId: c.schoolOrgId,
      schoolName: c.schoolName,
      majorCode: c.majorCode,
      majorName: nameOf(cat.majorNames, cat.majorByCode, c.majorCode),
      level: c.level as RecommendedStudentCard['level'],
      expectedGraduation: c.expectedGraduation,
      districtCode: c.districtCode,
      districtName: nameOf(cat.districtNames, cat.districtByCode, c.districtCode),
      skills: c.skills,
      certificates: c.certificates,
      internshipAvailable: c.internshipAvailable,
    };
    items.push({ ...explanation(r), student });
  }
  return {
    job: { id: job.id, title: job.title, status: job.status as JobRecommendationsResponse['job']['status'] },
    asOf: month.text,
    items,
  };
}

async function jobsFor(
  ctx: Ctx,
  student: repo.StudentRecord,
  scope: string[],
  k: number,
): Promise<StudentRecommendationsResponse> {
  const index = readyIndex(ctx.deps);
  const month = currentMonth();
  const results = index.jobsForStudent(student.seq, { k, scope, asOfMonth: month.index });
  const cat = index.catalog;
  const items: JobRecommendation[] = [];
  for (const [r, c] of await withRecords(results, (seqs) => repo.jobCards(ctx.deps.db, seqs))) {
    const job: RecommendedJobCard = {
      id: c.id,
      title: c.title,
      orgId: c.orgId,
      orgName: c.orgName,
      kind: c.kind as RecommendedJobCard['kind'],
      districtCode: c.districtCode,
      districtName: nameOf(cat.districtNames, cat.districtByCode, c.districtCode),
      salaryMin: c.salaryMin,
      salaryMax: c.salaryMax,
      validUntil: c.validUntil,
    };
    items.push({ ...explanation(r), job });
  }
  return { student: { id: student.id, name: student.name }, asOf: month.text, items };
}

/**
 * Top-k published jobs for the caller's own profile, from the consortia of the student's school.
 * Throws NOT_FOUND when no profile is linked to the account, UNAVAILABLE while the index loads.
 */
export async function myRecommendations(ctx: Ctx, k: number): Promise<StudentRecommendationsResponse> {
  const actor = actorOf(ctx);
  const student = await repo.studentByUser(ctx.deps.db, actor.userId);
  if (!student)
    throw notFound({ 'zh-CN': '您的账号尚未关联学生档案', 'en-US': 'No student profile is linked to your account' });
  const consortia = await repo.activeConsortiaOf(ctx.deps.db, student.schoolOrgId);
  return jobsFor(ctx, student, consortia, k);
}

/**
 * Top-k published jobs for a student, as the student would see them (see matching.policy).
 * Throws NOT_FOUND, OUT_OF_SCOPE, UNAVAILABLE while the index loads.
 */
export async function recommendJobs(ctx: Ctx, studentId: string, k: number): Promise<StudentRecommendationsResponse> {
  const actor = actorOf(ctx);
  const student = await repo.studentById(ctx.deps.db, studentId);
  if (!student) throw notFound({ 'zh-CN': '学生档案不存在', 'en-US': 'Student profile not found' });
  const consortia = await repo.activeConsortiaOf(ctx.deps.db, student.schoolOrgId);
  const scope = studentQueryScope(actor, await resolveScope(ctx.deps.db, actor), student, consortia);
  return jobsFor(ctx, student, scope, k);
}

/**
 * Why a job and a student match, now: the same factors and reason the recommendations show,
 * whatever the hard filters (level, graduation window, consent, scope) say. For the applications
 * module, which stores the reason when a student applies or is invited. Null when either record is
 * missing or the catalogue cannot place it. Works whether or not this process's index is loaded.
 */
export async function explainMatch(deps: Deps, jobSeq: number, studentSeq: number): Promise<MatchExplanation | null> {
  const [[jobRow], [studentRow]] = await Promise.all([
    repo.jobsBySeq(deps.db, [jobSeq]),
    repo.studentsBySeq(deps.db, [studentSeq]),
  ]);
  if (!jobRow || !studentRow) return null;
  const rt = matchingRuntime(deps);
  const main = rt?.status === 'ready' ? rt.index : null;
  const catalog: Catalog = main?.catalog ?? matchingCatalog();
  const job = jobInput(jobRow, catalog);
  const student = studentInput(studentRow, catalog);
  if (!job || !student) return null;

  // The engine explains the pair in an index of its own with the hard filters opened; the skill
  // weights (IDF over all students) are the only thing a one-pair index cannot know, so the skill
  // factor is taken with the weights of the loaded index (or of the tables) by the engine's rule.
  const pair = new MatchIndex(catalog, { students: 1, jobs: 1 });
  pair.upsertStudent({ ...student, consent: true, consortium: null });
  pair.upsertJob({
    ...job,
    status: 'published',
    minLevel: 'secondary',
    gradFrom: null,
    gradTo: null,
    consortium: null,
  });
  const [r] = pair.jobsForStudent(student.id, { k: 1, asOfMonth: currentMonth().index });
  if (!r) return null;

  const jobSkills = [...new Set(job.skills)];
  let weightOf: (skill: string) => number;
  if (main) {
    const fresh = skillWeight(main.studentCount, 1);
    weightOf = (s) => main.skillWeightOf(s) ?? fresh;
  } else {
    const f = await repo.skillFrequencies(deps.db, jobSkills);
    weightOf = (s) => skillWeight(f.students, f.df.get(s) ?? 0);
  }
  const has = new Set(student.skills);
  let num = 0;
  let den = 0;
  for (const s of jobSkills) {
    const w = weightOf(s);
    den += w;
    if (has.has(s)) num += w;
  }
  const skills = roundRatio(SKILLS_MAX, num, den);
  const factors = { ...r.factors, skills };
  const score = factors.major + factors.skills + factors.certs + factors.district + factors.cluster + factors.kind;
  return explanation({ score, factors, reasonParts: r.reasonParts as ReasonPart[] });
}
