/**
 * Freshness across server processes: two real servers on one PostgreSQL database. A job published
 * (and later closed) through process A must show in (and leave) process B's recommendations within
 * 1 s — the requirement, carried by LISTEN/NOTIFY with the 1-second poll as the backstop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from '@chanjiao/contracts';
import { freePort } from '@chanjiao/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  makeConsortium,
  makeOrg,
  makeUser,
  setupTestEnv,
  TEST_PASSWORD,
  type TestEnv,
} from '../../../test/helpers';
import { insertStudent, updateStudent } from './matching.testing';

const repoRoot = new URL('../../../../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  url: string;
  log: () => string;
  stop: () => Promise<void>;
}

async function startServer(env: TestEnv, dataDir: string): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: env.deps.config.databaseUrl!,
      FIELD_ENCRYPTION_KEY: env.deps.config.fieldKey!,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_MODE: 'false',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '4',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited !== null) return;
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
    if (exited === null) child.kill('SIGKILL');
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}:\n${log}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after 90 s:\n${log}`);
    }
    await sleep(200);
  }
  return { url, log: () => log, stop };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies of several routes, read field by field.
type Body = any;
interface Client {
  get(path: string): Promise<{ status: number; body: Body }>;
  send(method: string, path: string, body: unknown): Promise<{ status: number; body: Body }>;
}

async function signIn(server: Server, username: string): Promise<Client> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('cj_sid='))!
    .split(';')[0]!;
  const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, body: await r.json() };
  };
  return { get: (path) => call('GET', path), send: call };
}

/** Polls until `done` holds; returns the milliseconds it took (or throws after `maxMs`). */
async function until(what: string, done: () => Promise<boolean>, maxMs = 5_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await done()) return Math.round(performance.now() - started);
    if (performance.now() - started > maxMs) throw new Error(`${what}: not seen after ${maxMs} ms`);
    await sleep(10);
  }
}

let env: TestEnv;
let a: Server;
let b: Server;
const dirs: string[] = [];
let enterpriseA: Client;
let enterpriseB: Client;
let studentB: Client;
let consortiumId: string;
let studentId: string;
const figures: Record<string, number> = {};

beforeAll(async () => {
  env = await setupTestEnv();
  const c = await makeConsortium(env);
  consortiumId = c.id;
  const e = await makeOrg(env, 'enterprise');
  const s = await makeOrg(env, 'school');
  await addMember(env, c.id, e.id);
  await addMember(env, c.id, s.id);
  const ent = await makeUser(env, 'enterprise', { orgId: e.id, totp: false });
  const stu = await makeUser(env, 'student', { orgId: s.id, totp: false });
  const profile = await insertStudent(env.deps, {
    schoolOrgId: s.id,
    consortiumId: c.id,
    name: '钱八',
    majorCode: '460701',
    skills: ['焊接'],
    userId: stu.id,
  });
  studentId = profile.id;
  for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'chanjiao-fresh-')));
  [a, b] = await Promise.all([startServer(env, dirs[0]!), startServer(env, dirs[1]!)]);
  enterpriseA = await signIn(a, ent.username);
  enterpriseB = await signIn(b, ent.username);
  studentB = await signIn(b, stu.username);
  // Both indexes loaded (the routes answer 503 until then).
  for (const client of [studentB, await signIn(a, stu.username)])
    await until(
      'index ready',
      async () => (await client.get('/api/students/me/recommendations')).status === 200,
      60_000,
    );
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  console.log(`matching freshness across processes (ms): ${JSON.stringify(figures)}`);
  await env?.close();
});

describe('freshness across two server processes', () => {
  it('a job published through A shows in B within 1 s, and leaves when closed', async () => {
    const created = await enterpriseA.send('POST', api.createJob.path, {
      title: '新能源汽车装配技术员',
      acceptedMajors: ['460701'],
      skills: ['焊接', '装配'],
      headCount: 3,
      minLevel: 'associate',
      districtCode: '500112',
      kind: 'fulltime',
      consortiumId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const jobId: string = created.body.id;
    const mine = async () =>
      ((await studentB.get('/api/students/me/recommendations')).body.items as { job: { id: string } }[]).map(
        (i) => i.job.id,
      );
    // A draft is not recommended to students.
    await sleep(300);
    expect(await mine()).not.toContain(jobId);

    const published = await enterpriseA.send('POST', api.setJobStatus.path.replace(':id', jobId), {
      status: 'published',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    figures.publish = await until('published job in B', async () => (await mine()).includes(jobId));
    expect(figures.publish).toBeLessThanOrEqual(1_000);

    const closed = await enterpriseA.send('POST', api.setJobStatus.path.replace(':id', jobId), { status: 'closed' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    figures.close = await until('closed job gone from B', async () => !(await mine()).includes(jobId));
    expect(figures.close).toBeLessThanOrEqual(1_000);

    // The job → students direction in B follows a profile change written by a third process.
    await enterpriseA.send('POST', api.setJobStatus.path.replace(':id', jobId), { status: 'published' });
    const reason = async () =>
      (await enterpriseB.get(`/api/jobs/${jobId}/recommendations`)).body.items?.find(
        (i: { student: { id: string } }) => i.student.id === studentId,
      )?.reason as string | undefined;
    await until('student in B', async () => (await reason()) !== undefined);
    expect(await reason()).toMatch(/技能 1\/2/);
    await updateStudent(env.deps, studentId, { skills: ['焊接', '装配'] });
    figures.profile = await until('profile change in B', async () => /技能 2\/2/.test((await reason()) ?? ''));
    expect(figures.profile).toBeLessThanOrEqual(1_000);
    await updateStudent(env.deps, studentId, { consent: false });
    figures.consent = await until('consent withdrawn in B', async () => (await reason()) === undefined);
    expect(figures.consent).toBeLessThanOrEqual(1_000);
  }, 60_000);
});
