import { type DbOrTx, files, importJobs } from '@chanjiao/db';
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

/** Staged rows repeating the key of an earlier row: `row_number, key, value, reason`. */
export function repeatedKeys(stage: SQL, stageColumn: string, key: string): SQL {
  const column = sql.identifier(stageColumn);
  return sql`
    select row_number, ${key}::text as key, ${column}::text as value, '与第 ' || first || ' 行重复' as reason
    from (select row_number, ${column}, min(row_number) over (partition by ${column}) as first from ${stage}) d
    where row_number > first`;
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
  const result = await db.execute(
    sql`select c.*, (count(*) over ())::int as total from (${query}) c order by row_number limit ${limit}`,
  );
  const rows =
    (result as { rows?: (ConflictRow & { total: number })[] }).rows ??
    (result as unknown as (ConflictRow & { total: number })[]);
  return { rows: [...rows], total: rows[0]?.total ?? 0 };
}
