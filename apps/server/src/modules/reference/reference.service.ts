import type { Paged, PageQuery } from '@chanjiao/contracts';
import type { Ctx, Deps } from '../../lib/context';
import { sm3 } from '../../lib/crypto';
import { REFERENCE_CHANNEL } from './reference.loader';
import * as repo from './reference.repository';

type Row = Record<string, unknown>;

/** The text a search looks in, per list (codes and names; case-insensitive substring). */
const searchFields: Record<repo.RefList, string[]> = {
  districts: ['code', 'name'],
  majors: ['code', 'name', 'className'],
  industries: ['code', 'name'],
  occupations: ['code', 'name'],
  clusters: ['name', 'tierName'],
  indicators: ['pointCode', 'observationPoint', 'groupName'],
  reformMeasures: ['title', 'section', 'responsibleUnits'],
  policyTargets: ['id', 'metric', 'scope'],
  policyItems: ['leadUnit', 'content'],
  institutions: ['code', 'name'],
};

interface Snapshot {
  rows: Record<repo.RefList, Row[]>;
  /** Lower-cased search text per row, in the same order. */
  text: Record<repo.RefList, string[]>;
  /** Recent search results (the data cannot change until the snapshot is dropped). */
  results: Map<string, Row[]>;
  /** Recent pages as serialized bytes with their ETag. */
  pages: Map<string, SerializedPage>;
  /** Identifies this load of the data, for ETags. */
  version: string;
}

export interface SerializedPage {
  body: Buffer;
  etag: string;
}

const MAX_CACHED_RESULTS = 1000;

const snapshots = new WeakMap<Deps, Promise<Snapshot>>();

async function load(deps: Deps): Promise<Snapshot> {
  const rows = {} as Snapshot['rows'];
  const text = {} as Snapshot['text'];
  for (const name of repo.refLists) {
    rows[name] = await repo.allRows(deps.db, name);
    text[name] = rows[name].map((r) =>
      searchFields[name]
        .map((f) => (Array.isArray(r[f]) ? (r[f] as unknown[]).join('；') : String(r[f] ?? '')))
        .join('\u0001')
        .toLowerCase(),
    );
  }
  return { rows, text, results: new Map(), pages: new Map(), version: Date.now().toString(36) };
}

/**
 * Reference data is small (≈7,700 rows) and read on every form, so each process keeps it in
 * memory; a reload anywhere drops the copy through the change feed.
 */
function snapshot(deps: Deps): Promise<Snapshot> {
  let s = snapshots.get(deps);
  if (!s) {
    s = load(deps);
    snapshots.set(deps, s);
    s.catch(() => snapshots.delete(deps));
    if (!subscribed.has(deps)) {
      subscribed.add(deps);
      void deps.database.listen(REFERENCE_CHANNEL, () => snapshots.delete(deps)).catch(() => {});
    }
  }
  return s;
}
const subscribed = new WeakSet<Deps>();

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_CACHED_RESULTS) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

export type RefFilter = Partial<Record<string, string | number | undefined>>;

/** Reference lists are city-wide (no data scope); searchable by code and name, filterable, paginated. */
export async function listReference<T>(
  ctx: Ctx,
  name: repo.RefList,
  q: PageQuery,
  filters: RefFilter = {},
): Promise<Paged<T>> {
  const snap = await snapshot(ctx.deps);
  const term = q.q?.toLowerCase();
  const active = Object.entries(filters).filter(([, v]) => v !== undefined && v !== '');
  const key = JSON.stringify([name, term, active]);
  const matched = snap.results.get(key) ?? remember(snap.results, key, search(snap, name, term, active));
  const start = (q.page - 1) * q.pageSize;
  return {
    items: matched.slice(start, start + q.pageSize) as T[],
    total: matched.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function search(snap: Snapshot, name: repo.RefList, term: string | undefined, active: [string, unknown][]): Row[] {
  const rows = snap.rows[name];
  const text = snap.text[name];
  const matched: Row[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (term && !text[i]!.includes(term)) continue;
    if (active.some(([k, v]) => r[k] !== v)) continue;
    matched.push(r);
  }
  return matched;
}

/**
 * The same page as bytes, serialized once per data load and query, with an ETag so browsers
 * can revalidate instead of downloading reference data again.
 */
export async function referencePage(
  ctx: Ctx,
  name: repo.RefList,
  q: PageQuery,
  filters: RefFilter,
  serialize: (page: Paged<unknown>) => string,
): Promise<SerializedPage> {
  const snap = await snapshot(ctx.deps);
  const key = JSON.stringify([name, q.q, q.page, q.pageSize, filters]);
  const hit = snap.pages.get(key);
  if (hit) return hit;
  const body = Buffer.from(serialize(await listReference(ctx, name, q, filters)));
  return remember(snap.pages, key, { body, etag: `"${snap.version}-${sm3(body).slice(0, 16)}"` });
}

export interface ReferenceCodes {
  districts: Map<string, string>;
  clusters: Map<string, string>;
  industries: Map<string, string>;
  majors: Map<string, string>;
}
const codeMaps = new WeakMap<Snapshot, ReferenceCodes>();

/** Code → name maps for validating and labelling codes other modules store (districts, clusters, industries, majors). */
export async function referenceCodes(deps: Deps): Promise<ReferenceCodes> {
  const snap = await snapshot(deps);
  let maps = codeMaps.get(snap);
  if (!maps) {
    const m = (name: repo.RefList) => new Map(snap.rows[name].map((r) => [String(r.code), String(r.name)]));
    maps = { districts: m('districts'), clusters: m('clusters'), industries: m('industries'), majors: m('majors') };
    codeMaps.set(snap, maps);
  }
  return maps;
}
