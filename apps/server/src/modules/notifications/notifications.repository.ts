/** The only file that queries notifications (and reads users/user_roles to find recipients). */
import { type DbOrTx, notifications, userRoles, users } from '@chanjiao/db';
import { and, count, desc, eq, isNull, type SQL, sql } from 'drizzle-orm';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

/** Inserts notifications; a (user, dedupe key) pair already present is skipped. Returns how many were new. */
export async function insertMany(db: DbOrTx, rows: NewNotification[]): Promise<number> {
  if (!rows.length) return 0;
  const out = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({
      target: [notifications.userId, notifications.dedupeKey],
      where: sql`dedupe_key is not null`,
    })
    .returning({ id: notifications.id });
  return out.length;
}

function listWhere(userId: string, unread: boolean | undefined): SQL | undefined {
  return and(eq(notifications.userId, userId), unread === true ? isNull(notifications.readAt) : undefined);
}

export async function list(
  db: DbOrTx,
  userId: string,
  q: { unread?: boolean | undefined; page: number; pageSize: number },
): Promise<{ rows: NotificationRow[]; total: number; unread: number }> {
  const where = listWhere(userId, q.unread);
  const [rows, [total], [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(notifications).where(where),
    db.select({ n: count() }).from(notifications).where(listWhere(userId, true)),
  ]);
  return { rows, total: total?.n ?? 0, unread: unread?.n ?? 0 };
}

export async function markRead(db: DbOrTx, userId: string, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return row;
}

export async function markAllRead(db: DbOrTx, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/**
 * Active (not disabled) accounts holding a role, optionally limited to an organization or consortium,
 * or to accounts of no organization (`noOrg`: the 市教委/工作专班 officials).
 */
export async function usersWithRole(
  db: DbOrTx,
  who: { role: string; consortiumId?: string | undefined; orgId?: string | undefined; noOrg?: boolean | undefined },
): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(
      and(
        eq(userRoles.role, who.role),
        eq(users.disabled, false),
        who.consortiumId ? eq(users.consortiumId, who.consortiumId) : undefined,
        who.orgId ? eq(users.orgId, who.orgId) : undefined,
        who.noOrg ? isNull(users.orgId) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}
