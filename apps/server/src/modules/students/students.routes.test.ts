import { idCardCheckChar } from '@chanjiao/contracts';
import { auditLog, matchingOutbox, organizations, studentProfiles } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';
import type { Ctx } from '../../lib/context';
import { maskIdCard } from '../../lib/crypto';
import { getStudentForScope, studentOfUser } from './index';

/**
 * Student profiles, cohorts and plans over HTTP, above all the personal-data rules: the 身份证号
 * never reaches anyone but the student's school (masked) and the audited reveal; enterprises see
 * consenting profiles of their consortia's schools only, without 身份证号 or birth date.
 */
let env: TestEnv;
const org: Record<string, string> = {};
const as: Record<string, Session> = {};
let studentUserId: string;

let serial = 100;
/** A valid 身份证号 (GB 11643 check character) born on `birth`. */
function newIdCard(birth = '20040115'): string {
  serial += 1;
  const body = `500106${birth}${String(serial).padStart(3, '0')}`;
  return body + idCardCheckChar(body);
}

const ok = (res: LightMyRequestResponse) => {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const expectError = (res: LightMyRequestResponse, status: number, code: string, message?: RegExp) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  if (message) expect(body.message).toMatch(message);
  return body as { code: string; message: string; details?: unknown };
};

/** No trace of the 身份证号 in a response text: not the number, not a masked form, not the birth date. */
function expectNoIdCard(text: string, idCard: string) {
  expect(text).not.toContain(idCard);
  expect(text).not.toContain(idCard.slice(0, 14));
  expect(text).not.toContain(maskIdCard(idCard)!);
  expect(text).not.toMatch(/\d{4}\*{4,}[\dX]{4}/);
  expect(text).not.toContain(`${idCard.slice(6, 10)}-${idCard.slice(10, 12)}-${idCard.slice(12, 14)}`);
  expect(text).not.toContain('idCard');
  expect(text).not.toContain('birthDate');
}

const body = (over: Record<string, unknown> = {}) => ({
  name: '王小明',
  idCard: newIdCard(),
  level: 'associate',
  majorCode: '460301',
  grade: 2023,
  expectedGraduation: '2026-06',
  skills: ['工业机器人编程', 'PLC'],
  certificates: ['电工证'],
  preferredDistricts: ['500112'],
  consent: true,
  ...over,
});

const create = async (s: Session, over: Record<string, unknown> = {}) => {
  const b = body(over);
  const item = ok(await s.call('POST', '/api/students', b));
  return { ...item, plain: b.idCard as string };
};

const outboxOps = async (seq: number) =>
  (
    await env.deps.db
      .select({ op: matchingOutbox.op })
      .from(matchingOutbox)
      .where(and(eq(matchingOutbox.entity, 'student'), eq(matchingOutbox.seq, seq)))
      .orderBy(matchingOutbox.id)
  ).map((r) => r.op);

async function xlsxText(res: LightMyRequestResponse): Promise<string> {
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((c) => cells.push(c.value instanceof Date ? c.value.toISOString() : String(c.value))),
    ),
  );
  return cells.join('\n');
}

/** A service context for an enterprise user of the in-consortium enterprise (for the module's readers). */
const enterpriseCtx = (): Ctx => ({
  ...env.ctx,
  actor: {
    userId: '00000000-0000-4000-8000-00000000e001',
    username: 'reader',
    displayName: '读者',
    roles: ['enterprise'],
    permissions: new Set(['student.read']),
    orgId: org.entIn!,
    consortiumId: null,
    mustChangePassword: false,
    mustEnrollTotp: false,
    sessionId: 's',
    csrfToken: 'c',
  },
});

