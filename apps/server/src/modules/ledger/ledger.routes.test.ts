import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  auditLog,
  bestPracticeCases,
  consortiumMembers,
  evaluationEntries,
  evaluationRounds,
  graduateCohorts,
  indicatorFrameworks,
  ledgerTasks,
  notifications,
  organizations,
} from '@chanjiao/db';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  makeConsortium,
  makeUser,
  postFile,
  type Session,
  setupTestEnv,
  type TestEnv,
} from '../../../test/helpers';
import { ensureDefaultFramework } from '../evaluation';
import { remindLedger } from '.';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let env: TestEnv;
let official: Session; // 市教委/工作专班: ledger.manage, no organization
let econ: Session; // 市经济信息委 unit account (role official, with an org)
let hr: Session; // 市人力社保局 unit account
let secretariat: Session;
let council: Session;
const org: Record<string, string> = {};
let consortiumId: string;

async function gov(name: string) {
  const [row] = await env.deps.db.insert(organizations).values({ name, type: 'government' }).returning();
  org[name] = row!.id;
  return row!.id;
}

beforeAll(async () => {
  env = await setupTestEnv();
  for (const n of ['市经济信息委', '市人力社保局', '市教委', '渝北区人民政府']) await gov(n);
  const [school] = await env.deps.db.insert(organizations).values({ name: '测试职业学院', type: 'school' }).returning();
  org.school = school!.id;
  const cons = await makeConsortium(env, '测试产教联合体');
  consortiumId = cons.id;
  official = await login(env, (await makeUser(env, 'official')).username);
  econ = await login(env, (await makeUser(env, 'official', { orgId: org.市经济信息委 })).username);
  hr = await login(env, (await makeUser(env, 'official', { orgId: org.市人力社保局 })).username);
  secretariat = await login(env, (await makeUser(env, 'secretariat', { consortiumId })).username);
  council = await login(env, (await makeUser(env, 'council', { consortiumId })).username);
});
afterAll(() => env.close());

const task = (over: Record<string, unknown> = {}) => ({
  measureNo: 19,
  year: 2026,
  unitOrgId: org.市经济信息委,
  title: '建成智慧管理系统',
  target: '年内上线三个子系统',
  kpiId: null,
  dueQuarter: 4,
  ...over,
});

