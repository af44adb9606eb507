/**
 * The change-feed consumer: keeps this process's index fresh from `matching_outbox`. Woken by a
 * notice on the `matching` channel (LISTEN/NOTIFY on PostgreSQL, in-process on PGlite) and by a
 * half-second poll that bounds the delay when a notice is lost (to well under the 1 s promised). Each pass reads the rows after the
 * last one applied, reloads those jobs and profiles by seq and upserts or removes them: the
 * tables are the truth, an outbox row only says "look again".
 *
 * Outbox ids are taken at insert but become visible at commit, so a later id can be seen before
 * an earlier one (two writers, or a long import). The cursor therefore remembers the holes below
 * the highest id it has applied and keeps reading them until they fill or time out (a rolled-back
 * transaction leaves a hole for ever).
 */
import type { MatchIndex } from '@chanjiao/matching';
import type { Deps } from '../../lib/context';
import * as repo from './matching.repository';
import { jobInput, studentInput } from './matching.source';
import { MATCHING_CHANNEL } from './outbox';

/** Rows read per outbox query, records reloaded per query. */
const OUTBOX_PAGE = 10_000;
const RELOAD_CHUNK = 5_000;
/** How long a hole in the ids is watched before it is taken for a rolled-back transaction. */
export const GAP_TTL_MS = 15 * 60_000;
/** Outbox rows older than this are deleted (every process has applied them long since). */
export const OUTBOX_RETENTION_MS = 24 * 3_600_000;
const CLEANUP_EVERY_MS = 60_000;
const MAX_GAPS = 10_000;
const RANGES_PER_QUERY = 200;

interface Gap {
  from: number;
  to: number;
  since: number;
}

/** The feed's position: every id ≤ `maxSeen` is applied except those in the holes. Pure. */
export class OutboxCursor {
  maxSeen: number;
  private gaps: Gap[] = [];

  constructor(maxSeen = 0, gaps: readonly [number, number][] = [], now = Date.now()) {
    this.maxSeen = maxSeen;
    for (const [from, to] of gaps) if (from <= to && to <= maxSeen) this.gaps.push({ from, to, since: now });
    this.gaps.sort((a, b) => a.from - b.from);
  }

  get hasGaps(): boolean {
    return this.gaps.length > 0;
  }

  /** The holes, oldest ids first. */
  ranges(limit = Number.POSITIVE_INFINITY): [number, number][] {
    return this.gaps.slice(0, limit).map((g) => [g.from, g.to]);
  }

  /** Marks ids as applied (any order). */
  accept(ids: readonly number[], now = Date.now()): void {
    const sorted = [...ids].sort((a, b) => a - b);
    for (const id of sorted) {
      if (id > this.maxSeen) {
        if (id > this.maxSeen + 1) this.gaps.push({ from: this.maxSeen + 1, to: id - 1, since: now });
        this.maxSeen = id;
      } else this.fill(id);
    }
    if (this.gaps.length > MAX_GAPS) this.gaps.splice(0, this.gaps.length - MAX_GAPS);
  }

  private fill(id: number): void {
    let lo = 0;
    let hi = this.gaps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const g = this.gaps[mid]!;
      if (id < g.from) hi = mid - 1;
      else if (id > g.to) lo = mid + 1;
      else {
        if (g.from === g.to) this.gaps.splice(mid, 1);
        else if (id === g.from) g.from++;
        else if (id === g.to) g.to--;
        else {
          this.gaps.splice(mid + 1, 0, { from: id + 1, to: g.to, since: g.since });
          g.to = id - 1;
        }
        return;
      }
    }
  }

  /** Forgets holes watched longer than `ttlMs`; returns how many. */
  expire(now = Date.now(), ttlMs = GAP_TTL_MS): number {
    const before = this.gaps.length;
    this.gaps = this.gaps.filter((g) => now - g.since <= ttlMs);
    return before - this.gaps.length;
  }
}

export interface FeedLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface FeedStats {
  passes: number;
  applied: number;
  lastAppliedAt: number | null;
}

/**
 * Applies outbox rows to `index`. `start` subscribes to notices and starts the poll; passes never
 * overlap (a notice during a pass runs one more pass after it).
 */
export class MatchingFeed {
  readonly stats: FeedStats = { passes: 0, applied: 0, lastAppliedAt: null };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastCleanup = 0;
  /** Live students when the skill weights were last computed. */
  private weightCorpus: number;

  constructor(
    private readonly deps: Deps,
    private readonly index: MatchIndex,
    readonly cursor: OutboxCursor,
    private readonly log: FeedLog,
    private readonly pollMs = 500,
  ) {
    this.weightCorpus = index.studentCount;
  }

