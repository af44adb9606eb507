import {
  type CreateUserBody,
  type LockUserBody,
  orgTypeLabels,
  orgTypesFor,
  type Paged,
  type Role,
  roleScopeNeeds,
  type UpdateUserBody,
  type UserItem,
  type UserListQuery,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { maskPhone } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { appendAudit } from '../audit';
import { isRole, setPassword } from './auth.service';
import * as repo from './identity.repository';
import { assertPasswordPolicy, hashPassword } from './password';
import { forgetUserSessions } from './session.cache';

function statusOf(u: repo.UserRow): UserItem['status'] {
  if (u.disabled) return 'disabled';
  if (u.lockedUntil && u.lockedUntil.getTime() > Date.now()) return 'locked';
  return 'active';
}

function toItem(ctx: Ctx, u: repo.UserWithRoles): UserItem {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles.filter(isRole),
    orgId: u.orgId,
    orgName: u.orgName,
    consortiumId: u.consortiumId,
    consortiumName: u.consortiumName,
    phone: u.phoneMasked ?? maskPhone(u.phoneEnc ? ctx.deps.cipher.decrypt(u.phoneEnc) : null),
    email: u.email,
    status: statusOf(u),
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
    mustChangePassword: u.mustChangePassword,
    totpEnabled: !!u.totpEnabledAt,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    isDemo: u.isDemo,
  };
}

/** What the audit log keeps of a user: no hash, phone masked. */
function auditView(ctx: Ctx, u: repo.UserWithRoles) {
  const { phone, lastLoginAt, createdAt, ...rest } = toItem(ctx, u);
  return { ...rest, phone };
}

export async function listUsers(ctx: Ctx, q: UserListQuery): Promise<Paged<UserItem>> {
  const { items, total } = await repo.listUsers(ctx.deps.db, q, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map((u) => toItem(ctx, u)), total, page: q.page, pageSize: q.pageSize };
}

async function mustFind(db: DbOrTx, id: string): Promise<repo.UserWithRoles> {
  const u = await repo.findUserById(db, id);
  if (!u) throw new AppError('NOT_FOUND', { 'zh-CN': '用户不存在', 'en-US': 'User not found' });
  return u;
}

export async function getUser(ctx: Ctx, id: string): Promise<UserItem> {
  return toItem(ctx, await mustFind(ctx.deps.db, id));
}

/** Scope links must exist and match the roles (VALIDATION). */
async function checkScopeLinks(db: DbOrTx, roleList: Role[], orgId?: string | null, consortiumId?: string | null) {
  const needsOrg = roleList.some((r) => roleScopeNeeds[r] === 'org');
  const needsCons = roleList.some((r) => roleScopeNeeds[r] === 'consortium');
  if (orgId) {
    const type = await repo.orgType(db, orgId);
    if (!type)
      throw new AppError('VALIDATION', { 'zh-CN': '所属单位不存在', 'en-US': 'Organization not found' }, [
        { path: 'orgId', message: '所属单位不存在' },
      ]);
    const allowed = orgTypesFor(roleList);
    if (allowed && !allowed.includes(type as (typeof allowed)[number])) {
      const names = allowed.map((t) => orgTypeLabels[t]).join('、');
      throw new AppError(
        'VALIDATION',
        {
          'zh-CN': `所选角色的所属单位须为${names}`,
          'en-US': `The organization must be of type: ${allowed.join(', ')}`,
        },
        [{ path: 'orgId', message: `所属单位须为${names}` }],
      );
    }
  }
  if (consortiumId && !(await repo.consortiumExists(db, consortiumId)))
    throw new AppError('VALIDATION', { 'zh-CN': '所属联合体不存在', 'en-US': 'Consortium not found' }, [
      { path: 'consortiumId', message: '所属联合体不存在' },
    ]);
  return {
    orgId: needsOrg ? (orgId ?? null) : (orgId ?? null),
    consortiumId: needsCons ? consortiumId : (consortiumId ?? null),
  };
}

/**
 * The system admin creates an account; it must change its password at first login.
 * Throws CONFLICT for a taken username, VALIDATION for unknown scope links.
 */
export async function createUser(
  ctx: Ctx,
  body: CreateUserBody,
  opts: { isDemo?: boolean; mustChange?: boolean } = {},
) {
  assertPasswordPolicy(body.initialPassword);
  const { db } = ctx.deps;
  const links = await checkScopeLinks(db, body.roles, body.orgId, body.consortiumId);
  if (await repo.findUserByUsername(db, body.username))
    throw new AppError(
      'CONFLICT',
      { 'zh-CN': `用户名 ${body.username} 已被使用`, 'en-US': `Username ${body.username} is taken` },
      [{ path: 'username', message: '用户名已被使用' }],
    );
  const hash = await hashPassword(body.initialPassword);
  const id = await db.transaction(async (tx) => {
    const row = await repo.insertUser(
      tx,
      {
        username: body.username,
        displayName: body.displayName,
        passwordHash: hash,
        mustChangePassword: opts.mustChange ?? true,
        orgId: links.orgId,
        consortiumId: links.consortiumId ?? null,
        phoneEnc: body.phone ? ctx.deps.cipher.encrypt(body.phone) : null,
        phoneMasked: maskPhone(body.phone ?? null),
        email: body.email ?? null,
        isDemo: opts.isDemo ?? false,
      },
      body.roles,
    );
    await repo.addPasswordHistory(tx, row.id, hash);
    const created = await mustFind(tx, row.id);
    await appendAudit(tx, ctx, {
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      after: auditView(ctx, created),
    });
    return row.id;
  });
  return getUser(ctx, id);
}

