/**
 * Recommendations from the matching engine, both ways: a job's top-k students and a student's
 * top-k published jobs, each with its score, the per-factor contributions and the reason
 * (zh-CN, en-US and the parts to translate). Only consenting students are ever recommended
 * (to enterprises, secretariats and officials alike); a student card never carries an id card.
 */
import { z } from 'zod';
import { idParams, uuid } from '../common';
import { route } from '../descriptor';
import { educationLevels, jobKinds, jobStatuses, matchFactors } from './common';

/** The keys of a reason's parts, as the engine names them (the UI may translate them itself). */
export const reasonPartKeys = [
  'major.exact',
  'major.class',
  'major.category',
  'major.cluster',
  'skills',
  'certs',
  'district.same',
  'district.neighbour',
  'cluster',
  'kind.internship',
  'kind.graduating',
] as const;
export type ReasonPartKey = (typeof reasonPartKeys)[number];

/** One part of a reason, e.g. {key: 'skills', params: {matched: 3, total: 4}}. */
export const reasonPart = z.object({
  key: z.enum(reasonPartKeys),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ReasonPart = z.infer<typeof reasonPart>;

/** Why a pair matched: score = the sum of the factors. */
export const matchExplanation = z.object({
  score: z.number().int(),
  factors: matchFactors,
  /** zh-CN, e.g. 专业完全匹配 · 技能 3/4 · 同区县 */
  reason: z.string(),
  /** en-US, e.g. same major · skills 3/4 · same district */
  reasonEn: z.string(),
  reasonParts: z.array(reasonPart),
});
export type MatchExplanation = z.infer<typeof matchExplanation>;

/** At most 50 results; 20 when left out. */
export const recommendQuery = z.object({
  k: z.coerce
    .number({ message: '推荐条数须为数字' })
    .int('推荐条数须为整数')
    .min(1, '推荐条数至少为 1')
    .max(50, '推荐条数最多为 50')
    .default(20),
});
export type RecommendQuery = z.infer<typeof recommendQuery>;

/** A student as a recommendation shows it: what a recruiter needs, never the 身份证号. */
export const recommendedStudentCard = z.object({
  id: uuid,
  name: z.string(),
  schoolOrgId: uuid,
  schoolName: z.string(),
  majorCode: z.string(),
  majorName: z.string().nullable(),
  level: z.enum(educationLevels),
  /** YYYY-MM */
  expectedGraduation: z.string().nullable(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  internshipAvailable: z.boolean(),
});
export type RecommendedStudentCard = z.infer<typeof recommendedStudentCard>;

/** A job as a recommendation shows it. */
export const recommendedJobCard = z.object({
  id: uuid,
  title: z.string(),
  orgId: uuid,
  orgName: z.string(),
  kind: z.enum(jobKinds),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  /** Yuan per month. */
  salaryMin: z.number().int().nullable(),
  salaryMax: z.number().int().nullable(),
  validUntil: z.string().nullable(),
});
export type RecommendedJobCard = z.infer<typeof recommendedJobCard>;

export const studentRecommendation = matchExplanation.extend({ student: recommendedStudentCard });
export type StudentRecommendation = z.infer<typeof studentRecommendation>;
export const jobRecommendation = matchExplanation.extend({ job: recommendedJobCard });
export type JobRecommendation = z.infer<typeof jobRecommendation>;

/** GET /api/jobs/:id/recommendations: best first (score desc, ties by the older record first). */
export const jobRecommendationsResponse = z.object({
  job: z.object({ id: uuid, title: z.string(), status: z.enum(jobStatuses) }),
  /** The month "graduating within a year" counts from, YYYY-MM. */
  asOf: z.string(),
  items: z.array(studentRecommendation),
});
export type JobRecommendationsResponse = z.infer<typeof jobRecommendationsResponse>;

/** GET /api/students/me/recommendations and /api/students/:id/recommendations. */
export const studentRecommendationsResponse = z.object({
  student: z.object({ id: uuid, name: z.string() }),
  asOf: z.string(),
  items: z.array(jobRecommendation),
});
export type StudentRecommendationsResponse = z.infer<typeof studentRecommendationsResponse>;

export const matchingApi = {
  recommendStudents: route({
    method: 'GET',
    path: '/api/jobs/:id/recommendations',
    summary: '岗位推荐学生（含匹配理由；仅同意公开的学生）',
    tag: 'matching',
    access: 'job.read',
    params: idParams,
    query: recommendQuery,
    response: jobRecommendationsResponse,
  }),
  myRecommendations: route({
    method: 'GET',
    path: '/api/students/me/recommendations',
    summary: '为我推荐的岗位（含匹配理由）',
    tag: 'matching',
    access: 'student.self',
    query: recommendQuery,
    response: studentRecommendationsResponse,
  }),
  recommendJobs: route({
    method: 'GET',
    path: '/api/students/:id/recommendations',
    summary: '学生的推荐岗位（含匹配理由）',
    tag: 'matching',
    access: 'student.read',
    params: idParams,
    query: recommendQuery,
    response: studentRecommendationsResponse,
  }),
} satisfies Record<string, ReturnType<typeof route>>;
