import {
  birthDateOfIdCard,
  type CohortInput,
  type CohortItem,
  type CohortListQuery,
  type CohortListResponse,
  type CohortPatch,
  type ConsentBody,
  type CreateStudentBody,
  cohortSumProblem,
  type EducationLevelCode,
  educationLevelLabels,
  type PlanInput,
  type PlanItem,
  type PlanListQuery,
  type PlanListResponse,
  type PlanPatch,
  type StudentItem,
  type StudentListQuery,
  type StudentListResponse,
  type StudentView,
  studentIntentLabels,
  type UpdateMyProfileBody,
  type UpdateStudentBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { maskIdCard } from '../../lib/crypto';
import { AppError, outOfScope } from '../../lib/errors';
import { searchVector, segmentWords } from '../../lib/segment';
import { defineColumns, exportXlsx, type SheetColumn } from '../../lib/sheets';
import { appendAudit } from '../audit';
import { announceMatchChanges, recordMatchChanges } from '../matching';
import { referenceCodes } from '../reference';
import {
  readsSchool,
  type StudentAccess,
  studentAccess,
  viewOf,
  visibleProfiles,
  visibleSchools,
  writesSchool,
} from './students.policy';
import * as repo from './students.repository';

const notFound = () => new AppError('NOT_FOUND', { 'zh-CN': '学生档案不存在', 'en-US': 'Student profile not found' });

/** ref_majors.level of the major catalogue each vocational level draws from (普通本科 has none loaded). */
const majorLevelOf: Partial<Record<EducationLevelCode, string>> = {
  secondary: 'secondary',
  associate: 'associate',
  vocational_bachelor: 'bachelor',
};
const majorCatalogueName: Record<string, string> = { secondary: '中职', associate: '高职专科', bachelor: '职业本科' };
export const levelLabel = (l: string) => educationLevelLabels[l as EducationLevelCode]?.['zh-CN'] ?? l;

export interface SchoolFacts {
  id: string;
  name: string;
  schoolLevel: string | null;
  districtCode: string | null;
}

/**
 * Why a profile's codes do not fit, as field problems: the major must be in the vocational major
 * catalogue and of the student's level; the level must be the school's 办学层次 where it has one;
 * districts must be Chongqing's. Shared by the form and the import.
 */
export function profileProblems(
  look: { major(code: string): repo.MajorRef | undefined; district(code: string): boolean },
  school: SchoolFacts,
  v: { level?: string; majorCode?: string; districtCode?: string | null; preferredDistricts?: string[] | null },
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (v.level && school.schoolLevel && v.level !== school.schoolLevel)
    out.push({
      path: 'level',
      message: `学历层次“${levelLabel(v.level)}”与学校办学层次“${levelLabel(school.schoolLevel)}”不符`,
    });
  if (v.majorCode) {
    const major = look.major(v.majorCode);
    if (!major) out.push({ path: 'majorCode', message: `专业代码 ${v.majorCode} 不在职业教育专业目录中` });
    else if (v.level) {
      const want = majorLevelOf[v.level as EducationLevelCode];
      if (want && major.level !== want)
        out.push({
          path: 'majorCode',
          message: `专业 ${major.code}（${major.name}）属于${majorCatalogueName[major.level] ?? major.level}专业目录，与学历层次“${levelLabel(v.level)}”不符`,
        });
    }
  }
  if (v.districtCode && !look.district(v.districtCode))
    out.push({ path: 'districtCode', message: `区县代码 ${v.districtCode} 不是重庆市的区县` });
  for (const d of v.preferredDistricts ?? [])
    if (!look.district(d)) out.push({ path: 'preferredDistricts', message: `区县代码 ${d} 不是重庆市的区县` });
  return out;
}

function validation(problems: { path: string; message: string }[]): AppError {
  return new AppError(
    'VALIDATION',
    { 'zh-CN': `提交的数据不符合要求：${problems[0]!.message}`, 'en-US': 'The submitted data is not valid' },
    problems,
  );
}

/** The segmented words the search column holds for a profile. */
export function profileWords(v: {
  name: string;
  majorName: string | null;
  skills: readonly string[];
  certificates: readonly string[];
}): string[] {
  return segmentWords(v.name, v.majorName, v.skills, v.certificates);
}

function plainIdCard(ctx: Ctx, enc: string): string | null {
  try {
    return ctx.deps.cipher.decrypt(enc);
  } catch {
    return null;
  }
}

/** The card for one viewer: fields a view may not have are never set (the schema drops nothing it is not given). */
function toItem(ctx: Ctx, r: repo.StudentRow, view: StudentView): StudentItem {
  const item: StudentItem = {
    id: r.id,
    seq: r.seq,
    view,
    schoolOrgId: r.schoolOrgId,
    schoolName: r.schoolName,
    name: r.name,
    level: r.level as StudentItem['level'],
    majorCode: r.majorCode,
    majorName: r.majorName,
    grade: r.grade,
    expectedGraduation: r.expectedGraduation,
    districtCode: r.districtCode,
    districtName: r.districtName,
    preferredDistricts: r.preferredDistricts,
    skills: r.skills,
    certificates: r.certificates,
    intent: r.intent as StudentItem['intent'],
    internshipAvailable: r.internshipAvailable,
    consent: r.consent,
    consentAt: r.consentAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
    canEdit: view === 'school',
  };
  if (view !== 'enterprise') {
    const plain = plainIdCard(ctx, r.idCardEnc);
    if (plain) {
      if (view === 'school' || view === 'self') item.idCard = maskIdCard(plain)!;
      item.birthDate = birthDateOfIdCard(plain);
    }
  }
  if (view === 'school') item.userId = r.userId;
  return item;
}

/** Profiles the caller may see, searchable (Chinese words) and filterable, with facets by major and consent. */
export async function listStudents(ctx: Ctx, q: StudentListQuery): Promise<StudentListResponse> {
  const access = await studentAccess(ctx);
  const visible = visibleProfiles(access, q.deleted ?? false);
  const { db } = ctx.deps;
  const { items, total } = await repo.listStudents(
    db,
    repo.studentWhere(q, visible),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const facets = await repo.studentFacets(
    db,
    repo.studentWhere({ ...q, majorCode: undefined }, visible),
    repo.studentWhere({ ...q, consent: undefined }, visible),
  );
  const out: StudentItem[] = [];
  for (const r of items) {
    const view = viewOf(access, r);
    if (view) out.push(toItem(ctx, r, view));
  }
  return { items: out, total, page: q.page, pageSize: q.pageSize, facets };
}

async function readable(ctx: Ctx, id: string) {
  const row = await repo.findStudent(ctx.deps.db, id);
  const access = await studentAccess(ctx);
  const view = row ? viewOf(access, row) : null;
  // Out of reach and absent look alike: an enterprise must not learn that a withheld profile exists.
  if (!row || !view) throw notFound();
  return { row, view, access };
}

/** One profile as the caller may see it. NOT_FOUND (also when an enterprise may not see it). */
export async function getStudent(ctx: Ctx, id: string): Promise<StudentItem> {
  const { row, view } = await readable(ctx, id);
  return toItem(ctx, row, view);
}

/**
 * The full 身份证号, for school users of the student's school only; each reveal is audited as a
 * personal-data access. NOT_FOUND, OUT_OF_SCOPE.
 */
export async function revealIdCard(ctx: Ctx, id: string): Promise<{ idCard: string }> {
  const { row, view } = await readable(ctx, id);
  if (view !== 'school')
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '只有本校的学校用户可以查看完整身份证号',
      'en-US': 'Only school users of the student’s school may see the full ID number',
    });
  const plain = plainIdCard(ctx, row.idCardEnc);
  if (!plain) throw new AppError('INTERNAL', { 'zh-CN': '身份证号无法解密，请联系管理员' });
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'student.idcard.reveal',
      entity: 'student_profile',
      entityId: id,
      detail: { field: 'idCard', name: row.name, schoolOrgId: row.schoolOrgId },
    }),
  );
  return { idCard: plain };
}

