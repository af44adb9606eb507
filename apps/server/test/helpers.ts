import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultSecurityPolicy, type Role } from '@chanjiao/contracts';
import { consortia, consortiumMembers, type Database, organizations, users } from '@chanjiao/db';
import { createTestDatabase } from '@chanjiao/db/testing';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app';
import { makeDeps } from '../src/deps';
import { parseEnv } from '../src/env';
import { type Ctx, type Deps, systemCtx } from '../src/lib/context';
import { totpAt } from '../src/lib/totp';
import { createUser } from '../src/modules/identity';

export const TEST_PASSWORD = 'Test@2024x';

export interface TestEnv {
  app: FastifyInstance;
  deps: Deps;
  database: Database;
  ctx: Ctx;
  close(): Promise<void>;
}

/** A fresh database cloned from the migrated template, and the app on top of it. */
export async function setupTestEnv(opts: { demoMode?: boolean } = {}): Promise<TestEnv> {
  const { database, url } = await createTestDatabase(inject('pgBaseUrl'));
  // Uploaded files of a test go to a temp folder, never into the repository's data/; removed at close.
  const dataDir = mkdtempSync(join(tmpdir(), 'chanjiao-test-files-'));
  const config = parseEnv({
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    DEMO_MODE: opts.demoMode ? 'true' : 'false',
    FIELD_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    NODE_ENV: 'test',
  });
  const deps = makeDeps(config, database);
  const app = await buildApp(deps);
  return {
    app,
    deps,
    database,
    ctx: systemCtx(deps, 'test'),
    close: async () => {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
export const uniq = (p: string) => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function makeOrg(env: TestEnv, type = 'enterprise', name = uniq('单位')) {
  const [row] = await env.deps.db.insert(organizations).values({ name, type }).returning();
  return row!;
}

export async function makeConsortium(env: TestEnv, name = uniq('联合体')) {
  const [row] = await env.deps.db
    .insert(consortia)
    .values({ name, level: 'municipal', status: 'cultivating' })
    .returning();
  return row!;
}

export async function addMember(env: TestEnv, consortiumId: string, orgId: string) {
  await env.deps.db.insert(consortiumMembers).values({ consortiumId, orgId, memberRole: 'member_unit' });
}

export const TEST_TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/**
 * Creates an account with the given role (no forced password change unless asked). Roles that
 * need a second factor get a TOTP binding unless `totp: false`.
 */
export async function makeUser(
  env: TestEnv,
  role: Role,
  opts: {
    orgId?: string | null;
    consortiumId?: string | null;
    mustChange?: boolean;
    username?: string;
    phone?: string;
    totp?: boolean;
  } = {},
) {
  const user = await createUser(
    env.ctx,
    {
      username: opts.username ?? uniq(role),
      displayName: `测试${role}`,
      roles: [role],
      initialPassword: TEST_PASSWORD,
      orgId: opts.orgId ?? null,
      consortiumId: opts.consortiumId ?? null,
      phone: opts.phone ?? null,
    },
    { mustChange: opts.mustChange ?? false },
  );
  if (opts.totp ?? defaultSecurityPolicy.totpRequiredRoles.includes(role))
    await env.deps.db
      .update(users)
      .set({ totpSecretEnc: env.deps.cipher.encrypt(TEST_TOTP_SECRET), totpEnabledAt: new Date() })
      .where(eq(users.id, user.id));
  return user;
}

/**
 * The code a user's authenticator shows now. Tests log in many times within one 30-second step,
 * so the replay guard is reset first (it is tested on its own in auth.routes.test.ts).
 */
async function currentTotp(env: TestEnv, username: string): Promise<string | undefined> {
  const [u] = await env.deps.db.select().from(users).where(eq(users.username, username));
  if (!u?.totpEnabledAt || !u.totpSecretEnc) return undefined;
  await env.deps.db.update(users).set({ totpLastStep: null }).where(eq(users.id, u.id));
  return totpAt(env.deps.cipher.decrypt(u.totpSecretEnc), Date.now());
}

export interface Session {
  cookie: string;
  csrf: string;
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Logs in through the API and returns a client that sends the cookie and CSRF token. */
export async function login(env: TestEnv, username: string, password = TEST_PASSWORD): Promise<Session> {
  const totpCode = await currentTotp(env, username);
  const res = await env.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password, ...(totpCode ? { totpCode } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.cookies.find((c) => c.name === 'cj_sid');
  if (!setCookie) throw new Error('no session cookie');
  const cookie = `cj_sid=${setCookie.value}`;
  const csrf = res.json().csrfToken as string;
  return {
    cookie,
    csrf,
    call: (method, url, body, headers = {}) =>
      env.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}

const execFileP = promisify(execFile);
const repoRoot = new URL('../../../', import.meta.url).pathname;

/** Runs `apps/server/src/cli.ts` against the test database; returns the exit code and output. */
export async function runCli(env: TestEnv, args: string[], extra: Record<string, string> = {}) {
  try {
    const r = await execFileP('npx', ['tsx', 'apps/server/src/cli.ts', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: env.deps.config.databaseUrl!,
        DEMO_MODE: 'false',
        NODE_ENV: 'test',
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

/** POSTs multipart/form-data with one file part named `file` (and optional text fields). */
export function postFile(
  env: Pick<TestEnv, 'app'>,
  s: Pick<Session, 'cookie' | 'csrf'>,
  url: string,
  buffer: Buffer,
  filename: string,
  fields: Record<string, string> = {},
) {
  const boundary = `----chanjiao${Date.now()}${Math.random().toString(36).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return env.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([Buffer.from(head), buffer, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
