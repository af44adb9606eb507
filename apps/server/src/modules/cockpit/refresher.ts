/**
 * Keeps the read models (kpi_values, kpi_history) current (docs/cockpit.md "Read models and freshness").
 * Statement-level triggers append a row to cockpit_changes and NOTIFY `cockpit`; the refresher wakes
 * on the notice (LISTEN, in every process) and on a 1-second poll, and in one transaction — under an
 * advisory try-lock so one process works — reads the pending change rows, recomputes every metric
 * that depends on a changed table, and deletes exactly the change rows it read (READ COMMITTED: a
 * change row read means its transaction committed, so the recomputation that follows sees its data;
 * rows committed meanwhile stay for the next pass).
 */
import { consortiumLevelLabels, type KpiSourceKind, orgTypeLabels, schoolLevelLabels } from '@chanjiao/contracts';
import type { Ctx, Deps } from '../../lib/context';
import { todayInChina } from '../../lib/dates';
import * as repo from './cockpit.repository';
import { kpiDefinitions } from './kpis';

export const COCKPIT_CHANNEL = 'cockpit';
const POLL_MS = 1000;
/** Change rows read per pass (a bulk load leaves one per statement); the rest wait for the next pass. */
const CHANGES_PER_PASS = 10_000;

interface Metric {
  codes: string[];
  sources: string[];
  compute(db: Parameters<typeof repo.recordsMetric>[0]): Promise<Map<string, repo.MetricRow[]>>;
}

const one =
  (code: string, f: (db: Parameters<typeof repo.recordsMetric>[0]) => Promise<repo.MetricRow[]>) =>
  async (db: Parameters<typeof repo.recordsMetric>[0]) =>
    new Map([[code, await f(db)]]);

/** Counters shown beside the KPIs (codes start with `_`). */
export const COUNTERS: Metric[] = [
  {
    codes: ['_consortia'],
    sources: ['consortia', 'consortium_leads', 'organizations'],
    compute: one('_consortia', repo.counterConsortia),
  },
  {
    codes: ['_members'],
    sources: ['consortia', 'consortium_members', 'organizations'],
    compute: one('_members', repo.counterMembers),
  },
  { codes: ['_jobs'], sources: ['job_demands'], compute: one('_jobs', repo.counterJobs) },
  {
    codes: ['_students'],
    sources: ['student_profiles', 'organizations'],
    compute: one('_students', repo.counterStudents),
  },
];

function returnCodes(kind: KpiSourceKind = 'returns'): string[] {
  return kpiDefinitions()
    .filter((f) => f.sourceKind === kind)
    .map((f) => f.id);
}

/** Every metric the refresher maintains. */
export function metrics(): Metric[] {
  const out: Metric[] = [];
  for (const f of kpiDefinitions()) {
    const m = f.metric;
    if (f.sourceKind !== 'records' || !m) continue;
    out.push({ codes: [f.id], sources: f.sources, compute: one(f.id, (db) => repo.recordsMetric(db, m)) });
  }
  const codes = returnCodes();
  out.push({
    codes,
    sources: ['kpi_returns', 'organizations'],
    compute: async (db) => {
      const rows = await repo.approvedReturns(db);
      const byCode = new Map<string, repo.MetricRow[]>(codes.map((c) => [c, []]));
      for (const r of rows) {
        const list = byCode.get(r.kpiCode);
        if (!list) continue;
        list.push({
          dimension: 'year',
          dimKey: String(r.year),
          label: r.orgName,
          value: r.value,
          numerator: null,
          denominator: null,
        });
      }
      for (const list of byCode.values()) {
        const latest = [...list].sort((a, b) => Number(b.dimKey) - Number(a.dimKey))[0];
        if (latest) list.push({ ...latest, dimension: 'city', dimKey: '' });
      }
      return byCode;
    },
  });
  return [...out, ...COUNTERS];
}