async function schoolOf(ctx: Ctx, access: StudentAccess, schoolOrgId?: string | null): Promise<SchoolFacts> {
  const id = schoolOrgId ?? access.schoolOrgId;
  if (!id || !writesSchool(access, id)) throw outOfScope();
  const s = await repo.findSchool(ctx.deps.db, id);
  if (!s || s.deletedAt) throw new AppError('NOT_FOUND', { 'zh-CN': '学校不存在' });
  if (s.type !== 'school')
    throw new AppError('VALIDATION', { 'zh-CN': '只有学校可以登记学生档案、毕业生去向和招生计划' }, [
      { path: 'schoolOrgId', message: '不是学校' },
    ]);
  return { id: s.id, name: s.name, schoolLevel: s.schoolLevel, districtCode: s.districtCode };
}

/** The school a school user imports into: its own organization. OUT_OF_SCOPE, NOT_FOUND, VALIDATION. */
export async function schoolForImport(ctx: Ctx): Promise<SchoolFacts> {
  return schoolOf(ctx, await studentAccess(ctx));
}

async function lookups(ctx: Ctx, majorCode?: string) {
  const ref = await referenceCodes(ctx.deps);
  const major = majorCode ? await repo.findMajor(ctx.deps.db, majorCode) : undefined;
  return {
    major: (code: string) => (code === majorCode ? major : undefined),
    district: (code: string) => ref.districts.has(code),
  };
}