beforeAll(async () => {
  env = await setupTestEnv();
  const c1 = await makeConsortium(env);
  const c2 = await makeConsortium(env);
  for (const [key, type] of [
    ['schoolA', 'school'],
    ['schoolB', 'school'],
    ['entIn', 'enterprise'],
    ['entOut', 'enterprise'],
  ] as const)
    org[key] = (await makeOrg(env, type)).id;
  await env.deps.db
    .update(organizations)
    .set({ schoolLevel: 'associate', districtCode: '500106' })
    .where(eq(organizations.id, org.schoolA!));
  await env.deps.db
    .update(organizations)
    .set({ schoolLevel: 'associate', districtCode: '500112' })
    .where(eq(organizations.id, org.schoolB!));
  await addMember(env, c1.id, org.schoolA!);
  await addMember(env, c1.id, org.schoolB!);
  await addMember(env, c1.id, org.entIn!);
  await addMember(env, c2.id, org.entOut!);
  org.c1 = c1.id;

  const users: [string, Parameters<typeof makeUser>[1], Parameters<typeof makeUser>[2]][] = [
    ['schoolA', 'school', { orgId: org.schoolA }],
    ['schoolB', 'school', { orgId: org.schoolB }],
    ['teacherA', 'teacher', { orgId: org.schoolA }],
    ['entIn', 'enterprise', { orgId: org.entIn }],
    ['entOut', 'enterprise', { orgId: org.entOut }],
    ['official', 'official', {}],
    ['secretariat', 'secretariat', { consortiumId: c1.id }],
    ['secretariat2', 'secretariat', { consortiumId: c2.id }],
    ['council', 'council', { consortiumId: c1.id }],
  ];
  for (const [key, role, opts] of users) as[key] = await login(env, (await makeUser(env, role, opts)).username);
  const student = await makeUser(env, 'student', { orgId: org.schoolA });
  studentUserId = student.id;
  as.student = await login(env, student.username);
});
afterAll(() => env.close());

describe('student profiles: access and validation', () => {
  it('needs a session and the permission', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/students' })).statusCode).toBe(401);
    expectError(await as.council!.call('GET', '/api/students'), 403, 'FORBIDDEN');
    expectError(await as.entIn!.call('POST', '/api/students', body()), 403, 'FORBIDDEN');
  });

  it('refuses a 身份证号 with a wrong check character, naming the expected one', async () => {
    const good = newIdCard();
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = expectError(
      await as.schoolA!.call('POST', '/api/students', body({ idCard: wrong })),
      400,
      'VALIDATION',
    );
    expect(JSON.stringify(res)).toContain(`末位应为“${good[17]}”`);
    expectError(await as.schoolA!.call('POST', '/api/students', body({ idCard: '50010620040115' })), 400, 'VALIDATION');
  });

  it('checks codes: major in the catalogue and of the level, level of the school', async () => {
    expectError(
      await as.schoolA!.call('POST', '/api/students', body({ majorCode: '999999' })),
      400,
      'VALIDATION',
      /不在职业教育专业目录中/,
    );
    // 610101 is a 中职 major; the student is 高职专科.
    expectError(
      await as.schoolA!.call('POST', '/api/students', body({ majorCode: '610101' })),
      400,
      'VALIDATION',
      /中职专业目录/,
    );
    expectError(
      await as.schoolA!.call('POST', '/api/students', body({ level: 'secondary', majorCode: '610101' })),
      400,
      'VALIDATION',
      /学校办学层次“高职专科”不符/,
    );
  });
});

