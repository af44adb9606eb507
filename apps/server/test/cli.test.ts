/** The command-line tasks a deployment uses: migrate and create the first administrator. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestEnv, type TestEnv } from './helpers';

const run = promisify(execFile);
const repoRoot = new URL('../../../', import.meta.url).pathname;
let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

async function cli(args: string[], extra: Record<string, string> = {}) {
  try {
    const r = await run('npx', ['tsx', 'apps/server/src/cli.ts', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: env.deps.config.databaseUrl!,
        FIELD_ENCRYPTION_KEY: 'a1'.repeat(32),
        LOG_LEVEL: 'silent',
        ...extra,
      },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

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
