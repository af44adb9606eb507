import { type DbOrTx, files, importJobs, queryRows } from '@chanjiao/db';
import { and, eq, lt, type SQL, sql } from 'drizzle-orm';

export type JobRow = typeof importJobs.$inferSelect;

export async function insertJob(db: DbOrTx, values: typeof importJobs.$inferInsert): Promise<JobRow> {
  const [row] = await db.insert(importJobs).values(values).returning();
  return row!;
}

export async function updateJob(db: DbOrTx, id: string, values: Partial<typeof importJobs.$inferInsert>) {
  await db.update(importJobs).set(values).where(eq(importJobs.id, id));
}

export async function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  return (await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1))[0];
}

export async function insertFile(db: DbOrTx, values: typeof files.$inferInsert): Promise<string> {
  const [row] = await db.insert(files).values(values).returning({ id: files.id });
  return row!.id;
}

export async function findFile(db: DbOrTx, id: string) {
  return (await db.select().from(files).where(eq(files.id, id)).limit(1))[0];
}

/** Jobs still marked running that started before `before`: their process is gone. */
export async function interruptStaleJobs(db: DbOrTx, before: Date): Promise<void> {
  await db
    .update(importJobs)
    .set({ status: 'error', message: '导入因服务重启而中断，请重新导入', finishedAt: new Date() })
    .where(and(eq(importJobs.status, 'running'), lt(importJobs.createdAt, before)));
}

export async function runningJobIds(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ id: importJobs.id }).from(importJobs).where(eq(importJobs.status, 'running'));
  return rows.map((r) => r.id);
}

/**
 * Rows of `part` (a range of the staging table) repeating the key of an earlier staged row:
 * `row_number, key, value, reason`. Uses the stage's (key, row_number) index.
 */
export function repeatedKeys(stage: SQL, part: SQL, stageColumn: string, key: string, displayColumn?: string): SQL {
  const column = sql.identifier(stageColumn);
  const display = sql.identifier(displayColumn ?? stageColumn);
  return sql`
    select s.row_number, ${key}::text as key, s.${display}::text as value, '与第 ' || f.first || ' 行重复' as reason
    from ${part} s
    join lateral (select p.row_number as first from ${stage} p where p.${column} = s.${column}
                  order by p.row_number limit 1) f on f.first < s.row_number`;
}

export interface ConflictRow {
  row_number: number;
  key: string;
  value: string | null;
  reason: string;
}

/** The first `limit` rows of a conflict query by row number, and how many there are in all. */
export async function firstConflicts(
  db: DbOrTx,
  query: SQL,
  limit: number,
): Promise<{ rows: ConflictRow[]; total: number }> {
  const rows = await queryRows<ConflictRow & { total: number }>(
    db,
    sql`select c.*, (count(*) over ())::int as total from (${query}) c order by row_number limit ${limit}`,
  );
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Turns PostgreSQL's JIT compilation off for the rest of the transaction. */
export async function withoutJit(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`set local jit = off`);
}
