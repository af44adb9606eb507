import {
  roles as allRoles,
  type ChangePasswordBody,
  type LoginBody,
  type MeResponse,
  permissionsOf,
  type Role,
  type SecurityPolicy,
} from '@chanjiao/contracts';
import type { Actor, Ctx, Deps } from '../../lib/context';
import { randomToken, sm3 } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { newTotpSecret, otpauthUri, verifyTotp } from '../../lib/totp';
import { appendAudit } from '../audit';
import * as repo from './identity.repository';
import { assertPasswordPolicy, burnVerify, hashPassword, verifyPassword } from './password';
import { currentPolicy, freshPolicy } from './security.service';
import { forgetSession, forgetUserSessions, REFRESH_MS, sessionCache } from './session.cache';

/** Absolute session lifetime, whatever the activity. */
const SESSION_MAX_HOURS = 12;
/** last_seen_at is written at most this often per session, to keep reads cheap. */
const TOUCH_EVERY_MS = 15_000;

export const isRole = (r: string): r is Role => (allRoles as readonly string[]).includes(r);

/** A role in the policy's list needs TOTP; demo accounts are exempt so the demo stays usable. */
function needsTotpEnrollment(user: repo.UserWithRoles, policy: SecurityPolicy): boolean {
  return (
    !user.isDemo && !user.totpEnabledAt && user.roles.some((r) => (policy.totpRequiredRoles as string[]).includes(r))
  );
}

function toActor(user: repo.UserWithRoles, session: { id: string; csrfToken: string }, policy: SecurityPolicy): Actor {
  const roleList = user.roles.filter(isRole);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: roleList,
    permissions: permissionsOf(roleList),
    orgId: user.orgId,
    consortiumId: user.consortiumId,
    mustChangePassword: user.mustChangePassword,
    mustEnrollTotp: needsTotpEnrollment(user, policy),
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
}

export async function meOf(deps: Deps, actor: Actor): Promise<MeResponse> {
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  const policy = await currentPolicy(deps.db);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: actor.roles,
      permissions: [...actor.permissions].sort(),
      orgId: user.orgId,
      orgName: user.orgName,
      consortiumId: user.consortiumId,
      consortiumName: user.consortiumName,
      mustChangePassword: user.mustChangePassword,
      totpEnabled: !!user.totpEnabledAt,
      mustEnrollTotp: needsTotpEnrollment(user, policy),
    },
    csrfToken: actor.csrfToken,
    demoMode: deps.config.demoMode,
    idleTimeoutMinutes: policy.idleTimeoutMinutes,
  };
}

async function auditFailure(
  ctx: Ctx,
  username: string,
  entityId: string | null,
  reason: string,
  action = 'auth.login',
) {
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, { action, entity: 'user', entityId, result: 'failure', username, detail: { reason } }),
  );
}

/**
 * Checks the password and opens a session. Rules: unknown user and wrong password look the same
 * (INVALID_CREDENTIALS); N failures lock the account for M minutes (ACCOUNT_LOCKED); an
 * administrator-locked account is refused (ACCOUNT_DISABLED). Every outcome is audited.
 */