describe('身份证号 at rest and in responses', () => {
  let p: { id: string; seq: number; plain: string };
  let withheld: { id: string; plain: string };

  beforeAll(async () => {
    p = await create(as.schoolA!, { name: '李同意', consent: true });
    withheld = await create(as.schoolA!, { name: '赵不同意', consent: false });
  });

  it('stores only ciphertext and a keyed digest; the ciphertext decrypts back', async () => {
    const [row] = await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, p.id));
    expect(row!.idCardEnc).not.toContain(p.plain);
    expect(row!.idCardEnc).not.toContain(p.plain.slice(6, 14));
    expect(env.deps.cipher.decrypt(row!.idCardEnc)).toBe(p.plain);
    expect(row!.idCardDigest).toBe(env.deps.cipher.digest(p.plain));
    expect(row!.idCardDigest).not.toContain(p.plain);
    expect(row!.consortiumId).toBe(org.c1);
    expect(row!.consentAt).not.toBeNull();
  });

  it('refuses a second profile with the same 身份证号, naming where it is registered', async () => {
    expectError(await as.schoolA!.call('POST', '/api/students', body({ idCard: p.plain })), 409, 'CONFLICT');
    expectError(
      await as.schoolB!.call('POST', '/api/students', body({ idCard: p.plain })),
      409,
      'CONFLICT',
      /已在“.+”登记/,
    );
  });

  it('shows the student’s school the masked 身份证号 and the birth date', async () => {
    const res = await as.schoolA!.call('GET', `/api/students/${p.id}`);
    const item = ok(res);
    expect(item).toMatchObject({ view: 'school', idCard: maskIdCard(p.plain), birthDate: '2004-01-15', canEdit: true });
    expect(res.body).not.toContain(p.plain);
    const list = await as.schoolA!.call('GET', '/api/students?pageSize=200');
    expect(list.body).toContain(maskIdCard(p.plain)!);
    expect(list.body).not.toContain(p.plain);
  });

  it('reveals the full number to the school only, and audits each reveal', async () => {
    const before = (await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'student.idcard.reveal')))
      .length;
    expect(ok(await as.schoolA!.call('GET', `/api/students/${p.id}/id-card`))).toEqual({ idCard: p.plain });
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'student.idcard.reveal'));
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({ entityId: p.id, result: 'success' });
    expect(JSON.stringify(entries.at(-1))).not.toContain(p.plain);
    expectError(await as.official!.call('GET', `/api/students/${p.id}/id-card`), 403, 'OUT_OF_SCOPE');
    expectError(await as.teacherA!.call('GET', `/api/students/${p.id}/id-card`), 403, 'OUT_OF_SCOPE');
    expectError(await as.entIn!.call('GET', `/api/students/${p.id}/id-card`), 403, 'OUT_OF_SCOPE');
    expectError(await as.entIn!.call('GET', `/api/students/${withheld.id}/id-card`), 404, 'NOT_FOUND');
    expectError(await as.schoolB!.call('GET', `/api/students/${p.id}/id-card`), 404, 'NOT_FOUND');
  });

  it('never gives an enterprise the number, a masked form or the birth date: list, get, search, export', async () => {
    const list = await as.entIn!.call('GET', '/api/students?pageSize=200');
    const items = ok(list).items as { id: string; view: string }[];
    expect(items.map((i) => i.id)).toContain(p.id);
    expect(items.every((i) => i.view === 'enterprise')).toBe(true);
    expectNoIdCard(list.body, p.plain);
    const get = await as.entIn!.call('GET', `/api/students/${p.id}`);
    expect(ok(get).name).toBe('李同意');
    expectNoIdCard(get.body, p.plain);
    const search = await as.entIn!.call('GET', `/api/students?q=${encodeURIComponent('李同意')}`);
    expect((ok(search).items as { id: string }[]).map((i) => i.id)).toEqual([p.id]);
    expectNoIdCard(search.body, p.plain);
    const byNumber = await as.entIn!.call('GET', `/api/students?q=${p.plain}`);
    expect(ok(byNumber).total).toBe(0);
    const exported = await xlsxText(await as.entIn!.call('GET', '/api/students/export'));
    expect(exported).toContain('李同意');
    expect(exported).not.toContain('身份证');
    expect(exported).not.toContain('出生日期');
    expect(exported).not.toContain(p.plain);
    expect(exported).not.toContain(maskIdCard(p.plain)!);
  });

  it('hides a profile without consent from enterprises: 404 and absent from lists, facets and exports', async () => {
    expectError(await as.entIn!.call('GET', `/api/students/${withheld.id}`), 404, 'NOT_FOUND');
    const list = ok(await as.entIn!.call('GET', '/api/students?pageSize=200'));
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(withheld.id);
    expect(list.facets.consent).toEqual([{ value: true, count: list.total }]);
    expect(ok(await as.entIn!.call('GET', '/api/students?consent=false')).total).toBe(0);
    expect(await xlsxText(await as.entIn!.call('GET', '/api/students/export'))).not.toContain('赵不同意');
  });

  it('gives an enterprise outside the school’s consortia nothing, consent or not', async () => {
    expectError(await as.entOut!.call('GET', `/api/students/${p.id}`), 404, 'NOT_FOUND');
    expect(ok(await as.entOut!.call('GET', '/api/students')).total).toBe(0);
  });

  it('shows officials, the secretariat and teachers profiles in scope without any 身份证号', async () => {
    for (const key of ['official', 'secretariat', 'teacherA'] as const) {
      const list = await as[key]!.call('GET', '/api/students?pageSize=200');
      const ids = (ok(list).items as { id: string }[]).map((i) => i.id);
      expect(ids, key).toEqual(expect.arrayContaining([p.id, withheld.id]));
      expect(list.body).not.toContain(p.plain);
      expect(list.body).not.toContain(maskIdCard(p.plain)!);
      expect(list.body).not.toContain('"idCard"');
      const get = await as[key]!.call('GET', `/api/students/${withheld.id}`);
      expect(ok(get)).toMatchObject({ view: 'scope', canEdit: false, birthDate: '2004-01-15' });
      expect(get.body).not.toContain(withheld.plain);
      expect(get.body).not.toContain(maskIdCard(withheld.plain)!);
    }
    const exported = await xlsxText(await as.official!.call('GET', '/api/students/export'));
    expect(exported).not.toContain('身份证');
    expect(exported).not.toContain(p.plain);
    // Another consortium's secretariat and another school see nothing of school A.
    expectError(await as.secretariat2!.call('GET', `/api/students/${p.id}`), 404, 'NOT_FOUND');
    expectError(await as.schoolB!.call('GET', `/api/students/${p.id}`), 404, 'NOT_FOUND');
    const bList = ok(await as.schoolB!.call('GET', '/api/students?pageSize=200'));
    expect(bList.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
  });

  it('lets only the school edit, and audits without the plain number', async () => {
    expectError(await as.schoolB!.call('PATCH', `/api/students/${p.id}`, { grade: 2022 }), 404, 'NOT_FOUND');
    const updated = ok(await as.schoolA!.call('PATCH', `/api/students/${p.id}`, { grade: 2022, skills: ['焊接'] }));
    expect(updated).toMatchObject({ grade: 2022, skills: ['焊接'] });
    const [entry] = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'student.update'), eq(auditLog.entityId, p.id)));
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain(p.plain);
    expect(await outboxOps(p.seq)).toEqual(['upsert', 'upsert']);
  });

  it('school exports carry the masked number only', async () => {
    const text = await xlsxText(await as.schoolA!.call('GET', '/api/students/export'));
    expect(text).toContain('身份证号（脱敏）');
    expect(text).toContain(maskIdCard(p.plain)!);
    expect(text).not.toContain(p.plain);
    const [entry] = (await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'student.export'))).slice(-1);
    expect(entry?.actorUsername).toBeTruthy();
  });
});

