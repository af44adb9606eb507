import { auditLog, type DbOrTx } from '@chanjiao/db';
import { and, asc, count, desc, eq, gt, gte, ilike, lte, or, type SQL, sql } from 'drizzle-orm';

export type AuditRow = typeof auditLog.$inferSelect;

/** Advisory lock key that serializes appends so the hash chain stays linear. */
const CHAIN_LOCK = 7_200_201;

export async function lockChain(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
}

export async function lastEntry(tx: DbOrTx): Promise<Pick<AuditRow, 'id' | 'hash'> | undefined> {
  const rows = await tx
    .select({ id: auditLog.id, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  return rows[0];
}

export async function insertEntry(tx: DbOrTx, row: AuditRow): Promise<void> {
  await tx.insert(auditLog).values(row);
}

export async function entriesAfter(db: DbOrTx, afterId: number, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
}

export interface AuditFilter {
  q?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  actor?: string | undefined;
  result?: 'success' | 'failure' | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function where(f: AuditFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.action) conds.push(ilike(auditLog.action, `${f.action}%`));
  if (f.entity) conds.push(eq(auditLog.entity, f.entity));
  if (f.actor) conds.push(ilike(auditLog.actorUsername, `%${f.actor}%`));
  if (f.result) conds.push(eq(auditLog.result, f.result));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lte(auditLog.at, new Date(f.to)));
  if (f.q)
    conds.push(
      or(
        ilike(auditLog.action, `%${f.q}%`),
        ilike(auditLog.entityId, `%${f.q}%`),
        ilike(auditLog.actorUsername, `%${f.q}%`),
        eq(auditLog.requestId, f.q),
      ),
    );
  return and(...conds);
}

export async function listEntries(db: DbOrTx, f: AuditFilter, limit: number, offset: number) {
  const w = where(f);
  const [items, totals] = await Promise.all([
    db.select().from(auditLog).where(w).orderBy(desc(auditLog.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(auditLog).where(w),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}