describe('ledger tasks', () => {
  it('lists the 25 measures with the government organizations eligible for each', async () => {
    const res = await official.call('GET', '/api/ledger/measures?year=2026');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { no: number; anyGovernment: boolean; eligibleUnits: { name: string }[] }[];
    expect(items).toHaveLength(25);
    const m4 = items.find((m) => m.no === 4)!; // 市教委 only
    expect(m4.eligibleUnits.map((u) => u.name)).toEqual(['市教委']);
    const m5 = items.find((m) => m.no === 5)!; // 市级有关部门；有关区县政府
    expect(m5.anyGovernment).toBe(true);
    expect(m5.eligibleUnits).toHaveLength(4);
  });

  it('creates a task for a responsible unit and shows the linked KPI with its target', async () => {
    const res = await official.call(
      'POST',
      '/api/ledger/tasks',
      task({ measureNo: 15, unitOrgId: org.市人力社保局, kpiId: 'T24' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().kpi).toMatchObject({ id: 'T24', metric: '毕业生去向落实率', target: 90, year: 2027 });
    expect(res.json().events[0].action).toBe('task.create');
  });

  it('refuses a unit that is not among the measure’s responsible units, with a clear message', async () => {
    const res = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 4, unitOrgId: org.市经济信息委 }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('不是第 4 项举措');
    expect(res.json().message).toContain('市教委');
    // 市级有关部门 / 有关区县政府: any government organization
    const any = await official.call(
      'POST',
      '/api/ledger/tasks',
      task({ measureNo: 24, unitOrgId: org.渝北区人民政府 }),
    );
    expect(any.statusCode).toBe(200);
    // not a government organization
    const school = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 24, unitOrgId: org.school }));
    expect(school.statusCode).toBe(400);
    expect(school.json().message).toContain('不是政府部门');
    // unknown KPI
    const kpi = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 20, kpiId: 'T99' }));
    expect(kpi.statusCode).toBe(400);
  });

  it('lets only managers without an organization assign tasks; one task per measure × year × unit', async () => {
    const unit = await econ.call('POST', '/api/ledger/tasks', task({ measureNo: 21 }));
    expect(unit.statusCode).toBe(403);
    expect(unit.json().code).toBe('OUT_OF_SCOPE');
    expect((await official.call('POST', '/api/ledger/tasks', task({ measureNo: 21 }))).statusCode).toBe(200);
    const dup = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 21 }));
    expect(dup.statusCode).toBe(409);
  });

  it('flags a task overdue when a quarter’s report is missing 10 days after the quarter, and filters by it', async () => {
    const res = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 20, dueQuarter: 2 }));
    const id = res.json().id as string;
    // created at the start of the year: Q1–Q3 reports were due by now (Nov 2026 or later)
    await env.deps.db
      .update(ledgerTasks)
      .set({ createdAt: new Date('2026-01-05T00:00:00+08:00') })
      .where(eq(ledgerTasks.id, id));
    const list = await official.call('GET', '/api/ledger/tasks?year=2026&flag=overdue');
    const t = list.json().items.find((x: { id: string }) => x.id === id);
    expect(t).toBeTruthy();
    expect(t.overdue).toBe(true);
    expect(t.lagging).toBe(true); // 0 % after the due quarter
    expect(t.quarters.slice(0, 3).map((q: { overdue: boolean }) => q.overdue)).toEqual([true, true, true]);
    expect(t.quarters[2].deadline).toBe('2026-10-10');
    // a task created this quarter (measure 21 above) has no report due yet
    const fresh = (await official.call('GET', '/api/ledger/tasks?year=2026&measureNo=21')).json().items[0];
    expect(fresh.overdue).toBe(false);
  });

  it('writes due and overdue reminders to the unit’s users once', async () => {
    const now = new Date('2026-10-05T00:00:00+08:00'); // Q3 ended, its 10 days running; Q1–Q2 overdue
    const first = await remindLedger(env.ctx, now);
    expect(first).toBeGreaterThan(0);
    expect(await remindLedger(env.ctx, now)).toBe(0);
    const rows = await env.deps.db.select().from(notifications);
    const titles = rows.map((r) => r.title);
    expect(titles.some((t) => t.startsWith('请于 2026-10-10 前报送 2026 年第 3 季度报告'))).toBe(true);
    expect(titles.some((t) => t.includes('第 1 季度报告已逾期'))).toBe(true);
    await env.deps.db.delete(notifications);
  });

  it('keeps units to their own tasks; secretariat and council read all', async () => {
    const mine = await econ.call('GET', '/api/ledger/tasks?year=2026');
    expect(mine.json().items.every((t: { unit: { id: string } }) => t.unit.id === org.市经济信息委)).toBe(true);
    const all = await council.call('GET', '/api/ledger/tasks?year=2026');
    expect(all.json().total).toBeGreaterThan(mine.json().total);
    const hrTask = all.json().items.find((t: { unit: { id: string } }) => t.unit.id === org.市人力社保局);
    const other = await econ.call('GET', `/api/ledger/tasks/${hrTask.id}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OUT_OF_SCOPE');
  });
});

describe('quarterly reports', () => {
  let taskId: string;
  let reportId: string;
  beforeAll(async () => {
    const res = await official.call('POST', '/api/ledger/tasks', task({ measureNo: 1, title: '组建市级联合体' }));
    taskId = res.json().id;
  });

  it('the unit writes a draft, attaches evidence and submits it', async () => {
    const q1 = await econ.call('POST', `/api/ledger/tasks/${taskId}/reports`, {
      quarter: 1,
      progress: 'in_progress',
      percent: 30,
      narrative: '梳理产业集群',
    });
    expect(q1.statusCode).toBe(200);
    expect(q1.json()).toMatchObject({ status: 'draft', can: { edit: true, submit: true, review: false } });
    const q1Id = q1.json().id;
    const up = await postFile(env, econ, `/api/ledger/reports/${q1Id}/evidence`, PDF, '组建方案.pdf');
    expect(up.statusCode).toBe(200);
    expect(up.json().evidence[0].fileName).toBe('组建方案.pdf');
    const bad = await postFile(env, econ, `/api/ledger/reports/${q1Id}/evidence`, Buffer.from('hello'), 'x.txt');
    expect(bad.statusCode).toBe(400);
    // a second file: another unit may not remove it, the unit may while the report is a draft
    const extra = await postFile(env, econ, `/api/ledger/reports/${q1Id}/evidence`, PDF, '多余.pdf');
    const extraId = extra.json().evidence.find((e: { fileName: string }) => e.fileName === '多余.pdf').id;
    expect((await hr.call('DELETE', `/api/ledger/evidence/${extraId}`)).statusCode).toBe(403);
    expect((await econ.call('DELETE', `/api/ledger/evidence/${extraId}`)).statusCode).toBe(200);
    const after = (await econ.call('GET', `/api/ledger/reports/${q1Id}`)).json();
    expect(after.evidence.map((e: { fileName: string }) => e.fileName)).toEqual(['组建方案.pdf']);
    expect(after.events.map((e: { action: string }) => e.action)).toContain('evidence.remove');
    const audits = await env.deps.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, q1Id))
      .orderBy(asc(auditLog.id));
    // additions and the removal are logged under the same entity name
    expect(audits.filter((a) => a.action.startsWith('ledger.evidence.')).map((a) => [a.action, a.entity])).toEqual([
      ['ledger.evidence.add', 'ledger_report'],
      ['ledger.evidence.add', 'ledger_report'],
      ['ledger.evidence.remove', 'ledger_report'],
    ]);
    const sub = await econ.call('POST', `/api/ledger/reports/${q1Id}/submit`);
    expect(sub.json()).toMatchObject({ status: 'submitted', resubmitted: false });
    // submitted: no more edits
    expect((await econ.call('PATCH', `/api/ledger/reports/${q1Id}`, { percent: 35 })).statusCode).toBe(409);
    const kept = sub.json().evidence[0].id;
    expect((await econ.call('DELETE', `/api/ledger/evidence/${kept}`)).statusCode).toBe(403);
    // the file downloads for the unit and the official, not for another unit
    const fileId = up.json().evidence[0].fileId;
    expect((await econ.call('GET', `/api/ledger/files/${fileId}`)).statusCode).toBe(200);
    expect((await official.call('GET', `/api/ledger/files/${fileId}`)).statusCode).toBe(200);
    expect((await hr.call('GET', `/api/ledger/files/${fileId}`)).statusCode).toBe(403);
    await official.call('POST', `/api/ledger/reports/${q1Id}/accept`, {});
  });

  it('% complete may not fall below the previous quarter’s without a reason; a future quarter is refused', async () => {
    const low = await econ.call('POST', `/api/ledger/tasks/${taskId}/reports`, {
      quarter: 2,
      progress: 'in_progress',
      percent: 20,
      narrative: '进展',
    });
    expect(low.statusCode).toBe(400);
    expect(low.json().message).toContain('低于上一季度的 30%');
    const ok = await econ.call('POST', `/api/ledger/tasks/${taskId}/reports`, {
      quarter: 2,
      progress: 'blocked',
      percent: 20,
      narrative: '进展',
      percentReason: '方案调整，部分工作重新开展',
    });
    expect(ok.statusCode).toBe(200);
    reportId = ok.json().id;
    expect(ok.json().previousPercent).toBe(30);
    const next = await econ.call('POST', `/api/ledger/tasks/${taskId}/reports`, {
      quarter: 3,
      progress: 'completed',
      percent: 90,
      narrative: '完成',
    });
    expect(next.statusCode).toBe(400); // 已完成 means 100 %
  });

  it('another unit cannot touch the report; the unit cannot review its own report', async () => {
    expect((await hr.call('PATCH', `/api/ledger/reports/${reportId}`, { percent: 50 })).json().code).toBe(
      'OUT_OF_SCOPE',
    );
    expect((await hr.call('POST', `/api/ledger/reports/${reportId}/submit`)).statusCode).toBe(403);
    expect(
      (
        await hr.call('POST', `/api/ledger/tasks/${taskId}/reports`, {
          quarter: 3,
          progress: 'in_progress',
          percent: 40,
          narrative: 'x',
        })
      ).statusCode,
    ).toBe(403);
    await econ.call('POST', `/api/ledger/reports/${reportId}/submit`);
    const self = await econ.call('POST', `/api/ledger/reports/${reportId}/accept`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('OUT_OF_SCOPE');
    const selfReturn = await econ.call('POST', `/api/ledger/reports/${reportId}/return`, { comment: '自己退回' });
    expect(selfReturn.statusCode).toBe(403);
    // the official cannot write the unit's report
    expect((await official.call('PATCH', `/api/ledger/reports/${reportId}`, { percent: 50 })).statusCode).toBe(403);
  });

  it('a return needs a comment, notifies the unit; the unit revises and resubmits; the official accepts', async () => {
    const noComment = await official.call('POST', `/api/ledger/reports/${reportId}/return`, { comment: ' ' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().message).toContain('退回意见');
    const ret = await official.call('POST', `/api/ledger/reports/${reportId}/return`, { comment: '请补充佐证材料' });
    expect(ret.json()).toMatchObject({ status: 'returned', reviewComment: '请补充佐证材料' });
    const notes = await env.deps.db.select().from(notifications).where(eq(notifications.kind, 'ledger.returned'));
    expect(notes.length).toBe(1);
    expect(notes[0]!.body).toBe('请补充佐证材料');
    // cannot accept a returned report
    expect((await official.call('POST', `/api/ledger/reports/${reportId}/accept`, {})).statusCode).toBe(409);
    const edit = await econ.call('PATCH', `/api/ledger/reports/${reportId}`, {
      narrative: '已补充佐证',
      percent: 35,
      percentReason: null,
    });
    expect(edit.statusCode).toBe(200);
    const again = await econ.call('POST', `/api/ledger/reports/${reportId}/submit`);
    expect(again.json()).toMatchObject({ status: 'submitted', resubmitted: true, percent: 35 });
    const ok = await official.call('POST', `/api/ledger/reports/${reportId}/accept`, { comment: '同意' });
    expect(ok.json().status).toBe('accepted');
    const actions = ok.json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'report.create',
      'report.submit',
      'report.return',
      'report.update',
      'report.resubmit',
      'report.accept',
    ]);
    expect(ok.json().events.find((e: { action: string }) => e.action === 'report.return').comment).toBe(
      '请补充佐证材料',
    );
    // the review list shows it; units see only their own
    const list = await official.call('GET', '/api/ledger/reports?year=2026&status=accepted');
    expect(list.json().items.some((r: { id: string }) => r.id === reportId)).toBe(true);
    expect((await hr.call('GET', '/api/ledger/reports?year=2026')).json().total).toBe(0);
  });

  it('exports the ledger as xlsx with each quarter’s status and the flags', async () => {
    const res = await official.call('GET', '/api/ledger/tasks/export?year=2026');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(2).values as unknown[]).map(String);
    expect(header).toEqual(expect.arrayContaining(['责任单位', '一季度状态', '二季度完成%', '逾期', '滞后']));
    const rows = ws.getSheetValues().map((r) => (Array.isArray(r) ? r.map(String).join('|') : ''));
    expect(rows.some((r) => r.includes('组建市级联合体') && r.includes('已通过（推进中）'))).toBe(true);
    expect(rows.some((r) => r.includes('逾期未报'))).toBe(true);
  });
});

describe('赛马比拼 cases', () => {
  let econCase: string;
  it('one case per quarter per unit and per consortium', async () => {
    const body = { year: 2026, quarter: 1, title: '智慧平台对接用工', summary: '撮合岗位 860 个' };
    const a = await econ.call('POST', '/api/ledger/cases', body);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ submitterKind: 'unit', status: 'submitted', submitter: { name: '市经济信息委' } });
    econCase = a.json().id;
    const b = await econ.call('POST', '/api/ledger/cases', { ...body, title: '第二个' });
    expect(b.statusCode).toBe(409);
    expect(b.json().message).toContain('每季度只能提交一项');
    const s = await secretariat.call('POST', '/api/ledger/cases', { ...body, title: '联合体案例' });
    expect(s.json()).toMatchObject({ submitterKind: 'consortium', submitter: { id: consortiumId } });
    // the manager selects, not submits
    expect((await official.call('POST', '/api/ledger/cases', body)).statusCode).toBe(403);
    const future = await econ.call('POST', '/api/ledger/cases', { ...body, year: 2030 });
    expect(future.statusCode).toBe(400);
  });

  it('officials shortlist then select; others see only their own and selected cases', async () => {
    expect((await hr.call('GET', `/api/ledger/cases/${econCase}`)).statusCode).toBe(403);
    const direct = await official.call('POST', `/api/ledger/cases/${econCase}/decision`, { decision: 'selected' });
    expect(direct.statusCode).toBe(409);
    expect(
      (await econ.call('POST', `/api/ledger/cases/${econCase}/decision`, { decision: 'shortlisted' })).statusCode,
    ).toBe(403);
    await official.call('POST', `/api/ledger/cases/${econCase}/decision`, { decision: 'shortlisted' });
    expect((await econ.call('PATCH', `/api/ledger/cases/${econCase}`, { title: '改' })).statusCode).toBe(409);
    const sel = await official.call('POST', `/api/ledger/cases/${econCase}/decision`, {
      decision: 'selected',
      comment: '推广',
    });
    expect(sel.json()).toMatchObject({ status: 'selected', decisionComment: '推广' });
    expect((await hr.call('GET', `/api/ledger/cases/${econCase}`)).statusCode).toBe(200);
    const hrList = await hr.call('GET', '/api/ledger/cases?year=2026&quarter=1');
    expect(hrList.json().items.map((c: { id: string }) => c.id)).toEqual([econCase]);
    const all = await official.call('GET', '/api/ledger/cases?year=2026&quarter=1');
    expect(all.json().total).toBe(2);
    const xlsx = await official.call('GET', '/api/ledger/cases/export?year=2026');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('智慧平台对接用工');
    expect(text).toContain('入选');
  });
});

describe('policy items', () => {
  it('the lead department and managers update an item’s status; history and export follow', async () => {
    // item 4.1 is led by 市经济信息委
    const put = await econ.call('PUT', '/api/ledger/policy-items/4/1', {
      year: 2026,
      status: 'in_progress',
      evidenceText: '平台完成招标',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ status: 'in_progress', canEdit: true, leadUnit: '市经济信息委' });
    const up = await postFile(env, econ, '/api/ledger/policy-items/4/1/evidence', PDF, '招标公告.pdf', {
      year: '2026',
    });
    expect(up.json().evidence).toHaveLength(1);
    // 2.1 is led by 市教委
    const notMine = await econ.call('PUT', '/api/ledger/policy-items/2/1', { year: 2026, status: 'done' });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().message).toContain('市教委');
    expect(
      (await secretariat.call('PUT', '/api/ledger/policy-items/2/1', { year: 2026, status: 'done' })).statusCode,
    ).toBe(403);
    const byOfficial = await official.call('PUT', '/api/ledger/policy-items/4/1', { year: 2026, status: 'done' });
    expect(byOfficial.json().events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'in_progress',
      null,
      'done',
    ]);
    expect(byOfficial.json().evidenceText).toBe('平台完成招标');
    const list = await council.call('GET', '/api/ledger/policy-items?year=2026&status=done');
    expect(list.json().items.map((i: { unitNo: number; itemNo: number }) => `${i.unitNo}.${i.itemNo}`)).toEqual([
      '4.1',
    ]);
    expect(list.json().leadUnits).toContain('市财政局');
    const notStarted = await council.call('GET', '/api/ledger/policy-items?year=2026&status=not_started');
    expect(notStarted.json().total).toBe(28);
    const other = await council.call('GET', '/api/ledger/policy-items?year=2025&status=done');
    expect(other.json().total).toBe(0);
    const xlsx = await official.call(
      'GET',
      `/api/ledger/policy-items/export?year=2026&leadUnit=${encodeURIComponent('市经济信息委')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(text).toContain('已落实');
    expect(text).not.toContain('市财政局');
  });
});

