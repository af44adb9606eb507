import { type DbOrTx, files, importJobs } from '@chanjiao/db';
import { eq } from 'drizzle-orm';

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
