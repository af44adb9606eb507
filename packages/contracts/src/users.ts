import { z } from 'zod';
import { newPassword } from './auth';
import { paged, pageQuery, uuid } from './common';
import type { orgTypes } from './org';
import { adminRoles, type Role, roleScopeNeeds, roles } from './roles';

const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, '手机号须为 11 位数字，以 1 开头');

/** Which kind of organization a role's account must belong to. */
export const roleOrgTypes: Partial<Record<Role, readonly (typeof orgTypes)[number][]>> = {
  enterprise: ['enterprise'],
  school: ['school'],
  teacher: ['school'],
  student: ['school'],
};

/** Organization types acceptable for all the given roles (undefined: any type). */
export function orgTypesFor(roleList: readonly Role[]): (typeof orgTypes)[number][] | undefined {
  let allowed: (typeof orgTypes)[number][] | undefined;
  for (const r of roleList) {
    const t = roleOrgTypes[r];
    if (!t) continue;
    allowed = allowed ? allowed.filter((x) => t.includes(x)) : [...t];
  }
  return allowed;
}

export const scopeOptionsQuery = z.object({
  q: z.string().trim().max(50).optional(),
  /** Only options that suit these roles (comma-separated role codes). */
  roles: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter((r): r is Role => (roles as readonly string[]).includes(r)) : [])),
});

export const userStatus = z.enum(['active', 'locked', 'disabled']);

export const userItem = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  orgId: uuid.nullable(),
  orgName: z.string().nullable(),
  consortiumId: uuid.nullable(),
  consortiumName: z.string().nullable(),
  /** Masked unless the caller may see it in full. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: userStatus,
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  isDemo: z.boolean(),
});
export type UserItem = z.infer<typeof userItem>;

export const userListQuery = pageQuery.extend({
  role: z.enum(roles).optional(),
  status: userStatus.optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;
export const userListResponse = paged(userItem);

/** Role and scope rules a user form must satisfy; the server checks the same. */
function checkRolesAndScope(
  v: { roles: readonly (typeof roles)[number][]; orgId?: string | null; consortiumId?: string | null },
  ctx: z.RefinementCtx,
) {
  const admin = v.roles.filter((r) => adminRoles.includes(r));
  if (admin.length > 0 && v.roles.length > 1)
    ctx.addIssue({
      code: 'custom',
      path: ['roles'],
      message: '三员（系统、安全、审计管理员）账号只能担任一种管理职责，且不能兼任业务角色',
    });
  if (v.roles.some((r) => roleScopeNeeds[r] === 'org') && !v.orgId)
    ctx.addIssue({ code: 'custom', path: ['orgId'], message: '所选角色须指定所属单位' });
  if (v.roles.some((r) => roleScopeNeeds[r] === 'consortium') && !v.consortiumId)
    ctx.addIssue({ code: 'custom', path: ['consortiumId'], message: '所选角色须指定所属联合体' });
}

const userFields = z.object({
  displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名最长 50 个字符'),
  roles: z.array(z.enum(roles)).min(1, '至少选择一个角色').max(4),
  orgId: uuid.nullable().optional(),
  consortiumId: uuid.nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email('邮箱格式不正确').max(100).nullable().optional(),
});

export const createUserBody = userFields
  .extend({
    username: z
      .string()
      .trim()
      .min(3, '用户名至少 3 个字符')
      .max(32, '用户名最多 32 个字符')
      .regex(/^[a-z][a-z0-9_.-]*$/, '用户名须以小写字母开头，只含小写字母、数字和 _ . -'),
    initialPassword: newPassword,
  })
  .superRefine(checkRolesAndScope);
export type CreateUserBody = z.infer<typeof createUserBody>;

export const updateUserBody = userFields.superRefine(checkRolesAndScope);
export type UpdateUserBody = z.infer<typeof updateUserBody>;

export const resetPasswordBody = z.object({ newPassword });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;

export const lockUserBody = z.object({ locked: z.boolean(), reason: z.string().trim().max(200).optional() });
export type LockUserBody = z.infer<typeof lockUserBody>;

export const revealPhoneResponse = z.object({ phone: z.string().nullable() });
