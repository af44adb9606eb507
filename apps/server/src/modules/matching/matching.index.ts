/**
 * The matching index this process holds, one per Deps: built at start from `job_demands` and
 * `student_profiles` in one streaming pass each, then kept fresh by the change feed.
 *
 * Order matters: the feed's starting point (the outbox head) is taken BEFORE the tables are read,
 * so a change committed while they are read is applied again afterwards (reloading is idempotent)
 * instead of falling between the two.
 */
import { buildMatchIndex, type Catalog, type MatchIndex } from '@chanjiao/matching';
import type { Deps } from '../../lib/context';
import { type FeedLog, MatchingFeed, OutboxCursor } from './matching.feed';
import * as repo from './matching.repository';
import { JobTape, jobInput, loadCatalog, StudentTape, studentInput } from './matching.source';

const PAGE = 10_000;
/** A failed build is tried again on demand, at most this often. */
const RETRY_AFTER_MS = 30_000;

export type MatchingStatus = 'loading' | 'ready' | 'failed' | 'stopped';

export interface MatchingRuntime {
  status: MatchingStatus;
  index: MatchIndex | null;
  feed: MatchingFeed | null;
  /** Resolves when the index is ready (rejects when the build failed). */
  ready: Promise<void>;
  /** When the build failed (a later call may start again, see `RETRY_AFTER_MS`). */
  failedAt?: number;
  /** Build figures, for the log and tests. */
  built: { ms: number; students: number; jobs: number; skipped: number } | null;
  stop(): Promise<void>;
}

const silent: FeedLog = { info() {}, warn() {}, error() {} };
const runtimes = new WeakMap<Deps, MatchingRuntime>();

let catalogCache: Catalog | null = null;
/** The catalogue is static reference data: parsed once per process. */
export function matchingCatalog(): Catalog {
  catalogCache ??= loadCatalog();
  return catalogCache;
}

/** Builds an index from the tables: students first (their skills weigh the jobs'), then jobs. */
export async function buildIndexFromTables(
  deps: Deps,
  catalog: Catalog,
): Promise<{ index: MatchIndex; students: number; jobs: number; skipped: number }> {
  const students = new StudentTape();
  let skipped = await readPages(
    (after) => repo.studentPage(deps.db, after, PAGE),
    (row) => studentInput(row, catalog),
    (input) => students.add(input),
  );
  const jobs = new JobTape();
  skipped += await readPages(
    (after) => repo.jobPage(deps.db, after, PAGE),
    (row) => jobInput(row, catalog),
    (input) => jobs.add(input),
  );
  const index = buildMatchIndex(catalog, { students, jobs });
  return { index, students: students.length, jobs: jobs.length, skipped };
}

/** Reads a table in pages by seq, adding every row the engine can take; returns how many it could not. */
async function readPages<R extends { seq: number }, I>(
  page: (afterSeq: number) => Promise<R[]>,
  toInput: (row: R) => I | null,
  add: (input: I) => void,
): Promise<number> {
  let skipped = 0;
  for (let after = 0; ; ) {
    const rows = await page(after);
    for (const row of rows) {
      const input = toInput(row);
      if (input) add(input);
      else skipped++;
    }
    if (rows.length < PAGE) return skipped;
    after = rows[rows.length - 1]!.seq;
  }
}

/**
 * Starts this process's index (once per Deps; later calls return the same runtime): subscribe,
 * take the outbox head, build, then follow the feed. Routes answer 503 until it is ready.
 */
export function startMatching(deps: Deps, log: FeedLog = silent, opts: { pollMs?: number } = {}): MatchingRuntime {
  const existing = runtimes.get(deps);
  if (existing && existing.status !== 'stopped') {
    if (existing.status !== 'failed' || Date.now() - (existing.failedAt ?? 0) < RETRY_AFTER_MS) return existing;
  }
  let stopped = false;
  const runtime: MatchingRuntime = {
    status: 'loading',
    index: null,
    feed: null,
    built: null,
    ready: Promise.resolve(),
    stop: async () => {
      stopped = true;
      runtime.status = 'stopped';
      await runtime.feed?.stop();
      await runtime.ready.catch(() => {});
    },
  };
  runtime.ready = (async () => {
    const started = performance.now();
    const head = await repo.outboxHead(deps.db);
    const cursor = new OutboxCursor(head.maxId, head.gaps);
    const built = await buildIndexFromTables(deps, matchingCatalog());
    if (stopped) return;
    const feed = new MatchingFeed(deps, built.index, cursor, log, opts.pollMs);
    runtime.feed = feed;
    await feed.start();
    if (stopped) return;
    runtime.index = built.index;
    runtime.status = 'ready';
    runtime.built = {
      ms: Math.round(performance.now() - started),
      students: built.students,
      jobs: built.jobs,
      skipped: built.skipped,
    };
    log.info(runtime.built, 'matching index ready');
  })();
  runtime.ready.catch((err) => {
    if (stopped) return;
    runtime.status = 'failed';
    runtime.failedAt = Date.now();
    log.error({ err }, 'matching index failed to load');
  });
  runtimes.set(deps, runtime);
  return runtime;
}

/** This process's runtime for these deps, if started. */
export function matchingRuntime(deps: Deps): MatchingRuntime | undefined {
  return runtimes.get(deps);
}

/** Stops the feed (poll and notices) of these deps' index. */
export async function stopMatching(deps: Deps): Promise<void> {
  await runtimes.get(deps)?.stop();
}
