import {
  consortia,
  type DbOrTx,
  organizations,
  passwordHistory,
  sessions,
  settings,
  userRoles,
  users,
} from '@chanjiao/db';
import { and, count, desc, eq, gt, ilike, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export interface UserWithRoles extends UserRow {
  roles: string[];
  orgName: string | null;
  consortiumName: string | null;
}

const userColumns = {
  user: users,
  orgName: organizations.name,
  consortiumName: consortia.name,
};

async function attachRoles(
  db: DbOrTx,
  rows: { user: UserRow; orgName: string | null; consortiumName: string | null }[],
) {
  if (rows.length === 0) return [];
  const roleRows = await db
    .select()
    .from(userRoles)
    .where(
      inArray(
        userRoles.userId,
        rows.map((r) => r.user.id),
      ),
    );
  const byUser = new Map<string, string[]>();
  for (const r of roleRows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r.role]);
  return rows.map((r) => ({
    ...r.user,
    roles: (byUser.get(r.user.id) ?? []).sort(),
    orgName: r.orgName,
    consortiumName: r.consortiumName,
  }));
}

function baseUserQuery(db: DbOrTx) {
  return db
    .select(userColumns)
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(consortia, eq(consortia.id, users.consortiumId));
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserWithRoles | undefined> {
  const rows = await baseUserQuery(db).where(eq(users.username, username)).limit(1);
  return (await attachRoles(db, rows))[0];
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserWithRoles | undefined> {
  const rows = await baseUserQuery(db).where(eq(users.id, id)).limit(1);
  return (await attachRoles(db, rows))[0];
}

export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  status?: 'active' | 'locked' | 'disabled' | undefined;
}

function userWhere(f: UserFilter, now: Date): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.q) conds.push(or(ilike(users.username, `%${f.q}%`), ilike(users.displayName, `%${f.q}%`)));
  if (f.role) conds.push(inArray(users.id, sqlSubqueryUsersWithRole(f.role)));
  if (f.status === 'disabled') conds.push(eq(users.disabled, true));
  if (f.status === 'locked') conds.push(and(eq(users.disabled, false), gt(users.lockedUntil, now)));
  if (f.status === 'active')
    conds.push(and(eq(users.disabled, false), or(isNull(users.lockedUntil), lt(users.lockedUntil, now))));
  return and(...conds);
}

function sqlSubqueryUsersWithRole(role: string) {
  return sql`(select ${userRoles.userId} from ${userRoles} where ${userRoles.role} = ${role})`;
}

export async function listUsers(db: DbOrTx, f: UserFilter, limit: number, offset: number) {
  const now = new Date();
  const w = userWhere(f, now);
  const [rows, totals] = await Promise.all([
    baseUserQuery(db).where(w).orderBy(users.username).limit(limit).offset(offset),
    db.select({ n: count() }).from(users).where(w),
  ]);
  return { items: await attachRoles(db, rows), total: totals[0]?.n ?? 0 };
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert, roleList: string[]): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('insert users returned nothing');
  if (roleList.length) await db.insert(userRoles).values(roleList.map((role) => ({ userId: row.id, role })));
  return row;
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>): Promise<void> {
  await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id));
}

export async function replaceRoles(db: DbOrTx, userId: string, roleList: string[]): Promise<void> {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roleList.length) await db.insert(userRoles).values(roleList.map((role) => ({ userId, role })));
}

/** Counts a failed login and returns the new count (atomic, so parallel guesses all count). */
export async function incrementFailures(db: DbOrTx, id: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
    .where(eq(users.id, id))
    .returning({ n: users.failedAttempts });
  return row?.n ?? 0;
}

export async function recentPasswordHashes(db: DbOrTx, userId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const rows = await db
    .select({ h: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.id))
    .limit(n);
  return rows.map((r) => r.h);
}

export async function addPasswordHistory(db: DbOrTx, userId: string, hash: string): Promise<void> {
  await db.insert(passwordHistory).values({ userId, passwordHash: hash });
}

export async function insertSession(db: DbOrTx, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function findSession(db: DbOrTx, id: string): Promise<SessionRow | undefined> {
  const rows = await db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return rows[0];
}

export async function touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: DbOrTx, id: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Revokes every live session of a user; returns their ids so caches can drop them. */
export async function revokeUserSessions(db: DbOrTx, userId: string): Promise<string[]> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

export async function getSetting(db: DbOrTx, key: string): Promise<unknown> {
  const rows = await db.select().from(settings).where(eq(settings.key, key)).limit(1);
  return rows[0]?.value;
}

export async function putSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

export async function orgExists(db: DbOrTx, id: string): Promise<boolean> {
  return (
    (await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).limit(1)).length > 0
  );
}

export async function consortiumExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.select({ id: consortia.id }).from(consortia).where(eq(consortia.id, id)).limit(1)).length > 0;
}

export async function searchScopeOptions(db: DbOrTx, q: string | undefined, limit = 20) {
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(q ? ilike(organizations.name, `%${q}%`) : undefined)
    .orderBy(organizations.name)
    .limit(limit);
  const cons = await db
    .select({ id: consortia.id, name: consortia.name })
    .from(consortia)
    .where(q ? ilike(consortia.name, `%${q}%`) : undefined)
    .orderBy(consortia.name)
    .limit(limit);
  return [
    ...cons.map((c) => ({ ...c, kind: 'consortium' as const })),
    ...orgs.map((o) => ({ ...o, kind: 'org' as const })),
  ];
}

export async function countUsers(db: DbOrTx): Promise<number> {
  return (await db.select({ n: count() }).from(users))[0]?.n ?? 0;
}