describe('Chinese search, filters and facets', () => {
  it('finds profiles by words of the name, major, skills and certificates', async () => {
    const robot = await create(as.schoolB!, {
      name: '陈机器',
      majorCode: '460301',
      skills: ['工业机器人编程与调试'],
      certificates: ['1+X工业机器人应用编程证书'],
      grade: 2024,
      expectedGraduation: '2027-06',
    });
    const soft = await create(as.schoolB!, {
      name: '周软件',
      majorCode: '510203',
      skills: ['Java开发'],
      certificates: [],
      grade: 2024,
      expectedGraduation: '2027-06',
    });
    const find = async (q: string, extra = '') =>
      (ok(await as.schoolB!.call('GET', `/api/students?q=${encodeURIComponent(q)}${extra}`)).items as { id: string }[])
        .map((i) => i.id)
        .sort();
    expect(await find('机器人')).toEqual([robot.id]);
    expect(await find('机电一体化')).toContain(robot.id);
    expect(await find('软件技术')).toEqual([soft.id]);
    expect(await find('java')).toEqual([soft.id]);
    expect(await find('应用编程证书')).toEqual([robot.id]);
    expect(await find('会计')).toEqual([]);
    expect(await find('周软件', '&majorCode=460301')).toEqual([]);
    const filtered = ok(await as.schoolB!.call('GET', '/api/students?graduationYear=2027&grade=2024&pageSize=200'));
    expect(filtered.items.map((i: { id: string }) => i.id).sort()).toEqual([robot.id, soft.id].sort());
    expect(filtered.facets.majors).toEqual(
      expect.arrayContaining([
        { code: '460301', name: '机电一体化技术', count: 1 },
        { code: '510203', name: '软件技术', count: 1 },
      ]),
    );
  });
});