export async function login(
  ctx: Ctx,
  body: LoginBody,
  userAgent: string | null,
): Promise<{ token: string; me: MeResponse }> {
  const { db } = ctx.deps;
  const username = body.username.toLowerCase();
  const policy = await currentPolicy(db);
  const user = await repo.findUserByUsername(db, username);
  if (!user) {
    await burnVerify(body.password);
    await auditFailure(ctx, username, null, 'unknown_user');
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.disabled) {
    await auditFailure(ctx, username, user.id, 'disabled');
    throw new AppError('ACCOUNT_DISABLED');
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await auditFailure(ctx, username, user.id, 'locked');
    throw lockedError(user.lockedUntil);
  }
  const passwordOk = await verifyPassword(user.passwordHash, body.password);
  let totpStep: number | null = null;
  if (passwordOk && user.totpEnabledAt && user.totpSecretEnc) {
    // The password was right: ask for the second factor without counting a failure.
    if (!body.totpCode) throw new AppError('TOTP_REQUIRED');
    totpStep = verifyTotp(
      ctx.deps.cipher.decrypt(user.totpSecretEnc),
      body.totpCode,
      Date.now(),
      user.totpLastStep ?? -1,
    );
  }
  const totpFailed = passwordOk && !!user.totpEnabledAt && totpStep === null;
  if (!passwordOk || totpFailed) {
    const failures = await repo.incrementFailures(db, user.id);
    if (failures >= policy.maxFailedLogins) {
      const until = new Date(Date.now() + policy.lockoutMinutes * 60_000);
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { lockedUntil: until, failedAttempts: 0 });
        await appendAudit(tx, ctx, {
          action: 'auth.lockout',
          entity: 'user',
          entityId: user.id,
          result: 'failure',
          username,
          detail: { failures, lockedUntil: until.toISOString() },
        });
      });
      throw lockedError(until);
    }
    await auditFailure(ctx, username, user.id, totpFailed ? 'wrong_totp' : 'wrong_password');
    if (totpFailed) throw new AppError('TOTP_INVALID');
    throw new AppError('INVALID_CREDENTIALS', {
      'zh-CN': `用户名或密码错误（再失败 ${policy.maxFailedLogins - failures} 次将锁定 ${policy.lockoutMinutes} 分钟）`,
      'en-US': `Wrong username or password (${policy.maxFailedLogins - failures} more failures lock the account for ${policy.lockoutMinutes} minutes)`,
    });
  }

  const expired =
    !user.isDemo &&
    policy.passwordMaxAgeDays > 0 &&
    now.getTime() - user.passwordChangedAt.getTime() > policy.passwordMaxAgeDays * 86_400_000;
  const token = randomToken();
  const session = { id: sm3(token), csrfToken: randomToken(24) };
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, {
      failedAttempts: 0,
      lockedUntil: null,
      lastLoginAt: now,
      ...(totpStep !== null ? { totpLastStep: totpStep } : {}),
      ...(expired ? { mustChangePassword: true } : {}),
    });
    await repo.insertSession(tx, {
      ...session,
      userId: user.id,
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3_600_000),
    });
    const actor = toActor({ ...user, mustChangePassword: user.mustChangePassword || expired }, session, policy);
    await appendAudit(tx, { ...ctx, actor }, { action: 'auth.login', entity: 'user', entityId: user.id });
  });
  const fresh = await repo.findUserById(db, user.id);
  if (!fresh) throw new AppError('INTERNAL');
  return { token, me: await meOf(ctx.deps, toActor(fresh, session, policy)) };
}

