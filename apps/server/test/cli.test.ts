/** The command-line tasks a deployment uses: migrate and create the first administrator. */
import { users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, setupTestEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

const cli = (args: string[], extra: Record<string, string> = {}) => runCli(env, args, extra);

describe('command line', () => {
  it('admin:create makes a system administrator who can sign in, and refuses a weak password', async () => {
    const weak = await cli(['admin:create', '--username', 'root2', '--name', '管理员'], { ADMIN_PASSWORD: 'weak' });
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/密码长度至少 8 位/);
    const ok = await cli(['admin:create', '--username', 'root', '--name', '管理员'], { ADMIN_PASSWORD: 'Admin#2024x' });
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/created system administrator root/);
    const [row] = await env.deps.db.select().from(users).where(eq(users.username, 'root'));
    expect(row).toMatchObject({ mustChangePassword: false, isDemo: false });
    const login = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'root', password: 'Admin#2024x' },
    });
    expect(login.statusCode).toBe(200);
    // A system administrator must enrol a second factor before administering anything.
    expect(login.json().user.mustEnrollTotp).toBe(true);
  });

  it('migrate is idempotent and explains an unknown command', async () => {
    const m = await cli(['migrate']);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/reference data up to date/);
    const bad = await cli(['nonsense']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/usage/);
  });
});