describe('the student himself', () => {
  let mine: { id: string; seq: number; plain: string };

  it('has no profile until the school links his account', async () => {
    expectError(await as.student!.call('GET', '/api/students/me'), 404, 'NOT_FOUND', /尚未关联学生档案/);
  });

  it('a school links only a student account of its own school', async () => {
    const teacher = await makeUser(env, 'teacher', { orgId: org.schoolA });
    expectError(
      await as.schoolA!.call('POST', '/api/students', body({ userId: teacher.id })),
      400,
      'VALIDATION',
      /不是学生账号/,
    );
    expectError(
      await as.schoolB!.call('POST', '/api/students', body({ userId: studentUserId })),
      400,
      'VALIDATION',
      /不属于本校/,
    );
    mine = await create(as.schoolA!, { name: '孙本人', userId: studentUserId, consent: true });
    expectError(await as.schoolA!.call('POST', '/api/students', body({ userId: studentUserId })), 409, 'CONFLICT');
  });

  it('sees and edits his own profile', async () => {
    const me = ok(await as.student!.call('GET', '/api/students/me'));
    expect(me).toMatchObject({ id: mine.id, view: 'self', idCard: maskIdCard(mine.plain), canEdit: false });
    const updated = ok(
      await as.student!.call('PATCH', '/api/students/me', {
        skills: ['数控车床操作'],
        preferredDistricts: ['500106', '500112'],
        intent: 'further_study',
        internshipAvailable: true,
      }),
    );
    expect(updated).toMatchObject({
      skills: ['数控车床操作'],
      preferredDistricts: ['500106', '500112'],
      intent: 'further_study',
      internshipAvailable: true,
    });
    expectError(
      await as.student!.call('PATCH', '/api/students/me', {
        preferredDistricts: ['500106', '500112', '500103', '500105'],
      }),
      400,
      'VALIDATION',
    );
    expectError(
      await as.student!.call('PATCH', '/api/students/me', { preferredDistricts: ['110101'] }),
      400,
      'VALIDATION',
    );
    // What the school owns is not the student's to change: unknown keys are dropped.
    ok(await as.student!.call('PATCH', '/api/students/me', { name: '改名', grade: 2000 }));
    expect(ok(await as.student!.call('GET', '/api/students/me'))).toMatchObject({ name: '孙本人', grade: 2023 });
    const found = ok(await as.schoolA!.call('GET', `/api/students?q=${encodeURIComponent('数控车床')}`));
    expect(found.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
  });

  it('withdrawing consent hides the profile from enterprises at once; consent is then his alone', async () => {
    expect(ok(await as.entIn!.call('GET', `/api/students/${mine.id}`)).id).toBe(mine.id);
    const before = (await env.deps.db.select().from(studentProfiles).where(eq(studentProfiles.id, mine.id)))[0]!;
    const off = ok(await as.student!.call('POST', '/api/students/me/consent', { consent: false }));
    expect(off.consent).toBe(false);
    expect(new Date(off.consentAt).getTime()).toBeGreaterThan(before.consentAt!.getTime());
    expectError(await as.entIn!.call('GET', `/api/students/${mine.id}`), 404, 'NOT_FOUND');
    const list = ok(await as.entIn!.call('GET', '/api/students?pageSize=200'));
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(mine.id);
    await expect(getStudentForScope(enterpriseCtx(), mine.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await studentOfUser(env.deps.db, studentUserId)).toMatchObject({ id: mine.id, consent: false });
    // The school may not give consent for a student who decides himself.
    expectError(await as.schoolA!.call('PATCH', `/api/students/${mine.id}`, { consent: true }), 409, 'CONFLICT');
    expect(
      (await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'student.consent.withdraw'))).length,
    ).toBe(1);
    // self update + consent: each recorded for the matching index
    expect(await outboxOps(mine.seq)).toEqual(['upsert', 'upsert', 'upsert', 'upsert']);
    ok(await as.student!.call('POST', '/api/students/me/consent', { consent: true }));
    expect(ok(await as.entIn!.call('GET', `/api/students/${mine.id}`)).id).toBe(mine.id);
    expect(await getStudentForScope(enterpriseCtx(), mine.id)).toMatchObject({
      id: mine.id,
      seq: mine.seq,
      schoolOrgId: org.schoolA,
      consortiumId: org.c1,
      userId: studentUserId,
      consent: true,
      name: '孙本人',
    });
  });
});

