import { z } from 'zod';
import { roles } from './roles';

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ reachable: z.boolean(), driver: z.enum(['pglite', 'postgres']), latencyMs: z.number() }),
  version: z.string(),
  demoMode: z.boolean(),
});

export const securityPolicy = z.object({
  maxFailedLogins: z.number().int().min(3, '至少 3 次').max(10, '最多 10 次'),
  lockoutMinutes: z.number().int().min(5).max(1440),
  idleTimeoutMinutes: z.number().int().min(5, '至少 5 分钟').max(30, '等保要求不超过 30 分钟'),
  passwordMaxAgeDays: z.number().int().min(0).max(365),
  passwordHistory: z.number().int().min(0).max(24),
  /** Roles that must sign in with a second factor (TOTP). */
  totpRequiredRoles: z.array(z.enum(roles)).default([]),
  /** Accounts not used for this many days are disabled by the daily job (0 = never). */
  inactiveDisableDays: z.number().int().min(0).max(3650).default(90),
});
export type SecurityPolicy = z.infer<typeof securityPolicy>;
export const defaultSecurityPolicy: SecurityPolicy = {
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 30,
  passwordMaxAgeDays: 90,
  passwordHistory: 5,
  totpRequiredRoles: ['sysadmin', 'secadmin', 'auditor', 'official'],
  inactiveDisableDays: 90,
};
