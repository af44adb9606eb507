/**
 * In-app notifications: notify() is idempotent per (user, dedupe key), recipients() finds the active
 * holders of a role within a consortium or organization, each user reads and marks only his own.
 */
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
  type TestEnv,
} from '../../../test/helpers';
import { notify, recipients } from './index';

let env: TestEnv;
let alice: Session;
let bob: Session;
let aliceId = '';
let bobId = '';
let consortiumId = '';
let orgId = '';

beforeAll(async () => {
  env = await setupTestEnv();
  consortiumId = (await makeConsortium(env)).id;
  orgId = (await makeOrg(env, 'government')).id;
  const a = await makeUser(env, 'secretariat', { consortiumId });
  const b = await makeUser(env, 'official', { orgId });
  aliceId = a.id;
  bobId = b.id;
  alice = await login(env, a.username);
  bob = await login(env, b.username);
});
afterAll(() => env.close());

describe('notifications', () => {
  it('finds recipients by role and scope, leaving disabled accounts out', async () => {
    const other = await makeUser(env, 'secretariat', { consortiumId });
    expect((await recipients(env.deps.db, { role: 'secretariat', consortiumId })).sort()).toEqual(
      [aliceId, other.id].sort(),
    );
    expect(await recipients(env.deps.db, { role: 'official', orgId })).toEqual([bobId]);
    expect(await recipients(env.deps.db, { role: 'reviewer', consortiumId })).toEqual([]);
    await env.deps.db.update(users).set({ disabled: true }).where(eq(users.id, other.id));
    expect(await recipients(env.deps.db, { role: 'secretariat', consortiumId })).toEqual([aliceId]);
  });

  it('writes a reminder once per user and dedupe key, however often the job runs', async () => {
    const item = { userId: aliceId, kind: 'test.due', title: '自评将于 3 天后截止', dedupeKey: 'round-1:due' };
    expect(await notify(env.deps.db, [item, item])).toBe(1);
    expect(await notify(env.deps.db, [item, { ...item, userId: bobId }])).toBe(1);
    expect(
      await notify(env.deps.db, [{ userId: aliceId, kind: 'test.note', title: '无去重键的通知', link: '/x' }]),
    ).toBe(1);
    expect(await notify(env.deps.db, [{ userId: aliceId, kind: 'test.note', title: '无去重键的通知' }])).toBe(1);
    expect(await notify(env.deps.db, [])).toBe(0);
  });

  it('lists only the caller’s notifications, newest first, with the unread count', async () => {
    const res = await alice.call('GET', '/api/notifications?pageSize=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 2 });
    expect(body.items).toHaveLength(2);
    expect(body.items[0].title).toBe('无去重键的通知');
    const bobs = (await bob.call('GET', '/api/notifications')).json();
    expect(bobs).toMatchObject({ total: 1, unread: 1 });
    expect(bobs.items[0]).toMatchObject({ kind: 'test.due', link: null, readAt: null });
  });

  it('marks one read (only one’s own) and then all', async () => {
    const mine = (await alice.call('GET', '/api/notifications')).json().items;
    const bobs = (await bob.call('GET', '/api/notifications')).json().items;
    expect((await alice.call('POST', `/api/notifications/${bobs[0].id}/read`)).statusCode).toBe(404);
    const one = await alice.call('POST', `/api/notifications/${mine[0].id}/read`);
    expect(one.statusCode).toBe(200);
    expect(one.json().readAt).toBeTruthy();
    const again = (await alice.call('POST', `/api/notifications/${mine[0].id}/read`)).json();
    expect(again.readAt).toBe(one.json().readAt);
    const unread = (await alice.call('GET', '/api/notifications?unread=true')).json();
    expect(unread).toMatchObject({ total: 2, unread: 2 });
    expect((await alice.call('POST', '/api/notifications/read-all')).statusCode).toBe(200);
    expect((await alice.call('GET', '/api/notifications')).json()).toMatchObject({ total: 3, unread: 0 });
    expect((await bob.call('GET', '/api/notifications')).json().unread).toBe(1);
  });

  it('refuses anonymous callers and bad ids', async () => {
    expect((await env.app.inject({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
    const bad = await alice.call('POST', '/api/notifications/not-a-uuid/read');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('编号格式不正确');
  });
});