describe('annual ranking', () => {
  let runId: string;
  let other: string;
  beforeAll(async () => {
    const db = env.deps.db;
    // 测试产教联合体: a member school with 2026 graduates 100, 5 unplaced → 95 % ≥ 90 % (T24 on track)
    await db.insert(consortiumMembers).values({ consortiumId, orgId: org.school!, memberRole: 'member_unit' });
    await db.insert(graduateCohorts).values([
      { schoolOrgId: org.school!, majorCode: '460702', year: 2026, graduates: 60, employed: 55, unplaced: 3 },
      { schoolOrgId: org.school!, majorCode: '460704', year: 2026, graduates: 40, employed: 38, unplaced: 2 },
      // an older cohort is ignored
      { schoolOrgId: org.school!, majorCode: '460702', year: 2025, graduates: 50, employed: 10, unplaced: 40 },
    ]);
    // a consolidated evaluation of 80 points
    await ensureDefaultFramework(env.ctx);
    const [fw] = await db.select().from(indicatorFrameworks).limit(1);
    const [round] = await db
      .insert(evaluationRounds)
      .values({
        kind: 'annual',
        name: '2026 年度绩效评价',
        year: 2026,
        frameworkId: fw!.id,
        selfDueOn: '2026-06-30',
        reviewDueOn: '2026-07-31',
        status: 'consolidated',
        consolidatedAt: new Date('2026-08-01T00:00:00Z'),
      })
      .returning();
    await db.insert(evaluationEntries).values({ roundId: round!.id, consortiumId, status: 'scored', total: 80 });
    other = (await makeConsortium(env, '无数据联合体')).id;
    // the consortium's Q1 case (submitted by the secretariat above) came in on time
    await db
      .update(bestPracticeCases)
      .set({ submittedAt: new Date('2026-03-20T10:00:00+08:00') })
      .where(eq(bestPracticeCases.consortiumId, consortiumId));
  });

  it('computes the composite from records, redistributing missing components, and states the formula', async () => {
    const res = await official.call('POST', '/api/ledger/rankings', { year: 2026 });
    expect(res.statusCode).toBe(200);
    runId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'draft', weights: { evaluation: 50, kpi: 30, ledger: 20 } });
    expect(res.json().formula).toContain('按比例分配');
    const mine = res.json().rows.find((r: { consortiumId: string }) => r.consortiumId === consortiumId);
    expect(mine.evaluationScore).toBe(80);
    expect(mine.evaluationSource).toContain('2026 年度绩效评价');
    const t24 = mine.kpiTargets.find((t: { id: string }) => t.id === 'T24');
    expect(t24).toMatchObject({ state: 'measured', value: 95, onTrack: true });
    expect(mine.kpiTargets.find((t: { id: string }) => t.id === 'T15').state).toBe('not_measurable');
    expect(mine.kpiScore).toBe(100);
    // Q1–Q3 deadlines have passed; the secretariat submitted Q1 on time → 1 of 3
    expect(mine.ledgerScore).toBe(33.33);
    // 80×0.5 + 100×0.3 + 33.33×0.2 = 76.67
    expect(mine.composite).toBeCloseTo(76.67, 2);
    expect(mine.rank).toBe(1);
    const none = res.json().rows.find((r: { consortiumId: string }) => r.consortiumId === other);
    // no evaluation, no school: only the ledger component (0 of 3 quarters) counts, with all the weight
    expect(none).toMatchObject({ evaluationScore: null, kpiScore: null, ledgerScore: 0, composite: 0 });
    expect(none.effectiveWeights).toEqual({ evaluation: 0, kpi: 0, ledger: 100 });
  });

  it('recomputes the draft with other weights; drafts are hidden from non-managers', async () => {
    const res = await official.call('POST', '/api/ledger/rankings', {
      year: 2026,
      weights: { evaluation: 100, kpi: 0, ledger: 0 },
    });
    expect(res.json().id).toBe(runId);
    const mine = res.json().rows.find((r: { consortiumId: string }) => r.consortiumId === consortiumId);
    expect(mine.composite).toBe(80);
    const bad = await official.call('POST', '/api/ledger/rankings', {
      year: 2026,
      weights: { evaluation: 60, kpi: 30, ledger: 20 },
    });
    expect(bad.statusCode).toBe(400);
    expect((await council.call('GET', `/api/ledger/rankings/${runId}`)).statusCode).toBe(404);
    expect((await council.call('GET', '/api/ledger/rankings')).json().total).toBe(0);
    await official.call('POST', '/api/ledger/rankings', { year: 2026 });
  });

  it('publishes once, then the ranking is immutable; the PDF states the formula', async () => {
    expect((await econ.call('POST', `/api/ledger/rankings/${runId}/publish`)).statusCode).toBe(403);
    const pub = await official.call('POST', `/api/ledger/rankings/${runId}/publish`);
    expect(pub.json()).toMatchObject({ status: 'published' });
    expect(pub.json().publishedBy).toBeTruthy();
    expect((await official.call('POST', `/api/ledger/rankings/${runId}/publish`)).statusCode).toBe(409);
    expect((await official.call('POST', '/api/ledger/rankings', { year: 2026 })).statusCode).toBe(409);
    expect((await council.call('GET', `/api/ledger/rankings/${runId}`)).statusCode).toBe(200);
    const pdf = await council.call('GET', `/api/ledger/rankings/${runId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (existsSync('/usr/bin/pdftotext')) {
      const text = execFileSync('pdftotext', ['-', '-'], { input: pdf.rawPayload })
        .toString('utf8')
        .replace(/\s+/g, '');
      expect(text).toContain('综合得分=最近一次评价得分×50%');
      expect(text).toContain('按比例分配');
      expect(text).toContain('测试产教联合体');
      expect(text).toContain('76.67');
    }
  });
});
