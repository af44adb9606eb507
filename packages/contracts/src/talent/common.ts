/**
 * Shared vocabulary of the talent supply–demand platform (人才供需): education levels, job kinds,
 * statuses, application stages, destinations. The matching engine uses the same level and kind codes.
 */
import { z } from 'zod';
import type { Locale } from '../errors';

/** Display names of a code list, per locale (every code labelled). */
export type LabelMap<K extends string> = Record<K, Record<Locale, string>>;

export const educationLevels = ['secondary', 'associate', 'vocational_bachelor', 'undergraduate'] as const;
export type EducationLevelCode = (typeof educationLevels)[number];
/** 中职 < 高职专科 < 职业本科 < 本科 */
export const educationLevelLabels: LabelMap<EducationLevelCode> = {
  secondary: { 'zh-CN': '中职', 'en-US': 'Secondary vocational' },
  associate: { 'zh-CN': '高职专科', 'en-US': 'Higher vocational (associate)' },
  vocational_bachelor: { 'zh-CN': '职业本科', 'en-US': 'Vocational bachelor' },
  undergraduate: { 'zh-CN': '普通本科', 'en-US': 'Undergraduate' },
};

export const jobKinds = ['fulltime', 'internship', 'apprenticeship', 'order_class'] as const;
export type JobKindCode = (typeof jobKinds)[number];
export const jobKindLabels: LabelMap<JobKindCode> = {
  fulltime: { 'zh-CN': '全职', 'en-US': 'Full-time' },
  internship: { 'zh-CN': '实习', 'en-US': 'Internship' },
  apprenticeship: { 'zh-CN': '学徒岗', 'en-US': 'Apprenticeship' },
  order_class: { 'zh-CN': '订单班', 'en-US': 'Order class' },
};

/** draft → published → closed (a closed job may be published again while still valid). */
export const jobStatuses = ['draft', 'published', 'closed'] as const;
export type JobStatus = (typeof jobStatuses)[number];
export const jobStatusLabels: LabelMap<JobStatus> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  published: { 'zh-CN': '已发布', 'en-US': 'Published' },
  closed: { 'zh-CN': '已关闭', 'en-US': 'Closed' },
};

/** 求职意向 */
export const studentIntents = ['employment', 'further_study', 'military', 'startup', 'undecided'] as const;
export type StudentIntent = (typeof studentIntents)[number];
export const studentIntentLabels: LabelMap<StudentIntent> = {
  employment: { 'zh-CN': '就业', 'en-US': 'Employment' },
  further_study: { 'zh-CN': '升学', 'en-US': 'Further study' },
  military: { 'zh-CN': '参军', 'en-US': 'Military service' },
  startup: { 'zh-CN': '创业', 'en-US': 'Start-up' },
  undecided: { 'zh-CN': '未定', 'en-US': 'Undecided' },
};

/** 投递 → 筛选 → 面试 → 录用 → 入职 | 未录用; withdrawn: the student withdrew. */
export const applicationStages = [
  'applied',
  'screening',
  'interview',
  'offer',
  'onboard',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStage = (typeof applicationStages)[number];
export const applicationStageLabels: LabelMap<ApplicationStage> = {
  applied: { 'zh-CN': '投递', 'en-US': 'Applied' },
  screening: { 'zh-CN': '筛选', 'en-US': 'Screening' },
  interview: { 'zh-CN': '面试', 'en-US': 'Interview' },
  offer: { 'zh-CN': '录用', 'en-US': 'Offer' },
  onboard: { 'zh-CN': '入职', 'en-US': 'On board' },
  rejected: { 'zh-CN': '未录用', 'en-US': 'Not hired' },
  withdrawn: { 'zh-CN': '已撤回', 'en-US': 'Withdrawn' },
};

/** Graduate destinations (去向): 就业 / 升学 / 参军 / 创业 / 未落实. */
export const destinations = ['employed', 'furtherStudy', 'military', 'startup', 'unplaced'] as const;
export type Destination = (typeof destinations)[number];
export const destinationLabels: LabelMap<Destination> = {
  employed: { 'zh-CN': '就业', 'en-US': 'Employed' },
  furtherStudy: { 'zh-CN': '升学', 'en-US': 'Further study' },
  military: { 'zh-CN': '参军', 'en-US': 'Military service' },
  startup: { 'zh-CN': '创业', 'en-US': 'Start-up' },
  unplaced: { 'zh-CN': '未落实', 'en-US': 'Not placed' },
};

/** YYYY-MM */
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '年月格式应为 YYYY-MM');
/** A year; an empty or non-numeric value says so in Chinese (not zod's "expected number, received NaN"). */
export const year = z.coerce
  .number({ error: '请填写 4 位数字的年份' })
  .int('年份应为整数')
  .min(2000, '年份不早于 2000')
  .max(2100, '年份不晚于 2100');

/** One factor's contribution to a match score, as the engine explains it. */
export const matchFactors = z.object({
  major: z.number().int(),
  skills: z.number().int(),
  certs: z.number().int(),
  district: z.number().int(),
  cluster: z.number().int(),
  kind: z.number().int(),
});
export type MatchFactors = z.infer<typeof matchFactors>;

/**
 * The most each factor can add (the engine's weights, packages/matching scoring.ts; a server unit
 * test keeps the two equal): major 40 (same code), skills 30, certificates 10, district 10,
 * cluster 5, kind/availability 5; 100 in all.
 */
export const matchFactorMax: MatchFactors = { major: 40, skills: 30, certs: 10, district: 10, cluster: 5, kind: 5 };