/** A student account may be linked to one profile of its own school. VALIDATION, CONFLICT. */
async function checkLink(ctx: Ctx, userId: string, schoolOrgId: string, profileId?: string) {
  const u = await repo.accountForLink(ctx.deps.db, userId);
  const bad = (message: string) => validation([{ path: 'userId', message }]);
  if (!u) throw bad('关联的账号不存在');
  if (!u.roles.includes('student')) throw bad(`账号 ${u.username} 不是学生账号`);
  if (u.orgId !== schoolOrgId) throw bad(`账号 ${u.username} 不属于本校`);
  if (u.linked && u.linked.id !== profileId)
    throw new AppError('CONFLICT', { 'zh-CN': `账号 ${u.username} 已关联学生“${u.linked.name}”的档案` }, [
      { path: 'userId', message: '已关联其他档案' },
    ]);
}

/** One 身份证号, one profile city-wide. CONFLICT naming where it is registered. */
async function checkIdCardFree(ctx: Ctx, digest: string, schoolOrgId: string, exceptId?: string) {
  const clash = await repo.findByDigest(ctx.deps.db, digest);
  if (!clash || clash.id === exceptId) return;
  const own = clash.schoolOrgId === schoolOrgId;
  throw new AppError(
    'CONFLICT',
    {
      'zh-CN': own
        ? '该身份证号已登记为本校学生（如已删除，请在已删除档案中恢复）'
        : `该学生已在“${clash.schoolName}”登记`,
      'en-US': 'A profile with this ID number exists already',
    },
    [{ path: 'idCard', message: '已登记' }],
  );
}

const auditFields = (r: Partial<repo.StudentRow> & { idCardMasked?: string | null }) => ({
  name: r.name,
  idCard: r.idCardMasked,
  level: r.level,
  majorCode: r.majorCode,
  grade: r.grade,
  expectedGraduation: r.expectedGraduation,
  districtCode: r.districtCode,
  preferredDistricts: r.preferredDistricts,
  skills: r.skills,
  certificates: r.certificates,
  intent: r.intent,
  internshipAvailable: r.internshipAvailable,
  consent: r.consent,
  userId: r.userId,
});

async function commitProfileChange(ctx: Ctx, work: (tx: DbOrTx) => Promise<void>) {
  await ctx.deps.db.transaction(async (tx) => work(tx));
  await announceMatchChanges(ctx.deps);
}

/**
 * A school user registers a student of the school: valid 身份证号 (GB 11643, checked by the schema),
 * stored only encrypted with a keyed digest; one profile per 身份证号 (CONFLICT); codes checked
 * (VALIDATION); an account link must be a student account of the school. Audited; feeds matching.
 */
export async function createStudent(ctx: Ctx, body: CreateStudentBody): Promise<StudentItem> {
  const access = await studentAccess(ctx);
  const school = await schoolOf(ctx, access);
  const districtCode = body.districtCode ?? school.districtCode;
  if (!districtCode) throw validation([{ path: 'districtCode', message: '请填写所在区县（学校未登记区县）' }]);
  const look = await lookups(ctx, body.majorCode);
  const problems = profileProblems(look, school, { ...body, districtCode });
  if (problems.length) throw validation(problems);
  const digest = ctx.deps.cipher.digest(body.idCard);
  await checkIdCardFree(ctx, digest, school.id);
  if (body.userId) await checkLink(ctx, body.userId, school.id);
  const consortiumId = await repo.firstConsortiumOf(ctx.deps.db, school.id);
  const values = {
    schoolOrgId: school.id,
    consortiumId,
    userId: body.userId ?? null,
    name: body.name,
    idCardEnc: ctx.deps.cipher.encrypt(body.idCard),
    idCardDigest: digest,
    level: body.level,
    majorCode: body.majorCode,
    grade: body.grade,
    expectedGraduation: body.expectedGraduation ?? null,
    districtCode,
    preferredDistricts: body.preferredDistricts ?? [],
    skills: body.skills ?? [],
    certificates: body.certificates ?? [],
    intent: body.intent ?? 'employment',
    internshipAvailable: body.internshipAvailable ?? false,
    consent: body.consent ?? false,
    consentAt: body.consent ? new Date() : null,
    createdBy: ctx.actor?.userId ?? null,
  };
  let id = '';
  await commitProfileChange(ctx, async (tx) => {
    const majorName = look.major(body.majorCode)?.name ?? null;
    const row = await repo.insertStudent(tx, {
      ...values,
      search: searchVector(profileWords({ ...values, majorName }).join(' ')),
    });
    id = row.id;
    await recordMatchChanges(tx, 'student', [row.seq], 'upsert');
    await appendAudit(tx, ctx, {
      action: 'student.create',
      entity: 'student_profile',
      entityId: row.id,
      after: auditFields({ ...values, idCardMasked: maskIdCard(body.idCard) }),
    });
  });
  return getStudent(ctx, id);
}

async function writable(ctx: Ctx, id: string) {
  const { row, view, access } = await readable(ctx, id);
  if (view !== 'school') throw outOfScope();
  return { row, access };
}

