import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditLog, kpiReturns, notifications, organizations } from '@chanjiao/db';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, postFile, type Session, setupTestEnv, type TestEnv } from '../../../test/helpers';
import { loadReferenceData } from '../reference';
import { refreshNow } from './refresher';
import { approvedValues } from './returns.service';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let env: TestEnv;
let official: Session; // city-level: kpi.approve, no organization
let official2: Session;
let hr: Session; // 市人力社保局 (official with an org): submits returns
let econ: Session; // 市经济信息委
let secretariat: Session;
let hrUserId: string;
let officialUserId: string;
const org: Record<string, string> = {};

async function gov(name: string) {
  const [row] = await env.deps.db.insert(organizations).values({ name, type: 'government' }).returning();
  org[name] = row!.id;
  return row!.id;
}

beforeAll(async () => {
  env = await setupTestEnv();
  await loadReferenceData(env.database);
  await gov('市人力社保局');
  await gov('市经济信息委');
  const o = await makeUser(env, 'official');
  officialUserId = o.id;
  official = await login(env, o.username);
  official2 = await login(env, (await makeUser(env, 'official')).username);
  const h = await makeUser(env, 'official', { orgId: org.市人力社保局 });
  hrUserId = h.id;
  hr = await login(env, h.username);
  econ = await login(env, (await makeUser(env, 'official', { orgId: org.市经济信息委 })).username);
  secretariat = await login(env, (await makeUser(env, 'secretariat')).username);
});
afterAll(() => env.close());

/** A draft with one evidence file, submitted by `who`. */
async function submitted(who: Session, body: Record<string, unknown>) {
  const created = await who.call('POST', '/api/cockpit/returns', body);
  expect(created.statusCode, created.body).toBe(200);
  const id = created.json().id as string;
  const up = await postFile(env, who, `/api/cockpit/returns/${id}/evidence`, PDF, '统计公报.pdf');
  expect(up.statusCode, up.body).toBe(200);
  const sub = await who.call('POST', `/api/cockpit/returns/${id}/submit`);
  expect(sub.statusCode, sub.body).toBe(200);
  return id;
}

