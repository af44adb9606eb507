import {
  consortia,
  type DbOrTx,
  organizations,
  passwordHistory,
  queryRows,
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

/** One statement per user lookup: the row, its organization and consortium names, and its roles. */
const userColumns = {
  user: users,
  orgName: organizations.name,
  consortiumName: consortia.name,
  roles: sql<
    string[]
  >`array(select ${userRoles.role} from ${userRoles} where ${userRoles.userId} = ${users.id} order by 1)`,
};

type JoinedRow = { user: UserRow; orgName: string | null; consortiumName: string | null; roles: string[] };

const flatten = (r: JoinedRow): UserWithRoles => ({
  ...r.user,
  roles: r.roles ?? [],
  orgName: r.orgName,
  consortiumName: r.consortiumName,
});

function baseUserQuery(db: DbOrTx) {
  return db
    .select(userColumns)
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(consortia, eq(consortia.id, users.consortiumId));
}

export async function findUserByUsername(db: DbOrTx, username: string): Promise<UserWithRoles | undefined> {
  const rows = await baseUserQuery(db).where(eq(users.username, username)).limit(1);
  return rows[0] ? flatten(rows[0]) : undefined;
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserWithRoles | undefined> {
  const rows = await baseUserQuery(db).where(eq(users.id, id)).limit(1);
  return rows[0] ? flatten(rows[0]) : undefined;
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

/** A page of users and the total in one statement (a second only for a page past the end). */
export async function listUsers(db: DbOrTx, f: UserFilter, limit: number, offset: number) {
  const w = userWhere(f, new Date());
  const rows = await db
    .select({ ...userColumns, total: sql<number>`(count(*) over ())::int` })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .leftJoin(consortia, eq(consortia.id, users.consortiumId))
    .where(w)
    .orderBy(users.username)
    .limit(limit)
    .offset(offset);
  const total =
    rows[0]?.total ?? (offset > 0 ? ((await db.select({ n: count() }).from(users).where(w))[0]?.n ?? 0) : 0);
  return { items: rows.map(flatten), total };
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

export async function orgType(db: DbOrTx, id: string): Promise<string | undefined> {
  const rows = await db
    .select({ type: organizations.type })
    .from(organizations)
    .where(eq(organizations.id, id))
    .limit(1);
  return rows[0]?.type;
}

export async function searchScopeOptions(
  db: DbOrTx,
  q: string | undefined,
  opts: { orgTypes?: string[] | undefined; orgs: boolean; consortia: boolean },
  limit = 20,
) {
  const orgs = !opts.orgs
    ? []
    : await db
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(
          and(
            q ? ilike(organizations.name, `%${q}%`) : undefined,
            opts.orgTypes ? inArray(organizations.type, opts.orgTypes) : undefined,
          ),
        )
        .orderBy(organizations.name)
        .limit(limit);
  const cons = !opts.consortia
    ? []
    : await db
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

/** Accounts (not demo, not disabled) whose last sign-in — or creation, if never — is before `cutoff`. */
export async function inactiveUsers(db: DbOrTx, cutoff: Date) {
  return db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(
      and(
        eq(users.disabled, false),
        eq(users.isDemo, false),
        sql`coalesce(${users.lastLoginAt}, ${users.createdAt}) < ${cutoff.toISOString()}::timestamptz`,
      ),
    );
}

/** Active system administrators, so the last one is never disabled automatically. */
export async function activeSysadminIds(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'sysadmin'), eq(users.disabled, false)));
  return rows.map((r) => r.id);
}

/** Transaction-scoped try-lock so only one process runs a scheduled job at a time. */
export async function tryJobLock(tx: DbOrTx, key: number): Promise<boolean> {
  const [first] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${key}) as ok`);
  return !!first?.ok;
}

/** Enabled secretariat accounts of one consortium (秘书处), for the consortium detail page. */
export async function listSecretariatUsers(
  db: DbOrTx,
  consortiumId: string,
): Promise<{ userId: string; displayName: string; username: string }[]> {
  return db
    .select({ userId: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'secretariat'), eq(users.consortiumId, consortiumId), eq(users.disabled, false)))
    .orderBy(users.displayName);
}