/**
 * Edits a profile of the caller's school. Same checks as creation; consent of a profile linked to a
 * student account is the student's to give (CONFLICT). NOT_FOUND, OUT_OF_SCOPE, VALIDATION, CONFLICT.
 */
export async function updateStudent(ctx: Ctx, id: string, body: UpdateStudentBody): Promise<StudentItem> {
  const { row, access } = await writable(ctx, id);
  if (row.deletedAt)
    throw new AppError('CONFLICT', { 'zh-CN': '学生档案已删除，请先恢复', 'en-US': 'The profile was deleted' });
  const school = await schoolOf(ctx, access, row.schoolOrgId);
  const merged = {
    level: body.level ?? row.level,
    majorCode: body.majorCode ?? row.majorCode,
    districtCode: body.districtCode ?? row.districtCode,
    preferredDistricts: body.preferredDistricts ?? row.preferredDistricts,
  };
  const look = await lookups(ctx, merged.majorCode);
  // Only what changes is checked, so a profile made before a rule (or a school level change) stays editable.
  const problems = profileProblems(look, school, {
    level: body.level !== undefined || body.majorCode !== undefined ? merged.level : undefined,
    majorCode: body.majorCode !== undefined || body.level !== undefined ? merged.majorCode : undefined,
    districtCode: body.districtCode,
    preferredDistricts: body.preferredDistricts,
  });
  if (problems.length) throw validation(problems);
  const consentChanges = body.consent !== undefined && body.consent !== row.consent;
  if (consentChanges && row.userId)
    throw new AppError(
      'CONFLICT',
      { 'zh-CN': '该学生已关联账号，是否向企业公开档案由学生本人决定', 'en-US': 'The student decides consent himself' },
      [{ path: 'consent', message: '由学生本人决定' }],
    );
  const values: repo.StudentUpdate = {};
  let maskedAfter = row.idCardEnc ? maskIdCard(plainIdCard(ctx, row.idCardEnc)) : null;
  const maskedBefore = maskedAfter;
  if (body.idCard !== undefined) {
    const digest = ctx.deps.cipher.digest(body.idCard);
    if (digest !== row.idCardDigest) {
      await checkIdCardFree(ctx, digest, row.schoolOrgId, id);
      values.idCardDigest = digest;
      values.idCardEnc = ctx.deps.cipher.encrypt(body.idCard);
      maskedAfter = maskIdCard(body.idCard);
    }
  }
  if (body.userId !== undefined && body.userId !== row.userId) {
    if (body.userId) await checkLink(ctx, body.userId, row.schoolOrgId, id);
    values.userId = body.userId;
  }
  for (const k of [
    'name',
    'level',
    'majorCode',
    'grade',
    'expectedGraduation',
    'districtCode',
    'preferredDistricts',
    'skills',
    'certificates',
    'intent',
    'internshipAvailable',
  ] as const)
    if (body[k] !== undefined) (values as Record<string, unknown>)[k] = body[k];
  if (consentChanges) {
    values.consent = body.consent;
    values.consentAt = new Date();
  }
  const after = { ...row, ...values } as repo.StudentRow;
  const majorName = merged.majorCode === row.majorCode ? row.majorName : (look.major(merged.majorCode)?.name ?? null);
  await commitProfileChange(ctx, async (tx) => {
    await repo.updateStudent(tx, id, {
      ...values,
      search: searchVector(profileWords({ ...after, majorName }).join(' ')),
    });
    await recordMatchChanges(tx, 'student', [row.seq], 'upsert');
    await appendAudit(tx, ctx, {
      action: 'student.update',
      entity: 'student_profile',
      entityId: id,
      before: auditFields({ ...row, idCardMasked: maskedBefore }),
      after: auditFields({ ...after, idCardMasked: maskedAfter }),
    });
  });
  return getStudent(ctx, id);
}

/** Soft-deletes a profile of the caller's school (hidden everywhere, out of matching, restorable). CONFLICT. */
export function deleteStudent(ctx: Ctx, id: string): Promise<StudentItem> {
  return setStudentDeleted(ctx, id, true);
}

/** Brings a deleted profile of the caller's school back. CONFLICT when it is not deleted. */
export function restoreStudent(ctx: Ctx, id: string): Promise<StudentItem> {
  return setStudentDeleted(ctx, id, false);
}

async function setStudentDeleted(ctx: Ctx, id: string, deleted: boolean): Promise<StudentItem> {
  const { row } = await writable(ctx, id);
  if (!!row.deletedAt === deleted)
    throw new AppError('CONFLICT', { 'zh-CN': deleted ? '学生档案已删除' : '学生档案未被删除，无需恢复' });
  const at = deleted ? new Date() : null;
  await commitProfileChange(ctx, async (tx) => {
    await repo.setDeleted(tx, id, at);
    await recordMatchChanges(tx, 'student', [row.seq], deleted ? 'remove' : 'upsert');
    await appendAudit(tx, ctx, {
      action: deleted ? 'student.delete' : 'student.restore',
      entity: 'student_profile',
      entityId: id,
      before: { name: row.name, deletedAt: row.deletedAt?.toISOString() ?? null },
      after: { name: row.name, deletedAt: at?.toISOString() ?? null },
    });
  });
  return getStudent(ctx, id);
}

