/**
 * Indicator frameworks as versioned data: version 1 built once from ref_indicators, copying into a
 * draft, editing the draft without touching version 1, published versions refusing edits, the point
 * rules (codes, weights, total), who may read and manage, audit rows, the xlsx export.
 */
import type { IndicatorFrameworkDetail, IndicatorPointInput } from '@chanjiao/contracts';
import { auditLog, indicatorFrameworks } from '@chanjiao/db';
import { and, asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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
import { DEFAULT_FRAMEWORK_NAME, ensureDefaultFramework } from './evaluation.service';

let env: TestEnv;
let official: Session;
let secretariat: Session;
let reviewer: Session;
let student: Session;
let teacher: Session;
let v1: IndicatorFrameworkDetail;
let v2Id = '';

const base = '/api/indicator-frameworks';
const toInput = (p: IndicatorFrameworkDetail['points'][number]): IndicatorPointInput => ({
  groupCode: p.groupCode,
  groupName: p.groupName,
  pointCode: p.pointCode,
  name: p.name,
  kind: p.kind,
  weight: p.weight,
  guidance: p.guidance,
});

async function auditActions(entityId: string) {
  const rows = await env.deps.db
    .select({ action: auditLog.action, actorId: auditLog.actorId })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'indicator_framework'), eq(auditLog.entityId, entityId)))
    .orderBy(asc(auditLog.id));
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  env = await setupTestEnv();
  const school = await makeOrg(env, 'school');
  const cons = await makeConsortium(env);
  const session = async (role: Parameters<typeof makeUser>[1], opts = {}) =>
    login(env, (await makeUser(env, role, opts)).username);
  official = await session('official');
  secretariat = await session('secretariat', { consortiumId: cons.id });
  reviewer = await session('reviewer');
  student = await session('student', { orgId: school.id });
  teacher = await session('teacher', { orgId: school.id });
});
afterAll(() => env.close());

