import {
  type EducationLevelCode,
  educationLevelLabels,
  educationLevels,
  idCardProblem,
  normalizeIdCard,
  type StudentIntent,
  studentIntentLabels,
  studentIntents,
} from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { maskIdCard } from '../../lib/crypto';
import { defineColumns, type RowIssue, type RowValues, templateXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import type { ImportHandler } from '../imports';
import { announceMatchChanges, recordMatchChanges } from '../matching';
import { referenceCodes } from '../reference';
import * as repo from './students.repository';
import { profileProblems, profileWords, schoolForImport } from './students.service';

interface Lookups {
  district(v: string): string | null;
  major(v: string): repo.MajorRef | undefined;
}
const noLookups: Lookups = { district: () => null, major: () => undefined };

const levelOptions = educationLevels.map((l) => educationLevelLabels[l]['zh-CN']);
const intentOptions = studentIntents.map((i) => studentIntentLabels[i]['zh-CN']);
const levelByLabel = new Map(educationLevels.map((l) => [educationLevelLabels[l]['zh-CN'], l]));
const intentByLabel = new Map(studentIntents.map((i) => [studentIntentLabels[i]['zh-CN'], i]));

/** 2025-06, 2025/6, 2025.06, 2025年6月, 202506, or a date cell → YYYY-MM; null when not a month. */
export function parseYearMonth(v: string): string | null {
  const m = /^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?(?:\s*[-/.]\s*\d{1,2}\s*日?)?$/.exec(v.trim());
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/** The student sheet: one declaration for the template and the import. */
function studentColumns(look: Lookups) {
  return defineColumns([
    { key: 'name', header: '姓名', aliases: ['学生姓名'], required: true, maxLength: 50, example: '张三' },
    {
      key: 'idCard',
      header: '身份证号',
      aliases: ['身份证号码', '公民身份号码', '身份证'],
      required: true,
      kind: 'code',
      comment: '18 位，末位为校验码（GB 11643）；请将该列设为文本格式。身份证号是唯一标识：已登记的学生按本表更新',
      validate: (v: string) => idCardProblem(normalizeIdCard(v)),
    },
    {
      key: 'level',
      header: '学历层次',
      options: levelOptions,
      comment: '不填时取学校的办学层次',
    },
    {
      key: 'majorCode',
      header: '专业代码',
      required: true,
      kind: 'code',
      comment: '职业教育专业目录（2021）6 位代码，如 460701',
      example: '460701',
      validate: (v: string) => (look.major(v) ? null : `专业代码 ${v} 不在职业教育专业目录中`),
    },
    {
      key: 'grade',
      header: '年级',
      aliases: ['入学年份'],
      required: true,
      kind: 'integer',
      comment: '入学年份，如 2023',
      example: '2023',
      validate: (v: number) => (v < 2000 || v > 2100 ? '年级应为 2000–2100 之间的入学年份' : null),
    },
    {
      key: 'expectedGraduation',
      header: '预计毕业年月',
      aliases: ['预计毕业时间', '毕业年月'],
      comment: '如 2026-06',
      example: '2026-06',
      validate: (v: string) => (parseYearMonth(v) ? null : '应为年月，如 2026-06'),
    },
    {
      key: 'district',
      header: '所在区县',
      comment: '重庆市区县名称或 6 位代码；不填时取学校所在区县',
      example: '沙坪坝区',
      validate: (v: string) => (look.district(v) ? null : `“${v}”不是重庆市的区县`),
    },
    {
      key: 'preferredDistricts',
      header: '意向就业区县',
      aliases: ['意向区县'],
      kind: 'list',
      comment: '最多 3 个，用、分隔；不填时保留已有的',
      validate: (v: string[]) => {
        const bad = v.filter((d) => !look.district(d));
        if (bad.length) return `“${bad.join('、')}”不是重庆市的区县`;
        return v.length > 3 ? '意向区县最多 3 个' : null;
      },
    },
    {
      key: 'skills',
      header: '技能',
      kind: 'list',
      maxLength: 40,
      comment: '多个用、分隔；不填时保留已有的',
      validate: (v: string[]) => (v.length > 30 ? '技能最多 30 项' : null),
    },
    {
      key: 'certificates',
      header: '证书',
      aliases: ['职业技能等级证书'],
      kind: 'list',
      maxLength: 40,
      comment: '如 1+X 证书，多个用、分隔；不填时保留已有的',
      validate: (v: string[]) => (v.length > 20 ? '证书最多 20 项' : null),
    },
    { key: 'intent', header: '求职意向', options: intentOptions },
    { key: 'internship', header: '可参加实习', kind: 'boolean', comment: '是 / 否' },
    {
      key: 'consent',
      header: '同意向企业公开',
      aliases: ['同意公开', '是否同意公开'],
      kind: 'boolean',
      comment: '是 / 否，依学生书面同意填写；学生已关联账号的，以学生本人在平台上的选择为准',
    },
  ] as const);
}
export const studentImportColumns = studentColumns(noLookups);
type Row = RowValues<typeof studentImportColumns>;

export function studentImportTemplate(): Promise<Buffer> {
  return templateXlsx(studentImportColumns, {
    sheetName: '学生档案',
    instructions:
      '每行一名本校学生。带 * 的列必填。身份证号是唯一标识：已登记的学生按身份证号更新，未登记的新增；同一文件重复导入不会产生重复数据。已在其他学校登记的学生不能导入。技能、证书、意向区县等选填列留空时保留已有内容。任何一行有错误时，整个文件都不会导入，请下载错误报告修改后重新导入。',
  });
}

/** Staging columns in the order `row` returns them (`upsertStudentsFromStage` reads them by name). */
const stageColumns = [
  ['id_card_digest', 'text'],
  ['id_card_masked', 'text'],
  ['id_card_enc', 'text'],
  ['name', 'text'],
  ['level', 'text'],
  ['major_code', 'text'],
  ['grade', 'integer'],
  ['expected_graduation', 'text'],
  ['district_code', 'text'],
  ['preferred_districts', 'text[]'],
  ['skills', 'text[]'],
  ['certificates', 'text[]'],
  ['intent', 'text'],
  ['internship_available', 'boolean'],
  ['consent', 'boolean'],
  ['search_words', 'text'],
] as const;

/**
 * 学生档案批量导入 by a school user into the school: each row checked (身份证号 check digit, codes,
 * level against the school and the major), keyed by the 身份证号 digest (only the digest, the
 * ciphertext and a masked form are staged; never the number); a student registered at another school
 * is refused; then all rows upserted in one transaction, each written profile fed to matching.
 */
export const studentImportHandler: ImportHandler = {
  kind: 'students',
  async prepare(ctx: Ctx) {
    const school = await schoolForImport(ctx);
    const ref = await referenceCodes(ctx.deps);
    const districtByName = new Map([...ref.districts].map(([code, name]) => [name, code]));
    const majors = new Map((await repo.allMajors(ctx.deps.db)).map((m) => [m.code, m]));
    const consortiumId = await repo.firstConsortiumOf(ctx.deps.db, school.id);
    const look: Lookups = {
      district: (v) => (ref.districts.has(v) ? v : (districtByName.get(v) ?? null)),
      major: (v) => majors.get(v),
    };
    const check = { major: look.major, district: (c: string) => ref.districts.has(c) };
    const { cipher } = ctx.deps;
    return {
      columns: studentColumns(look),
      stage: stageColumns,
      key: { column: 'idCard', stage: 'id_card_digest', display: 'id_card_masked' },
      afterCommit: () => announceMatchChanges(ctx.deps),
      row(values) {
        const v = values as Row;
        const level = (v.level ? levelByLabel.get(v.level) : school.schoolLevel) as EducationLevelCode | null;
        if (!level) return { issues: [{ key: 'level', reason: '请填写学历层次（学校未登记办学层次）' }] };
        const districtCode = v.district ? look.district(v.district) : school.districtCode;
        if (!districtCode) return { issues: [{ key: 'district', reason: '请填写所在区县（学校未登记区县）' }] };
        const preferred = v.preferredDistricts?.map((d) => look.district(d)!) ?? null;
        const problems = profileProblems(check, school, { level, majorCode: v.majorCode });
        if (problems.length) {
          const issues: RowIssue[] = problems.map((p) => ({ key: p.path, reason: p.message }));
          return { issues };
        }
        const idCard = normalizeIdCard(v.idCard);
        const major = look.major(v.majorCode)!;
        return {
          values: [
            cipher.digest(idCard),
            maskIdCard(idCard),
            cipher.encrypt(idCard),
            v.name,
            level,
            v.majorCode,
            v.grade,
            v.expectedGraduation ? parseYearMonth(v.expectedGraduation) : null,
            districtCode,
            preferred,
            v.skills,
            v.certificates,
            v.intent ? (intentByLabel.get(v.intent) as StudentIntent) : null,
            v.internship,
            v.consent,
            profileWords({
              name: v.name,
              majorName: major.name,
              skills: v.skills ?? [],
              certificates: v.certificates ?? [],
            }).join(' '),
          ],
        };
      },
      conflicts: (stage) => repo.stagedStudentConflicts(stage, school.id),
      async apply(tx, stage, rows) {
        const r = await repo.upsertStudentsFromStage(tx, stage, {
          schoolOrgId: school.id,
          consortiumId,
          createdBy: ctx.actor!.userId,
        });
        // Profiles that kept skills or certificates from before: their search text includes those.
        const kept = await repo.keptTagRows(tx, stage, r.updated);
        await repo.setSearchWords(
          tx,
          kept.map((k) => ({
            seq: k.seq,
            words: profileWords({
              name: k.name,
              majorName: k.major_name,
              skills: k.skills,
              certificates: k.certificates,
            }).join(' '),
          })),
        );
        const seqs = [...r.created, ...r.updated];
        await recordMatchChanges(tx, 'student', seqs, 'upsert');
        if (seqs.length)
          await appendAudit(tx, ctx, {
            action: 'student.import',
            entity: 'student_profile',
            detail: {
              schoolOrgId: school.id,
              created: r.created.length,
              updated: r.updated.length,
              seqs: seqs.slice(0, 1000),
            },
          });
        return {
          created: r.created.length,
          updated: r.updated.length,
          unchanged: rows - seqs.length,
        };
      },
    };
  },
};