function refuseSelf(ctx: Ctx, id: string, what: string) {
  if (ctx.actor?.userId === id)
    throw new AppError('FORBIDDEN', {
      'zh-CN': `不能${what}自己的账号`,
      'en-US': `You cannot ${what} your own account`,
    });
}

/** Changes roles, scope and contact details; an admin cannot change its own roles (FORBIDDEN). */
export async function updateUser(ctx: Ctx, id: string, body: UpdateUserBody): Promise<UserItem> {
  const { db } = ctx.deps;
  const before = await mustFind(db, id);
  const rolesChanged = [...body.roles].sort().join() !== before.roles.join();
  if (rolesChanged) refuseSelf(ctx, id, '修改角色：');
  const links = await checkScopeLinks(db, body.roles, body.orgId, body.consortiumId);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, id, {
      displayName: body.displayName,
      orgId: links.orgId,
      consortiumId: links.consortiumId ?? null,
      ...(body.phone !== undefined
        ? { phoneEnc: body.phone ? ctx.deps.cipher.encrypt(body.phone) : null, phoneMasked: maskPhone(body.phone) }
        : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
    });
    await repo.replaceRoles(tx, id, [...new Set(body.roles)]);
    if (rolesChanged || links.orgId !== before.orgId || (links.consortiumId ?? null) !== before.consortiumId)
      await repo.revokeUserSessions(tx, id);
    const after = await mustFind(tx, id);
    await appendAudit(tx, ctx, {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: auditView(ctx, before),
      after: auditView(ctx, after),
    });
  });
  await forgetUserSessions(ctx.deps, id);
  return getUser(ctx, id);
}

/** Sets a temporary password the user must change at next login; ends the user's sessions. */
export async function resetPassword(ctx: Ctx, id: string, newPassword: string): Promise<void> {
  await mustFind(ctx.deps.db, id);
  refuseSelf(ctx, id, '重置');
  await setPassword(ctx, id, newPassword, { mustChange: true, action: 'user.password.reset' });
  await repo.revokeUserSessions(ctx.deps.db, id);
  await forgetUserSessions(ctx.deps, id);
}

/** Locks (disables) or unlocks an account; locking ends its sessions, unlocking clears a timed lockout too. */
export async function lockUser(ctx: Ctx, id: string, body: LockUserBody): Promise<UserItem> {
  const { db } = ctx.deps;
  refuseSelf(ctx, id, '锁定或解锁');
  const before = await mustFind(db, id);
  await db.transaction(async (tx) => {
    await repo.updateUser(
      tx,
      id,
      body.locked ? { disabled: true } : { disabled: false, lockedUntil: null, failedAttempts: 0 },
    );
    if (body.locked) await repo.revokeUserSessions(tx, id);
    const after = await mustFind(tx, id);
    await appendAudit(tx, ctx, {
      action: body.locked ? 'user.lock' : 'user.unlock',
      entity: 'user',
      entityId: id,
      before: { status: statusOf(before) },
      after: { status: statusOf(after) },
      ...(body.reason ? { detail: { reason: body.reason } } : {}),
    });
  });
  await forgetUserSessions(ctx.deps, id);
  return getUser(ctx, id);
}

/** Removes a user's TOTP binding (lost phone); the user enrols again at next login. */
export async function resetTotp(ctx: Ctx, id: string): Promise<void> {
  refuseSelf(ctx, id, '解除双因素认证：');
  const before = await mustFind(ctx.deps.db, id);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, id, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null });
    await repo.revokeUserSessions(tx, id);
    await appendAudit(tx, ctx, {
      action: 'user.totp.reset',
      entity: 'user',
      entityId: id,
      before: { totpEnabled: !!before.totpEnabledAt },
      after: { totpEnabled: false },
    });
  });
  await forgetUserSessions(ctx.deps, id);
}

/** Shows a full phone number; every unmasking is audited (PIPL). */
export async function revealPhone(ctx: Ctx, id: string): Promise<{ phone: string | null }> {
  const { db } = ctx.deps;
  const u = await mustFind(db, id);
  const phone = u.phoneEnc ? ctx.deps.cipher.decrypt(u.phoneEnc) : null;
  await db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'user.phone.reveal', entity: 'user', entityId: id, detail: { field: 'phone' } }),
  );
  return { phone };
}

/** Organizations and consortia a user form may link to, narrowed to what the chosen roles accept. */
export async function scopeOptions(ctx: Ctx, q: string | undefined, roleList: Role[]) {
  const needs = new Set(roleList.map((r) => roleScopeNeeds[r]));
  const any = roleList.length === 0;
  return {
    items: await repo.searchScopeOptions(ctx.deps.db, q, {
      orgTypes: orgTypesFor(roleList),
      orgs: any || needs.has('org'),
      consortia: any || needs.has('consortium'),
    }),
  };
}

/** First system administrator, from the command line (no demo mode). */
export async function createFirstAdmin(ctx: Ctx, username: string, displayName: string, password: string) {
  return createUser(
    ctx,
    { username, displayName, roles: ['sysadmin'], initialPassword: password },
    { mustChange: false },
  );
}

export const countUsers = (ctx: Ctx) => repo.countUsers(ctx.deps.db);