// ── The student himself ─────────────────────────────────────────────────────

/**
 * The caller's own profile: the one whose user_id is the caller (schools link accounts when they
 * create or edit a profile). NOT_FOUND while none is linked.
 */
async function ownProfile(ctx: Ctx): Promise<repo.StudentRow> {
  const row = ctx.actor ? await repo.findStudentOfUser(ctx.deps.db, ctx.actor.userId) : undefined;
  if (!row)
    throw new AppError('NOT_FOUND', {
      'zh-CN': '您的账号尚未关联学生档案，请联系学校',
      'en-US': 'No student profile is linked to your account; ask your school',
    });
  return row;
}

export async function myProfile(ctx: Ctx): Promise<StudentItem> {
  return toItem(ctx, await ownProfile(ctx), 'self');
}

/** The student edits skills, certificates, preferred districts, intent and internship availability. */
export async function updateMyProfile(ctx: Ctx, body: UpdateMyProfileBody): Promise<StudentItem> {
  const row = await ownProfile(ctx);
  const look = await lookups(ctx);
  const problems = profileProblems(
    look,
    { id: row.schoolOrgId, name: '', schoolLevel: null, districtCode: null },
    {
      preferredDistricts: body.preferredDistricts,
    },
  );
  if (problems.length) throw validation(problems);
  const values: repo.StudentUpdate = {};
  for (const k of ['skills', 'certificates', 'preferredDistricts', 'intent', 'internshipAvailable'] as const)
    if (body[k] !== undefined) (values as Record<string, unknown>)[k] = body[k];
  const after = { ...row, ...values } as repo.StudentRow;
  await commitProfileChange(ctx, async (tx) => {
    await repo.updateStudent(tx, row.id, { ...values, search: searchVector(profileWords(after).join(' ')) });
    await recordMatchChanges(tx, 'student', [row.seq], 'upsert');
    await appendAudit(tx, ctx, {
      action: 'student.self.update',
      entity: 'student_profile',
      entityId: row.id,
      before: auditFields(row),
      after: auditFields(after),
    });
  });
  return myProfile(ctx);
}

/**
 * The student gives or withdraws consent to show the profile to enterprises; consent_at records
 * when. Withdrawing hides the profile from enterprises at once (every enterprise read checks consent).
 */
export async function setMyConsent(ctx: Ctx, body: ConsentBody): Promise<StudentItem> {
  const row = await ownProfile(ctx);
  if (row.consent === body.consent) return toItem(ctx, row, 'self');
  const at = new Date();
  await commitProfileChange(ctx, async (tx) => {
    await repo.updateStudent(tx, row.id, { consent: body.consent, consentAt: at });
    await recordMatchChanges(tx, 'student', [row.seq], 'upsert');
    await appendAudit(tx, ctx, {
      action: body.consent ? 'student.consent.give' : 'student.consent.withdraw',
      entity: 'student_profile',
      entityId: row.id,
      before: { consent: row.consent, consentAt: row.consentAt?.toISOString() ?? null },
      after: { consent: body.consent, consentAt: at.toISOString() },
    });
  });
  return myProfile(ctx);
}

// ── Readers for other modules ───────────────────────────────────────────────

export interface StudentFacts {
  id: string;
  seq: number;
  schoolOrgId: string;
  consortiumId: string | null;
  majorCode: string;
  expectedGraduation: string | null;
  consent: boolean;
  userId: string | null;
  name: string;
}

const facts = (r: repo.StudentRow): StudentFacts => ({
  id: r.id,
  seq: r.seq,
  schoolOrgId: r.schoolOrgId,
  consortiumId: r.consortiumId,
  majorCode: r.majorCode,
  expectedGraduation: r.expectedGraduation,
  consent: r.consent,
  userId: r.userId,
  name: r.name,
});

/**
 * A live profile the caller may see, by the same rule as `getStudent` (enterprises: consenting
 * profiles of their consortia's schools; the student: his own). NOT_FOUND otherwise.
 */
export async function getStudentForScope(ctx: Ctx, id: string): Promise<StudentFacts> {
  const { row } = await readable(ctx, id);
  if (row.deletedAt) throw notFound();
  return facts(row);
}

/** The live profile linked to a student account, or null. */
export async function studentOfUser(db: DbOrTx, userId: string): Promise<StudentFacts | null> {
  const row = await repo.findStudentOfUser(db, userId);
  return row ? facts(row) : null;
}

// ── Export ──────────────────────────────────────────────────────────────────

