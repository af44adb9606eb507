import type { DbOrTx } from '@chanjiao/db';
import { sql } from 'drizzle-orm';

/** Round-trips a trivial query; throws when the database is unreachable. */
export async function ping(db: DbOrTx): Promise<void> {
  await db.execute(sql`select 1`);
}
