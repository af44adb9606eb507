import { creditCodeCheckChar } from '@chanjiao/contracts';
import { auditLog, consortiumLeads, consortiumMembers, councilSeats, orgContacts } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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
  uniq,
} from '../../../test/helpers';

let env: TestEnv;
let sec: Session;
let official: Session;
let consortiumId: string;
let consortiumName: string;

/** A valid 统一社会信用代码 built from a 9-digit serial. */
let serial = 100000000;
function code(): string {
  serial += 7;
  const body = `915001${String(serial).padStart(9, '0')}0Y`.slice(0, 17);
  return body + creditCodeCheckChar(body);
}

beforeAll(async () => {
  env = await setupTestEnv();
  const cons = await makeConsortium(env);
  consortiumId = cons.id;
  consortiumName = cons.name;
  sec = await login(env, (await makeUser(env, 'secretariat', { consortiumId })).username);
  official = await login(env, (await makeUser(env, 'official')).username);
});
afterAll(() => env.close());

const create = (s: Session, body: Record<string, unknown>) =>
  s.call('POST', '/api/orgs', { name: uniq('重庆测试企业'), type: 'enterprise', ...body });

describe('registering organizations', () => {
  it('registers an enterprise with a valid code, normalizing full-width input, and audits it', async () => {
    const c = code();
    const fullWidth = c.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).toLowerCase();
    const res = await create(sec, {
      creditCode: ` ${fullWidth} `,
      districtCode: '500112',
      clusterCodes: ['C01'],
      industryCodes: ['3612'],
      aboveScale: true,
      abbreviation: '测试',
    });
    expect(res.statusCode, res.body).toBe(200);
    const org = res.json();
    expect(org).toMatchObject({
      creditCode: c,
      districtName: '渝北区',
      clusterCodes: ['C01'],
      aboveScale: true,
      canEdit: true,
    });
    const [entry] = await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, org.id));
    expect(entry).toMatchObject({ action: 'org.create', entity: 'organization' });
  });

  it('explains a wrong check character, an unknown district and a school without its level', async () => {
    const c = code();
    const bad = `${c.slice(0, 17)}${c[17] === '0' ? '1' : '0'}`;
    const r1 = await create(sec, { creditCode: bad });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'creditCode', message: expect.stringMatching(/校验位错误/) }),
      ]),
    );
    const r2 = await create(sec, { districtCode: '110101' });
    expect(r2.json().message).toMatch(/不是重庆市的区县/);
    const r3 = await create(sec, { type: 'school' });
    expect(r3.json().details[0]).toMatchObject({ path: 'schoolLevel' });
    const r4 = await create(sec, { clusterCodes: ['C99'] });
    expect(r4.json().message).toMatch(/产业集群 C99 不存在/);
  });

  it('refuses a second registration of the same code or name, naming the first', async () => {
    const c = code();
    const first = (await create(sec, { creditCode: c, name: uniq('唯一企业') })).json();
    const dupCode = await create(sec, { creditCode: c });
    expect(dupCode.statusCode).toBe(409);
    expect(dupCode.json().message).toContain(first.name);
    const dupName = await create(sec, { name: first.name });
    expect(dupName.statusCode).toBe(409);
    expect(dupName.json().message).toMatch(/已登记/);
  });
});