const studentExportColumns = defineColumns([
  { key: 'name', header: '姓名' },
  { key: 'idCard', header: '身份证号（脱敏）' },
  { key: 'birthDate', header: '出生日期', kind: 'date' },
  { key: 'school', header: '学校' },
  { key: 'level', header: '学历层次' },
  { key: 'majorCode', header: '专业代码' },
  { key: 'majorName', header: '专业名称' },
  { key: 'grade', header: '年级', kind: 'integer' },
  { key: 'expectedGraduation', header: '预计毕业年月' },
  { key: 'district', header: '所在区县' },
  { key: 'preferredDistricts', header: '意向区县', kind: 'list' },
  { key: 'skills', header: '技能', kind: 'list' },
  { key: 'certificates', header: '证书', kind: 'list' },
  { key: 'intent', header: '求职意向' },
  { key: 'internshipAvailable', header: '可参加实习', kind: 'boolean' },
  { key: 'consent', header: '同意向企业公开', kind: 'boolean' },
] as const);

/**
 * The filtered profiles as xlsx, each row as the caller may see it: the masked 身份证号 column only
 * for school users, no birth date for enterprises. The export is audited (personal data leaving).
 */
export async function exportStudents(ctx: Ctx, q: Omit<StudentListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  const access = await studentAccess(ctx);
  const where = repo.studentWhere(q, visibleProfiles(access, q.deleted ?? false));
  const ref = await referenceCodes(ctx.deps);
  const enterpriseOnly = !access.schoolOrgId && !access.all && !access.orgIds.length && !access.consortiumIds.length;
  const columns = studentExportColumns.filter(
    (c) => (c.key !== 'idCard' || access.schoolOrgId) && (c.key !== 'birthDate' || !enterpriseOnly),
  );
  let rows = 0;
  async function* items() {
    for await (const r of repo.iterateStudents(ctx.deps.db, where)) {
      const view = viewOf(access, r);
      if (!view) continue;
      rows++;
      const card = toItem(ctx, r, view);
      yield {
        name: card.name,
        idCard: card.idCard ?? null,
        birthDate: card.birthDate ?? null,
        school: card.schoolName,
        level: levelLabel(card.level),
        majorCode: card.majorCode,
        majorName: card.majorName,
        grade: card.grade,
        expectedGraduation: card.expectedGraduation,
        district: card.districtName,
        preferredDistricts: card.preferredDistricts.map((d) => ref.districts.get(d) ?? d),
        skills: card.skills,
        certificates: card.certificates,
        intent: studentIntentLabels[card.intent]['zh-CN'],
        internshipAvailable: card.internshipAvailable,
        consent: card.consent,
      };
    }
  }
  const buffer = await exportXlsx(columns, items(), { sheetName: '学生档案' });
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'student.export',
      entity: 'student_profile',
      detail: { filter: q as Record<string, unknown>, rows, idCardMasked: columns.some((c) => c.key === 'idCard') },
    }),
  );
  return buffer;
}

// ── Graduate cohorts and enrollment plans ───────────────────────────────────
// Both are a school's statistics keyed by school × major × year, with the same scope, audit and
// export; one set of functions serves both, told apart by the kind's spec below.

const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 10000 : null);

interface SupplySpec<K extends repo.SupplyKind, F> {
  /** Also the audit action prefix (`cohort.update`). */
  kind: K;
  entity: 'graduate_cohort' | 'enrollment_plan';
  notFound: string;
  /** The value columns, as audited. */
  values: readonly (keyof repo.SupplyValues<K> & keyof repo.SupplyRecord<K>)[];
  /** The row's figures as the item and the export show them. */
  figures(r: repo.SupplyRecord<K>): F;
  exportColumns: readonly SheetColumn[];
  sheetName: string;
}
const supplySpec = <K extends repo.SupplyKind, F>(spec: SupplySpec<K, F>) => spec;

/** The export's first columns, then the year under `yearHeader`. */
const supplyExportKey = (yearHeader: string) =>
  [
    { key: 'schoolName', header: '学校' },
    { key: 'majorCode', header: '专业代码' },
    { key: 'majorName', header: '专业名称' },
    { key: 'year', header: yearHeader, kind: 'integer' },
  ] as const;

const cohorts = supplySpec({
  kind: 'cohort',
  entity: 'graduate_cohort',
  notFound: '毕业生去向记录不存在',
  values: ['graduates', 'employed', 'furtherStudy', 'military', 'startup', 'unplaced'],
  figures: (r) => ({
    graduates: r.graduates,
    employed: r.employed,
    furtherStudy: r.furtherStudy,
    military: r.military,
    startup: r.startup,
    unplaced: r.unplaced,
    placementRate: rate(r.graduates - r.unplaced, r.graduates),
  }),
  exportColumns: defineColumns([
    ...supplyExportKey('毕业年份'),
    { key: 'graduates', header: '毕业生人数', kind: 'integer' },
    { key: 'employed', header: '就业', kind: 'integer' },
    { key: 'furtherStudy', header: '升学', kind: 'integer' },
    { key: 'military', header: '参军', kind: 'integer' },
    { key: 'startup', header: '创业', kind: 'integer' },
    { key: 'unplaced', header: '未落实', kind: 'integer' },
    { key: 'placementRate', header: '去向落实率', kind: 'number' },
  ] as const),
  sheetName: '毕业生去向',
});

