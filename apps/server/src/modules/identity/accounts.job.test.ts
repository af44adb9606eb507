import { users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, setupTestEnv, TEST_PASSWORD, type TestEnv } from '../../../test/helpers';
import { disableInactiveAccounts } from './accounts.job';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

const age = (id: string, days: number) =>
  env.deps.db
    .update(users)
    .set({ lastLoginAt: new Date(Date.now() - days * 86_400_000), createdAt: new Date(Date.now() - 400 * 86_400_000) })
    .where(eq(users.id, id));

describe('inactive accounts', () => {
  it('disables accounts unused for 90 days, keeps recent ones and the last system administrator', async () => {
    const stale = await makeUser(env, 'official');
    const fresh = await makeUser(env, 'official');
    const lastAdmin = await makeUser(env, 'sysadmin');
    await age(stale.id, 91);
    await age(fresh.id, 89);
    await age(lastAdmin.id, 200);
    const disabled = await disableInactiveAccounts(env.ctx);
    expect(disabled).toEqual([stale.username]);
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: stale.username, password: TEST_PASSWORD },
    });
    expect(login.json().code).toBe('ACCOUNT_DISABLED');
    expect(await disableInactiveAccounts(env.ctx)).toEqual([]);
  });
});
