import { z } from 'zod';
import { paged, pageQuery } from './common';

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  actorRoles: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  result: z.enum(['success', 'failure']),
  diff: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = pageQuery.extend({
  action: z.string().trim().max(64).optional(),
  entity: z.string().trim().max(64).optional(),
  actor: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure']).optional(),
  from: z.iso.datetime({ offset: true, message: '开始时间格式不正确' }).optional(),
  to: z.iso.datetime({ offset: true, message: '结束时间格式不正确' }).optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;
export const auditListResponse = paged(auditEntry);

export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry whose hash or link does not match, if any. */
  firstBroken: z.object({ id: z.number().int(), reason: z.enum(['hash_mismatch', 'link_mismatch', 'gap']) }).nullable(),
  verifiedAt: z.string(),
});
export type AuditVerifyResponse = z.infer<typeof auditVerifyResponse>;
