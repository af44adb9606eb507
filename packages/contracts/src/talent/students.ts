/**
 * Supply side of 人才供需: student profiles (学生档案), graduate cohorts (毕业生去向) and enrollment
 * plans (招生计划), with their imports. 身份证号 is accepted on input only; responses carry it masked,
 * and only to school users of the student's school (`idCard`); enterprises get a reduced card.
 */
import { z } from 'zod';
import { idParams, okBody, paged, pageQuery, uuid } from '../common';
import { route } from '../descriptor';
import { importJob } from '../imports';
import { districtCode } from '../org';
import { educationLevels, studentIntents, year, yearMonth } from './common';

// ── 身份证号 (GB 11643-1999) ─────────────────────────────────────────────────

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character (0–9 or X) for the first 17 digits of a 身份证号. */
export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Full-width digits and x made ASCII, spaces removed, x upper-cased. */
export function normalizeIdCard(v: string): string {
  return v
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

/** Why a (normalized) 身份证号 is not valid, in Chinese, or null. Names the expected check character. */
export function idCardProblem(v: string): string | null {
  if (v.length !== 18) return `身份证号应为 18 位，当前为 ${v.length} 位`;
  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号前 17 位应为数字，末位为数字或 X';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return `身份证号中的出生日期 ${v.slice(6, 14)} 无效`;
  const expected = idCardCheckChar(v.slice(0, 17));
  if (v[17] !== expected) return `身份证号校验位不正确：末位应为“${expected}”，当前为“${v[17]}”`;
  return null;
}

/** The birth date a 身份证号 carries, YYYY-MM-DD. */
export function birthDateOfIdCard(v: string): string {
  return `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;
}

export const idCardNumber = z
  .string()
  .transform(normalizeIdCard)
  .superRefine((v, ctx) => {
    const problem = idCardProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

// ── Student profiles ────────────────────────────────────────────────────────

export const studentMajorCode = z.string().regex(/^\d{6}$/, '专业代码须为 6 位数字');
const tag = z.string().trim().min(1).max(40, '每项最长 40 个字');
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/** What the student may maintain himself (and the school, too). */
const selfFields = z.object({
  skills: z.array(tag).max(30, '技能最多 30 项').optional(),
  certificates: z.array(tag).max(20, '证书最多 20 项').optional(),
  preferredDistricts: z.array(districtCode).max(3, '意向区县最多 3 个').optional(),
  intent: z.enum(studentIntents, { message: '请选择求职意向' }).optional(),
  internshipAvailable: z.boolean().optional(),
});

const profileFields = selfFields.extend({
  name: z.string().trim().min(1, '请输入姓名').max(50, '姓名最长 50 个字'),
  idCard: idCardNumber,
  level: z.enum(educationLevels, { message: '请选择学历层次' }),
  majorCode: studentMajorCode,
  /** 年级 (entry year). */
  grade: year,
  expectedGraduation: yearMonth.nullable().optional(),
  /** 所在区县; the school's district when left out. */
  districtCode: districtCode.optional(),
  /** Recorded by the school from the student's written consent; the student may change it himself. */
  consent: z.boolean().optional(),
  /** The student's own account (role student, same school); links the profile to 'student.self'. */
  userId: uuid.nullable().optional(),
});

/** A school registers a student of its own organization (school users only). */
export const createStudentBody = profileFields;
export type CreateStudentBody = z.infer<typeof createStudentBody>;
export const updateStudentBody = profileFields.partial();
export type UpdateStudentBody = z.infer<typeof updateStudentBody>;
export const updateMyProfileBody = selfFields;
export type UpdateMyProfileBody = z.infer<typeof updateMyProfileBody>;
export const consentBody = z.object({ consent: z.boolean({ message: '请选择是否同意' }) });
export type ConsentBody = z.infer<typeof consentBody>;

/**
 * Who the card was built for: `school` (the student's school: masked 身份证号, birth date, account
 * link), `scope` (officials, secretariat, teachers: no 身份证号), `enterprise` (consenting profiles
 * only; no 身份证号, birth date or account), `self` (the student: masked 身份证号).
 */
export const studentViews = ['school', 'scope', 'enterprise', 'self'] as const;
export type StudentView = (typeof studentViews)[number];

export const studentItem = z.object({
  id: uuid,
  /** The matching engine's id. */
  seq: z.number().int(),
  view: z.enum(studentViews),
  schoolOrgId: uuid,
  schoolName: z.string(),
  name: z.string(),
  level: z.enum(educationLevels),
  majorCode: z.string(),
  majorName: z.string().nullable(),
  grade: z.number().int(),
  expectedGraduation: z.string().nullable(),
  districtCode: z.string(),
  districtName: z.string().nullable(),
  preferredDistricts: z.array(z.string()),
  skills: z.array(z.string()),
  certificates: z.array(z.string()),
  intent: z.enum(studentIntents),
  internshipAvailable: z.boolean(),
  consent: z.boolean(),
  consentAt: z.string().nullable(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  /** Masked (5001**********1234); views `school` and `self` only, otherwise absent. */
  idCard: z.string().optional(),
  /** From the 身份证号; absent in the `enterprise` view. */
  birthDate: z.string().optional(),
  /** The linked student account; view `school` only. */
  userId: uuid.nullable().optional(),
  /** The caller may edit, delete or restore it (a school user of its school). */
  canEdit: z.boolean(),
});
export type StudentItem = z.infer<typeof studentItem>;

export const studentListQuery = pageQuery.extend({
  majorCode: studentMajorCode.optional(),
  grade: year.optional(),
  level: z.enum(educationLevels).optional(),
  /** Year of expected graduation. */
  graduationYear: year.optional(),
  consent: boolQuery.optional(),
  intent: z.enum(studentIntents).optional(),
  schoolOrgId: uuid.optional(),
  /** Soft-deleted profiles only (to restore them; the school's own). */
  deleted: boolQuery.optional(),
});
export type StudentListQuery = z.infer<typeof studentListQuery>;
export const studentExportQuery = studentListQuery.omit({ page: true, pageSize: true });

export const studentFacets = z.object({
  majors: z.array(z.object({ code: z.string(), name: z.string().nullable(), count: z.number().int() })),
  consent: z.array(z.object({ value: z.boolean(), count: z.number().int() })),
});
export const studentListResponse = paged(studentItem).extend({ facets: studentFacets });
export type StudentListResponse = z.infer<typeof studentListResponse>;

export const revealIdCardResponse = z.object({ idCard: z.string() });

// ── Graduate cohorts (毕业生去向) ────────────────────────────────────────────

const headcount = (label: string) =>
  z.coerce.number().int(`${label}须为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`);

const destinationCounts = z.object({
  graduates: headcount('毕业生人数'),
  /** 就业 */
  employed: headcount('就业人数'),
  /** 升学 */
  furtherStudy: headcount('升学人数'),
  /** 参军 */
  military: headcount('参军人数'),
  /** 创业 */
  startup: headcount('创业人数'),
  /** 未落实 */
  unplaced: headcount('未落实人数'),
});

/** Why the five destinations do not add up to the graduates, or null. */
export function cohortSumProblem(v: z.infer<typeof destinationCounts>): string | null {
  const sum = v.employed + v.furtherStudy + v.military + v.startup + v.unplaced;
  return sum === v.graduates
    ? null
    : `就业、升学、参军、创业、未落实人数之和（${sum}）应等于毕业生人数（${v.graduates}）`;
}

const schoolYearMajor = z.object({
  /** The school; a school user's own organization when left out. */
  schoolOrgId: uuid.optional(),
  majorCode: studentMajorCode,
  year,
});

/** Upserts by school × major × year. */
export const cohortInput = schoolYearMajor.extend(destinationCounts.shape).superRefine((v, ctx) => {
  const problem = cohortSumProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', path: ['graduates'], message: problem });
});
export type CohortInput = z.infer<typeof cohortInput>;
/** Changes counts; the merged record must still add up. */
export const cohortPatch = destinationCounts.partial();
export type CohortPatch = z.infer<typeof cohortPatch>;

/** A cohort or plan row: its school × major × year … */
const supplyRowKey = {
  id: uuid,
  schoolOrgId: uuid,
  schoolName: z.string(),
  majorCode: z.string(),
  majorName: z.string().nullable(),
  year: z.number().int(),
};
/** … its figures, then these. */
const supplyRowMeta = {
  isDemo: z.boolean(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
};

export const cohortItem = z.object({
  ...supplyRowKey,
  graduates: z.number().int(),
  employed: z.number().int(),
  furtherStudy: z.number().int(),
  military: z.number().int(),
  startup: z.number().int(),
  unplaced: z.number().int(),
  /** 去向落实率 = (graduates − unplaced) / graduates; null without graduates. */
  placementRate: z.number().nullable(),
  ...supplyRowMeta,
});
export type CohortItem = z.infer<typeof cohortItem>;

const supplyListQuery = pageQuery.extend({
  schoolOrgId: uuid.optional(),
  majorCode: studentMajorCode.optional(),
  year: year.optional(),
});
export const cohortListQuery = supplyListQuery;
export type CohortListQuery = z.infer<typeof cohortListQuery>;
export const cohortExportQuery = cohortListQuery.omit({ page: true, pageSize: true });
export const cohortListResponse = paged(cohortItem).extend({
  /** Over every row matching the filter (not only this page). */
  totals: z.object({ graduates: z.number().int(), unplaced: z.number().int(), placementRate: z.number().nullable() }),
});
export type CohortListResponse = z.infer<typeof cohortListResponse>;

// ── Enrollment plans (招生计划) ──────────────────────────────────────────────

/** Upserts by school × major × year. */
export const planInput = schoolYearMajor.extend({
  planned: headcount('计划招生人数'),
  actual: headcount('实际招生人数').nullable().optional(),
});
export type PlanInput = z.infer<typeof planInput>;
export const planPatch = z.object({
  planned: headcount('计划招生人数').optional(),
  actual: headcount('实际招生人数').nullable().optional(),
});
export type PlanPatch = z.infer<typeof planPatch>;

export const planItem = z.object({
  ...supplyRowKey,
  planned: z.number().int(),
  actual: z.number().int().nullable(),
  /** actual / planned; null when either is missing or planned is 0. */
  fulfilmentRate: z.number().nullable(),
  ...supplyRowMeta,
});
export type PlanItem = z.infer<typeof planItem>;
export const planListQuery = supplyListQuery;
export type PlanListQuery = z.infer<typeof planListQuery>;
export const planExportQuery = planListQuery.omit({ page: true, pageSize: true });
export const planListResponse = paged(planItem).extend({
  totals: z.object({ planned: z.number().int(), actual: z.number().int() }),
});
export type PlanListResponse = z.infer<typeof planListResponse>;

// ── Routes ──────────────────────────────────────────────────────────────────

const xlsx = { response: z.unknown(), download: true } as const;

export const studentApi = {
  listStudents: route({
    method: 'GET',
    path: '/api/students',
    summary: '学生档案（按数据范围；企业仅见同意公开者）',
    tag: 'students',
    access: 'student.read',
    query: studentListQuery,
    response: studentListResponse,
  }),
  exportStudents: route({
    method: 'GET',
    path: '/api/students/export',
    summary: '导出学生档案 (xlsx，身份证号脱敏)',
    tag: 'students',
    access: 'student.read',
    query: studentExportQuery,
    ...xlsx,
  }),
  studentImportTemplate: route({
    method: 'GET',
    path: '/api/students/import/template',
    summary: '学生档案导入模板 (xlsx)',
    tag: 'students',
    access: 'student.write',
    ...xlsx,
  }),
  importStudents: route({
    method: 'POST',
    path: '/api/students/import',
    summary: '批量导入本校学生档案（按身份证号，全部成功或全部不导入）',
    tag: 'students',
    access: 'student.write',
    body: z.object({}),
    response: importJob,
    multipart: true,
  }),
  myProfile: route({
    method: 'GET',
    path: '/api/students/me',
    summary: '我的学生档案',
    tag: 'students',
    access: 'student.self',
    response: studentItem,
  }),
  updateMyProfile: route({
    method: 'PATCH',
    path: '/api/students/me',
    summary: '修改我的技能、证书、意向区县、求职意向与实习意愿',
    tag: 'students',
    access: 'student.self',
    body: updateMyProfileBody,
    response: studentItem,
  }),
  setMyConsent: route({
    method: 'POST',
    path: '/api/students/me/consent',
    summary: '同意或撤回向企业公开我的档案',
    tag: 'students',
    access: 'student.self',
    body: consentBody,
    response: studentItem,
  }),
  getStudent: route({
    method: 'GET',
    path: '/api/students/:id',
    summary: '学生档案详情',
    tag: 'students',
    access: 'student.read',
    params: idParams,
    response: studentItem,
  }),
  createStudent: route({
    method: 'POST',
    path: '/api/students',
    summary: '登记本校学生档案',
    tag: 'students',
    access: 'student.write',
    body: createStudentBody,
    response: studentItem,
  }),
  updateStudent: route({
    method: 'PATCH',
    path: '/api/students/:id',
    summary: '修改学生档案',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    body: updateStudentBody,
    response: studentItem,
  }),
  deleteStudent: route({
    method: 'DELETE',
    path: '/api/students/:id',
    summary: '删除学生档案（可恢复）',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    response: studentItem,
  }),
  restoreStudent: route({
    method: 'POST',
    path: '/api/students/:id/restore',
    summary: '恢复已删除的学生档案',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    response: studentItem,
  }),
  revealStudentIdCard: route({
    method: 'GET',
    path: '/api/students/:id/id-card',
    summary: '查看完整身份证号（仅本校，留痕）',
    tag: 'students',
    access: 'student.read',
    params: idParams,
    response: revealIdCardResponse,
  }),

  listCohorts: route({
    method: 'GET',
    path: '/api/cohorts',
    summary: '毕业生去向（学校 × 专业 × 年份）',
    tag: 'students',
    access: 'student.read',
    query: cohortListQuery,
    response: cohortListResponse,
  }),
  exportCohorts: route({
    method: 'GET',
    path: '/api/cohorts/export',
    summary: '导出毕业生去向 (xlsx)',
    tag: 'students',
    access: 'student.read',
    query: cohortExportQuery,
    ...xlsx,
  }),
  cohortImportTemplate: route({
    method: 'GET',
    path: '/api/cohorts/import/template',
    summary: '毕业生去向导入模板 (xlsx)',
    tag: 'students',
    access: 'student.write',
    ...xlsx,
  }),
  importCohorts: route({
    method: 'POST',
    path: '/api/cohorts/import',
    summary: '批量导入本校毕业生去向（按专业 × 年份，全部成功或全部不导入）',
    tag: 'students',
    access: 'student.write',
    body: z.object({}),
    response: importJob,
    multipart: true,
  }),
  upsertCohort: route({
    method: 'POST',
    path: '/api/cohorts',
    summary: '登记或更新毕业生去向（按学校 × 专业 × 年份）',
    tag: 'students',
    access: 'student.write',
    body: cohortInput,
    response: cohortItem,
  }),
  updateCohort: route({
    method: 'PATCH',
    path: '/api/cohorts/:id',
    summary: '修改毕业生去向人数',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    body: cohortPatch,
    response: cohortItem,
  }),
  deleteCohort: route({
    method: 'DELETE',
    path: '/api/cohorts/:id',
    summary: '删除毕业生去向记录',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    response: okBody,
  }),

  listPlans: route({
    method: 'GET',
    path: '/api/enrollment-plans',
    summary: '招生计划（学校 × 专业 × 年份）',
    tag: 'students',
    access: 'student.read',
    query: planListQuery,
    response: planListResponse,
  }),
  exportPlans: route({
    method: 'GET',
    path: '/api/enrollment-plans/export',
    summary: '导出招生计划 (xlsx)',
    tag: 'students',
    access: 'student.read',
    query: planExportQuery,
    ...xlsx,
  }),
  planImportTemplate: route({
    method: 'GET',
    path: '/api/enrollment-plans/import/template',
    summary: '招生计划导入模板 (xlsx)',
    tag: 'students',
    access: 'student.write',
    ...xlsx,
  }),
  importPlans: route({
    method: 'POST',
    path: '/api/enrollment-plans/import',
    summary: '批量导入本校招生计划（按专业 × 年份，全部成功或全部不导入）',
    tag: 'students',
    access: 'student.write',
    body: z.object({}),
    response: importJob,
    multipart: true,
  }),
  upsertPlan: route({
    method: 'POST',
    path: '/api/enrollment-plans',
    summary: '登记或更新招生计划（按学校 × 专业 × 年份）',
    tag: 'students',
    access: 'student.write',
    body: planInput,
    response: planItem,
  }),
  updatePlan: route({
    method: 'PATCH',
    path: '/api/enrollment-plans/:id',
    summary: '修改招生计划',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    body: planPatch,
    response: planItem,
  }),
  deletePlan: route({
    method: 'DELETE',
    path: '/api/enrollment-plans/:id',
    summary: '删除招生计划记录',
    tag: 'students',
    access: 'student.write',
    params: idParams,
    response: okBody,
  }),
} satisfies Record<string, ReturnType<typeof route>>;
