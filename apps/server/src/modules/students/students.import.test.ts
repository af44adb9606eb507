import { idCardCheckChar } from '@chanjiao/contracts';
import {
  auditLog,
  enrollmentPlans,
  graduateCohorts,
  matchingOutbox,
  organizations,
  studentProfiles,
} from '@chanjiao/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  postFile,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';
import { maskIdCard } from '../../lib/crypto';
import { settleImports } from '../imports';

/**
 * Imports of student profiles (keyed by the 身份证号 digest), graduate cohorts and enrollment plans
 * (keyed by major × year), each into the importing school, all or nothing.
 */
let env: TestEnv;
let schoolA: string;
let schoolB: string;
let consortiumId: string;
const as: Record<string, Session> = {};

let serial = 300;
function newIdCard(birth = '20050320'): string {
  serial += 1;
  const body = `500112${birth}${String(serial).padStart(3, '0')}`;
  return body + idCardCheckChar(body);
}

type Cell = string | number | null;
async function workbook(header: string[], rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const STUDENT_HEADER = [
  '姓名',
  '身份证号',
  '专业代码',
  '年级',
  '预计毕业年月',
  '所在区县',
  '技能',
  '证书',
  '同意向企业公开',
];

async function upload(s: Session, url: string, file: Buffer, name = '导入.xlsx') {
  const res = await postFile(env, s, url, file, name);
  expect(res.statusCode, res.body).toBe(200);
  await settleImports();
  return (await s.call('GET', `/api/imports/${res.json().id}`)).json();
}

const profilesOf = async (schoolOrgId: string) =>
  (
    await env.deps.db
      .select()
      .from(studentProfiles)
      .where(eq(studentProfiles.schoolOrgId, schoolOrgId))
      .orderBy(asc(studentProfiles.seq))
  ).map(({ updatedAt, createdAt, consentAt, idCardEnc, ...rest }) => rest);

const outboxFor = async (seqs: number[]) =>
  env.deps.db
    .select({ seq: matchingOutbox.seq, op: matchingOutbox.op })
    .from(matchingOutbox)
    .where(and(eq(matchingOutbox.entity, 'student'), inArray(matchingOutbox.seq, seqs)))
    .orderBy(asc(matchingOutbox.id));

beforeAll(async () => {
  env = await setupTestEnv();
  const c = await makeConsortium(env);
  consortiumId = c.id;
  schoolA = (await makeOrg(env, 'school')).id;
  schoolB = (await makeOrg(env, 'school')).id;
  await env.deps.db
    .update(organizations)
    .set({ schoolLevel: 'associate', districtCode: '500112' })
    .where(inArray(organizations.id, [schoolA, schoolB]));
  await addMember(env, c.id, schoolA);
  const ent = (await makeOrg(env, 'enterprise')).id;
  await addMember(env, c.id, ent);
  as.schoolA = await login(env, (await makeUser(env, 'school', { orgId: schoolA })).username);
  as.schoolB = await login(env, (await makeUser(env, 'school', { orgId: schoolB })).username);
  as.ent = await login(env, (await makeUser(env, 'enterprise', { orgId: ent })).username);
});
afterAll(() => env.close());

describe('student import', () => {
  const ids = [newIdCard(), newIdCard(), newIdCard()];
  const rows: Cell[][] = [
    ['刘导入', ids[0]!, '460301', 2023, '2026-06', '渝北区', '工业机器人编程、PLC', '电工证', '是'],
    ['何导入', ` ${ids[1]!.toLowerCase()} `, '510203', '2023', '2026年6月', '500106', 'Java', null, '否'],
    ['吴导入', ids[2]!, '460702', 2024, null, null, null, null, null],
  ];

  it('offers a template with the columns', async () => {
    const res = await as.schoolA!.call('GET', '/api/students/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.getWorksheet('学生档案')!.getRow(1).values as unknown[]).map(String).join(',');
    expect(header).toContain('身份证号');
    expect(header).toContain('同意向企业公开');
  });

  it('imports a good file into the school, encrypted, searchable, fed to matching; the same file again changes nothing', async () => {
    const file = await workbook(STUDENT_HEADER, rows);
    const job = await upload(as.schoolA!, '/api/students/import', file);
    expect(job).toMatchObject({ status: 'done', totalRows: 3, created: 3, updated: 0, unchanged: 0, errorCount: 0 });
    const first = await profilesOf(schoolA);
    expect(first.map((p) => [p.name, p.majorCode, p.grade, p.expectedGraduation, p.districtCode, p.consent])).toEqual([
      ['刘导入', '460301', 2023, '2026-06', '500112', true],
      ['何导入', '510203', 2023, '2026-06', '500106', false],
      ['吴导入', '460702', 2024, null, '500112', false],
    ]);
    expect(first.every((p) => p.level === 'associate' && p.consortiumId === consortiumId)).toBe(true);
    const stored = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.schoolOrgId, schoolA));
    for (const p of stored) {
      const plain = env.deps.cipher.decrypt(p.idCardEnc);
      expect(ids).toContain(plain);
      expect(p.idCardEnc).not.toContain(plain);
      expect(p.idCardDigest).toBe(env.deps.cipher.digest(plain));
    }
    const seqs = first.map((p) => p.seq);
    expect(await outboxFor(seqs)).toEqual(seqs.map((seq) => ({ seq, op: 'upsert' })));
    const found = (await as.schoolA!.call('GET', `/api/students?q=${encodeURIComponent('机器人')}`)).json();
    expect(found.items.map((i: { name: string }) => i.name)).toEqual(['刘导入']);
    // Enterprises in the consortium see the consenting one only, without its 身份证号.
    const ent = await as.ent!.call('GET', '/api/students');
    expect(ent.json().items.map((i: { name: string }) => i.name)).toEqual(['刘导入']);
    for (const id of ids) {
      expect(ent.body).not.toContain(id);
      expect(ent.body).not.toContain(maskIdCard(id)!);
    }

    const again = await upload(as.schoolA!, '/api/students/import', file);
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 3 });
    expect(await profilesOf(schoolA)).toEqual(first);
    expect(await outboxFor(seqs)).toHaveLength(3);
  });

  it('updates by 身份证号; empty optional cells keep what the profile has', async () => {
    const changed = await workbook(STUDENT_HEADER, [
      ['刘导入', ids[0]!, '460301', 2023, '2026-06', '渝北区', null, null, null],
      ['何导入', ids[1]!, '510203', 2023, '2026-06', '500106', 'Java、Python', null, '否'],
    ]);
    const job = await upload(as.schoolA!, '/api/students/import', changed);
    expect(job).toMatchObject({ status: 'done', created: 0, updated: 1, unchanged: 1 });
    const after = await profilesOf(schoolA);
    expect(after.find((p) => p.name === '刘导入')).toMatchObject({
      skills: ['工业机器人编程', 'PLC'],
      certificates: ['电工证'],
      consent: true,
    });
    expect(after.find((p) => p.name === '何导入')!.skills).toEqual(['Java', 'Python']);
    const py = (await as.schoolA!.call('GET', '/api/students?q=python')).json();
    expect(py.items.map((i: { name: string }) => i.name)).toEqual(['何导入']);
  });

  it('keeps search words of kept skills when the row changes otherwise', async () => {
    const job = await upload(
      as.schoolA!,
      '/api/students/import',
      await workbook(STUDENT_HEADER, [['刘导入', ids[0]!, '460301', 2022, '2025-06', '渝北区', null, null, null]]),
    );
    expect(job).toMatchObject({ status: 'done', updated: 1 });
    const found = (await as.schoolA!.call('GET', `/api/students?q=${encodeURIComponent('机器人')}`)).json();
    expect(found.items.map((i: { name: string; grade: number }) => [i.name, i.grade])).toEqual([['刘导入', 2022]]);
  });

  it('refuses the whole file for one bad row, with Chinese reasons per row', async () => {
    const before = await profilesOf(schoolA);
    const good = newIdCard();
    const bad = newIdCard();
    const wrong = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0');
    const job = await upload(
      as.schoolA!,
      '/api/students/import',
      await workbook(STUDENT_HEADER, [
        ['甲新生', good, '460301', 2024, null, null, null, null, '是'],
        ['乙新生', wrong, '999999', 2024, '2027-13', '火星区', null, null, '也许'],
        ['丙新生', good, '610101', 2024, null, null, null, null, null],
        ['丁新生', good.toLowerCase(), '460301', 2024, null, null, null, null, null],
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.created).toBe(0);
    const reasons = job.errors.map((e: { rowNumber: number; column: string; reason: string }) => [
      e.rowNumber,
      e.column,
      e.reason,
    ]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        [3, '身份证号', `身份证号校验位不正确：末位应为“${bad[17]}”，当前为“${wrong[17]}”`],
        [3, '专业代码', '专业代码 999999 不在职业教育专业目录中'],
        [3, '所在区县', '“火星区”不是重庆市的区县'],
        [3, '预计毕业年月', '应为年月，如 2026-06'],
        [4, '专业代码', expect.stringContaining('中职专业目录')],
        [5, '身份证号', '与第 2 行重复'],
      ]),
    );
    // The repeated 身份证号 is shown masked, never as the number nor as its keyed digest.
    const repeat = job.errors.find(
      (e: { rowNumber: number; column: string }) => e.rowNumber === 5 && e.column === '身份证号',
    );
    expect(repeat.value).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(await profilesOf(schoolA)).toEqual(before);
  });

  it('refuses a student registered at another school, naming it', async () => {
    const job = await upload(
      as.schoolB!,
      '/api/students/import',
      await workbook(STUDENT_HEADER, [['刘导入', ids[0]!, '460301', 2023, null, null, null, null, null]]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ rowNumber: 2, column: '身份证号', value: maskIdCard(ids[0]!) });
    expect(job.errors[0].reason).toMatch(/已在“.+”登记，不能由本校导入/);
    expect(JSON.stringify(job)).not.toContain(ids[0]!);
    expect(await profilesOf(schoolB)).toEqual([]);
  });

  it('refuses a level other than the school’s', async () => {
    const job = await upload(
      as.schoolA!,
      '/api/students/import',
      await workbook(
        ['姓名', '身份证号', '学历层次', '专业代码', '年级'],
        [['钱层次', newIdCard(), '中职', '610101', 2024]],
      ),
    );
    expect(job.status).toBe('failed');
    expect(job.errors[0]).toMatchObject({ column: '学历层次' });
    expect(job.errors[0].reason).toMatch(/与学校办学层次“高职专科”不符/);
  });

  it('does not change the consent of a student who decides it himself', async () => {
    const user = await makeUser(env, 'student', { orgId: schoolA });
    const [row] = await env.deps.db
      .update(studentProfiles)
      .set({ userId: user.id })
      .where(and(eq(studentProfiles.schoolOrgId, schoolA), eq(studentProfiles.name, '何导入')))
      .returning();
    expect(row!.consent).toBe(false);
    const job = await upload(
      as.schoolA!,
      '/api/students/import',
      await workbook(STUDENT_HEADER, [['何导入', ids[1]!, '510203', 2023, '2026-06', '500106', null, null, '是']]),
    );
    expect(job).toMatchObject({ status: 'done', unchanged: 1 });
    const [after] = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, row!.id));
    expect(after!.consent).toBe(false);
  });

  it('is refused to users who are not of a school', async () => {
    const res = await postFile(env, as.ent!, '/api/students/import', await workbook(STUDENT_HEADER, []), 'x.xlsx');
    expect(res.statusCode).toBe(403);
    const audits = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'student.import'));
    expect(audits.length).toBe(3);
  });
});

