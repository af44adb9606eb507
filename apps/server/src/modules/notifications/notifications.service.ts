import type { NotificationItem, NotificationList, NotificationQuery, Role } from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import * as repo from './notifications.repository';

/** One notice to one user. `dedupeKey` makes a reminder idempotent for that user. */
export interface NotificationInput {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  link?: string;
  dedupeKey?: string;
}

const MAX_TITLE = 200;
const MAX_BODY = 2000;

/**
 * Writes in-app notifications (inside the caller's transaction when given one). A (user, dedupe
 * key) pair already written is skipped, so a scheduled job may run any number of times.
 * Returns how many notifications were new.
 */
export async function notify(db: DbOrTx, items: NotificationInput[]): Promise<number> {
  // Duplicates within one call would trip the unique index before ON CONFLICT sees them apart.
  const seen = new Set<string>();
  const rows: repo.NewNotification[] = [];
  for (const i of items) {
    if (i.dedupeKey) {
      const k = `${i.userId}\u0000${i.dedupeKey}`;
      if (seen.has(k)) continue;
      seen.add(k);
    }
    rows.push({
      userId: i.userId,
      kind: i.kind,
      title: i.title.slice(0, MAX_TITLE),
      body: (i.body ?? '').slice(0, MAX_BODY),
      link: i.link ?? null,
      dedupeKey: i.dedupeKey ?? null,
    });
  }
  return repo.insertMany(db, rows);
}

/**
 * Ids of the active accounts that hold `role`: within an organization or consortium when given, or
 * only those of no organization with `noOrg` (the 市教委/工作专班 officials, who manage and approve).
 */
export function recipients(
  db: DbOrTx,
  who: { role: Role; consortiumId?: string; orgId?: string; noOrg?: boolean },
): Promise<string[]> {
  return repo.usersWithRole(db, who);
}

const toItem = (r: repo.NotificationRow): NotificationItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

function me(ctx: Ctx): string {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx.actor.userId;
}

/** The caller's own notifications, newest first, with the unread count. */
export async function listMine(ctx: Ctx, q: NotificationQuery): Promise<NotificationList> {
  const { rows, total, unread } = await repo.list(ctx.deps.db, me(ctx), q);
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize, unread };
}

/**
 * Marks one of the caller's notifications read. Reading is not a business write and is not
 * audited (the read time is kept on the row). NOT_FOUND for another user's notification.
 */
export async function markRead(ctx: Ctx, id: string): Promise<NotificationItem> {
  const row = await repo.markRead(ctx.deps.db, me(ctx), id);
  if (!row) throw notFound({ 'zh-CN': '消息不存在', 'en-US': 'Notification not found' });
  return toItem(row);
}

export async function markAllRead(ctx: Ctx): Promise<{ ok: true }> {
  await repo.markAllRead(ctx.deps.db, me(ctx));
  return { ok: true };
}