describe('indicator frameworks', () => {
  it('creates version 1 from the reference data once: 26 points in 7 groups, basic weights total 100', async () => {
    const first = await ensureDefaultFramework(env.ctx);
    const again = await ensureDefaultFramework(env.ctx);
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, id: null });
    const rows = await env.deps.db
      .select()
      .from(indicatorFrameworks)
      .where(eq(indicatorFrameworks.name, DEFAULT_FRAMEWORK_NAME));
    expect(rows).toHaveLength(1);

    const res = await reviewer.call('GET', `${base}/${first.id}`);
    expect(res.statusCode).toBe(200);
    v1 = res.json();
    expect(v1).toMatchObject({ version: 1, status: 'published', pointCount: 26, groupCount: 7, totalWeight: 100 });
    expect(v1.points.map((p) => p.pointCode).slice(0, 3)).toEqual(['1.1', '1.2', '1.3']);
    expect(v1.points.filter((p) => p.kind === 'basic').every((p) => p.weight === 4)).toBe(true);
    expect(v1.points.find((p) => p.pointCode === '7.1')).toMatchObject({ kind: 'deduction', weight: 0 });
    expect(v1.points.every((p) => p.guidance === '')).toBe(true);
    expect(await auditActions(v1.id)).toEqual(['indicator_framework.create']);
  });

  it('copies a version into a draft n+1 with the same points; only one draft at a time', async () => {
    const res = await official.call('POST', `${base}/${v1.id}/versions`, { note: '2025 年度修订' });
    expect(res.statusCode).toBe(200);
    const v2: IndicatorFrameworkDetail = res.json();
    v2Id = v2.id;
    expect(v2).toMatchObject({ name: DEFAULT_FRAMEWORK_NAME, version: 2, status: 'draft', basedOn: v1.id });
    expect(v2.points).toEqual(v1.points);

    const again = await official.call('POST', `${base}/${v1.id}/versions`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('已有草稿版本（第 2 版）');
  });

  it('edits the draft (add, edit, remove points) and leaves version 1 unchanged', async () => {
    const points = v1.points.filter((p) => p.pointCode !== '6.3').map(toInput);
    points[0] = { ...points[0]!, weight: 8, guidance: '园区总产值全省前五得满分' };
    points.splice(25, 0, {
      groupCode: '6',
      groupName: '特色创新',
      pointCode: '6.4',
      name: '数字化转型典型案例',
      kind: 'basic',
      weight: 0,
    });
    const res = await official.call('PUT', `${base}/${v2Id}/points`, { points });
    expect(res.statusCode).toBe(200);
    const v2: IndicatorFrameworkDetail = res.json();
    expect(v2.pointCount).toBe(26);
    expect(v2.totalWeight).toBe(100);
    expect(v2.points.find((p) => p.pointCode === '1.1')).toMatchObject({
      weight: 8,
      guidance: '园区总产值全省前五得满分',
    });
    expect(v2.points.some((p) => p.pointCode === '6.3')).toBe(false);
    expect(v2.points.find((p) => p.pointCode === '6.4')).toMatchObject({ guidance: '', sort: 26 });

    const renamed = await official.call('PATCH', `${base}/${v2Id}`, { note: '调整 1.1 分值' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().note).toBe('调整 1.1 分值');

    const now = (await official.call('GET', `${base}/${v1.id}`)).json();
    expect(now).toEqual(v1);
  });

  it('rejects invalid points with a Chinese message and writes nothing', async () => {
    const before = (await official.call('GET', `${base}/${v2Id}`)).json() as IndicatorFrameworkDetail;
    const good = before.points.map(toInput);

    const dup = [...good, { ...good[1]!, pointCode: '1.1', weight: 0 }];
    const r1 = await official.call('PUT', `${base}/${v2Id}/points`, { points: dup });
    expect(r1.statusCode).toBe(400);
    expect(r1.json()).toMatchObject({ code: 'VALIDATION', message: '观测点编号重复：1.1' });

    const negative = good.map((p, i) => (i === 0 ? { ...p, weight: -1 } : p));
    const r2 = await official.call('PUT', `${base}/${v2Id}/points`, { points: negative });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toContain('分值不能为负数');

    const wrongTotal = good.map((p, i) => (i === 0 ? { ...p, weight: 4 } : p));
    const r3 = await official.call('PUT', `${base}/${v2Id}/points`, { points: wrongTotal });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().message).toBe('基本指标分值合计应为 100 分，当前为 96 分');

    const after = (await official.call('GET', `${base}/${v2Id}`)).json();
    expect(after).toEqual(before);
  });

  it('publishes the draft (retiring version 1); published and retired versions refuse every edit', async () => {
    const pub = await official.call('POST', `${base}/${v2Id}/publish`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', version: 2 });
    expect(pub.json().publishedBy).toBeTruthy();

    const list = await secretariat.call('GET', `${base}?q=${encodeURIComponent('教育部')}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { version: number; status: string }) => [i.version, i.status])).toEqual([
      [2, 'published'],
      [1, 'retired'],
    ]);

    for (const id of [v1.id, v2Id]) {
      const edits = [
        await official.call('PATCH', `${base}/${id}`, { name: '改名' }),
        await official.call('PUT', `${base}/${id}/points`, { points: v1.points.map(toInput) }),
        await official.call('POST', `${base}/${id}/publish`),
      ];
      for (const e of edits) {
        expect(e.statusCode).toBe(409);
        expect(e.json().message).toMatch(/的指标体系版本不能修改/);
      }
    }
    expect((await official.call('GET', `${base}/${v1.id}`)).json().points).toEqual(v1.points);
  });

  it('records an audit entry for every write, with the official as actor', async () => {
    expect(await auditActions(v2Id)).toEqual([
      'indicator_framework.version',
      'indicator_framework.points',
      'indicator_framework.update',
      'indicator_framework.publish',
    ]);
    const [pub] = await env.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, v2Id), eq(auditLog.action, 'indicator_framework.publish')));
    expect(pub?.actorId).toBeTruthy();
    expect(pub?.diff).toMatchObject({ retired: [v1.id] });
  });

  it('lets officials manage and other business roles read; students, teachers and anonymous are refused', async () => {
    expect((await reviewer.call('GET', base)).statusCode).toBe(200);
    expect((await secretariat.call('GET', `${base}/${v1.id}`)).statusCode).toBe(200);
    const denied = [
      await secretariat.call('POST', `${base}/${v2Id}/versions`, {}),
      await reviewer.call('PUT', `${base}/${v2Id}/points`, { points: [] }),
      await student.call('GET', base),
      await teacher.call('GET', `${base}/${v1.id}`),
    ];
    for (const d of denied) expect(d.json().code).toBe('FORBIDDEN');
    expect((await env.app.inject({ method: 'GET', url: base })).statusCode).toBe(401);
    expect((await official.call('GET', `${base}/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('exports a version as xlsx with its title and one row per point', async () => {
    const res = await reviewer.call('GET', `${base}/${v2Id}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(String(sheet.getCell('A1').value)).toContain('第 2 版');
    expect(sheet.getRow(2).getCell(4).value).toBe('观测点');
    expect(sheet.rowCount).toBe(2 + 26);
    const first = sheet.getRow(3);
    expect([first.getCell(3).value, first.getCell(6).value, first.getCell(7).value]).toEqual([
      '1.1',
      8,
      '园区总产值全省前五得满分',
    ]);
  });
});