const plans = supplySpec({
  kind: 'plan',
  entity: 'enrollment_plan',
  notFound: '招生计划记录不存在',
  values: ['planned', 'actual'],
  figures: (r) => ({
    planned: r.planned,
    actual: r.actual,
    fulfilmentRate: r.actual === null ? null : rate(r.actual, r.planned),
  }),
  exportColumns: defineColumns([
    ...supplyExportKey('年份'),
    { key: 'planned', header: '计划招生人数', kind: 'integer' },
    { key: 'actual', header: '实际招生人数', kind: 'integer' },
  ] as const),
  sheetName: '招生计划',
});

function toSupplyItem<K extends repo.SupplyKind, F>(
  spec: SupplySpec<K, F>,
  r: repo.SupplyRow<K>,
  access: StudentAccess,
) {
  return {
    id: r.id,
    schoolOrgId: r.schoolOrgId,
    schoolName: r.schoolName,
    majorCode: r.majorCode,
    majorName: r.majorName,
    year: r.year,
    ...spec.figures(r),
    isDemo: r.isDemo,
    updatedAt: r.updatedAt.toISOString(),
    canEdit: writesSchool(access, r.schoolOrgId),
  };
}

/** The key and value columns of a row, as audited. */
function supplyAudit<K extends repo.SupplyKind>(spec: SupplySpec<K, unknown>, r: Partial<repo.SupplyRecord<K>>) {
  const keys = ['schoolOrgId', 'majorCode', 'year', ...spec.values] as const;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

/** Rows of the schools the caller may see, a page of them and the totals of the kind over the filter. */
async function listSupply<K extends repo.SupplyKind, F>(ctx: Ctx, spec: SupplySpec<K, F>, q: CohortListQuery) {
  const access = await studentAccess(ctx);
  const where = repo.supplyWhere(spec.kind, q, (school) => visibleSchools(access, school));
  const r = await repo.listSupply(ctx.deps.db, spec.kind, where, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: r.items.map((row) => toSupplyItem(spec, row, access)),
    total: r.total,
    page: q.page,
    pageSize: q.pageSize,
    totals: r.totals,
  };
}

async function checkMajor(ctx: Ctx, majorCode: string) {
  if (!(await repo.findMajor(ctx.deps.db, majorCode)))
    throw validation([{ path: 'majorCode', message: `专业代码 ${majorCode} 不在职业教育专业目录中` }]);
}

/** A row the caller may change: NOT_FOUND outside its read scope, OUT_OF_SCOPE outside its own school. */
async function writableSupply<K extends repo.SupplyKind>(
  ctx: Ctx,
  access: StudentAccess,
  spec: SupplySpec<K, unknown>,
  id: string,
) {
  const row = await repo.findSupply(ctx.deps.db, spec.kind, id);
  if (!row || !readsSchool(access, row.schoolOrgId)) throw new AppError('NOT_FOUND', { 'zh-CN': spec.notFound });
  if (!writesSchool(access, row.schoolOrgId)) throw outOfScope();
  return row;
}

/** Inserts or updates the school's row of `body`'s major and year with `values`; audited as create or update. */
async function upsertSupply<K extends repo.SupplyKind, F>(
  ctx: Ctx,
  spec: SupplySpec<K, F>,
  body: { schoolOrgId?: string | undefined; majorCode: string; year: number },
  values: repo.SupplyValues<K>,
) {
  const access = await studentAccess(ctx);
  const school = await schoolOf(ctx, access, body.schoolOrgId);
  await checkMajor(ctx, body.majorCode);
  const key = { schoolOrgId: school.id, majorCode: body.majorCode, year: body.year };
  const id = await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.upsertSupply(tx, spec.kind, key, values);
    await appendAudit(tx, ctx, {
      action: r.before ? `${spec.kind}.update` : `${spec.kind}.create`,
      entity: spec.entity,
      entityId: r.id,
      before: r.before ? supplyAudit(spec, r.before) : null,
      after: supplyAudit(spec, { ...key, ...values } as Partial<repo.SupplyRecord<K>>),
    });
    return r.id;
  });
  return toSupplyItem(spec, (await repo.findSupply(ctx.deps.db, spec.kind, id))!, access);
}

