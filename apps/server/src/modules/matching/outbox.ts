import { type DbOrTx, matchingOutbox } from '@chanjiao/db';
import type { Deps } from '../../lib/context';

export type MatchEntity = 'job' | 'student';
export type MatchOp = 'upsert' | 'remove';
export const MATCHING_CHANNEL = 'matching';

/**
 * Records that jobs or profiles changed, in the writer's transaction, so every server process's
 * matching index picks the change up (after commit, call `announceMatchChanges`).
 */
export async function recordMatchChanges(
  tx: DbOrTx,
  entity: MatchEntity,
  seqs: readonly number[],
  op: MatchOp = 'upsert',
): Promise<void> {
  if (!seqs.length) return;
  for (let i = 0; i < seqs.length; i += 5000) {
    await tx.insert(matchingOutbox).values(seqs.slice(i, i + 5000).map((seq) => ({ entity, seq, op })));
  }
}

/** Wakes every process's index (LISTEN/NOTIFY on PostgreSQL, in-process on PGlite); call after commit. */
export async function announceMatchChanges(deps: Deps): Promise<void> {
  await deps.database.notify(MATCHING_CHANNEL, '');
}
