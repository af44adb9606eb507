import { defaultSecurityPolicy, type SecurityPolicy, securityPolicy } from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { appendAudit } from '../audit';
import * as repo from './identity.repository';

const KEY = 'security.policy';
let cached: { at: number; value: SecurityPolicy } | undefined;

/** The cached policy when fresh (no await on the hot path), else undefined. */
export function freshPolicy(): SecurityPolicy | undefined {
  return cached && Date.now() - cached.at < 5000 ? cached.value : undefined;
}

/** The security policy in force (cached for 5 s; defaults when never set). */
export async function currentPolicy(db: DbOrTx): Promise<SecurityPolicy> {
  if (cached && Date.now() - cached.at < 5000) return cached.value;
  const raw = await repo.getSetting(db, KEY);
  const parsed = securityPolicy.safeParse(raw);
  const value = parsed.success ? parsed.data : defaultSecurityPolicy;
  cached = { at: Date.now(), value };
  return value;
}

export async function getPolicy(ctx: Ctx): Promise<SecurityPolicy> {
  return currentPolicy(ctx.deps.db);
}

/** Security admin changes the policy; audited with the before/after values. */
export async function updatePolicy(ctx: Ctx, next: SecurityPolicy): Promise<SecurityPolicy> {
  return ctx.deps.db.transaction(async (tx) => {
    const before = await currentPolicy(tx);
    await repo.putSetting(tx, KEY, next);
    await appendAudit(tx, ctx, {
      action: 'security.policy.update',
      entity: 'settings',
      entityId: KEY,
      before,
      after: next,
    });
    cached = undefined;
    return next;
  });
}

export function resetPolicyCache(): void {
  cached = undefined;
}