function lockedError(until: Date) {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return new AppError(
    'ACCOUNT_LOCKED',
    {
      'zh-CN': `登录失败次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
      'en-US': `Too many failed sign-ins; the account is locked for ${minutes} more minutes`,
    },
    { lockedUntil: until.toISOString() },
  );
}

export type SessionResult = { actor: Actor } | { error: 'UNAUTHENTICATED' | 'SESSION_EXPIRED' };

/**
 * Resolves a session cookie to an actor. A session ends on logout, after the idle timeout,
 * after 12 hours, or when its user is locked or disabled. Recently resolved sessions come from
 * the session cache (no SQL); they are re-read every few seconds and dropped on revocation.
 */
export async function resolveSession(deps: Deps, token: string): Promise<SessionResult> {
  const id = sm3(token);
  const now = Date.now();
  const policy = freshPolicy() ?? (await currentPolicy(deps.db));
  const idleMs = policy.idleTimeoutMinutes * 60_000;
  const cache = sessionCache(deps);
  const hit = cache.get(id);
  if (hit && now - hit.fetchedAt < REFRESH_MS) {
    if (hit.expiresAt < now || now - hit.lastActivity > idleMs) {
      cache.drop(id);
      await repo.revokeSession(deps.db, id);
      return { error: 'SESSION_EXPIRED' };
    }
    hit.lastActivity = now;
    if (now - hit.dbLastSeen > TOUCH_EVERY_MS) {
      hit.dbLastSeen = now;
      await repo.touchSession(deps.db, id, new Date(now));
    }
    return { actor: hit.actor };
  }

  const session = await repo.findSession(deps.db, id);
  if (!session || session.revokedAt) {
    cache.drop(id);
    return { error: 'UNAUTHENTICATED' };
  }
  const lastActivity = Math.max(session.lastSeenAt.getTime(), hit?.lastActivity ?? 0);
  if (session.expiresAt.getTime() < now || now - lastActivity > idleMs) {
    cache.drop(id);
    await repo.revokeSession(deps.db, id);
    return { error: 'SESSION_EXPIRED' };
  }
  const user = await repo.findUserById(deps.db, session.userId);
  if (!user || user.disabled || (user.lockedUntil && user.lockedUntil.getTime() > now)) {
    cache.drop(id);
    await repo.revokeSession(deps.db, id);
    return { error: 'UNAUTHENTICATED' };
  }
  let dbLastSeen = session.lastSeenAt.getTime();
  if (now - dbLastSeen > TOUCH_EVERY_MS) {
    await repo.touchSession(deps.db, id, new Date(now));
    dbLastSeen = now;
  }
  const actor = toActor(user, session, policy);
  cache.set(id, { actor, expiresAt: session.expiresAt.getTime(), lastActivity: now, dbLastSeen, fetchedAt: now });
  return { actor };
}

export async function logout(ctx: Ctx): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  await ctx.deps.db.transaction(async (tx) => {
    await repo.revokeSession(tx, actor.sessionId);
    await appendAudit(tx, ctx, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
  });
  await forgetSession(ctx.deps, actor.sessionId);
}

/** Applies a new password after policy and history checks (PASSWORD_POLICY, PASSWORD_REUSED). */
export async function setPassword(
  ctx: Ctx,
  userId: string,
  newPw: string,
  opts: { mustChange: boolean; action: string },
): Promise<void> {
  assertPasswordPolicy(newPw);
  const { db } = ctx.deps;
  const policy = await currentPolicy(db);
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('NOT_FOUND');
  const recent = [user.passwordHash, ...(await repo.recentPasswordHashes(db, userId, policy.passwordHistory))];
  for (const h of recent.slice(0, Math.max(1, policy.passwordHistory))) {
    if (await verifyPassword(h, newPw))
      throw new AppError('PASSWORD_REUSED', {
        'zh-CN': `新密码不能与最近 ${Math.max(1, policy.passwordHistory)} 次使用过的密码相同`,
      });
  }
  const hash = await hashPassword(newPw);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, {
      passwordHash: hash,
      passwordChangedAt: new Date(),
      mustChangePassword: opts.mustChange,
      failedAttempts: 0,
    });
    await repo.addPasswordHistory(tx, userId, hash);
    await appendAudit(tx, ctx, {
      action: opts.action,
      entity: 'user',
      entityId: userId,
      before: { mustChangePassword: user.mustChangePassword },
      after: { mustChangePassword: opts.mustChange },
    });
  });
  await forgetUserSessions(ctx.deps, userId);
}

/** The caller changes its own password after proving the current one (INVALID_CREDENTIALS). */
export async function changeOwnPassword(ctx: Ctx, body: ChangePasswordBody): Promise<void> {
  const actor = ctx.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const user = await repo.findUserById(ctx.deps.db, actor.userId);
  if (!user || !(await verifyPassword(user.passwordHash, body.currentPassword))) {
    await auditFailure(ctx, actor.username, actor.userId, 'wrong_current_password', 'auth.password.change');
    throw new AppError('INVALID_CREDENTIALS', { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' }, [
      { path: 'currentPassword', message: '当前密码不正确' },
    ]);
  }
  await setPassword(ctx, actor.userId, body.newPassword, { mustChange: false, action: 'auth.password.change' });
}

/** Starts TOTP enrolment: a new secret, stored encrypted, active only after `enableTotp` (CONFLICT if enrolled). */
export async function setupTotp(ctx: Ctx): Promise<{ secret: string; otpauthUri: string }> {
  const actor = ctx.actor!;
  const user = await repo.findUserById(ctx.deps.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (user.totpEnabledAt)
    throw new AppError('CONFLICT', {
      'zh-CN': '已启用双因素认证；如需更换请联系系统管理员解除绑定',
      'en-US': 'Two-factor authentication is already on',
    });
  const secret = newTotpSecret();
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { totpSecretEnc: ctx.deps.cipher.encrypt(secret), totpLastStep: null });
    await appendAudit(tx, ctx, { action: 'auth.totp.setup', entity: 'user', entityId: user.id });
  });
  return { secret, otpauthUri: otpauthUri(secret, user.username) };
}

/** Confirms enrolment with a code from the authenticator (TOTP_INVALID otherwise). */
export async function enableTotp(ctx: Ctx, code: string): Promise<void> {
  const actor = ctx.actor!;
  const user = await repo.findUserById(ctx.deps.db, actor.userId);
  if (!user?.totpSecretEnc)
    throw new AppError('VALIDATION', {
      'zh-CN': '请先生成双因素认证密钥',
      'en-US': 'Set up two-factor authentication first',
    });
  if (user.totpEnabledAt) return;
  const step = verifyTotp(ctx.deps.cipher.decrypt(user.totpSecretEnc), code);
  if (step === null)
    throw new AppError(
      'VALIDATION',
      {
        'zh-CN': '动态验证码不正确，请核对手机时间后重试',
        'en-US': 'The code is wrong; check the phone clock and try again',
      },
      [{ path: 'code', message: '动态验证码不正确' }],
    );
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { totpEnabledAt: new Date(), totpLastStep: step });
    await appendAudit(tx, ctx, {
      action: 'auth.totp.enable',
      entity: 'user',
      entityId: user.id,
      before: { totpEnabled: false },
      after: { totpEnabled: true },
    });
  });
  await forgetUserSessions(ctx.deps, user.id);
}