/** Changes a row's values to what `merge` makes of the stored row (it may throw VALIDATION). */
async function updateSupply<K extends repo.SupplyKind, F>(
  ctx: Ctx,
  spec: SupplySpec<K, F>,
  id: string,
  merge: (row: repo.SupplyRow<K>) => Partial<repo.SupplyValues<K>>,
) {
  const access = await studentAccess(ctx);
  const row = await writableSupply(ctx, access, spec, id);
  const values = merge(row);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateSupply(tx, spec.kind, id, values);
    await appendAudit(tx, ctx, {
      action: `${spec.kind}.update`,
      entity: spec.entity,
      entityId: id,
      before: supplyAudit(spec, row),
      after: supplyAudit(spec, { ...row, ...values }),
    });
  });
  return toSupplyItem(spec, (await repo.findSupply(ctx.deps.db, spec.kind, id))!, access);
}

async function deleteSupply<K extends repo.SupplyKind>(
  ctx: Ctx,
  spec: SupplySpec<K, unknown>,
  id: string,
): Promise<{ ok: true }> {
  const access = await studentAccess(ctx);
  const row = await writableSupply(ctx, access, spec, id);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.deleteSupply(tx, spec.kind, id);
    await appendAudit(tx, ctx, {
      action: `${spec.kind}.delete`,
      entity: spec.entity,
      entityId: id,
      before: supplyAudit(spec, row),
    });
  });
  return { ok: true };
}

/** The filtered rows as xlsx; the export is audited with the filter and the row count. */
async function exportSupply<K extends repo.SupplyKind, F>(
  ctx: Ctx,
  spec: SupplySpec<K, F>,
  q: Omit<CohortListQuery, 'page' | 'pageSize'>,
): Promise<Buffer> {
  const access = await studentAccess(ctx);
  const where = repo.supplyWhere(spec.kind, q, (school) => visibleSchools(access, school));
  let rows = 0;
  async function* items() {
    for await (const r of repo.iterateSupply(ctx.deps.db, spec.kind, where)) {
      rows++;
      yield { ...r, ...spec.figures(r) } as Record<string, unknown>;
    }
  }
  const buffer = await exportXlsx(spec.exportColumns, items(), { sheetName: spec.sheetName });
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, { action: `${spec.kind}.export`, entity: spec.entity, detail: { filter: q, rows } }),
  );
  return buffer;
}

/** Cohorts of the schools the caller may see, with 去向落实率 per row and over the filter. */
export async function listCohorts(ctx: Ctx, q: CohortListQuery): Promise<CohortListResponse> {
  const r = await listSupply(ctx, cohorts, q);
  const { graduates, unplaced } = r.totals;
  return { ...r, totals: { graduates, unplaced, placementRate: rate(graduates - unplaced, graduates) } };
}

/**
 * A school records (or corrects) a cohort of its own: keyed by school × major × year; the five
 * destinations must add up to the graduates (checked by the schema). OUT_OF_SCOPE, VALIDATION.
 */
export function upsertCohort(ctx: Ctx, body: CohortInput): Promise<CohortItem> {
  const { schoolOrgId: _s, majorCode: _m, year: _y, ...counts } = body;
  return upsertSupply(ctx, cohorts, body, counts);
}

/** Changes a cohort's counts; the merged record must still add up (VALIDATION). */
export function updateCohort(ctx: Ctx, id: string, patch: CohortPatch): Promise<CohortItem> {
  return updateSupply(ctx, cohorts, id, (row) => {
    const merged = {
      graduates: patch.graduates ?? row.graduates,
      employed: patch.employed ?? row.employed,
      furtherStudy: patch.furtherStudy ?? row.furtherStudy,
      military: patch.military ?? row.military,
      startup: patch.startup ?? row.startup,
      unplaced: patch.unplaced ?? row.unplaced,
    };
    const problem = cohortSumProblem(merged);
    if (problem) throw validation([{ path: 'graduates', message: problem }]);
    return merged;
  });
}

export function deleteCohort(ctx: Ctx, id: string): Promise<{ ok: true }> {
  return deleteSupply(ctx, cohorts, id);
}

export function exportCohorts(ctx: Ctx, q: Omit<CohortListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  return exportSupply(ctx, cohorts, q);
}

export function listPlans(ctx: Ctx, q: PlanListQuery): Promise<PlanListResponse> {
  return listSupply(ctx, plans, q);
}

/** A school records (or corrects) its plan for a major and year (keyed by school × major × year). */
export function upsertPlan(ctx: Ctx, body: PlanInput): Promise<PlanItem> {
  return upsertSupply(ctx, plans, body, { planned: body.planned, actual: body.actual ?? null });
}

export function updatePlan(ctx: Ctx, id: string, patch: PlanPatch): Promise<PlanItem> {
  return updateSupply(ctx, plans, id, () => ({
    ...(patch.planned !== undefined ? { planned: patch.planned } : {}),
    ...(patch.actual !== undefined ? { actual: patch.actual } : {}),
  }));
}

export function deletePlan(ctx: Ctx, id: string): Promise<{ ok: true }> {
  return deleteSupply(ctx, plans, id);
}

export function exportPlans(ctx: Ctx, q: Omit<PlanListQuery, 'page' | 'pageSize'>): Promise<Buffer> {
  return exportSupply(ctx, plans, q);
}
