import { sessions, users } from '@chanjiao/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { login, makeOrg, makeUser, setupTestEnv, TEST_PASSWORD, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url, payload, headers });

describe('login', () => {
  it('opens a session with an httpOnly SameSite cookie and never returns the hash', async () => {
    const u = await makeUser(env, 'official', { totp: false });
    const res = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cj_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(res.body).not.toMatch(/argon2|passwordHash/);
    expect(res.json().user.permissions).toContain('org.read');
  });

  it('answers unknown users and wrong passwords alike, in Chinese or English', async () => {
    const u = await makeUser(env, 'teacher', { orgId: (await makeOrg(env, 'school')).id });
    const unknown = await post('/api/auth/login', { username: 'nobody-here', password: 'x' });
    const wrong = await post('/api/auth/login', { username: u.username, password: 'wrong' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().code).toBe('INVALID_CREDENTIALS');
    expect(wrong.json().message).toMatch(/用户名或密码错误/);
    const en = await post(
      '/api/auth/login',
      { username: 'nobody-here', password: 'x' },
      { 'accept-language': 'en-US,en' },
    );
    expect(en.json().message).toBe('Wrong username or password');
    expect(en.json().requestId).toBeTruthy();
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const u = await makeUser(env, 'official', { totp: false });
    for (let i = 0; i < 4; i++)
      expect((await post('/api/auth/login', { username: u.username, password: 'bad' })).statusCode).toBe(401);
    const fifth = await post('/api/auth/login', { username: u.username, password: 'bad' });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe('ACCOUNT_LOCKED');
    const until = new Date(fifth.json().details.lockedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const right = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(423);
    // When the lockout has passed, the right password works again.
    await env.deps.db
      .update(users)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(users.id, u.id));
    expect((await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD })).statusCode).toBe(200);
  });

  it('ends a session after 30 idle minutes with SESSION_EXPIRED', async () => {
    const u = await makeUser(env, 'official', { totp: false });
    const s = await login(env, u.username);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    try {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 29 * 60_000);
      expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
      // 29 more idle minutes are fine (activity just now), 31 are not.
      vi.setSystemTime(Date.now() + 29 * 60_000);
      expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
      vi.setSystemTime(Date.now() + 31 * 60_000);
      const res = await s.call('GET', '/api/auth/me');
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('SESSION_EXPIRED');
    } finally {
      vi.useRealTimers();
    }
    // The expiry is in the database too, so no process can bring the session back.
    const [row] = await env.deps.db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(row!.revokedAt).not.toBeNull();
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('another process revoking a session is seen at once through the change feed', async () => {
    const u = await makeUser(env, 'official');
    const s = await login(env, u.username);
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(200);
    const { forgetUserSessions } = await import('./session.cache');
    await env.deps.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.userId, u.id));
    await env.deps.database.notify('chanjiao_sessions', JSON.stringify({ userId: u.id }));
    await new Promise((r) => setTimeout(r, 200));
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(401);
    expect(forgetUserSessions).toBeTypeOf('function');
  });

  it('logout ends the session', async () => {
    const u = await makeUser(env, 'official');
    const s = await login(env, u.username);
    expect((await s.call('POST', '/api/auth/logout')).statusCode).toBe(200);
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the token, before validating the body', async () => {
    const u = await makeUser(env, 'sysadmin');
    const s = await login(env, u.username);
    const res = await env.app.inject({ method: 'POST', url: '/api/users', payload: {}, headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF');
    const wrong = await s.call('POST', '/api/users', {}, { 'x-csrf-token': 'forged' });
    expect(wrong.json().code).toBe('CSRF');
    expect((await s.call('POST', '/api/users', {})).statusCode).toBe(400);
  });
});

