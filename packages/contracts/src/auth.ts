import { z } from 'zod';
import { uuid } from './common';
import { type Permission, permissions, roles } from './roles';

/** Password policy (等保2.0): at least 8 characters and at least 3 of 4 character classes. */
export function passwordProblems(pw: string): string[] {
  const problems: string[] = [];
  if (pw.length < 8) problems.push('密码长度至少 8 位');
  if (pw.length > 128) problems.push('密码长度最多 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、特殊字符中的至少三类');
  return problems;
}

export const newPassword = z.string().superRefine((pw, ctx) => {
  for (const message of passwordProblems(pw)) ctx.addIssue({ code: 'custom', message });
});

export const loginBody = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
  /** The 6-digit TOTP code, for accounts with two-factor authentication. */
  totpCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为 6 位数字')
    .optional(),
});
export type LoginBody = z.infer<typeof loginBody>;

export const sessionUser = z.object({
  id: uuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  permissions: z.array(z.enum(permissions)),
  orgId: uuid.nullable(),
  orgName: z.string().nullable(),
  consortiumId: uuid.nullable(),
  consortiumName: z.string().nullable(),
  mustChangePassword: z.boolean(),
  totpEnabled: z.boolean(),
  /** The role needs a second factor and none is enrolled yet: enrol before anything else. */
  mustEnrollTotp: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const meResponse = z.object({
  user: sessionUser,
  csrfToken: z.string(),
  demoMode: z.boolean(),
  idleTimeoutMinutes: z.number().int(),
});
export type MeResponse = z.infer<typeof meResponse>;

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(128),
  newPassword,
});
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

export function hasPermission(user: Pick<SessionUser, 'permissions'>, p: Permission): boolean {
  return user.permissions.includes(p);
}

export const totpSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string() });
export const totpCodeBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, '动态验证码为 6 位数字'),
});
