import { users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  login,
  makeConsortium,
  makeOrg,
  makeUser,
  type Session,
  setupTestEnv,
  TEST_PASSWORD,
  type TestEnv,
  uniq,
} from '../../../test/helpers';

let env: TestEnv;
let admin: Session;
let adminId: string;
beforeAll(async () => {
  env = await setupTestEnv();
  const a = await makeUser(env, 'sysadmin');
  adminId = a.id;
  admin = await login(env, a.username);
});
afterAll(() => env.close());

async function auditActions(entityId: string) {
  const auditor = await makeUser(env, 'auditor');
  const s = await login(env, auditor.username);
  const res = await s.call('GET', `/api/audit?q=${entityId}&pageSize=100`);
  return (res.json().items as { action: string; diff: unknown }[]).map((e) => e.action);
}

describe('user administration', () => {
  it('creates a user with a masked, encrypted phone and forces a password change', async () => {
    const org = await makeOrg(env, 'school');
    const username = uniq('t');
    const res = await admin.call('POST', '/api/users', {
      username,
      displayName: '王老师',
      roles: ['teacher'],
      orgId: org.id,
      phone: '13912345678',
      initialPassword: 'Init#Pass1',
    });
    expect(res.statusCode).toBe(200);
    const created = res.json();
    expect(created.phone).toBe('139****5678');
    expect(created.mustChangePassword).toBe(true);
    expect(created.orgName).toBe(org.name);
    const [row] = await env.deps.db.select().from(users).where(eq(users.id, created.id));
    expect(row!.phoneEnc).not.toContain('13912345678');
    expect(env.deps.cipher.decrypt(row!.phoneEnc!)).toBe('13912345678');

    const reveal = await admin.call('GET', `/api/users/${created.id}/phone`);
    expect(reveal.json().phone).toBe('13912345678');
    const actions = await auditActions(created.id);
    expect(actions).toContain('user.create');
    expect(actions).toContain('user.phone.reveal');

    const s = await login(env, username, 'Init#Pass1');
    expect((await s.call('GET', '/api/orgs')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('explains bad input in Chinese, field by field, and writes nothing', async () => {
    const before = (await admin.call('GET', '/api/users?pageSize=1')).json().total;
    const res = await admin.call('POST', '/api/users', {
      username: 'X',
      displayName: '',
      roles: ['secretariat'],
      initialPassword: 'short',
      phone: '123',
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['username', 'displayName', 'initialPassword', 'phone', 'consortiumId']),
    );
    expect(res.json().message).toMatch(/提交的数据不符合要求/);
    expect((await admin.call('GET', '/api/users?pageSize=1')).json().total).toBe(before);
  });

  it('refuses a taken username with 409 and an unknown organization with 400', async () => {
    const u = await makeUser(env, 'official');
    const dup = await admin.call('POST', '/api/users', {
      username: u.username,
      displayName: 'x',
      roles: ['official'],
      initialPassword: 'Init#Pass1',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().message).toMatch(/已被使用/);
    const ghost = await admin.call('POST', '/api/users', {
      username: uniq('g'),
      displayName: 'x',
      roles: ['enterprise'],
      orgId: '00000000-0000-4000-8000-000000000001',
      initialPassword: 'Init#Pass1',
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().message).toMatch(/所属单位不存在/);
  });

  it('keeps the three administrator duties apart', async () => {
    const res = await admin.call('POST', '/api/users', {
      username: uniq('a'),
      displayName: 'x',
      roles: ['sysadmin', 'auditor'],
      initialPassword: 'Init#Pass1',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/三员/);
    expect((await admin.call('GET', '/api/audit')).statusCode).toBe(403);
    expect((await admin.call('PUT', '/api/security/policy', {})).statusCode).toBe(403);
    const self = await admin.call('PUT', `/api/users/${adminId}`, {
      displayName: 'me',
      roles: ['sysadmin', 'official'],
    });
    expect(self.statusCode).toBe(400);
    const selfOnly = await admin.call('PUT', `/api/users/${adminId}`, { displayName: 'me', roles: ['official'] });
    expect(selfOnly.statusCode).toBe(403);
    expect((await admin.call('POST', `/api/users/${adminId}/lock`, { locked: true })).statusCode).toBe(403);
  });

  it('locking ends the sessions and refuses login; unlocking lets the user back', async () => {
    const u = await makeUser(env, 'official');
    const s = await login(env, u.username);
    const lock = await admin.call('POST', `/api/users/${u.id}/lock`, { locked: true, reason: '离职' });
    expect(lock.json().status).toBe('disabled');
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(401);
    const refused = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: TEST_PASSWORD },
    });
    expect(refused.json().code).toBe('ACCOUNT_DISABLED');
    expect((await admin.call('POST', `/api/users/${u.id}/lock`, { locked: false })).json().status).toBe('active');
    await login(env, u.username);
    expect(await auditActions(u.id)).toEqual(expect.arrayContaining(['user.lock', 'user.unlock']));
  });

  it('reset password ends sessions and forces a change', async () => {
    const u = await makeUser(env, 'official');
    const s = await login(env, u.username);
    expect(
      (await admin.call('POST', `/api/users/${u.id}/reset-password`, { newPassword: 'Reset#Pass1' })).statusCode,
    ).toBe(200);
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(401);
    const again = await login(env, u.username, 'Reset#Pass1');
    expect((await again.call('GET', '/api/orgs')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('changing roles or scope ends the sessions so new rights apply at once', async () => {
    const org = await makeOrg(env);
    const cons = await makeConsortium(env);
    const u = await makeUser(env, 'enterprise', { orgId: org.id });
    const s = await login(env, u.username);
    const res = await admin.call('PUT', `/api/users/${u.id}`, {
      displayName: '新名字',
      roles: ['secretariat'],
      consortiumId: cons.id,
    });
    expect(res.json().roles).toEqual(['secretariat']);
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(401);
  });

  it('lists with search, role and status filters and pagination', async () => {
    const tag = uniq('srch');
    for (let i = 0; i < 3; i++) await makeUser(env, 'reviewer', { username: `${tag}${i}` });
    const page1 = (await admin.call('GET', `/api/users?q=${tag}&pageSize=2&page=1`)).json();
    expect(page1.total).toBe(3);
    expect(page1.items).toHaveLength(2);
    const page2 = (await admin.call('GET', `/api/users?q=${tag}&pageSize=2&page=2`)).json();
    expect(page2.items).toHaveLength(1);
    expect((await admin.call('GET', `/api/users?q=${tag}&role=official`)).json().total).toBe(0);
    expect((await admin.call('GET', `/api/users?q=${tag}&status=active`)).json().total).toBe(3);
    expect((await admin.call('GET', '/api/users?pageSize=500')).statusCode).toBe(400);
  });
});

describe('security policy', () => {
  it('the security admin changes it; the change is audited and applies', async () => {
    const sec = await login(env, (await makeUser(env, 'secadmin')).username);
    const bad = await sec.call('PUT', '/api/security/policy', {
      maxFailedLogins: 5,
      lockoutMinutes: 15,
      idleTimeoutMinutes: 60,
      passwordMaxAgeDays: 90,
      passwordHistory: 5,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/30 分钟/);
    const ok = await sec.call('PUT', '/api/security/policy', {
      maxFailedLogins: 3,
      lockoutMinutes: 15,
      idleTimeoutMinutes: 30,
      passwordMaxAgeDays: 90,
      passwordHistory: 5,
    });
    expect(ok.statusCode).toBe(200);
    const u = await makeUser(env, 'official');
    for (let i = 0; i < 2; i++)
      await env.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: 'bad' },
      });
    const third = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: 'bad' },
    });
    expect(third.statusCode).toBe(423);
    await sec.call('PUT', '/api/security/policy', {
      maxFailedLogins: 5,
      lockoutMinutes: 15,
      idleTimeoutMinutes: 30,
      passwordMaxAgeDays: 90,
      passwordHistory: 5,
    });
  });
});

describe('scope links match the role', () => {
  it('offers and accepts only schools for teachers, and only consortia for secretariats', async () => {
    const park = await makeOrg(env, 'park', uniq('园区'));
    const school = await makeOrg(env, 'school', uniq('学校'));
    const teacherOpts = (await admin.call('GET', '/api/users/scope-options?roles=teacher')).json().items as {
      id: string;
      kind: string;
    }[];
    expect(teacherOpts.some((o) => o.id === school.id)).toBe(true);
    expect(teacherOpts.some((o) => o.id === park.id || o.kind === 'consortium')).toBe(false);
    const secOpts = (await admin.call('GET', '/api/users/scope-options?roles=secretariat')).json().items as {
      kind: string;
    }[];
    expect(secOpts.every((o) => o.kind === 'consortium')).toBe(true);
    const bad = await admin.call('POST', '/api/users', {
      username: uniq('tp'),
      displayName: '园区老师',
      roles: ['teacher'],
      orgId: park.id,
      initialPassword: 'Init#Pass1',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/所属单位须为学校/);
  });
});