  async start(): Promise<void> {
    await this.deps.database.listen(MATCHING_CHANNEL, () => {
      if (!this.stopped) void this.kick();
    });
    this.timer = setInterval(() => void this.kick(), this.pollMs);
    this.timer.unref();
    await this.kick();
  }

  /** Stops the poll and waits for a pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** Runs a pass now, or one more after the pass under way; resolves when the feed is caught up. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.pass();
        } while (this.again && !this.stopped);
      } catch (err) {
        if (!this.stopped) this.log.error({ err }, 'matching feed pass failed; retrying on the next poll');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async pass(): Promise<void> {
    const db = this.deps.db;
    this.stats.passes++;
    // New rows.
    for (;;) {
      const rows = await repo.outboxAfter(db, this.cursor.maxSeen, OUTBOX_PAGE);
      if (rows.length) await this.apply(rows);
      if (rows.length < OUTBOX_PAGE || this.stopped) break;
    }
    // Holes that may have filled since.
    if (this.cursor.hasGaps) {
      const ranges = this.cursor.ranges(RANGES_PER_QUERY);
      let after = 0;
      for (;;) {
        const rows = await repo.outboxInRanges(db, ranges, after, OUTBOX_PAGE);
        if (rows.length) await this.apply(rows);
        if (rows.length < OUTBOX_PAGE || this.stopped) break;
        after = rows[rows.length - 1]!.id;
      }
      const expired = this.cursor.expire();
      if (expired) this.log.warn({ expired }, 'matching feed: gave up waiting for outbox ids (rolled back?)');
    }
    const now = Date.now();
    if (now - this.lastCleanup > CLEANUP_EVERY_MS) {
      this.lastCleanup = now;
      const cutoff = new Date(now - OUTBOX_RETENTION_MS);
      while ((await repo.deleteOutboxBefore(db, cutoff)) > 0 && !this.stopped);
    }
  }

  /** Reloads the records the rows name and updates the index; then marks the rows applied. */
  private async apply(rows: repo.OutboxRow[]): Promise<void> {
    const jobs = new Set<number>();
    const students = new Set<number>();
    for (const r of rows) (r.entity === 'job' ? jobs : students).add(r.seq);
    await this.reload([...jobs], 'job');
    await this.reload([...students], 'student');
    this.cursor.accept(rows.map((r) => r.id));
    this.stats.applied += rows.length;
    this.stats.lastAppliedAt = Date.now();
    // The skill weights (IDF) come from the student corpus: recompute them when it has changed
    // by a tenth (e.g. after an import), so that a process started on an empty table scores skills.
    const n = this.index.studentCount;
    if (students.size && Math.abs(n - this.weightCorpus) > this.weightCorpus / 10) {
      this.index.refreshSkillWeights();
      this.weightCorpus = n;
    }
  }

  private async reload(seqs: number[], entity: 'job' | 'student'): Promise<void> {
    const db = this.deps.db;
    const catalog = this.index.catalog;
    for (let i = 0; i < seqs.length; i += RELOAD_CHUNK) {
      const chunk = seqs.slice(i, i + RELOAD_CHUNK);
      if (entity === 'job')
        this.replace(
          entity,
          chunk,
          await repo.jobsBySeq(db, chunk),
          (row) => jobInput(row, catalog),
          (input) => this.index.upsertJob(input),
        );
      else
        this.replace(
          entity,
          chunk,
          await repo.studentsBySeq(db, chunk),
          (row) => studentInput(row, catalog),
          (input) => this.index.upsertStudent(input),
        );
    }
  }

  /** Puts the live `rows` of `chunk` into the index and takes out the seqs not among them (deleted). */
  private replace<R extends { seq: number }, I>(
    entity: 'job' | 'student',
    chunk: number[],
    rows: R[],
    toInput: (row: R) => I | null,
    put: (input: I) => void,
  ): void {
    const found = new Set<number>();
    for (const row of rows) {
      found.add(row.seq);
      this.upsert(row.seq, entity, () => {
        const input = toInput(row);
        if (!input) return false;
        put(input);
        return true;
      });
    }
    for (const seq of chunk) if (!found.has(seq)) this.remove(entity, seq);
  }

  /** A record the engine cannot place is taken out rather than left stale. */
  private upsert(seq: number, entity: 'job' | 'student', put: () => boolean): void {
    let ok = false;
    try {
      ok = put();
    } catch (err) {
      this.log.warn({ err, entity, seq }, 'matching feed: record not indexable');
    }
    if (!ok) this.remove(entity, seq);
  }

  private remove(entity: 'job' | 'student', seq: number): void {
    if (entity === 'job') this.index.removeJob(seq);
    else this.index.removeStudent(seq);
  }
}
