import type { Ctx } from '../../lib/context';
import { appendAudit } from '../audit';
import * as repo from './identity.repository';
import { currentPolicy } from './security.service';
import { forgetUserSessions } from './session.cache';

const JOB_LOCK = 7_200_301;

/**
 * 等保: accounts unused for `inactiveDisableDays` are disabled and their sessions ended; each is
 * audited (result reported in the audit log). Demo accounts and the last active system
 * administrator are kept. Returns the usernames it disabled.
 */
export async function disableInactiveAccounts(ctx: Ctx, now = new Date()): Promise<string[]> {
  const policy = await currentPolicy(ctx.deps.db);
  if (policy.inactiveDisableDays <= 0) return [];
  const cutoff = new Date(now.getTime() - policy.inactiveDisableDays * 86_400_000);
  const disabled = await ctx.deps.db.transaction(async (tx) => {
    if (!(await repo.tryJobLock(tx, JOB_LOCK))) return [];
    const candidates = await repo.inactiveUsers(tx, cutoff);
    let admins = await repo.activeSysadminIds(tx);
    const done: { id: string; username: string }[] = [];
    for (const u of candidates) {
      if (admins.includes(u.id)) {
        if (admins.length <= 1) continue;
        admins = admins.filter((a) => a !== u.id);
      }
      await repo.updateUser(tx, u.id, { disabled: true });
      await repo.revokeUserSessions(tx, u.id);
      await appendAudit(tx, ctx, {
        action: 'user.disable.inactive',
        entity: 'user',
        entityId: u.id,
        username: u.username,
        before: { status: 'active' },
        after: { status: 'disabled' },
        detail: { inactiveDays: policy.inactiveDisableDays },
      });
      done.push({ id: u.id, username: u.username });
    }
    return done;
  });
  for (const u of disabled) await forgetUserSessions(ctx.deps, u.id);
  return disabled.map((u) => u.username);
}