describe('forced password change', () => {
  it('blocks business routes until the password is changed, then lets the user in', async () => {
    const u = await makeUser(env, 'official', { mustChange: true });
    const s = await login(env, u.username);
    const me = await s.call('GET', '/api/auth/me');
    expect(me.json().user.mustChangePassword).toBe(true);
    const blocked = await s.call('GET', '/api/orgs');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PASSWORD_CHANGE_REQUIRED');

    const weak = await s.call('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().message).toMatch(/至少三类/);
    const same = await s.call('POST', '/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.json().code).toBe('PASSWORD_REUSED');
    const wrongCurrent = await s.call('POST', '/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Fresh#Pass9',
    });
    expect(wrongCurrent.statusCode).toBe(401);

    expect(
      (await s.call('POST', '/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Fresh#Pass9' }))
        .statusCode,
    ).toBe(200);
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(200);
    const again = await login(env, u.username, 'Fresh#Pass9');
    expect((await again.call('GET', '/api/auth/me')).json().user.mustChangePassword).toBe(false);
  });

  it('remembers the last five passwords', async () => {
    const u = await makeUser(env, 'official');
    const s = await login(env, u.username);
    const pws = ['Second#Pw1', 'Third#Pw22', 'Fourth#Pw3'];
    let current = TEST_PASSWORD;
    for (const pw of pws) {
      expect(
        (await s.call('POST', '/api/auth/password', { currentPassword: current, newPassword: pw })).statusCode,
      ).toBe(200);
      current = pw;
    }
    const reuse = await s.call('POST', '/api/auth/password', { currentPassword: current, newPassword: 'Second#Pw1' });
    expect(reuse.json().code).toBe('PASSWORD_REUSED');
  });
});

describe('two-factor authentication (TOTP)', () => {
  it('makes a privileged role enrol before anything else, then asks for a code at every login', async () => {
    const { totpAt } = await import('../../lib/totp');
    const u = await makeUser(env, 'official', { totp: false });
    const s = await login(env, u.username);
    expect((await s.call('GET', '/api/auth/me')).json().user.mustEnrollTotp).toBe(true);
    expect((await s.call('GET', '/api/orgs')).json().code).toBe('TOTP_ENROLLMENT_REQUIRED');

    const setup = (await s.call('POST', '/api/auth/totp/setup')).json();
    expect(setup.otpauthUri).toContain(setup.secret);
    expect((await s.call('POST', '/api/auth/totp/enable', { code: '000000' })).json().code).toBe('VALIDATION');
    expect((await s.call('POST', '/api/auth/totp/enable', { code: totpAt(setup.secret, Date.now()) })).statusCode).toBe(
      200,
    );
    expect((await s.call('GET', '/api/orgs')).statusCode).toBe(200);
    expect((await s.call('POST', '/api/auth/totp/setup')).statusCode).toBe(409);

    const noCode = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('TOTP_REQUIRED');
    const wrongCode = await post('/api/auth/login', {
      username: u.username,
      password: TEST_PASSWORD,
      totpCode: '123456',
    });
    expect(wrongCode.json().code).toBe('TOTP_INVALID');
    // The step after the one used at enrolment, so the replay guard does not refuse it.
    const code = totpAt(setup.secret, Date.now() + 30_000);
    const ok = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD, totpCode: code });
    expect(ok.statusCode).toBe(200);
    const replay = await post('/api/auth/login', { username: u.username, password: TEST_PASSWORD, totpCode: code });
    expect(replay.json().code).toBe('TOTP_INVALID');
    // A wrong password with a right code is still just a wrong password.
    const badPw = await post('/api/auth/login', { username: u.username, password: 'nope', totpCode: code });
    expect(badPw.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('the system admin can remove a lost binding; the user enrols again', async () => {
    const u = await makeUser(env, 'official');
    const admin = await login(env, (await makeUser(env, 'sysadmin')).username);
    expect((await admin.call('POST', `/api/users/${u.id}/reset-totp`)).statusCode).toBe(200);
    const s = await login(env, u.username);
    expect((await s.call('GET', '/api/orgs')).json().code).toBe('TOTP_ENROLLMENT_REQUIRED');
  });

  it('roles outside the policy list need no second factor', async () => {
    const u = await makeUser(env, 'teacher', { orgId: (await makeOrg(env, 'school')).id });
    const s = await login(env, u.username);
    expect((await s.call('GET', '/api/auth/me')).json().user.mustEnrollTotp).toBe(false);
  });
});
