import type { EntryDetail, RoundDetail } from '@chanjiao/contracts';
import { evaluationRounds } from '@chanjiao/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, setupTestEnv, type TestEnv } from '../../test/helpers';
import { ensureDefaultFramework } from '../modules/evaluation';
import { loadReferenceData } from '../modules/reference';
import { DEMO_PASSWORD, seedDemo } from './demo';
import { DEMO_ROUND_NAME, seedDemoEvaluation } from './evaluation';
import { seedDemoRegistry } from './registry';

describe('demo evaluation seed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupTestEnv();
    await loadReferenceData(env.database);
    await ensureDefaultFramework(env.ctx);
    await seedDemo(env.ctx);
    await seedDemoRegistry(env.ctx);
  });
  afterAll(() => env.close());

  it('loads reviewer2 and one open acceptance round for the demo secretariat, once', async () => {
    expect((await seedDemoEvaluation(env.ctx)).seeded).toBe(true);
    expect((await seedDemoEvaluation(env.ctx)).seeded).toBe(false);
    const rounds = await env.deps.db.select().from(evaluationRounds);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]).toMatchObject({ name: DEMO_ROUND_NAME, kind: 'acceptance', status: 'open', isDemo: true });
    const today = new Date().toISOString().slice(0, 10);
    expect(rounds[0]!.selfDueOn > today && rounds[0]!.reviewDueOn > rounds[0]!.selfDueOn).toBe(true);

    const sec = await login(env, 'secretariat', DEMO_PASSWORD);
    const list = (await sec.call('GET', '/api/evaluation-rounds')).json();
    expect(list.items.map((r: { name: string }) => r.name)).toEqual([DEMO_ROUND_NAME]);
    const round: RoundDetail = (await sec.call('GET', `/api/evaluation-rounds/${rounds[0]!.id}`)).json();
    expect(round.entries[0]).toMatchObject({
      consortiumName: '重庆市智能网联新能源汽车产教联合体',
      status: 'not_started',
    });
    const entry: EntryDetail = (await sec.call('GET', `/api/evaluation-entries/${round.entries[0]!.id}`)).json();
    expect(entry.can.fill).toBe(true);
    expect(entry.points.find((p) => p.pointCode === '2.1')!.fact!.available).toBe(true);

    // Both demo reviewers may be assigned: neither organization belongs to the consortium.
    const official = await login(env, 'official', DEMO_PASSWORD);
    const cands = (await official.call('GET', `/api/evaluation-entries/${entry.id}/reviewer-candidates`)).json();
    const byName = (n: string) => cands.items.find((c: { name: string }) => c.name === n);
    expect(byName('演示评审专家')).toMatchObject({ conflict: null, assigned: false });
    expect(byName('演示评审专家二')).toMatchObject({
      conflict: null,
      assigned: false,
      orgName: '【演示】重庆智能网联汽车研究院',
    });
    await login(env, 'reviewer2', DEMO_PASSWORD);
  });
});
