/** The embedded database runs the same migrations and the same flows as PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { migrate, openDatabase } from '@chanjiao/db';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { makeDeps } from '../src/deps';
import { parseEnv } from '../src/env';
import { systemCtx } from '../src/lib/context';
import { verifyChain } from '../src/modules/audit';
import { loadReferenceData } from '../src/modules/reference';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo';

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
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/orgs/${orgs.items[0].id}`,
        headers,
        payload: { districtCode: '500112' },
      });
      expect(patched.json().districtName).toBe('渝北区');
      const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
      expect(health).toMatchObject({ status: 'ok', database: { driver: 'pglite', reachable: true }, demoMode: true });
      expect(await verifyChain(deps.db)).toMatchObject({ ok: true });
      await app.close();
    } finally {
      await database.close();
    }
  });
});