describe('cohort and plan imports', () => {
  const COHORT = ['专业代码', '毕业年份', '毕业生人数', '就业', '升学', '参军', '创业', '未落实'];

  it('imports cohorts by major × year; the same file twice is unchanged; a bad sum refuses the file', async () => {
    const file = await workbook(COHORT, [
      ['460301', 2024, 100, 85, 8, 2, 1, 4],
      ['510203', 2024, 60, 50, 5, 0, 0, 5],
    ]);
    const job = await upload(as.schoolA!, '/api/cohorts/import', file);
    expect(job).toMatchObject({ status: 'done', created: 2, updated: 0 });
    const again = await upload(as.schoolA!, '/api/cohorts/import', file);
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2 });
    const list = (await as.schoolA!.call('GET', '/api/cohorts?year=2024')).json();
    expect(list.totals).toEqual({ graduates: 160, unplaced: 9, placementRate: 0.9438 });

    const bad = await upload(
      as.schoolA!,
      '/api/cohorts/import',
      await workbook(COHORT, [
        ['460301', 2024, 100, 80, 8, 2, 1, 9],
        ['460301', 2024, 100, 85, 8, 2, 1, 4],
        ['460702', 2025, 100, 90, 8, 2, 1, 4],
      ]),
    );
    expect(bad.status).toBe('failed');
    expect(bad.errors.map((e: { rowNumber: number; reason: string }) => [e.rowNumber, e.reason])).toEqual(
      expect.arrayContaining([
        [3, expect.stringContaining('与第 2 行重复')],
        [4, '就业、升学、参军、创业、未落实人数之和（105）应等于毕业生人数（100）'],
      ]),
    );
    const rows = await env.deps.db.select().from(graduateCohorts).where(eq(graduateCohorts.schoolOrgId, schoolA));
    expect(rows.map((r) => [r.majorCode, r.year, r.employed]).sort()).toEqual([
      ['460301', 2024, 85],
      ['510203', 2024, 50],
    ]);
  });

  it('imports plans by major × year, updating changed rows only', async () => {
    const header = ['专业代码', '年份', '计划招生人数', '实际招生人数'];
    const job = await upload(
      as.schoolB!,
      '/api/enrollment-plans/import',
      await workbook(header, [
        ['460301', 2025, 120, 110],
        ['510203', 2025, 80, null],
      ]),
    );
    expect(job).toMatchObject({ status: 'done', created: 2 });
    const next = await upload(
      as.schoolB!,
      '/api/enrollment-plans/import',
      await workbook(header, [
        ['460301', 2025, 120, 110],
        ['510203', 2025, 80, 75],
      ]),
    );
    expect(next).toMatchObject({ status: 'done', created: 0, updated: 1, unchanged: 1 });
    const rows = await env.deps.db.select().from(enrollmentPlans).where(eq(enrollmentPlans.schoolOrgId, schoolB));
    expect(rows.map((r) => [r.majorCode, r.planned, r.actual]).sort()).toEqual([
      ['460301', 120, 110],
      ['510203', 80, 75],
    ]);
    const refused = await upload(
      as.schoolB!,
      '/api/enrollment-plans/import',
      await workbook(header, [['123456', 2025, -1, null]]),
    );
    expect(refused.status).toBe('failed');
    expect(refused.errors.map((e: { reason: string }) => e.reason)).toEqual(
      expect.arrayContaining(['专业代码 123456 不在职业教育专业目录中', '人数不能为负数']),
    );
  });
});