describe('finding organizations', () => {
  it('searches by name, abbreviation and code, filters, and pages', async () => {
    const tag = uniq('检索');
    const c = code();
    await create(sec, {
      name: `${tag}甲`,
      abbreviation: `${tag}简`,
      creditCode: c,
      districtCode: '500106',
      clusterCodes: ['C02'],
    });
    await create(sec, { name: `${tag}乙`, type: 'school', schoolLevel: 'associate', districtCode: '500106' });
    await create(sec, { name: `${tag}丙`, aboveScale: true });
    const list = async (qs: string) => (await official.call('GET', `/api/orgs?${qs}`)).json();
    expect((await list(`q=${encodeURIComponent(tag)}`)).total).toBe(3);
    expect((await list(`q=${encodeURIComponent(`${tag}简`)}`)).items[0].name).toBe(`${tag}甲`);
    expect((await list(`q=${c}`)).items[0].name).toBe(`${tag}甲`);
    expect((await list(`q=${encodeURIComponent(tag)}&type=school`)).items.map((o: { name: string }) => o.name)).toEqual(
      [`${tag}乙`],
    );
    expect((await list(`q=${encodeURIComponent(tag)}&districtCode=500106`)).total).toBe(2);
    expect((await list(`q=${encodeURIComponent(tag)}&clusterCode=C02`)).total).toBe(1);
    expect((await list(`q=${encodeURIComponent(tag)}&aboveScale=true`)).total).toBe(1);
    const p2 = await list(`q=${encodeURIComponent(tag)}&pageSize=2&page=2`);
    expect(p2.items).toHaveLength(1);
    expect(p2.total).toBe(3);
    const lookup = (await sec.call('GET', `/api/orgs/lookup?q=${encodeURIComponent(tag)}&type=school`)).json();
    expect(lookup.items).toHaveLength(1);
  });

  it('exports the filtered rows in scope as xlsx with Chinese headers', async () => {
    const tag = uniq('导出');
    await create(sec, { name: `${tag}一`, districtCode: '500112' });
    await create(sec, { name: `${tag}二` });
    const res = await official.call('GET', `/api/orgs/export?q=${encodeURIComponent(tag)}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('单位名录')!;
    expect(ws.getRow(1).getCell(1).value).toBe('单位名称');
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(2).getCell(6).value).toBe('渝北区');
  });
});

describe('who may edit', () => {
  it('an enterprise user edits its own organization only; officials read but do not edit', async () => {
    const own = await makeOrg(env, 'enterprise');
    const other = await makeOrg(env, 'enterprise');
    const ent = await login(env, (await makeUser(env, 'enterprise', { orgId: own.id })).username);
    const ok = await ent.call('PATCH', `/api/orgs/${own.id}`, { address: '两江新区', website: 'https://example.cn' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ address: '两江新区', canEdit: true });
    expect((await ent.call('PATCH', `/api/orgs/${other.id}`, { address: 'x' })).json().code).toBe('OUT_OF_SCOPE');
    expect((await ent.call('GET', `/api/orgs/${other.id}`)).json().code).toBe('OUT_OF_SCOPE');
    const viaOfficial = await official.call('GET', `/api/orgs/${own.id}`);
    expect(viaOfficial.json().canEdit).toBe(false);
    expect((await official.call('PATCH', `/api/orgs/${own.id}`, { address: 'x' })).json().code).toBe('FORBIDDEN');
  });

  it('a secretariat edits its member organizations and those it registered, not others', async () => {
    const member = await makeOrg(env, 'school');
    await addMember(env, consortiumId, member.id);
    const stranger = await makeOrg(env, 'enterprise');
    expect((await sec.call('PATCH', `/api/orgs/${member.id}`, { schoolLevel: 'associate' })).statusCode).toBe(200);
    expect((await sec.call('PATCH', `/api/orgs/${stranger.id}`, { address: 'x' })).json().code).toBe('OUT_OF_SCOPE');
    const mine = (await create(sec, {})).json();
    expect((await sec.call('GET', `/api/orgs/${mine.id}`)).statusCode).toBe(200);
    const otherSec = await login(
      env,
      (await makeUser(env, 'secretariat', { consortiumId: (await makeConsortium(env)).id })).username,
    );
    expect((await otherSec.call('PATCH', `/api/orgs/${mine.id}`, { address: 'x' })).json().code).toBe('OUT_OF_SCOPE');
  });
});

describe('certifications and contacts', () => {
  it('keeps dated certifications, flags expired ones, and filters by them', async () => {
    const org = (await create(sec, {})).json();
    const bad = await sec.call('POST', `/api/orgs/${org.id}/certifications`, {
      kind: 'integration_enterprise',
      level: 'municipal',
      grantedOn: '2024-05-01',
      expiresOn: '2023-01-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/不能早于认定日期/);
    await sec.call('POST', `/api/orgs/${org.id}/certifications`, {
      kind: 'integration_enterprise',
      level: 'municipal',
      grantedOn: '2024-05-01',
      expiresOn: '2027-04-30',
    });
    const res = await sec.call('POST', `/api/orgs/${org.id}/certifications`, {
      kind: 'high_tech',
      level: 'national',
      grantedOn: '2020-01-01',
      expiresOn: '2022-12-31',
    });
    const detail = res.json();
    expect(detail.certifications).toHaveLength(2);
    expect(detail.certifications.find((c: { kind: string }) => c.kind === 'high_tech').expired).toBe(true);
    expect(detail.certifications.find((c: { kind: string }) => c.kind === 'integration_enterprise').expired).toBe(
      false,
    );
    const filtered = (
      await official.call('GET', `/api/orgs?certification=integration_enterprise&q=${encodeURIComponent(org.name)}`)
    ).json();
    expect(filtered.total).toBe(1);
    const certId = detail.certifications[0].id;
    const after = (await sec.call('DELETE', `/api/orgs/${org.id}/certifications/${certId}`)).json();
    expect(after.certifications).toHaveLength(1);
  });

  it('stores contact phones encrypted and shows them masked; one primary contact', async () => {
    const org = (await create(sec, {})).json();
    await sec.call('POST', `/api/orgs/${org.id}/contacts`, { name: '张主任', phone: '13987654321', isPrimary: true });
    const res = await sec.call('POST', `/api/orgs/${org.id}/contacts`, {
      name: '李经理',
      phone: '023-67891234',
      isPrimary: true,
    });
    const contacts = res.json().contacts as { name: string; phone: string; isPrimary: boolean }[];
    expect(contacts.map((c) => [c.name, c.isPrimary])).toEqual([
      ['李经理', true],
      ['张主任', false],
    ]);
    expect(contacts[1]!.phone).toBe('139****4321');
    expect(res.body).not.toContain('13987654321');
    const rows = await env.deps.db.select().from(orgContacts).where(eq(orgContacts.orgId, org.id));
    expect(rows.every((r) => !r.phoneEnc?.includes('1398765'))).toBe(true);
    const badPhone = await sec.call('POST', `/api/orgs/${org.id}/contacts`, { name: '王', phone: '12345' });
    expect(badPhone.statusCode).toBe(400);
  });

  it('shows the consortia an organization takes part in', async () => {
    const org = await makeOrg(env, 'enterprise');
    await addMember(env, consortiumId, org.id);
    const detail = (await official.call('GET', `/api/orgs/${org.id}`)).json();
    expect(detail.memberships).toEqual([expect.objectContaining({ consortiumId, leftOn: null })]);
  });
});

describe('deleting and restoring', () => {
  const listed = async (s: Session, name: string, deleted = false) =>
    (
      (await s.call('GET', `/api/orgs?q=${encodeURIComponent(name)}${deleted ? '&deleted=true' : ''}`)).json() as {
        items: { id: string }[];
      }
    ).items.map((o) => o.id);

  it('hides a deleted organization from the list, shows it under the deleted filter, restores it, and audits both', async () => {
    const org = (await create(sec, { creditCode: code() })).json();
    const del = await sec.call('DELETE', `/api/orgs/${org.id}`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().deletedAt).toEqual(expect.any(String));
    expect(await listed(sec, org.name)).toEqual([]);
    expect(await listed(official, org.name)).toEqual([]);
    expect(await listed(sec, org.name, true)).toEqual([org.id]);
    const lookup = (await sec.call('GET', `/api/orgs/lookup?q=${encodeURIComponent(org.name)}`)).json();
    expect(lookup.items).toEqual([]);
    // Still readable (to restore it), but not editable while deleted.
    expect((await sec.call('GET', `/api/orgs/${org.id}`)).json()).toMatchObject({ id: org.id, canEdit: true });
    const edit = await sec.call('PATCH', `/api/orgs/${org.id}`, { address: 'x' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().message).toMatch(/已删除/);
    expect((await sec.call('DELETE', `/api/orgs/${org.id}`)).statusCode).toBe(409);

    const restored = await sec.call('POST', `/api/orgs/${org.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    expect(await listed(sec, org.name)).toEqual([org.id]);
    expect(await listed(sec, org.name, true)).toEqual([]);
    const again = await sec.call('POST', `/api/orgs/${org.id}/restore`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/未被删除/);

    const entries = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'organization'), eq(auditLog.entityId, org.id)))
      .orderBy(auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(['org.create', 'org.delete', 'org.restore']);
    const [, deleted, restoredEntry] = entries;
    expect(deleted!.diff).toMatchObject({ deletedAt: [null, expect.any(String)] });
    expect(restoredEntry!.diff).toMatchObject({ deletedAt: [expect.any(String), null] });
    expect(deleted!.actorUsername).toBeTruthy();
  });

  it('refuses to delete an active member, a lead unit or a sitting council member, naming the consortium', async () => {
    const member = await makeOrg(env, 'enterprise');
    await addMember(env, consortiumId, member.id);
    const refused = await sec.call('DELETE', `/api/orgs/${member.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONFLICT' });
    expect(refused.json().message).toContain(consortiumName);
    expect(refused.json().message).toMatch(/成员单位.*不能删除|不能删除.*成员单位/);
    expect(await listed(sec, member.name)).toEqual([member.id]);

    // A lead unit and a council seat hold an organization back too.
    await env.deps.db
      .update(consortiumMembers)
      .set({ leftOn: '2024-01-01' })
      .where(eq(consortiumMembers.orgId, member.id));
    const mine = (await create(sec, {})).json();
    await env.deps.db.insert(consortiumLeads).values({ consortiumId, orgId: mine.id, leadKind: 'enterprise' });
    const lead = await sec.call('DELETE', `/api/orgs/${mine.id}`);
    expect(lead.statusCode).toBe(409);
    expect(lead.json().message).toMatch(/牵头单位/);
    await env.deps.db.delete(consortiumLeads).where(eq(consortiumLeads.orgId, mine.id));

    await env.deps.db.insert(councilSeats).values({
      consortiumId,
      seat: 'director',
      personName: '赵理事',
      orgId: mine.id,
      termStart: '2023-01-01',
    });
    const seat = await sec.call('DELETE', `/api/orgs/${mine.id}`);
    expect(seat.statusCode).toBe(409);
    expect(seat.json().message).toMatch(/理事会.*理事（赵理事）/);
    // A term that has ended does not hold the organization back.
    await env.deps.db.update(councilSeats).set({ termEnd: '2024-12-31' }).where(eq(councilSeats.orgId, mine.id));
    expect((await sec.call('DELETE', `/api/orgs/${mine.id}`)).statusCode).toBe(200);
  });

  it('keeps deleting and restoring within the write scope', async () => {
    const own = await makeOrg(env, 'enterprise');
    const other = await makeOrg(env, 'enterprise');
    const ent = await login(env, (await makeUser(env, 'enterprise', { orgId: own.id })).username);
    const out = await ent.call('DELETE', `/api/orgs/${other.id}`);
    expect(out.statusCode).toBe(403);
    expect(out.json().code).toBe('OUT_OF_SCOPE');
    expect((await official.call('DELETE', `/api/orgs/${own.id}`)).json().code).toBe('FORBIDDEN');
    const missing = await sec.call('DELETE', '/api/orgs/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);

    const mine = (await create(sec, {})).json();
    expect((await sec.call('DELETE', `/api/orgs/${mine.id}`)).statusCode).toBe(200);
    const otherSec = await login(
      env,
      (await makeUser(env, 'secretariat', { consortiumId: (await makeConsortium(env)).id })).username,
    );
    expect((await otherSec.call('POST', `/api/orgs/${mine.id}/restore`)).json().code).toBe('OUT_OF_SCOPE');
    expect(await listed(otherSec, mine.name, true)).toEqual([]);
    expect((await ent.call('POST', `/api/orgs/${mine.id}/restore`)).json().code).toBe('OUT_OF_SCOPE');
  });

  it('does not restore an organization whose name a live one has taken meanwhile', async () => {
    const first = (await create(sec, {})).json();
    expect((await sec.call('DELETE', `/api/orgs/${first.id}`)).statusCode).toBe(200);
    const second = await create(sec, { name: first.name });
    expect(second.statusCode, second.body).toBe(200);
    const res = await sec.call('POST', `/api/orgs/${first.id}/restore`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain(first.name);
  });
});