describe('delete and restore', () => {
  it('soft-deletes (hidden, out of matching) and restores', async () => {
    const p = await create(as.schoolA!, { name: '钱删除' });
    const deleted = ok(await as.schoolA!.call('DELETE', `/api/students/${p.id}`));
    expect(deleted.deletedAt).not.toBeNull();
    expectError(await as.schoolA!.call('DELETE', `/api/students/${p.id}`), 409, 'CONFLICT', /已删除/);
    expectError(await as.official!.call('GET', `/api/students/${p.id}`), 404, 'NOT_FOUND');
    const visible = ok(await as.schoolA!.call('GET', '/api/students?pageSize=200'));
    expect(visible.items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    const bin = ok(await as.schoolA!.call('GET', '/api/students?deleted=true'));
    expect(bin.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    expect(ok(await as.official!.call('GET', '/api/students?deleted=true')).total).toBe(0);
    expectError(await as.schoolA!.call('PATCH', `/api/students/${p.id}`, { grade: 2020 }), 409, 'CONFLICT');
    expect(ok(await as.schoolA!.call('POST', `/api/students/${p.id}/restore`)).deletedAt).toBeNull();
    expectError(await as.schoolA!.call('POST', `/api/students/${p.id}/restore`), 409, 'CONFLICT', /未被删除/);
    expect(await outboxOps(p.seq)).toEqual(['upsert', 'remove', 'upsert']);
    const actions = (await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, p.id))).map((e) => e.action);
    expect(actions).toEqual(['student.create', 'student.delete', 'student.restore']);
  });
});

