import { bestPracticeCases, ledgerReports, ledgerTasks, policyItemStatus } from '@chanjiao/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, setupTestEnv, type TestEnv } from '../../test/helpers';
import { DEMO_PASSWORD, seedDemo } from './demo';
import { seedDemoLedger } from './ledger';

describe('demo ledger seed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupTestEnv({ demoMode: true });
    await seedDemo(env.ctx);
  });
  afterAll(() => env.close());

  it('loads tasks, reports in every state, cases and policy items once, all marked demo', async () => {
    expect((await seedDemoLedger(env.ctx)).seeded).toBe(true);
    expect((await seedDemoLedger(env.ctx)).seeded).toBe(false);
    const db = env.deps.db;
    const tasks = await db.select().from(ledgerTasks);
    expect(tasks).toHaveLength(8);
    expect(tasks.every((t) => t.isDemo && t.year === 2026)).toBe(true);
    const reports = await db.select().from(ledgerReports);
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['draft', 'submitted', 'returned', 'accepted']));
    expect((await db.select().from(bestPracticeCases)).length).toBe(9);
    expect((await db.select().from(policyItemStatus)).length).toBe(7);
  });

  it('the unit account sees its own tasks with the Q3 report waiting for review, and flags', async () => {
    const unit = await login(env, 'unit', DEMO_PASSWORD);
    const me = await unit.call('GET', '/api/auth/me');
    expect(me.json().user.orgName).toBe('市经济信息委');
    const list = await unit.call('GET', '/api/ledger/tasks?year=2026');
    expect(list.json().total).toBe(2);
    const platform = list.json().items.find((t: { measureNo: number }) => t.measureNo === 19);
    expect(platform.quarters[2]).toMatchObject({ status: 'submitted', percent: 70 });
    const formation = list.json().items.find((t: { measureNo: number }) => t.measureNo === 1);
    expect(formation.quarters[1].status).toBe('returned');
    expect(formation.quarters[2].overdue).toBe(true);
    const official = await login(env, 'official', DEMO_PASSWORD);
    const flagged = await official.call('GET', '/api/ledger/tasks?year=2026&flag=flagged');
    expect(flagged.json().total).toBeGreaterThanOrEqual(3);
  });
});