describe('statistical returns', () => {
  it('lists only the KPIs of source kind returns', async () => {
    const res = await hr.call('GET', '/api/cockpit/returns/kpis');
    expect(res.statusCode).toBe(200);
    const codes = (res.json().items as { code: string; unit: string }[]).map((k) => k.code);
    expect(codes).toContain('T06');
    expect(codes).not.toContain('T03'); // records
    expect(codes).not.toContain('T15'); // awaiting
    const t06 = (res.json().items as { code: string; unit: string; targets: unknown[] }[]).find(
      (k) => k.code === 'T06',
    )!;
    expect(t06.unit).toBe('%');
    expect(t06.targets).toEqual([
      { year: 2023, target: 35 },
      { year: 2027, target: 45 },
    ]);
  });

  it('refuses KPIs computed from records or awaiting a module, % over 100, future years', async () => {
    const records = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T03', year: 2024, value: 2 });
    expect(records.statusCode).toBe(400);
    expect(records.json().message).toContain('由平台记录自动计算');
    const awaiting = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T15', year: 2024, value: 20 });
    expect(awaiting.statusCode).toBe(400);
    expect(awaiting.json().message).toContain('数据来源模块未上线');
    const pct = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T06', year: 2024, value: 100.5 });
    expect(pct.statusCode).toBe(400);
    expect(pct.json().message).toContain('0–100');
    // A count is not a percentage: 150 is fine for T54 (家).
    const count = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T54', year: 2024, value: 150 });
    expect(count.statusCode, count.body).toBe(200);
    const negative = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T54', year: 2024, value: -1 });
    expect(negative.statusCode).toBe(400);
    const future = await hr.call('POST', '/api/cockpit/returns', {
      kpiCode: 'T06',
      year: new Date().getFullYear() + 1,
      value: 40,
    });
    expect(future.statusCode).toBe(400);
    const unknown = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T99', year: 2024, value: 1 });
    expect(unknown.statusCode).toBe(400);
  });

  it('only an official with an organization writes returns; the city official cannot', async () => {
    const res = await official.call('POST', '/api/cockpit/returns', { kpiCode: 'T06', year: 2024, value: 36 });
    expect(res.statusCode).toBe(403);
    const sec = await secretariat.call('POST', '/api/cockpit/returns', { kpiCode: 'T06', year: 2024, value: 36 });
    expect(sec.statusCode).toBe(403);
    const list = await secretariat.call('GET', '/api/cockpit/returns');
    expect(list.statusCode).toBe(403);
  });

  it('needs evidence before submitting', async () => {
    const created = await hr.call('POST', '/api/cockpit/returns', { kpiCode: 'T06', year: 2023, value: 35 });
    const id = created.json().id as string;
    expect(created.json().can).toEqual({ edit: true, submit: false, review: false });
    const sub = await hr.call('POST', `/api/cockpit/returns/${id}/submit`);
    expect(sub.statusCode).toBe(400);
    expect(sub.json().message).toContain('佐证材料');
    const bad = await postFile(env, hr, `/api/cockpit/returns/${id}/evidence`, Buffer.from('hello'), 'a.txt');
    expect(bad.statusCode).toBe(400);
    // Another unit cannot add evidence to it, nor see it.
    const other = await postFile(env, econ, `/api/cockpit/returns/${id}/evidence`, PDF, 'x.pdf');
    expect(other.statusCode).toBe(404);
    expect((await econ.call('GET', `/api/cockpit/returns/${id}`)).statusCode).toBe(404);
    // The draft is deleted with its history in the audit log.
    expect((await hr.call('DELETE', `/api/cockpit/returns/${id}`)).statusCode).toBe(200);
    expect((await hr.call('GET', `/api/cockpit/returns/${id}`)).statusCode).toBe(404);
  });

  it('counts a return only once approved; a later approval supersedes the earlier, kept as history', async () => {
    const first = await submitted(hr, { kpiCode: 'T06', year: 2024, value: 36.5, note: '2024 年统计公报' });
    // Submitted: not counted yet.
    expect((await approvedValues(env.ctx, 2024)).filter((v) => v.kpiCode === 'T06')).toEqual([]);
    const notes = await env.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, officialUserId), eq(notifications.kind, 'kpi_return.submitted')));
    expect(notes.length).toBe(1);
    expect(notes[0]!.link).toBe(`/cockpit/returns/${first}`);

    // A unit's account cannot approve (not even another unit's return).
    const byUnit = await econ.call('POST', `/api/cockpit/returns/${first}/approve`);
    expect(byUnit.statusCode).toBe(403);
    // Editing is closed while submitted.
    const edit = await hr.call('PATCH', `/api/cockpit/returns/${first}`, { value: 37 });
    expect(edit.statusCode).toBe(409);

    const ok = await official.call('POST', `/api/cockpit/returns/${first}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', current: true, value: 36.5 });
    const again = await official.call('POST', `/api/cockpit/returns/${first}/approve`);
    expect(again.statusCode).toBe(409);
    expect((await approvedValues(env.ctx, 2024)).filter((v) => v.kpiCode === 'T06').map((v) => v.value)).toEqual([
      36.5,
    ]);
    const approvedNote = await env.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, hrUserId), eq(notifications.kind, 'kpi_return.approved')));
    expect(approvedNote.length).toBe(1);

    // A corrected figure: approved later, it replaces 36.5; the first stays, marked superseded.
    const second = await submitted(hr, { kpiCode: 'T06', year: 2024, value: 37.2 });
    expect((await approvedValues(env.ctx, 2024)).find((v) => v.kpiCode === 'T06')!.value).toBe(36.5);
    expect((await official2.call('POST', `/api/cockpit/returns/${second}/approve`)).statusCode).toBe(200);
    const now = await approvedValues(env.ctx, 2024);
    expect(now.filter((v) => v.kpiCode === 'T06').map((v) => v.value)).toEqual([37.2]);
    const old = (await official.call('GET', `/api/cockpit/returns/${first}`)).json();
    expect(old).toMatchObject({ status: 'approved', current: false });
    expect(old.supersededAt).not.toBeNull();
    expect(old.history.map((h: { id: string }) => h.id)).toContain(second);
    const rows = await env.deps.db.select().from(kpiReturns).where(eq(kpiReturns.kpiCode, 'T06'));
    expect(rows.filter((r) => r.status === 'approved')).toHaveLength(2);

    const audit = await env.deps.db.select().from(auditLog).where(like(auditLog.action, 'kpi_return.%'));
    const actions = audit.filter((a) => a.entityId === first).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'kpi_return.create',
        'kpi_return.evidence.add',
        'kpi_return.submit',
        'kpi_return.approve',
        'kpi_return.supersede',
      ]),
    );
  });

  it('rejects with a reason; the unit edits and resubmits', async () => {
    const id = await submitted(hr, { kpiCode: 'T01', year: 2024, value: 4 });
    const noReason = await official.call('POST', `/api/cockpit/returns/${id}/reject`, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    const rej = await official.call('POST', `/api/cockpit/returns/${id}/reject`, { reason: '请附区县名单' });
    expect(rej.statusCode).toBe(200);
    expect(rej.json()).toMatchObject({ status: 'rejected', rejectReason: '请附区县名单', current: false });
    expect((await approvedValues(env.ctx, 2024)).some((v) => v.kpiCode === 'T01')).toBe(false);
    const note = await env.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, hrUserId), eq(notifications.kind, 'kpi_return.rejected')));
    expect(note[0]?.body).toBe('请附区县名单');

    const edited = await hr.call('PATCH', `/api/cockpit/returns/${id}`, { value: 5, note: '附名单' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ value: 5, can: { edit: true, submit: true } });
    const resub = await hr.call('POST', `/api/cockpit/returns/${id}/submit`);
    expect(resub.json()).toMatchObject({ status: 'submitted', rejectReason: null });
    // A rejected-then-resubmitted return is not deletable (only drafts are).
    expect((await hr.call('DELETE', `/api/cockpit/returns/${id}`)).statusCode).toBe(409);
  });

  it('scopes lists, detail and downloads to the unit; officials see all; filters and export', async () => {
    const econId = await submitted(econ, { kpiCode: 'T54', year: 2023, value: 51 });
    const hrList = (await hr.call('GET', '/api/cockpit/returns?pageSize=200')).json();
    expect(hrList.items.every((r: { org: { id: string } }) => r.org.id === org.市人力社保局)).toBe(true);
    expect(hrList.items.some((r: { id: string }) => r.id === econId)).toBe(false);
    // Asking for another unit's returns gives nothing, not its data.
    const spy = (await hr.call('GET', `/api/cockpit/returns?orgId=${org.市经济信息委}`)).json();
    expect(spy.total).toBe(0);
    const all = (await official.call('GET', '/api/cockpit/returns?pageSize=200')).json();
    expect(all.items.some((r: { id: string }) => r.id === econId)).toBe(true);
    const filtered = (await official.call('GET', '/api/cockpit/returns?kpiCode=T06&year=2024&current=true')).json();
    expect(filtered.items.map((r: { value: number }) => r.value)).toEqual([37.2]);
    const searched = (await official.call('GET', `/api/cockpit/returns?q=${encodeURIComponent('高技能')}`)).json();
    expect(searched.items.length).toBeGreaterThan(0);
    expect(searched.items.every((r: { kpiCode: string }) => r.kpiCode === 'T06')).toBe(true);
    const pending = (await official.call('GET', '/api/cockpit/returns?status=submitted')).json();
    expect(pending.items.every((r: { status: string }) => r.status === 'submitted')).toBe(true);

    const detail = (await official.call('GET', `/api/cockpit/returns/${econId}`)).json();
    expect(detail.can).toEqual({ edit: false, submit: false, review: true });
    const fileId = detail.evidence[0].fileId as string;
    expect((await official.call('GET', `/api/cockpit/returns/files/${fileId}`)).statusCode).toBe(200);
    expect((await econ.call('GET', `/api/cockpit/returns/files/${fileId}`)).statusCode).toBe(200);
    expect((await hr.call('GET', `/api/cockpit/returns/files/${fileId}`)).statusCode).toBe(403);

    const xlsx = await official.call('GET', '/api/cockpit/returns/export?kpiCode=T06');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values: string[] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).join('|')));
    const text = values.join('\n');
    expect(text).toContain('37.2');
    expect(text).toContain('已被取代');
    expect(text).not.toContain('T54');
  });
});

type OverviewKpi = { id: string; current: { value: number | null; status: string; valueYear: number | null } };
async function overviewKpi(who: Session, year: number, id: string): Promise<OverviewKpi> {
  const res = await who.call('GET', `/api/cockpit/overview?year=${year}`);
  expect(res.statusCode, res.body).toBe(200);
  const all = (res.json().sections as { kpis: OverviewKpi[] }[]).flatMap((s) => s.kpis);
  return all.find((k) => k.id === id)!;
}

describe('returns in the cockpit', () => {
  it('the overview shows a returned figure only after approval', async () => {
    const id = await submitted(hr, { kpiCode: 'T35', year: 2024, value: 21.5 });
    await refreshNow(env.ctx);
    expect((await overviewKpi(official, 2024, 'T35')).current.value).toBeNull();
    const rej = await official.call('POST', `/api/cockpit/returns/${id}/reject`, { reason: '口径不符' });
    expect(rej.statusCode).toBe(200);
    await refreshNow(env.ctx);
    expect((await overviewKpi(official, 2024, 'T35')).current.value).toBeNull();
    await hr.call('POST', `/api/cockpit/returns/${id}/submit`);
    expect((await official.call('POST', `/api/cockpit/returns/${id}/approve`)).statusCode).toBe(200);
    await refreshNow(env.ctx);
    const k = await overviewKpi(official, 2024, 'T35');
    expect(k.current.value).toBe(21.5);
    expect(k.current.valueYear).toBe(2024);
  });
});

describe('monthly briefing', () => {
  it('PDF: every KPI grouped by section, the laggards named first', async () => {
    await refreshNow(env.ctx);
    // This month (the default): records KPIs have values now (no consortia here), so some lag.
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const ov = (await official.call('GET', `/api/cockpit/overview?year=${month.slice(0, 4)}`)).json();
    const kpis = (ov.sections as { kpis: (OverviewKpi & { name: string })[] }[]).flatMap((s) => s.kpis);
    const lagging = kpis.filter((k) => ['lagging', 'severely_lagging'].includes(k.current.status));
    expect(lagging.length).toBeGreaterThan(0);

    const res = await secretariat.call('GET', '/api/cockpit/briefing.pdf');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'briefing-'));
    const file = join(dir, 'b.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain(`月度简报（${month.slice(0, 4)} 年 ${Number(month.slice(5))} 月）`);
    const named = text.slice(text.indexOf('滞后点名'), text.indexOf('滞后点名') + 2000);
    for (const k of lagging.slice(0, 3)) expect(named).toContain(k.id);
    // The laggards' table comes before the sections; every KPI appears.
    expect(text.indexOf(`滞后指标（${lagging.length} 项）`)).toBeGreaterThan(-1);
    for (const k of kpis) expect(text).toContain(k.id);
    expect(text).toContain('37.2%（2024 年）'); // T06: the latest approved return, of 2024
    // Page 1 renders (the closing note's screenshot is made the same way).
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    expect(readdirSync(dir)).toContain('page-1.png');
    rmSync(dir, { recursive: true, force: true });
  });

  it('xlsx: one row per KPI plus the laggards on top; a bad month is refused', async () => {
    const res = await official.call('GET', '/api/cockpit/briefing.xlsx?month=2024-12');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const ov = (await official.call('GET', '/api/cockpit/overview?year=2024')).json();
    const kpis = (ov.sections as { kpis: OverviewKpi[] }[]).flatMap((s) => s.kpis);
    const lagging = kpis.filter((k) => ['lagging', 'severely_lagging'].includes(k.current.status));
    const body = rows.slice(2); // title, header
    expect(body).toHaveLength(kpis.length + lagging.length);
    expect(body.slice(0, lagging.length).every((r) => r[0] === '滞后点名')).toBe(true);
    const t06 = body.find((r) => r[1] === 'T06' && r[0] !== '滞后点名')!;
    expect(t06[5]).toBe(37.2);
    expect((await official.call('GET', '/api/cockpit/briefing.pdf?month=2024-13')).statusCode).toBe(400);
    expect((await hr.call('GET', '/api/cockpit/briefing.xlsx')).statusCode).toBe(200);
  });
});