describe('graduate cohorts', () => {
  it('refuses destinations that do not add up to the graduates', async () => {
    const res = expectError(
      await as.schoolA!.call('POST', '/api/cohorts', {
        majorCode: '460301',
        year: 2024,
        graduates: 100,
        employed: 80,
        furtherStudy: 10,
        military: 2,
        startup: 1,
        unplaced: 5,
      }),
      400,
      'VALIDATION',
    );
    expect(JSON.stringify(res)).toContain('之和（98）应等于毕业生人数（100）');
  });

  it('upserts by school × major × year with the placement rate, and scopes reads and writes', async () => {
    const counts = { graduates: 100, employed: 80, furtherStudy: 10, military: 2, startup: 1, unplaced: 7 };
    const first = ok(await as.schoolA!.call('POST', '/api/cohorts', { majorCode: '460301', year: 2024, ...counts }));
    expect(first).toMatchObject({ schoolOrgId: org.schoolA, majorName: '机电一体化技术', placementRate: 0.93 });
    const again = ok(
      await as.schoolA!.call('POST', '/api/cohorts', {
        majorCode: '460301',
        year: 2024,
        ...counts,
        employed: 85,
        unplaced: 2,
      }),
    );
    expect(again.id).toBe(first.id);
    expect(again.placementRate).toBe(0.98);
    expectError(
      await as.schoolA!.call('PATCH', `/api/cohorts/${first.id}`, { unplaced: 10 }),
      400,
      'VALIDATION',
      /应等于毕业生人数/,
    );
    expect(
      ok(await as.schoolA!.call('PATCH', `/api/cohorts/${first.id}`, { graduates: 108, unplaced: 10 })).placementRate,
    ).toBe(0.9074);
    expectError(
      await as.schoolB!.call('POST', '/api/cohorts', {
        schoolOrgId: org.schoolA,
        majorCode: '460301',
        year: 2025,
        ...counts,
      }),
      403,
      'OUT_OF_SCOPE',
    );
    // Another school neither sees nor changes it.
    expectError(await as.schoolB!.call('PATCH', `/api/cohorts/${first.id}`, { graduates: 100 }), 404, 'NOT_FOUND');
    expectError(await as.teacherA!.call('PATCH', `/api/cohorts/${first.id}`, { graduates: 100 }), 403, 'FORBIDDEN');
    for (const key of ['official', 'secretariat', 'entIn', 'teacherA'] as const) {
      const list = ok(await as[key]!.call('GET', '/api/cohorts?year=2024'));
      expect(
        list.items.map((i: { id: string }) => i.id),
        key,
      ).toContain(first.id);
      expect(list.items.find((i: { id: string }) => i.id === first.id).canEdit).toBe(false);
    }
    expect(ok(await as.entOut!.call('GET', '/api/cohorts')).total).toBe(0);
    const mine = ok(await as.schoolA!.call('GET', `/api/cohorts?majorCode=460301&q=${encodeURIComponent('机电')}`));
    expect(mine.totals).toEqual({ graduates: 108, unplaced: 10, placementRate: 0.9074 });
    const text = await xlsxText(await as.official!.call('GET', '/api/cohorts/export?year=2024'));
    expect(text).toContain('去向落实率');
    expect(text).toContain('机电一体化技术');
    expect(ok(await as.schoolA!.call('DELETE', `/api/cohorts/${first.id}`))).toEqual({ ok: true });
    expect(ok(await as.schoolA!.call('GET', '/api/cohorts')).total).toBe(0);
    const actions = (await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, first.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['cohort.create', 'cohort.update', 'cohort.update', 'cohort.delete']);
  });
});

describe('enrollment plans', () => {
  it('upserts, edits, lists with totals and deletes, in the school’s scope', async () => {
    const p = ok(
      await as.schoolB!.call('POST', '/api/enrollment-plans', { majorCode: '510203', year: 2025, planned: 120 }),
    );
    expect(p).toMatchObject({ planned: 120, actual: null, fulfilmentRate: null, canEdit: true });
    const same = ok(
      await as.schoolB!.call('POST', '/api/enrollment-plans', {
        majorCode: '510203',
        year: 2025,
        planned: 120,
        actual: 90,
      }),
    );
    expect(same).toMatchObject({ id: p.id, actual: 90, fulfilmentRate: 0.75 });
    expect(ok(await as.schoolB!.call('PATCH', `/api/enrollment-plans/${p.id}`, { actual: 120 })).fulfilmentRate).toBe(
      1,
    );
    expectError(await as.schoolA!.call('DELETE', `/api/enrollment-plans/${p.id}`), 404, 'NOT_FOUND');
    expectError(await as.official!.call('DELETE', `/api/enrollment-plans/${p.id}`), 403, 'FORBIDDEN');
    expectError(
      await as.schoolB!.call('POST', '/api/enrollment-plans', { majorCode: '123456', year: 2025, planned: 1 }),
      400,
      'VALIDATION',
    );
    const list = ok(await as.secretariat!.call('GET', '/api/enrollment-plans?year=2025'));
    expect(list).toMatchObject({ total: 1, totals: { planned: 120, actual: 120 } });
    expect(ok(await as.secretariat2!.call('GET', '/api/enrollment-plans')).total).toBe(0);
    const text = await xlsxText(await as.secretariat!.call('GET', '/api/enrollment-plans/export?year=2025'));
    expect(text).toContain('计划招生人数');
    expect(text).toContain('510203');
    expect(ok(await as.schoolB!.call('DELETE', `/api/enrollment-plans/${p.id}`))).toEqual({ ok: true });
    const actions = (await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, p.id))).map((e) => e.action);
    expect(actions).toEqual(['plan.create', 'plan.update', 'plan.update', 'plan.delete']);
  });
});
