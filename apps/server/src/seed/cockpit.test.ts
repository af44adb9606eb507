import { kpiReturns } from '@chanjiao/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, setupTestEnv, type TestEnv } from '../../test/helpers';
import { DEMO_RETURNS, seedDemoCockpit } from './cockpit';
import { DEMO_PASSWORD, seedDemo } from './demo';
import { seedDemoLedger } from './ledger';

describe('demo cockpit seed (statistical returns)', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupTestEnv({ demoMode: true });
    await seedDemo(env.ctx);
  });
  afterAll(() => env.close());

  it('waits for the ledger seed’s organizations, then loads the returns once, marked demo', async () => {
    expect((await seedDemoCockpit(env.ctx)).seeded).toBe(false);
    await seedDemoLedger(env.ctx);
    expect((await seedDemoCockpit(env.ctx)).seeded).toBe(true);
    expect((await seedDemoCockpit(env.ctx)).seeded).toBe(false);
    const rows = await env.deps.db.select().from(kpiReturns);
    expect(rows).toHaveLength(DEMO_RETURNS.length);
    expect(rows.every((r) => r.isDemo && r.note?.includes('演示数据'))).toBe(true);
    expect(rows.filter((r) => r.status === 'approved')).toHaveLength(4);
    expect(rows.filter((r) => r.status === 'submitted')).toHaveLength(1);
  });

  it('the unit sees its submitted return; the official approves it and it counts', async () => {
    const unit = await login(env, 'unit', DEMO_PASSWORD);
    const mine = (await unit.call('GET', '/api/cockpit/returns')).json();
    expect(mine.items.map((r: { kpiCode: string; status: string }) => [r.kpiCode, r.status])).toEqual([
      ['T07', 'submitted'],
    ]);
    const official = await login(env, 'official', DEMO_PASSWORD);
    const all = (await official.call('GET', '/api/cockpit/returns?current=true&kpiCode=T06')).json();
    expect(all.items.map((r: { year: number; value: number }) => [r.year, r.value])).toEqual([
      [2024, 37.8],
      [2023, 36.5],
    ]);
    const ok = await official.call('POST', `/api/cockpit/returns/${mine.items[0].id}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', current: true });
  });
});
