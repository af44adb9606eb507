import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLog, consortia, consortiumPlatforms, councilSeats, files, organizations } from '@chanjiao/db';
import { eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';
import { verifyChain } from '../audit';

/**
 * The consortium registry over HTTP: creation rules, lifecycle, members, council, resolutions,
 * operating platform, documents and downloads, exports, and who may do what.
 */
let env: TestEnv;
let dataDir: string;
const org: Record<string, string> = {};
const who: Record<string, Session> = {};
let consA: string; // created through the API by the official
let consB: string; // another consortium, its own secretariat

const FOUNDED = '2023-10-27';
const A_NAME = '两江新区智能网联新能源汽车产教联合体';

const auditCount = async (action: string, entityId?: string) =>
  (await env.deps.db.select().from(auditLog).where(eq(auditLog.action, action))).filter(
    (r) => !entityId || r.entityId === entityId,
  ).length;

const expectError = (res: LightMyRequestResponse, status: number, code: string, message?: string | RegExp) => {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.code).toBe(code);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else if (message) expect(body.message).toMatch(message);
  return body as { code: string; message: string; details?: { path: string; message: string }[] };
};

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const boundary = `----cjtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (
  s: Session,
  consortiumId: string,
  fields: Record<string, string>,
  file?: { name: string; content: Buffer },
) => {
  const { body, headers } = multipart(fields, file);
  return env.app.inject({
    method: 'POST',
    url: `/api/consortia/${consortiumId}/documents`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...headers },
    payload: body,
  });
};

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR-fake-png'),
]);

async function readSheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))),
    );
  });
  return { name: ws.name, rows };
}

const createBody = (over: Record<string, unknown> = {}) => ({
  name: `测试联合体${Math.random().toString(36).slice(2, 8)}`,
  level: 'municipal',
  leads: [{ orgId: org.school, leadKind: 'school' }],
  ...over,
});

beforeAll(async () => {
  env = await setupTestEnv();
  dataDir = mkdtempSync(join(tmpdir(), 'cj-files-'));
  env.deps.config.dataDir = dataDir;
  for (const [key, type, name] of [
    ['gov', 'government', '重庆市两江新区管理委员会'],
    ['park', 'park', '两江新区鱼复工业园'],
    ['park2', 'park', '两江新区水土高新园'],
    ['school', 'school', '重庆工程职业技术学院'],
    ['school2', 'school', '重庆电子工程职业学院'],
    ['ent', 'enterprise', '长安汽车股份有限公司'],
    ['ent2', 'enterprise', '赛力斯汽车有限公司'],
    ['ent3', 'enterprise', '重庆某零部件有限公司'],
    ['ent4', 'enterprise', '重庆某智能装备有限公司'],
    ['deleted', 'enterprise', '已注销的企业'],
  ] as const)
    org[key] = (await makeOrg(env, type, name)).id;
  await env.deps.db.update(organizations).set({ deletedAt: new Date() }).where(eq(organizations.id, org.deleted!));
  await env.deps.db
    .update(organizations)
    .set({ districtCode: '500112', creditCode: '91500000MA5U000000' })
    .where(eq(organizations.id, org.ent3!));

  who.official = await login(env, (await makeUser(env, 'official')).username);
  const created = await who.official.call('POST', '/api/consortia', {
    name: A_NAME,
    level: 'park_led',
    foundedOn: FOUNDED,
    clusterCodes: ['C01'],
    description: '服务智能网联新能源汽车产业集群',
    leads: [
      { orgId: org.gov, leadKind: 'government' },
      { orgId: org.school, leadKind: 'school' },
      { orgId: org.ent, leadKind: 'enterprise' },
    ],
    parkOrgIds: [org.park],
  });
  if (created.statusCode !== 200) throw new Error(created.body);
  consA = created.json().id;
  consB = (await makeConsortium(env, '乙联合体')).id;

  const mk = async (
    key: string,
    role: Parameters<typeof makeUser>[1],
    scope: { orgId?: string; consortiumId?: string },
  ) => {
    who[key] = await login(env, (await makeUser(env, role, scope)).username);
  };
  await mk('secA', 'secretariat', { consortiumId: consA });
  await mk('secB', 'secretariat', { consortiumId: consB });
  await mk('councilA', 'council', { consortiumId: consA });
  await mk('entA', 'enterprise', { orgId: org.ent! });
});
afterAll(async () => {
  await env.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('creating a consortium (official)', () => {
  it('registers it in 筹建 with a first history entry, its leads as council units and its parks', async () => {
    const d = (await who.official!.call('GET', `/api/consortia/${consA}`)).json();
    expect(d).toMatchObject({
      name: A_NAME,
      status: 'preparing',
      level: 'park_led',
      foundedOn: FOUNDED,
      memberCount: 3,
    });
    expect(d.statusHistory).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'preparing', reason: '登记筹建' }),
    ]);
    expect(d.leads.map((l: { orgName: string; orgType: string }) => `${l.orgName}/${l.orgType}`).sort()).toEqual(
      ['重庆市两江新区管理委员会/government', '重庆工程职业技术学院/school', '长安汽车股份有限公司/enterprise'].sort(),
    );
    expect(d.parks).toEqual([{ orgId: org.park, orgName: '两江新区鱼复工业园' }]);
    const members = (await who.official!.call('GET', `/api/consortia/${consA}/members`)).json();
    expect(members.total).toBe(3);
    for (const m of members.items) expect(m).toMatchObject({ memberRole: 'council_unit', joinedOn: FOUNDED });
    expect(await auditCount('consortium.create', consA)).toBe(1);
  });

  it('joins the leads on the day of registration when no founding date is given', async () => {
    const res = await who.official!.call('POST', '/api/consortia', createBody());
    expect(res.statusCode, res.body).toBe(200);
    const members = (await who.official!.call('GET', `/api/consortia/${res.json().id}/members`)).json();
    expect(members.items[0].joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.json().statusHistory[0].decidedOn).toBe(members.items[0].joinedOn);
  });

  it('refuses a lead whose organization type does not fit its kind', async () => {
    const res = await who.official!.call(
      'POST',
      '/api/consortia',
      createBody({ leads: [{ orgId: org.ent, leadKind: 'school' }] }),
    );
    const body = expectError(res, 400, 'VALIDATION', /不能作为学校牵头单位/);
    expect(body.details).toEqual([{ path: 'leads', message: '“长安汽车股份有限公司”是企业，不能作为学校牵头单位' }]);
    const gov = await who.official!.call(
      'POST',
      '/api/consortia',
      createBody({ leads: [{ orgId: org.park, leadKind: 'government' }] }),
    );
    expect(expectError(gov, 400, 'VALIDATION').details?.[0]?.path).toBe('leads');
  });

  it('refuses a deleted or unknown lead, a park that is not a park, and an unknown cluster', async () => {
    const deleted = await who.official!.call(
      'POST',
      '/api/consortia',
      createBody({ leads: [{ orgId: org.deleted, leadKind: 'enterprise' }] }),
    );
    expect(expectError(deleted, 400, 'VALIDATION', '牵头单位不存在或已删除').details?.[0]?.path).toBe('leads');
    const unknown = await who.official!.call(
      'POST',
      '/api/consortia',
      createBody({ leads: [{ orgId: '00000000-0000-4000-8000-000000000001', leadKind: 'school' }] }),
    );
    expect(expectError(unknown, 400, 'VALIDATION').details?.[0]?.path).toBe('leads');
    const park = await who.official!.call('POST', '/api/consortia', createBody({ parkOrgIds: [org.ent3] }));
    expect(expectError(park, 400, 'VALIDATION', /不是产业园区/).details?.[0]?.path).toBe('parkOrgIds');
    const cluster = await who.official!.call('POST', '/api/consortia', createBody({ clusterCodes: ['C99'] }));
    expect(expectError(cluster, 400, 'VALIDATION', /C99/).details?.[0]?.path).toBe('clusterCodes');
  });

  it('refuses a taken name with 409 and a Chinese message', async () => {
    const res = await who.official!.call('POST', '/api/consortia', createBody({ name: A_NAME }));
    const body = expectError(res, 409, 'CONFLICT', `联合体名称“${A_NAME}”已被使用`);
    expect(body.details?.[0]?.path).toBe('name');
  });

  it('validates the body with the contract (川渝毗邻 needs a region; at least one lead)', async () => {
    const res = await who.official!.call('POST', '/api/consortia', createBody({ level: 'cross_region' }));
    expect(expectError(res, 400, 'VALIDATION').details?.[0]?.path).toBe('region');
    const noLead = await who.official!.call('POST', '/api/consortia', createBody({ leads: [] }));
    expect(expectError(noLead, 400, 'VALIDATION').details?.[0]?.path).toBe('leads');
  });

  it('is for officials only', async () => {
    for (const s of [who.secA!, who.councilA!, who.entA!])
      expectError(await s.call('POST', '/api/consortia', createBody()), 403, 'FORBIDDEN');
  });
});

describe('editing a consortium (its secretariat)', () => {
  it('lets the secretariat of this consortium edit it, audited with before and after', async () => {
    const res = await who.secA!.call('PATCH', `/api/consortia/${consA}`, {
      description: '新的简介',
      region: '两江新区',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ description: '新的简介', region: '两江新区' });
    const [entry] = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'consortium.update'));
    expect(entry?.diff).toMatchObject({ description: ['服务智能网联新能源汽车产业集群', '新的简介'] });
  });

  it('replaces the leads under the creation rules; a new lead becomes a council unit', async () => {
    const bad = await who.secA!.call('PATCH', `/api/consortia/${consA}`, {
      leads: [{ orgId: org.school2, leadKind: 'enterprise' }],
    });
    expect(expectError(bad, 400, 'VALIDATION').details?.[0]?.path).toBe('leads');
    const res = await who.secA!.call('PATCH', `/api/consortia/${consA}`, {
      leads: [
        { orgId: org.gov, leadKind: 'government' },
        { orgId: org.school, leadKind: 'school' },
        { orgId: org.ent, leadKind: 'enterprise' },
        { orgId: org.ent2, leadKind: 'enterprise' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().leads).toHaveLength(4);
    const members = (await who.secA!.call('GET', `/api/consortia/${consA}/members?q=赛力斯`)).json();
    expect(members.items).toEqual([expect.objectContaining({ orgId: org.ent2, memberRole: 'council_unit' })]);
  });

  it('refuses a name another consortium has', async () => {
    const res = await who.secA!.call('PATCH', `/api/consortia/${consA}`, { name: '乙联合体' });
    expectError(res, 409, 'CONFLICT', '联合体名称“乙联合体”已被使用');
  });

  it("refuses another consortium's secretariat (OUT_OF_SCOPE) and officials, council, enterprises (FORBIDDEN)", async () => {
    expectError(await who.secB!.call('PATCH', `/api/consortia/${consA}`, { description: 'x' }), 403, 'OUT_OF_SCOPE');
    for (const s of [who.official!, who.councilA!, who.entA!])
      expectError(await s.call('PATCH', `/api/consortia/${consA}`, { description: 'x' }), 403, 'FORBIDDEN');
  });
});

describe('lifecycle (official status decisions)', () => {
  let id: string;
  let sec: Session;
  beforeAll(async () => {
    id = (await who.official!.call('POST', '/api/consortia', createBody({ foundedOn: '2024-01-01' }))).json().id;
    sec = await login(env, (await makeUser(env, 'secretariat', { consortiumId: id })).username);
  });
  const decide = (toStatus: string, decidedOn: string, documentNo?: string) =>
    who.official!.call('POST', `/api/consortia/${id}/status`, {
      toStatus,
      decidedOn,
      reason: `决定变更为${toStatus}`,
      ...(documentNo ? { documentNo } : {}),
    });

  it('refuses a decision dated before the previous one', async () => {
    expectError(await decide('cultivating', '2023-12-31'), 400, 'VALIDATION', /不能早于上一次状态决定/);
  });

  it('refuses a transition the lifecycle does not allow, naming both statuses', async () => {
    expectError(await decide('exemplary', '2024-02-01'), 409, 'CONFLICT', '不能从“筹建”变更为“示范”');
    expectError(
      await who.official!.call('POST', `/api/consortia/${consB}/status`, {
        toStatus: 'exemplary',
        decidedOn: '2024-02-01',
        reason: '跳级申请',
      }),
      409,
      'CONFLICT',
      '不能从“培育”变更为“示范”',
    );
  });

  it('walks 筹建 → 培育 → 验收通过 → 示范 and keeps every decision, newest first', async () => {
    expect((await decide('cultivating', '2024-03-01', '渝教职成〔2024〕1号')).json().status).toBe('cultivating');
    expect((await decide('accepted', '2025-03-01')).json().status).toBe('accepted');
    const d = (await decide('exemplary', '2025-09-01')).json();
    expect(d.status).toBe('exemplary');
    expect(d.statusHistory.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'exemplary',
      'accepted',
      'cultivating',
      'preparing',
    ]);
    expect(d.statusHistory[2]).toMatchObject({
      fromStatus: 'preparing',
      decidedOn: '2024-03-01',
      documentNo: '渝教职成〔2024〕1号',
      reason: '决定变更为cultivating',
    });
    expectError(await decide('cultivating', '2025-10-01'), 409, 'CONFLICT', '不能从“示范”变更为“培育”');
  });

  it('is decided by officials only', async () => {
    const res = await sec.call('POST', `/api/consortia/${id}/status`, {
      toStatus: 'revoked',
      decidedOn: '2025-10-01',
      reason: '自行撤销',
    });
    expectError(res, 403, 'FORBIDDEN');
  });

  it('revokes, after which nothing moves and the secretariat can only read', async () => {
    const before = (await sec.call('GET', `/api/consortia/${id}`)).json();
    expect(before.can).toEqual({ edit: true, decideStatus: false });
    expect((await who.official!.call('GET', `/api/consortia/${id}`)).json().can).toEqual({
      edit: false,
      decideStatus: true,
    });
    expect((await decide('revoked', '2025-11-01', '渝教职成〔2025〕9号')).json().status).toBe('revoked');
    expectError(await decide('cultivating', '2025-11-02'), 409, 'CONFLICT', '不能从“撤销”变更为“培育”');
    const readOnly = '联合体已撤销，不能修改';
    expectError(await sec.call('PATCH', `/api/consortia/${id}`, { description: 'x' }), 409, 'CONFLICT', readOnly);
    expectError(
      await sec.call('POST', `/api/consortia/${id}/members`, {
        orgId: org.ent4,
        memberRole: 'member_unit',
        joinedOn: '2025-11-02',
      }),
      409,
      'CONFLICT',
      readOnly,
    );
    expectError(
      await sec.call('POST', `/api/consortia/${id}/resolutions`, {
        meetingDate: '2025-11-02',
        title: '撤销后的决议',
        attendees: ['张三'],
        body: '不应登记',
      }),
      409,
      'CONFLICT',
      readOnly,
    );
    expectError(await sec.call('PUT', `/api/consortia/${id}/platform`, { legalEntityName: '某公司' }), 409, 'CONFLICT');
    expectError(
      await upload(sec, id, { kind: 'charter', title: '章程' }, { name: 'a.pdf', content: PDF }),
      409,
      'CONFLICT',
    );
    const after = (await sec.call('GET', `/api/consortia/${id}`)).json();
    expect(after.can).toEqual({ edit: false, decideStatus: false });
    expect(after.statusHistory[0]).toMatchObject({ toStatus: 'revoked', documentNo: '渝教职成〔2025〕9号' });
    expect(await auditCount('consortium.status', id)).toBe(4);
  });
});

describe('members', () => {
  let ent3Member: string;
  it('adds a member with its organization facts, audited', async () => {
    const res = await who.secA!.call('POST', `/api/consortia/${consA}/members`, {
      orgId: org.ent3,
      memberRole: 'member_unit',
      joinedOn: '2024-01-01',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      orgName: '重庆某零部件有限公司',
      orgType: 'enterprise',
      creditCode: '91500000MA5U000000',
      districtName: '渝北区',
      memberRole: 'member_unit',
      joinedOn: '2024-01-01',
      leftOn: null,
    });
    ent3Member = res.json().id;
    expect(await auditCount('consortium.member.add', ent3Member)).toBe(1);
  });

  it('refuses an active duplicate, a deleted organization and a date before the founding', async () => {
    const body = { orgId: org.ent3, memberRole: 'member_unit', joinedOn: '2024-02-01' };
    expectError(
      await who.secA!.call('POST', `/api/consortia/${consA}/members`, body),
      409,
      'CONFLICT',
      '该单位已是成员',
    );
    const deleted = await who.secA!.call('POST', `/api/consortia/${consA}/members`, { ...body, orgId: org.deleted });
    expect(expectError(deleted, 400, 'VALIDATION').details?.[0]?.path).toBe('orgId');
    const early = await who.secA!.call('POST', `/api/consortia/${consA}/members`, {
      ...body,
      orgId: org.school2,
      joinedOn: '2023-10-26',
    });
    expect(
      expectError(early, 400, 'VALIDATION', `加入日期不能早于联合体成立日期（${FOUNDED}）`).details?.[0]?.path,
    ).toBe('joinedOn');
  });

  it('lists with filters: type, role, name, and active / left / all', async () => {
    const list = async (qs: string) =>
      (await who.councilA!.call('GET', `/api/consortia/${consA}/members?${qs}`)).json() as {
        total: number;
        items: { orgName: string }[];
      };
    expect((await list('')).total).toBe(5);
    expect((await list('type=school')).items.map((m) => m.orgName)).toEqual(['重庆工程职业技术学院']);
    expect((await list('memberRole=member_unit')).items.map((m) => m.orgName)).toEqual(['重庆某零部件有限公司']);
    expect((await list('q=长安')).total).toBe(1);
    expect((await list('q=91500000MA5U')).items.map((m) => m.orgName)).toEqual(['重庆某零部件有限公司']);
    expect((await list('include=left')).total).toBe(0);
  });

  it('a leaving date before the joining date is refused; a lead unit cannot leave', async () => {
    const early = await who.secA!.call('POST', `/api/consortia/${consA}/members/${ent3Member}/leave`, {
      leftOn: '2023-12-31',
      reason: '经营调整',
    });
    expect(expectError(early, 400, 'VALIDATION', /退出日期不能早于加入日期/).details?.[0]?.path).toBe('leftOn');
    const members = (await who.secA!.call('GET', `/api/consortia/${consA}/members?q=长安`)).json();
    const lead = await who.secA!.call('POST', `/api/consortia/${consA}/members/${members.items[0].id}/leave`, {
      leftOn: '2025-01-01',
      reason: '试图退出',
    });
    expectError(lead, 409, 'CONFLICT', '牵头单位不能退出联合体');
  });

  it('a member leaves with a date and reason, then may join again', async () => {
    const res = await who.secA!.call('POST', `/api/consortia/${consA}/members/${ent3Member}/leave`, {
      leftOn: '2025-01-01',
      reason: '经营调整',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ leftOn: '2025-01-01', leftReason: '经营调整' });
    expectError(
      await who.secA!.call('POST', `/api/consortia/${consA}/members/${ent3Member}/leave`, {
        leftOn: '2025-02-01',
        reason: '再次退出',
      }),
      409,
      'CONFLICT',
      '该单位已于 2025-01-01 退出',
    );
    expect(await auditCount('consortium.member.leave', ent3Member)).toBe(1);
    const left = (await who.secA!.call('GET', `/api/consortia/${consA}/members?include=left`)).json();
    expect(left.items).toEqual([expect.objectContaining({ id: ent3Member, leftReason: '经营调整' })]);
    expect((await who.secA!.call('GET', `/api/consortia/${consA}/members?include=all`)).json().total).toBe(5);
    expect((await who.secA!.call('GET', `/api/consortia/${consA}`)).json().memberCount).toBe(4);
    const again = await who.secA!.call('POST', `/api/consortia/${consA}/members`, {
      orgId: org.ent3,
      memberRole: 'member_unit',
      joinedOn: '2025-06-01',
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).not.toBe(ent3Member);
  });

  it('exports the filtered members as xlsx with Chinese headers', async () => {
    const res = await who.secA!.call('GET', `/api/consortia/${consA}/members/export?memberRole=member_unit`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.name).toBe('成员单位');
    expect(sheet.rows[0]).toEqual([
      '单位名称',
      '单位类型',
      '统一社会信用代码',
      '所在区县',
      '成员类型',
      '加入日期',
      '退出日期',
      '退出原因',
    ]);
    expect(sheet.rows.slice(1)).toEqual([
      ['重庆某零部件有限公司', '企业', '91500000MA5U000000', '渝北区', '成员单位', '2025-06-01'],
    ]);
  });

  it('member writes: other secretariat OUT_OF_SCOPE; official, council, enterprise FORBIDDEN; reads in scope only', async () => {
    const body = { orgId: org.ent4, memberRole: 'member_unit', joinedOn: '2024-05-01' };
    expectError(await who.secB!.call('POST', `/api/consortia/${consA}/members`, body), 403, 'OUT_OF_SCOPE');
    for (const s of [who.official!, who.councilA!, who.entA!])
      expectError(await s.call('POST', `/api/consortia/${consA}/members`, body), 403, 'FORBIDDEN');
    expectError(await who.secB!.call('GET', `/api/consortia/${consA}/members`), 403, 'OUT_OF_SCOPE');
    expectError(await who.secB!.call('GET', `/api/consortia/${consA}/members/export`), 403, 'OUT_OF_SCOPE');
    expect((await who.entA!.call('GET', `/api/consortia/${consA}/members`)).statusCode).toBe(200);
  });
});

describe('council (理事会)', () => {
  let chairId: string;
  let directorId: string;
  const appoint = (body: Record<string, unknown>, s = who.secA!) =>
    s.call('POST', `/api/consortia/${consA}/council`, body);

  beforeAll(async () => {
    // ent4 joins as a council unit (理事单位) to hold a director seat.
    const res = await who.secA!.call('POST', `/api/consortia/${consA}/members`, {
      orgId: org.ent4,
      memberRole: 'council_unit',
      joinedOn: '2024-01-01',
    });
    if (res.statusCode !== 200) throw new Error(res.body);
  });

  it('the chair (理事长) must come from a lead unit, and the organization must be an active member', async () => {
    const notLead = await appoint({ seat: 'chair', personName: '赵六', orgId: org.ent4, termStart: '2024-01-01' });
    expect(expectError(notLead, 400, 'VALIDATION', '理事长须来自牵头单位').details?.[0]?.path).toBe('orgId');
    const notMember = await appoint({
      seat: 'director',
      personName: '钱七',
      orgId: org.school2,
      termStart: '2024-01-01',
    });
    expect(expectError(notMember, 400, 'VALIDATION', /在册成员单位/).details?.[0]?.path).toBe('orgId');
    const res = await appoint({
      seat: 'chair',
      personName: '张三',
      personTitle: '董事长',
      orgId: org.ent,
      termStart: FOUNDED,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      seat: 'chair',
      personName: '张三',
      orgName: '长安汽车股份有限公司',
      current: true,
    });
    chairId = res.json().id;
  });

  it('one chair at a time: an overlapping term is refused with the sitting chair named', async () => {
    const res = await appoint({ seat: 'chair', personName: '李四', orgId: org.school, termStart: '2025-01-01' });
    expect(expectError(res, 409, 'CONFLICT', '已有在任理事长（张三），请先结束其任期').details?.[0]?.path).toBe('seat');
    // A past term that does not overlap is a matter of record and is accepted.
    const past = await appoint({
      seat: 'chair',
      personName: '前任',
      orgId: org.school,
      termStart: '2020-01-01',
      termEnd: '2022-12-31',
    });
    expect(past.statusCode, past.body).toBe(200);
    expect(past.json().current).toBe(false);
  });

  it('the partial unique index backs the rule: a second open chair cannot be written even directly', async () => {
    await expect(
      env.deps.db.insert(councilSeats).values({
        consortiumId: consA,
        seat: 'chair',
        personName: '绕过服务',
        orgId: org.school!,
        termStart: '2026-01-01',
      }),
    ).rejects.toThrow();
  });

  it('directors and vice-chairs come from council units (理事单位)', async () => {
    await who.secA!.call('POST', `/api/consortia/${consA}/members`, {
      orgId: org.school2,
      memberRole: 'member_unit',
      joinedOn: '2024-01-01',
    });
    const res = await appoint({ seat: 'director', personName: '孙八', orgId: org.school2, termStart: '2024-01-01' });
    expectError(res, 400, 'VALIDATION', '理事须来自理事单位');
    const vice = await appoint({ seat: 'vice_chair', personName: '孙八', orgId: org.school2, termStart: '2024-01-01' });
    expectError(vice, 400, 'VALIDATION', '副理事长须来自理事单位');
    const ok = await appoint({ seat: 'director', personName: '李四', orgId: org.ent4, termStart: '2024-01-01' });
    expect(ok.statusCode, ok.body).toBe(200);
    directorId = ok.json().id;
  });

  it('one secretary-general at a time', async () => {
    const first = await appoint({
      seat: 'secretary_general',
      personName: '周九',
      orgId: org.school,
      termStart: '2024-01-01',
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await appoint({
      seat: 'secretary_general',
      personName: '吴十',
      orgId: org.ent4,
      termStart: '2025-01-01',
    });
    expectError(second, 409, 'CONFLICT', '已有在任秘书长（周九），请先结束其任期');
  });

  it('a unit whose person holds a current seat cannot leave until the term ends', async () => {
    const m = (await who.secA!.call('GET', `/api/consortia/${consA}/members?q=智能装备`)).json().items[0];
    const leave = () =>
      who.secA!.call('POST', `/api/consortia/${consA}/members/${m.id}/leave`, { leftOn: '2025-07-01', reason: '退出' });
    expectError(await leave(), 409, 'CONFLICT', '该单位的李四仍任理事，请先结束其任期');
    const ended = await who.secA!.call('POST', `/api/consortia/${consA}/council/${directorId}/end`, {
      termEnd: '2025-06-30',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await leave()).statusCode).toBe(200);
  });

  it('ends a term (not before it started), after which a new chair can be appointed', async () => {
    const early = await who.secA!.call('POST', `/api/consortia/${consA}/council/${chairId}/end`, {
      termEnd: '2023-01-01',
    });
    expect(expectError(early, 400, 'VALIDATION', /任期结束不能早于开始/).details?.[0]?.path).toBe('termEnd');
    const ended = await who.secA!.call('POST', `/api/consortia/${consA}/council/${chairId}/end`, {
      termEnd: '2025-06-30',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ termEnd: '2025-06-30', current: false });
    expectError(
      await who.secA!.call('POST', `/api/consortia/${consA}/council/${chairId}/end`, { termEnd: '2025-07-30' }),
      409,
      'CONFLICT',
      '该任期已于 2025-06-30 结束',
    );
    // Still overlapping the ended term's last month: refused.
    expectError(
      await appoint({ seat: 'chair', personName: '王五', orgId: org.school, termStart: '2025-06-15' }),
      409,
      'CONFLICT',
      '已有在任理事长（张三），请先结束其任期',
    );
    const next = await appoint({ seat: 'chair', personName: '王五', orgId: org.school, termStart: '2025-07-01' });
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json().current).toBe(true);
  });

  it('shows current seats first in the detail', async () => {
    const council = (await who.councilA!.call('GET', `/api/consortia/${consA}`)).json().council as {
      seat: string;
      personName: string;
      current: boolean;
    }[];
    expect(council.map((s) => `${s.seat}:${s.personName}:${s.current}`)).toEqual([
      'chair:王五:true',
      'secretary_general:周九:true',
      'director:李四:false',
      'chair:张三:false',
      'chair:前任:false',
    ]);
  });

  it('council writes are audited and limited to the own secretariat', async () => {
    expect(await auditCount('consortium.council.appoint')).toBe(5);
    expect(await auditCount('consortium.council.end')).toBe(2);
    const body = { seat: 'director', personName: '某人', orgId: org.school, termStart: '2025-01-01' };
    expectError(await appoint(body, who.secB!), 403, 'OUT_OF_SCOPE');
    for (const s of [who.official!, who.councilA!, who.entA!]) expectError(await appoint(body, s), 403, 'FORBIDDEN');
    expectError(
      await who.councilA!.call('POST', `/api/consortia/${consA}/council/${chairId}/end`, { termEnd: '2025-07-01' }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('resolutions (理事会决议)', () => {
  it('records resolutions, newest meeting first, audited', async () => {
    for (const [meetingDate, title] of [
      ['2024-03-15', '第一次理事会决议'],
      ['2025-03-15', '第二次理事会决议'],
    ]) {
      const res = await who.secA!.call('POST', `/api/consortia/${consA}/resolutions`, {
        meetingDate,
        title,
        attendees: ['张三', '周九'],
        body: '审议通过年度工作计划。',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ meetingDate, title, attendees: ['张三', '周九'] });
    }
    const d = (await who.entA!.call('GET', `/api/consortia/${consA}`)).json();
    expect(d.resolutions.map((r: { title: string }) => r.title)).toEqual(['第二次理事会决议', '第一次理事会决议']);
    expect(await auditCount('consortium.resolution.add')).toBe(2);
    const empty = await who.secA!.call('POST', `/api/consortia/${consA}/resolutions`, {
      meetingDate: '2025-03-15',
      title: '无出席人',
      attendees: [],
      body: '内容',
    });
    expect(expectError(empty, 400, 'VALIDATION').details?.[0]?.path).toBe('attendees');
    expectError(
      await who.councilA!.call('POST', `/api/consortia/${consA}/resolutions`, {
        meetingDate: '2025-03-15',
        title: '理事登记',
        attendees: ['张三'],
        body: '内容',
      }),
      403,
      'FORBIDDEN',
    );
  });
});

describe('operating platform (运营平台)', () => {
  it('stores the manager phone encrypted, answers it masked, and upserts', async () => {
    const body = {
      legalEntityName: '重庆两江产教融合发展有限公司',
      entityType: '有限责任公司',
      managerName: '陈经理',
      managerPhone: '13812345678',
      establishedOn: '2024-01-01',
    };
    const res = await who.secA!.call('PUT', `/api/consortia/${consA}/platform`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ legalEntityName: body.legalEntityName, managerPhone: '138****5678' });
    const [row] = await env.deps.db
      .select()
      .from(consortiumPlatforms)
      .where(eq(consortiumPlatforms.consortiumId, consA));
    expect(row!.managerPhoneEnc).not.toContain('13812345678');
    expect(env.deps.cipher.decrypt(row!.managerPhoneEnc!)).toBe('13812345678');
    expect(res.body).not.toContain('13812345678');

    const again = await who.secA!.call('PUT', `/api/consortia/${consA}/platform`, {
      ...body,
      managerPhone: '13900001111',
    });
    expect(again.json().managerPhone).toBe('139****1111');
    expect(
      await env.deps.db.select().from(consortiumPlatforms).where(eq(consortiumPlatforms.consortiumId, consA)),
    ).toHaveLength(1);
    expect((await who.official!.call('GET', `/api/consortia/${consA}`)).json().platform.managerPhone).toBe(
      '139****1111',
    );
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'consortium.platform.update'));
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries.map((e) => e.diff))).not.toMatch(/13812345678|13900001111/);
    expectError(await who.secB!.call('PUT', `/api/consortia/${consA}/platform`, body), 403, 'OUT_OF_SCOPE');
    expectError(await who.entA!.call('PUT', `/api/consortia/${consA}/platform`, body), 403, 'FORBIDDEN');
  });

  it('keeps the stored phone when an edit leaves it out, and clears it only on null', async () => {
    const { managerPhone, ...rest } = {
      legalEntityName: '重庆两江产教融合发展有限公司',
      managerName: '陈经理',
      managerPhone: 'x',
    };
    const kept = await who.secA!.call('PUT', `/api/consortia/${consA}/platform`, { ...rest, note: '更新备注' });
    expect(kept.json()).toMatchObject({ note: '更新备注', managerPhone: '139****1111' });
    const cleared = await who.secA!.call('PUT', `/api/consortia/${consA}/platform`, { ...rest, managerPhone: null });
    expect(cleared.json().managerPhone).toBeNull();
    expect(managerPhone).toBe('x');
  });
});

describe('documents (章程 and 制度) and downloads', () => {
  let firstFileId: string;
  it('uploads a new version per consortium, kind and title', async () => {
    const v1 = await upload(
      who.secA!,
      consA,
      { kind: 'charter', title: '联合体章程', effectiveOn: '2023-10-27' },
      { name: '联合体章程.pdf', content: PDF },
    );
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({
      kind: 'charter',
      title: '联合体章程',
      version: 1,
      fileName: '联合体章程.pdf',
      size: PDF.length,
    });
    firstFileId = v1.json().fileId;
    const v2 = await upload(
      who.secA!,
      consA,
      { kind: 'charter', title: '联合体章程', note: '第二次修订' },
      { name: '联合体章程（修订）.pdf', content: Buffer.concat([PDF, Buffer.from('rev2')]) },
    );
    expect(v2.json().version).toBe(2);
    const other = await upload(
      who.secA!,
      consA,
      { kind: 'rules', title: '理事会议事规则' },
      { name: '议事规则.docx', content: Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('word/document.xml')]) },
    );
    expect(other.json()).toMatchObject({ kind: 'rules', version: 1 });
    const docs = (await who.secA!.call('GET', `/api/consortia/${consA}`)).json().documents;
    expect(docs.map((d: { title: string; version: number }) => `${d.title}#${d.version}`)).toEqual([
      '理事会议事规则#1',
      '联合体章程#2',
      '联合体章程#1',
    ]);
    expect(await auditCount('consortium.document.upload')).toBe(3);
  });

  it('checks the type by content: PNG bytes named .pdf are accepted as an image, text named .pdf is refused', async () => {
    const png = await upload(
      who.secA!,
      consA,
      { kind: 'rules', title: '组织架构图' },
      { name: '架构图.pdf', content: PNG },
    );
    expect(png.statusCode, png.body).toBe(200);
    const dl = await who.secA!.call('GET', `/api/files/${png.json().fileId}`);
    expect(dl.headers['content-type']).toBe('image/png');
    const text = await upload(
      who.secA!,
      consA,
      { kind: 'rules', title: '伪装文件' },
      { name: '伪装.pdf', content: Buffer.from('这只是一个文本文件，不是 PDF') },
    );
    expect(expectError(text, 400, 'VALIDATION', '仅支持 PDF、Word、Excel、图片文件').details?.[0]?.path).toBe('file');
    const exe = await upload(
      who.secA!,
      consA,
      { kind: 'rules', title: '程序' },
      { name: 'a.pdf', content: Buffer.from('MZ\x90\x00') },
    );
    expectError(exe, 400, 'VALIDATION', '仅支持 PDF、Word、Excel、图片文件');
  });

  it('validates the text fields and needs a file', async () => {
    const noTitle = await upload(who.secA!, consA, { kind: 'charter' }, { name: 'a.pdf', content: PDF });
    expect(expectError(noTitle, 400, 'VALIDATION').details?.map((d) => d.path)).toContain('title');
    const badKind = await upload(
      who.secA!,
      consA,
      { kind: 'minutes', title: '会议纪要' },
      { name: 'a.pdf', content: PDF },
    );
    expect(expectError(badKind, 400, 'VALIDATION').details?.[0]?.path).toBe('kind');
    const noFile = await upload(who.secA!, consA, { kind: 'charter', title: '联合体章程' });
    expect(expectError(noFile, 400, 'VALIDATION', '请选择要上传的文件').details?.[0]?.path).toBe('file');
    const json = await who.secA!.call('POST', `/api/consortia/${consA}/documents`, { kind: 'charter', title: '章程' });
    expectError(json, 400, 'VALIDATION');
  });

  it('stores the same content once (content-addressed) with one files row per upload', async () => {
    const res = await upload(
      who.secA!,
      consA,
      { kind: 'rules', title: '章程副本' },
      { name: '副本.pdf', content: PDF },
    );
    const rows = await env.deps.db
      .select()
      .from(files)
      .where(inArray(files.id, [firstFileId, res.json().fileId]));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.storageKey).toBe(rows[1]!.storageKey);
    expect(rows[0]!.storageKey).toBe(`${rows[0]!.sha256.slice(0, 2)}/${rows[0]!.sha256}`);
    expect(readdirSync(join(dataDir, 'files', rows[0]!.sha256.slice(0, 2)))).toContain(rows[0]!.sha256);
    expect(readdirSync(join(dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('refuses a file over 20 MB and keeps nothing of it', async () => {
    const before = (await env.deps.db.select().from(files)).length;
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]);
    const res = await upload(
      who.secA!,
      consA,
      { kind: 'charter', title: '超大文件' },
      { name: 'big.pdf', content: big },
    );
    expectError(res, 413, 'PAYLOAD_TOO_LARGE', '文件不能超过 20 MB');
    expect((await env.deps.db.select().from(files)).length).toBe(before);
    expect(readdirSync(join(dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('downloads within scope with a UTF-8 file name; another secretariat gets OUT_OF_SCOPE', async () => {
    for (const s of [who.secA!, who.official!, who.councilA!, who.entA!]) {
      const res = await s.call('GET', `/api/files/${firstFileId}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.rawPayload.equals(PDF)).toBe(true);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('联合体章程.pdf')}`);
    }
    expectError(await who.secB!.call('GET', `/api/files/${firstFileId}`), 403, 'OUT_OF_SCOPE');
    expectError(await who.secA!.call('GET', '/api/files/00000000-0000-4000-8000-000000000009'), 404, 'NOT_FOUND');
  });

  it('uploads: another secretariat OUT_OF_SCOPE, council and enterprise FORBIDDEN', async () => {
    const doc = { kind: 'charter', title: '联合体章程' };
    const file = { name: 'a.pdf', content: PDF };
    expectError(await upload(who.secB!, consA, doc, file), 403, 'OUT_OF_SCOPE');
    expectError(await upload(who.councilA!, consA, doc, file), 403, 'FORBIDDEN');
    expectError(await upload(who.entA!, consA, doc, file), 403, 'FORBIDDEN');
    expectError(await upload(who.official!, consA, doc, file), 403, 'FORBIDDEN');
  });
});

describe('list, detail and export by data scope', () => {
  let deletedId: string;
  beforeAll(async () => {
    deletedId = (await makeConsortium(env, '已删除的联合体')).id;
    await env.deps.db.update(consortia).set({ deletedAt: new Date() }).where(eq(consortia.id, deletedId));
  });
  const names = async (s: Session, qs = '') =>
    ((await s.call('GET', `/api/consortia?pageSize=200${qs}`)).json().items as { name: string }[]).map((c) => c.name);

  it('officials see every consortium but soft-deleted ones; filters narrow the list', async () => {
    const all = await names(who.official!);
    expect(all).toContain(A_NAME);
    expect(all).toContain('乙联合体');
    expect(all).not.toContain('已删除的联合体');
    expectError(await who.official!.call('GET', `/api/consortia/${deletedId}`), 404, 'NOT_FOUND');
    expect(await names(who.official!, '&clusterCode=C01')).toEqual([A_NAME]);
    expect(await names(who.official!, '&level=park_led')).toEqual([A_NAME]);
    expect(await names(who.official!, '&status=cultivating')).toEqual(['乙联合体']);
    expect(await names(who.official!, `&q=${encodeURIComponent('智能网联')}`)).toEqual([A_NAME]);
    const a = (await who.official!.call('GET', `/api/consortia?q=${encodeURIComponent('智能网联')}`)).json().items[0];
    // gov, school, ent, ent2 (leads), ent3 (re-joined), school2; ent4 left.
    expect(a.memberCount).toBe(6);
    expect(a.clusterCodes).toEqual(['C01']);
  });

  it('a secretariat, council member or member enterprise sees only its consortia', async () => {
    expect(await names(who.secA!)).toEqual([A_NAME]);
    expect(await names(who.councilA!)).toEqual([A_NAME]);
    expect(await names(who.entA!)).toEqual([A_NAME]);
    expect(await names(who.secB!)).toEqual(['乙联合体']);
    expectError(await who.secA!.call('GET', `/api/consortia/${consB}`), 403, 'OUT_OF_SCOPE');
    expectError(await who.entA!.call('GET', `/api/consortia/${consB}`), 403, 'OUT_OF_SCOPE');
  });

  it('the detail lists the secretariat accounts and what the caller may do', async () => {
    const d = (await who.secA!.call('GET', `/api/consortia/${consA}`)).json();
    expect(d.secretariat).toHaveLength(1);
    expect(d.secretariat[0].displayName).toBe('测试secretariat');
    expect(d.can).toEqual({ edit: true, decideStatus: false });
    expect((await who.councilA!.call('GET', `/api/consortia/${consA}`)).json().can).toEqual({
      edit: false,
      decideStatus: false,
    });
    expect((await who.official!.call('GET', `/api/consortia/${consA}`)).json().can).toEqual({
      edit: false,
      decideStatus: true,
    });
  });

  it('exports the filtered list in scope as xlsx with Chinese headers', async () => {
    const res = await who.official!.call('GET', '/api/consortia/export?level=park_led');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const sheet = await readSheet(res.rawPayload);
    expect(sheet.rows[0]).toEqual([
      '联合体名称',
      '层级',
      '状态',
      '成立日期',
      '合作地区',
      '在册成员单位数',
      '服务产业集群',
    ]);
    expect(sheet.rows.slice(1)).toEqual([[A_NAME, '园区牵头', '筹建', FOUNDED, '两江新区', '6', '智能网联新能源汽车']]);
    const own = await readSheet((await who.secB!.call('GET', '/api/consortia/export')).rawPayload);
    expect(own.rows.slice(1).map((r) => r[0])).toEqual(['乙联合体']);
  });

  it('every write above is in the audit log', async () => {
    for (const action of [
      'consortium.create',
      'consortium.update',
      'consortium.status',
      'consortium.member.add',
      'consortium.member.leave',
      'consortium.council.appoint',
      'consortium.council.end',
      'consortium.resolution.add',
      'consortium.platform.update',
      'consortium.document.upload',
    ])
      expect(await auditCount(action), action).toBeGreaterThan(0);
    expect(await verifyChain(env.deps.db)).toMatchObject({ ok: true });
  });
});
