/** The only file that queries indicator_frameworks and indicator_points (and reads ref_indicators). */
import { type DbOrTx, indicatorFrameworks, indicatorPoints, refIndicators, users } from '@chanjiao/db';
import { and, asc, count, desc, eq, ilike, inArray, max, ne, type SQL, sql } from 'drizzle-orm';

export { indicatorFrameworks, indicatorPoints };
export type FrameworkRow = typeof indicatorFrameworks.$inferSelect;
export type PointRow = typeof indicatorPoints.$inferSelect;
export type NewPoint = Omit<typeof indicatorPoints.$inferInsert, 'id' | 'frameworkId'>;

/** A framework row with the counts the list shows. */
export interface FrameworkSummary extends FrameworkRow {
  pointCount: number;
  groupCount: number;
  totalWeight: number;
}

// Qualified by hand: drizzle leaves a single-table select's columns unqualified, which p.* would shadow.
const summaryColumns = {
  pointCount: sql<number>`(select count(*)::int from ${indicatorPoints} p where p.framework_id = "indicator_frameworks"."id")`,
  groupCount: sql<number>`(select count(distinct p.group_code)::int from ${indicatorPoints} p where p.framework_id = "indicator_frameworks"."id")`,
  totalWeight: sql<number>`(select coalesce(sum(p.weight), 0)::int from ${indicatorPoints} p where p.framework_id = "indicator_frameworks"."id" and p.kind = 'basic')`,
};

export function frameworkWhere(q: { q?: string; status?: string }): SQL | undefined {
  const parts: SQL[] = [];
  if (q.q) parts.push(ilike(indicatorFrameworks.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  if (q.status) parts.push(eq(indicatorFrameworks.status, q.status));
  return parts.length ? and(...parts) : undefined;
}

export async function listFrameworks(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [items, [total]] = await Promise.all([
    db
      .select({ ...frameworkColumns(), ...summaryColumns })
      .from(indicatorFrameworks)
      .where(where)
      .orderBy(asc(indicatorFrameworks.name), desc(indicatorFrameworks.version))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(indicatorFrameworks).where(where),
  ]);
  return { items: items as FrameworkSummary[], total: total?.n ?? 0 };
}

function frameworkColumns() {
  const { id, name, version, status, basedOn, note, createdBy, createdAt, updatedAt, publishedBy, publishedAt } =
    indicatorFrameworks;
  return { id, name, version, status, basedOn, note, createdBy, createdAt, updatedAt, publishedBy, publishedAt };
}

export async function findFramework(db: DbOrTx, id: string): Promise<FrameworkSummary | undefined> {
  const [row] = await db
    .select({ ...frameworkColumns(), ...summaryColumns })
    .from(indicatorFrameworks)
    .where(eq(indicatorFrameworks.id, id));
  return row as FrameworkSummary | undefined;
}

/** Locks the framework row for the rest of the transaction, so a publish and an edit cannot interleave. */
export async function lockFramework(tx: DbOrTx, id: string): Promise<FrameworkRow | undefined> {
  const [row] = await tx.select().from(indicatorFrameworks).where(eq(indicatorFrameworks.id, id)).for('update');
  return row;
}

export function pointsOf(db: DbOrTx, frameworkId: string): Promise<PointRow[]> {
  return db
    .select()
    .from(indicatorPoints)
    .where(eq(indicatorPoints.frameworkId, frameworkId))
    .orderBy(asc(indicatorPoints.sort));
}

export async function userNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function maxVersion(db: DbOrTx, name: string): Promise<number> {
  const [r] = await db
    .select({ v: max(indicatorFrameworks.version) })
    .from(indicatorFrameworks)
    .where(eq(indicatorFrameworks.name, name));
  return r?.v ?? 0;
}

export async function findDraftNamed(db: DbOrTx, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: indicatorFrameworks.id, version: indicatorFrameworks.version })
    .from(indicatorFrameworks)
    .where(
      and(
        eq(indicatorFrameworks.name, name),
        eq(indicatorFrameworks.status, 'draft'),
        exceptId ? ne(indicatorFrameworks.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return row;
}

export async function existsNameVersion(db: DbOrTx, name: string, version: number, exceptId: string) {
  const [row] = await db
    .select({ id: indicatorFrameworks.id })
    .from(indicatorFrameworks)
    .where(
      and(
        eq(indicatorFrameworks.name, name),
        eq(indicatorFrameworks.version, version),
        ne(indicatorFrameworks.id, exceptId),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Inserts a framework unless (name, version) exists; returns the new id or null. */
export async function insertFramework(
  tx: DbOrTx,
  values: typeof indicatorFrameworks.$inferInsert,
): Promise<string | null> {
  const [row] = await tx
    .insert(indicatorFrameworks)
    .values(values)
    .onConflictDoNothing({ target: [indicatorFrameworks.name, indicatorFrameworks.version] })
    .returning({ id: indicatorFrameworks.id });
  return row?.id ?? null;
}

export async function updateFramework(tx: DbOrTx, id: string, set: Partial<typeof indicatorFrameworks.$inferInsert>) {
  await tx
    .update(indicatorFrameworks)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(indicatorFrameworks.id, id));
}

/** Retires the other published versions of a name; returns their ids. */
export async function retirePublished(tx: DbOrTx, name: string, exceptId: string): Promise<string[]> {
  const rows = await tx
    .update(indicatorFrameworks)
    .set({ status: 'retired', updatedAt: new Date() })
    .where(
      and(
        eq(indicatorFrameworks.name, name),
        eq(indicatorFrameworks.status, 'published'),
        ne(indicatorFrameworks.id, exceptId),
      ),
    )
    .returning({ id: indicatorFrameworks.id });
  return rows.map((r) => r.id);
}

export async function replacePoints(tx: DbOrTx, frameworkId: string, points: NewPoint[]) {
  await tx.delete(indicatorPoints).where(eq(indicatorPoints.frameworkId, frameworkId));
  if (points.length) await tx.insert(indicatorPoints).values(points.map((p) => ({ ...p, frameworkId })));
}

export function referenceIndicators(db: DbOrTx) {
  return db.select().from(refIndicators).orderBy(asc(refIndicators.sort));
}
