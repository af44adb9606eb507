import { randomUUID } from 'node:crypto';
import { importJobs } from '@chanjiao/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTestEnv, type TestEnv } from '../../../test/helpers';
import { sweepImports } from './imports.service';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

const stageOf = (id: string) => `import_stage_${id.replace(/-/g, '')}`;
const tables = async () =>
  (
    (await env.deps.db.execute(
      sql`select tablename from pg_tables where tablename like 'import\_stage\_%' order by 1`,
    )) as unknown as { tablename: string }[]
  ).map((r) => r.tablename);

describe('import sweep at start-up', () => {
  it('marks jobs left running by a stopped process as interrupted and drops staging tables without a running job', async () => {
    const user = await makeUser(env, 'secretariat');
    const job = (kind: string, createdAt: Date) =>
      env.deps.db
        .insert(importJobs)
        .values({ kind, status: 'running', fileName: 'a.csv', createdBy: user.id, createdAt })
        .returning()
        .then((r) => r[0]!);
    const stale = await job('organizations', new Date(Date.now() - 7 * 3600_000));
    const live = await job('organizations', new Date());
    const orphan = randomUUID();
    for (const id of [stale.id, live.id, orphan])
      await env.deps.database.exec(`create unlogged table "${stageOf(id)}" (row_number integer)`);

    await sweepImports(env.ctx);

    const [after] = await env.deps.db.select().from(importJobs).where(eq(importJobs.id, stale.id));
    expect(after).toMatchObject({ status: 'error', message: '导入因服务重启而中断，请重新导入' });
    expect(after!.finishedAt).not.toBeNull();
    const [still] = await env.deps.db.select().from(importJobs).where(eq(importJobs.id, live.id));
    expect(still!.status).toBe('running');
    // A recent running job may belong to another server process: its table stays.
    expect(await tables()).toEqual([stageOf(live.id)]);
  });
});
