/** The embedded database runs the same migrations and the same flows as PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { creditCodeCheckChar, isValidCreditCode } from '@chanjiao/contracts';
import { consortiumLeads, councilSeats, migrate, openDatabase, organizations } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { makeDeps } from '../src/deps';
import { parseEnv } from '../src/env';
import { systemCtx } from '../src/lib/context';
import { verifyChain } from '../src/modules/audit';
import { settleImports } from '../src/modules/imports';
import { loadReferenceData } from '../src/modules/reference';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo';
import { seedDemoRegistry } from '../src/seed/registry';
import { postFile } from './helpers';

describe('PGlite smoke', () => {
  it('migrates, seeds, logs in, writes and verifies the audit chain', async () => {
    const database = await openDatabase({});
    const config = parseEnv({ FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'), NODE_ENV: 'test' });
    const deps = makeDeps(config, database);
    try {
      await migrate(database);
      await loadReferenceData(deps.database);
      expect((await seedDemo(systemCtx(deps))).seeded).toBe(true);
      expect((await seedDemo(systemCtx(deps))).seeded).toBe(false);
      const reg = await seedDemoRegistry(systemCtx(deps));
      expect(reg.seeded).toBe(true);
      expect(reg.organizations).toBeGreaterThan(50);
      expect((await seedDemoRegistry(systemCtx(deps))).seeded).toBe(false);
      const orgRows = await deps.db.select().from(organizations);
      expect(orgRows.every((o) => o.isDemo && o.name.startsWith('【演示】'))).toBe(true);
      expect(orgRows.filter((o) => o.creditCode).every((o) => isValidCreditCode(o.creditCode!))).toBe(true);
      expect(new Set(orgRows.map((o) => o.districtCode)).size).toBeGreaterThan(8);
      const chairs = await deps.db.select().from(councilSeats).where(eq(councilSeats.seat, 'chair'));
      expect(chairs).toHaveLength(4);
      for (const chair of chairs) {
        const leads = await deps.db
          .select()
          .from(consortiumLeads)
          .where(eq(consortiumLeads.consortiumId, chair.consortiumId));
        expect(leads.map((l) => l.orgId)).toContain(chair.orgId);
      }
      const app = await buildApp(deps);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'enterprise', password: DEMO_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const cookie = `cj_sid=${login.cookies.find((c) => c.name === 'cj_sid')!.value}`;
      const headers = { cookie, 'x-csrf-token': login.json().csrfToken };
      const orgs = (await app.inject({ method: 'GET', url: '/api/orgs', headers })).json();
      expect(orgs.total).toBe(1);
      expect(orgs.items[0].name).toBe('【演示】渝新智能汽车零部件有限公司');
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/orgs/${orgs.items[0].id}`,
        headers,
        payload: { districtCode: '500112' },
      });
      expect(patched.json().districtName).toBe('渝北区');
      const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
      expect(health).toMatchObject({ status: 'ok', database: { driver: 'pglite', reachable: true }, demoMode: true });
      // Imports stage rows with COPY (PGlite: COPY FROM '/dev/blob') and upsert them in one statement.
      const sec = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'secretariat', password: DEMO_PASSWORD },
      });
      const session = {
        cookie: `cj_sid=${sec.cookies.find((c) => c.name === 'cj_sid')!.value}`,
        csrf: sec.json().csrfToken as string,
      };
      const code = (body: string) => body + creditCodeCheckChar(body);
      const csv = (rows: string[]) => Buffer.from(`单位名称,统一社会信用代码,单位类型\n${rows.join('\n')}\n`);
      const good = csv([
        `【演示】导入甲公司,${code('91500112MA5U00001')},企业`,
        `【演示】导入乙公司,${code('91500112MA5U00002')},企业`,
      ]);
      const run = async (buffer: Buffer) => {
        const res = await postFile({ app }, session, '/api/orgs/import', buffer, 'a.csv');
        expect(res.statusCode).toBe(200);
        await settleImports();
        const job = await app.inject({
          method: 'GET',
          url: `/api/imports/${res.json().id}`,
          headers: { cookie: session.cookie },
        });
        return job.json();
      };
      expect(await run(good)).toMatchObject({ status: 'done', created: 2, updated: 0, unchanged: 0 });
      expect(await run(good)).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: 2 });
      const bad = await run(
        csv([`【演示】导入丙公司,${code('91500112MA5U00003')},企业`, '【演示】导入丁公司,91500112MA5U000040,企业']),
      );
      expect(bad).toMatchObject({ status: 'failed', errorCount: 1, hasReport: true, errors: [{ rowNumber: 3 }] });
      expect(await deps.db.select().from(organizations).where(eq(organizations.name, '【演示】导入丙公司'))).toEqual(
        [],
      );
      expect(await verifyChain(deps.db)).toMatchObject({ ok: true });
      await app.close();
    } finally {
      await database.close();
    }
  });
});
