import { auditLog, organizations } from '@chanjiao/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, runCli, setupTestEnv, type TestEnv } from '../../../test/helpers';
import { appendAudit, verifyChain } from './audit.service';

let env: TestEnv;
beforeAll(async () => {
  env = await setupTestEnv();
});
afterAll(() => env.close());

const cliVerify = () => runCli(env, ['audit:verify']);

describe('audit log', () => {
  it('records actor, role, action, entity, diff, IP and request id for a write', async () => {
    const admin = await makeUser(env, 'sysadmin');
    const s = await login(env, admin.username);
    const res = await s.call(
      'POST',
      '/api/users',
      { username: 'audited1', displayName: '审计对象', roles: ['official'], initialPassword: 'Init#Pass1' },
      { 'x-request-id': 'req-audit-test-1' },
    );
    expect(res.statusCode).toBe(200);
    const [entry] = await env.deps.db.select().from(auditLog).where(eq(auditLog.requestId, 'req-audit-test-1'));
    expect(entry).toMatchObject({
      actorUsername: admin.username,
      actorRoles: 'sysadmin',
      action: 'user.create',
      entity: 'user',
      entityId: res.json().id,
      result: 'success',
      ip: '127.0.0.1',
    });
    expect(JSON.stringify(entry!.diff)).toContain('审计对象');
    expect(JSON.stringify(entry!.diff)).not.toMatch(/Init#Pass1|argon2/);
  });

  it('records failed logins and lockouts as security events', async () => {
    await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost-user', password: 'x' },
    });
    const rows = await env.deps.db.select().from(auditLog).where(eq(auditLog.actorUsername, 'ghost-user'));
    expect(rows[0]).toMatchObject({ action: 'auth.login', result: 'failure' });
  });

  it('writes the entry in the same transaction: a rolled-back change leaves no entry', async () => {
    const count = async () => (await env.deps.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
    const before = await count();
    await expect(
      env.deps.db.transaction(async (tx) => {
        await tx.insert(organizations).values({ name: '回滚单位', type: 'enterprise' });
        await appendAudit(tx, env.ctx, { action: 'org.create', entity: 'organization', after: { name: '回滚单位' } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count()).toBe(before);
    expect(await env.deps.db.select().from(organizations).where(eq(organizations.name, '回滚单位'))).toHaveLength(0);
  });

  it('keeps a linear chain under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        env.deps.db.transaction((tx) =>
          appendAudit(tx, env.ctx, { action: 'test.concurrent', entity: 'test', entityId: String(i) }),
        ),
      ),
    );
    const r = await verifyChain(env.deps.db);
    expect(r.ok).toBe(true);
    expect(r.checked).toBeGreaterThan(20);
  });

  it('refuses UPDATE and DELETE on the log', async () => {
    await expect(env.deps.database.exec("update audit_log set action = 'x' where id = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(env.deps.database.exec('delete from audit_log where id = 1')).rejects.toThrow(/append-only/);
  });

  it('audit:verify passes on an intact chain and names the entry someone edited in SQL', async () => {
    const ok = await cliVerify();
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain intact/);

    const [target] = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'user.create')).limit(1);
    // A superuser can bypass the trigger; the hash chain still gives the edit away.
    await env.deps.database.exec(`
      alter table audit_log disable trigger audit_log_no_update_delete;
      update audit_log set actor_username = 'someone-else' where id = ${target!.id};
      alter table audit_log enable trigger audit_log_no_update_delete;`);
    const broken = await cliVerify();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at entry ${target!.id} (hash_mismatch)`);

    const auditor = await login(env, (await makeUser(env, 'auditor')).username);
    const api = (await auditor.call('GET', '/api/audit/verify')).json();
    expect(api).toMatchObject({ ok: false, firstBroken: { id: target!.id, reason: 'hash_mismatch' } });
  });

  it('detects a deleted entry as a gap', async () => {
    const other = await setupTestEnv();
    try {
      for (let i = 0; i < 3; i++)
        await other.deps.db.transaction((tx) =>
          appendAudit(tx, other.ctx, { action: 'test.gap', entity: 'test', entityId: String(i) }),
        );
      const ids = (await other.deps.db.select({ id: auditLog.id }).from(auditLog).orderBy(auditLog.id)).map(
        (r) => r.id,
      );
      const victim = ids[ids.length - 2]!;
      await other.deps.database.exec(`
        alter table audit_log disable trigger audit_log_no_update_delete;
        delete from audit_log where id = ${victim};
        alter table audit_log enable trigger audit_log_no_update_delete;`);
      expect(await verifyChain(other.deps.db)).toMatchObject({
        ok: false,
        firstBroken: { id: victim + 1, reason: 'gap' },
      });
    } finally {
      await other.close();
    }
  });

  it('exports the filtered log as xlsx and audits the export', async () => {
    const auditor = await login(env, (await makeUser(env, 'auditor')).username);
    const res = await auditor.call('GET', '/api/audit/export?action=user.create');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const exports = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, 'audit.export'));
    expect(exports).toHaveLength(1);
  });
});