function labelFor(
  row: repo.MetricRow,
  names: { districts: Map<string, string>; clusters: Map<string, string>; consortia: Map<string, string> },
): string | null {
  if (row.label) return row.label;
  switch (row.dimension) {
    case 'district':
      return names.districts.get(row.dimKey) ?? row.dimKey;
    case 'cluster':
      return names.clusters.get(row.dimKey) ?? row.dimKey;
    case 'consortium':
      return names.consortia.get(row.dimKey) ?? row.dimKey;
    case 'level':
      return (
        (consortiumLevelLabels as Record<string, string>)[row.dimKey] ??
        (schoolLevelLabels as Record<string, string>)[row.dimKey] ??
        row.dimKey
      );
    case 'type':
      return (orgTypeLabels as Record<string, string>)[row.dimKey] ?? row.dimKey;
    default:
      return null;
  }
}

export interface RefreshResult {
  /** Another process held the lock: nothing done here. */
  locked: boolean;
  computed: string[];
}

/** One refresh pass: recomputes the metrics whose sources changed (every metric with `all`). */
export async function refreshOnce(deps: Deps, opts: { all?: boolean } = {}): Promise<RefreshResult> {
  return deps.db.transaction(async (tx) => {
    if (!(await repo.tryRefreshLock(tx))) return { locked: true, computed: [] };
    const changes = await repo.pendingChanges(tx, CHANGES_PER_PASS);
    const changed = new Set(changes.map((c) => c.table));
    const due = metrics().filter((m) => opts.all || m.sources.some((s) => changed.has(s)));
    if (!due.length) {
      if (changes.length) await repo.consumeChanges(tx, changes);
      return { locked: false, computed: [] };
    }
    const now = new Date();
    const day = todayInChina(now);
    const results = new Map<string, repo.MetricRow[]>();
    for (const m of due) for (const [code, rows] of await m.compute(tx)) results.set(code, rows);
    const consortiumIds = new Set<string>();
    for (const rows of results.values())
      for (const r of rows) if (r.dimension === 'consortium') consortiumIds.add(r.dimKey);
    const names = {
      districts: await repo.districtNames(tx),
      clusters: await repo.clusterNames(tx),
      consortia: await repo.consortiumNames(tx, [...consortiumIds]),
    };
    for (const [code, rows] of results)
      await repo.writeMetric(
        tx,
        code,
        rows.map((r) => ({ ...r, label: labelFor(r, names) })),
        day,
        now,
      );
    await repo.consumeChanges(tx, changes);
    return { locked: false, computed: [...results.keys()] };
  });
}

/** For tests and the bench: one pass now (waits for the lock holder by retrying briefly). */
export async function refreshNow(ctx: Ctx, opts: { all?: boolean } = {}): Promise<RefreshResult> {
  for (let i = 0; ; i++) {
    const r = await refreshOnce(ctx.deps, opts);
    if (!r.locked || i >= 50) return r;
    await new Promise((res) => setTimeout(res, 100));
  }
}

export interface RefresherLog {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Starts the refresher in this process: computes everything now, then follows notices and the poll. */
export function startCockpit(deps: Deps, log: RefresherLog): { stop(): Promise<void>; ready: Promise<void> } {
  let markReady: () => void = () => {};
  const ready = new Promise<void>((res) => {
    markReady = res;
  });
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let first = true;
  const kick = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const r = await refreshOnce(deps, { all: first });
          if (!r.locked) {
            first = false;
            markReady();
          }
          if (r.computed.length) log.info({ computed: r.computed.length }, 'cockpit read models refreshed');
        } while (again && !stopped);
      } catch (err) {
        if (!stopped) log.error({ err }, 'cockpit refresh failed; retrying on the next poll');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void kick(), POLL_MS);
  timer.unref();
  void deps.database
    .listen(COCKPIT_CHANNEL, () => {
      if (!stopped) void kick();
    })
    .catch((err) => log.error({ err }, 'cockpit: LISTEN failed; polling only'));
  void kick();
  return {
    /** Resolves after this process's first full pass (everything computed at start). */
    ready,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
