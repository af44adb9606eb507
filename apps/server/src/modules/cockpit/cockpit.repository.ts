/**
 * The only file that queries kpi_values, kpi_history and cockpit_sources. The refresher's formulas
 * read the source tables of other modules (consortia, organizations, graduate_cohorts, job_demands,
 * student_profiles, kpi_returns …) read-only, by SQL aggregation: the cockpit is a read model over
 * them (docs/cockpit.md). Request-time reads touch only the read models, except the drill-down
 * record lists and the consortium header.
 */
import {
  cockpitChanges,
  cockpitSources,
  type DbOrTx,
  kpiHistory,
  kpiValues,
  queryRows,
  refClusters,
  refDistricts,
  refPolicyTargets,
} from '@chanjiao/db';
import { and, asc, eq, gte, inArray, like, type SQL, sql } from 'drizzle-orm';
import type { RecordsMetric } from './kpis';

export interface MetricRow {
  dimension: string;
  dimKey: string;
  label: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface StoredValue extends MetricRow {
  kpiCode: string;
  computedAt: Date;
}

export interface TargetRow {
  id: string;
  year: number;
  source: string;
  clause: string;
  scope: string;
  metric: string;
  unit: string;
  comparator: string;
  target: number;
}

export function policyTargets(db: DbOrTx): Promise<TargetRow[]> {
  return db.select().from(refPolicyTargets).orderBy(asc(refPolicyTargets.id), asc(refPolicyTargets.year));
}

export async function districtNames(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.select({ code: refDistricts.code, name: refDistricts.name }).from(refDistricts);
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function clusterNames(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.select({ code: refClusters.code, name: refClusters.name }).from(refClusters);
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ── Formulas (SQL aggregation over the source tables) ──────────────────────────────────────────

const ACTIVE_C = sql`c.deleted_at is null and c.status <> 'revoked'`;
/** The district of a consortium: its first lead unit's (government, park, school, enterprise). */
const LEAD_DISTRICT = sql`(select o.district_code from consortium_leads l join organizations o on o.id = l.org_id
  where l.consortium_id = c.id and o.district_code is not null
  order by case l.lead_kind when 'government' then 0 when 'park' then 1 when 'school' then 2 else 3 end, o.district_code
  limit 1)`;
/** (org_id, consortium_id) of every active membership or lead of an active consortium. */
const PARTICIPATION = sql`(select m.org_id, m.consortium_id from consortium_members m join consortia c on c.id = m.consortium_id
    where m.left_on is null and ${ACTIVE_C}
  union select l.org_id, l.consortium_id from consortium_leads l join consortia c on c.id = l.consortium_id where ${ACTIVE_C})`;
const VOCATIONAL = sql`('secondary', 'associate', 'vocational_bachelor')`;
const HIGHER_VOCATIONAL = sql`('associate', 'vocational_bachelor')`;

interface RawRow {
  dimension: string;
  dim_key: string | null;
  value: string | number | null;
  numerator: string | number | null;
  denominator: string | number | null;
}

const num = (v: string | number | null | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

async function rowsOf(db: DbOrTx, q: SQL): Promise<MetricRow[]> {
  const raw = await queryRows<RawRow>(db, q);
  return raw
    .filter((r) => r.dim_key !== null)
    .map((r) => ({
      dimension: r.dimension,
      dimKey: r.dim_key ?? '',
      label: null,
      value: num(r.value),
      numerator: num(r.numerator),
      denominator: num(r.denominator),
    }));
}

const share = (n: SQL, d: SQL) => sql`case when ${d} > 0 then round(100.0 * ${n} / ${d}, 2) end`;

function consortiumCount(db: DbOrTx, levels: string[], statuses?: string[]): Promise<MetricRow[]> {
  const where = sql`${ACTIVE_C} and c.level in (${sql.join(
    levels.map((l) => sql`${l}`),
    sql`, `,
  )})${
    statuses
      ? sql` and c.status in (${sql.join(
          statuses.map((s) => sql`${s}`),
          sql`, `,
        )})`
      : sql``
  }`;
  return rowsOf(
    db,
    sql`with cs as (select c.id, c.cluster_codes, ${LEAD_DISTRICT} as district from consortia c where ${where})
      select 'city' as dimension, '' as dim_key, count(*) as value, null as numerator, null as denominator from cs
      union all select 'district', district, count(*), null, null from cs where district is not null group by district
      union all select 'cluster', cc, count(*), null, null from cs, unnest(cs.cluster_codes) cc group by cc`,
  );
}

function certifiedEnterprises(db: DbOrTx, level: string): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with e as (select distinct o.id, o.district_code, o.cluster_codes from org_certifications oc
        join organizations o on o.id = oc.org_id
        where o.deleted_at is null and oc.kind = 'integration_enterprise' and oc.level = ${level}
          and (oc.expires_on is null or oc.expires_on >= current_date))
      select 'city' as dimension, '' as dim_key, count(*) as value, null as numerator, null as denominator from e
      union all select 'district', district_code, count(*), null, null from e where district_code is not null group by district_code
      union all select 'cluster', cc, count(*), null, null from e, unnest(e.cluster_codes) cc group by cc`,
  );
}

function coverageBase(orgType: 'school' | 'enterprise'): SQL {
  return orgType === 'school'
    ? sql`o.type = 'school' and o.school_level in ${HIGHER_VOCATIONAL}`
    : sql`o.type = 'enterprise' and o.above_scale`;
}

function memberCoverage(db: DbOrTx, orgType: 'school' | 'enterprise'): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with p as ${PARTICIPATION},
      b as (select o.id, o.district_code, exists (select 1 from p where p.org_id = o.id) as covered
        from organizations o where o.deleted_at is null and ${coverageBase(orgType)}),
      tot as (select count(*) as d from b)
      select 'city' as dimension, '' as dim_key, ${share(sql`count(*) filter (where covered)`, sql`count(*)`)} as value,
        count(*) filter (where covered) as numerator, count(*) as denominator from b
      union all select 'district', district_code, ${share(sql`count(*) filter (where covered)`, sql`count(*)`)},
        count(*) filter (where covered), count(*) from b where district_code is not null group by district_code
      union all select 'consortium', p.consortium_id::text, ${share(sql`count(distinct b.id)`, sql`max(tot.d)`)},
        count(distinct b.id), max(tot.d) from b join p on p.org_id = b.id cross join tot group by p.consortium_id`,
  );
}

function placement(db: DbOrTx): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with p as ${PARTICIPATION},
      s as (select o.id, o.district_code, o.school_level from organizations o
        where o.deleted_at is null and o.type = 'school' and o.school_level in ${VOCATIONAL}
          and exists (select 1 from p where p.org_id = o.id)),
      g as (select gc.*, s.district_code, s.school_level from graduate_cohorts gc join s on s.id = gc.school_org_id),
      y as (select max(year) as y from g),
      latest as (select g.* from g, y where g.year = y.y),
      pc as (select p.consortium_id, g.* from g join p on p.org_id = g.school_org_id),
      pcy as (select consortium_id, max(year) as y from pc group by consortium_id),
      pcl as (select pc.* from pc join pcy on pcy.consortium_id = pc.consortium_id and pcy.y = pc.year)
      select 'city' as dimension, '' as dim_key, ${share(sql`sum(graduates - unplaced)`, sql`sum(graduates)`)} as value,
        sum(graduates - unplaced) as numerator, sum(graduates) as denominator from latest having count(*) > 0
      union all select 'district', district_code, ${share(sql`sum(graduates - unplaced)`, sql`sum(graduates)`)},
        sum(graduates - unplaced), sum(graduates) from latest where district_code is not null group by district_code
      union all select 'level', school_level, ${share(sql`sum(graduates - unplaced)`, sql`sum(graduates)`)},
        sum(graduates - unplaced), sum(graduates) from latest group by school_level
      union all select 'consortium', consortium_id::text, ${share(sql`sum(graduates - unplaced)`, sql`sum(graduates)`)},
        sum(graduates - unplaced), sum(graduates) from pcl group by consortium_id
      union all select 'data_year', '', max(y.y), null, null from y where y.y is not null
      union all select 'consortium_year', consortium_id::text, y, null, null from pcy`,
  );
}

export function recordsMetric(db: DbOrTx, m: RecordsMetric): Promise<MetricRow[]> {
  switch (m.kind) {
    case 'consortiumCount':
      return consortiumCount(db, m.levels, m.statuses);
    case 'certifiedEnterprises':
      return certifiedEnterprises(db, m.level);
    case 'memberCoverage':
      return memberCoverage(db, m.orgType);
    case 'placement':
      return placement(db);
  }
}

/** Counters for the overview and the consortium dashboards (codes starting with `_`). */
export function counterConsortia(db: DbOrTx): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with cs as (select c.id, c.level, ${LEAD_DISTRICT} as district from consortia c where ${ACTIVE_C})
      select 'city' as dimension, '' as dim_key, count(*) as value, null as numerator, null as denominator from cs
      union all select 'level', level, count(*), null, null from cs group by level
      union all select 'district', district, count(*), null, null from cs where district is not null group by district`,
  );
}

export function counterMembers(db: DbOrTx): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with m as (select m.org_id, m.consortium_id, o.type, o.district_code from consortium_members m
        join consortia c on c.id = m.consortium_id join organizations o on o.id = m.org_id
        where m.left_on is null and ${ACTIVE_C} and o.deleted_at is null)
      select 'city' as dimension, '' as dim_key, count(distinct org_id) as value, null as numerator, null as denominator from m
      union all select 'type', type, count(distinct org_id), null, null from m group by type
      union all select 'district', district_code, count(distinct org_id), null, null from m where district_code is not null group by district_code
      union all select 'consortium', consortium_id::text, count(distinct org_id), null, null from m group by consortium_id
      union all select 'consortium_type', consortium_id::text || ':' || type, count(distinct org_id), null, null from m group by consortium_id, type`,
  );
}

export function counterJobs(db: DbOrTx): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with j as (select head_count, district_code, consortium_id, cluster_code from job_demands
        where status = 'published' and deleted_at is null)
      select 'city' as dimension, '' as dim_key, coalesce(sum(head_count), 0) as value, count(*) as numerator, null as denominator from j
      union all select 'district', district_code, sum(head_count), count(*), null from j group by district_code
      union all select 'consortium', consortium_id::text, sum(head_count), count(*), null from j where consortium_id is not null group by consortium_id
      union all select 'cluster', cluster_code, sum(head_count), count(*), null from j where cluster_code is not null group by cluster_code`,
  );
}

/** Students: one scan of student_profiles, hashed grouping sets (the largest table: 1M rows and more). */
export function counterStudents(db: DbOrTx): Promise<MetricRow[]> {
  return rowsOf(
    db,
    sql`with g as (select grouping(district_code) as gd, grouping(consortium_id) as gc, grouping(school_org_id) as gs,
          district_code, consortium_id, school_org_id, count(*) as n
        from student_profiles where deleted_at is null
        group by grouping sets ((), (district_code), (consortium_id), (school_org_id)))
      select 'city' as dimension, '' as dim_key, coalesce(sum(n), 0) as value, null as numerator, null as denominator
        from g where gd = 1 and gc = 1 and gs = 1
      union all select 'district', district_code, n, null, null from g where gd = 0
      union all select 'consortium', consortium_id::text, n, null, null from g where gc = 0 and consortium_id is not null
      union all select 'cluster', cc, sum(g.n), null, null from g join organizations o on o.id = g.school_org_id,
        unnest(o.cluster_codes) cc where g.gs = 0 group by cc`,
  );
}

/** The latest approved (not superseded) return per KPI and year. */
export async function approvedReturns(
  db: DbOrTx,
): Promise<{ kpiCode: string; year: number; value: number; orgName: string | null }[]> {
  const rows = await queryRows<{ kpi_code: string; year: number; value: string; org_name: string | null }>(
    db,
    sql`select distinct on (r.kpi_code, r.year) r.kpi_code, r.year, r.value, o.name as org_name
      from kpi_returns r left join organizations o on o.id = r.org_id
      where r.status = 'approved' and r.superseded_at is null
      order by r.kpi_code, r.year, r.reviewed_at desc nulls last, r.created_at desc`,
  );
  return rows.map((r) => ({ kpiCode: r.kpi_code, year: Number(r.year), value: Number(r.value), orgName: r.org_name }));
}

// ── Read models ─────────────────────────────────────────────────────────────────────────────────

/** The oldest unconsumed change rows (id, table), at most `limit`. */
export async function pendingChanges(db: DbOrTx, limit: number): Promise<{ id: number; table: string; at: Date }[]> {
  const rows = await db
    .select({ id: cockpitChanges.id, table: cockpitChanges.tableName, at: cockpitChanges.changedAt })
    .from(cockpitChanges)
    .orderBy(asc(cockpitChanges.id))
    .limit(limit);
  return rows;
}

/** Consumes exactly the change rows read (rows committed meanwhile stay for the next pass). */
export async function consumeChanges(tx: DbOrTx, changes: { id: number; table: string; at: Date }[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000)
    await tx.delete(cockpitChanges).where(
      inArray(
        cockpitChanges.id,
        changes.slice(i, i + 1000).map((c) => c.id),
      ),
    );
  const last = new Map<string, { id: number; at: Date }>();
  for (const c of changes) last.set(c.table, { id: c.id, at: c.at });
  const now = new Date();
  for (const [table, c] of last)
    await tx
      .insert(cockpitSources)
      .values({ tableName: table, version: c.id, changedAt: c.at, computedAt: now })
      .onConflictDoUpdate({
        target: cockpitSources.tableName,
        set: { version: c.id, changedAt: c.at, computedAt: now },
      });
}

export async function tryRefreshLock(tx: DbOrTx): Promise<boolean> {
  const [first] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtext('cockpit-refresh')) as ok`,
  );
  return !!first?.ok;
}

/** Replaces one metric's values and upserts today's history rows. */
export async function writeMetric(tx: DbOrTx, code: string, rows: MetricRow[], day: string, now: Date): Promise<void> {
  await tx.delete(kpiValues).where(eq(kpiValues.kpiCode, code));
  if (!rows.length) return;
  const vals = rows.map((r) => ({ kpiCode: code, ...r, computedAt: now }));
  for (let i = 0; i < vals.length; i += 1000) await tx.insert(kpiValues).values(vals.slice(i, i + 1000));
  const hist = rows.map((r) => ({
    kpiCode: code,
    dimension: r.dimension,
    dimKey: r.dimKey,
    day,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    computedAt: now,
  }));
  for (let i = 0; i < hist.length; i += 1000)
    await tx
      .insert(kpiHistory)
      .values(hist.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [kpiHistory.kpiCode, kpiHistory.dimension, kpiHistory.dimKey, kpiHistory.day],
        set: {
          value: sql`excluded.value`,
          numerator: sql`excluded.numerator`,
          denominator: sql`excluded.denominator`,
          computedAt: now,
        },
      });
}

/** Values of the given dimensions (all metrics). */
export function valuesByDimension(db: DbOrTx, dimensions: string[]): Promise<StoredValue[]> {
  return db.select().from(kpiValues).where(inArray(kpiValues.dimension, dimensions));
}

export function valuesOf(db: DbOrTx, code: string, dimension?: string): Promise<StoredValue[]> {
  return db
    .select()
    .from(kpiValues)
    .where(
      dimension ? and(eq(kpiValues.kpiCode, code), eq(kpiValues.dimension, dimension)) : eq(kpiValues.kpiCode, code),
    );
}

/** Rows of one consortium across metrics (dimension consortium / consortium_type / consortium_year). */
export function consortiumValues(db: DbOrTx, consortiumId: string): Promise<StoredValue[]> {
  return db
    .select()
    .from(kpiValues)
    .where(
      sql`(${kpiValues.dimension} in ('consortium', 'consortium_year') and ${kpiValues.dimKey} = ${consortiumId})
        or (${kpiValues.dimension} = 'consortium_type' and ${like(kpiValues.dimKey, `${consortiumId}:%`)})`,
    );
}

/** City history of T-KPIs since a day (sparklines, forecasts). */
export async function cityHistory(
  db: DbOrTx,
  since: string,
  code?: string,
): Promise<{ kpiCode: string; day: string; value: number | null }[]> {
  return db
    .select({ kpiCode: kpiHistory.kpiCode, day: kpiHistory.day, value: kpiHistory.value })
    .from(kpiHistory)
    .where(
      and(
        eq(kpiHistory.dimension, 'city'),
        gte(kpiHistory.day, since),
        code ? eq(kpiHistory.kpiCode, code) : like(kpiHistory.kpiCode, 'T%'),
      ),
    )
    .orderBy(asc(kpiHistory.day));
}

// ── Request-time lookups ─────────────────────────────────────────────────────────────────────────

export async function consortiumHeader(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; name: string; level: string; status: string } | null> {
  const [row] = await queryRows<{ id: string; name: string; level: string; status: string }>(
    db,
    sql`select id, name, level, status from consortia where id = ${id} and deleted_at is null`,
  );
  return row ?? null;
}

export async function consortiumNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select id::text, name from consortia where id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ── Drill-down records (the rows behind a number) ─────────────────────────────────────────────

export interface RecordPage {
  rows: Record<string, string | number | null>[];
  total: number;
}

async function paged(db: DbOrTx, base: SQL, order: SQL, limit: number, offset: number): Promise<RecordPage> {
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select *, count(*) over () as _total from (${base}) t order by ${order} limit ${limit} offset ${offset}`,
  );
  const total = rows.length ? Number(rows[0]!._total) : 0;
  return { rows: rows.map(({ _total, ...r }) => r), total };
}

const search = (col: SQL, q?: string) => (q ? sql` and ${col} ilike ${`%${q.replace(/[%_\\]/g, '\\$&')}%`}` : sql``);

export function consortiumRecords(
  db: DbOrTx,
  m: { levels: string[]; statuses?: string[] },
  filter: { by?: string; key?: string; q?: string },
  limit: number,
  offset: number,
): Promise<RecordPage> {
  const f =
    filter.by === 'district' && filter.key
      ? sql` and ${LEAD_DISTRICT} = ${filter.key}`
      : filter.by === 'cluster' && filter.key
        ? sql` and ${filter.key} = any(c.cluster_codes)`
        : sql``;
  return paged(
    db,
    sql`select c.id::text as id, c.name, c.level, c.status, c.founded_on::text as "foundedOn",
        (select d.name from ref_districts d where d.code = ${LEAD_DISTRICT}) as district
      from consortia c where ${ACTIVE_C} and c.level in (${sql.join(
        m.levels.map((l) => sql`${l}`),
        sql`, `,
      )})${
        m.statuses
          ? sql` and c.status in (${sql.join(
              m.statuses.map((s) => sql`${s}`),
              sql`, `,
            )})`
          : sql``
      }${f}${search(sql`c.name`, filter.q)}`,
    sql`name`,
    limit,
    offset,
  );
}

export function certificationRecords(
  db: DbOrTx,
  level: string,
  filter: { by?: string; key?: string; q?: string },
  limit: number,
  offset: number,
): Promise<RecordPage> {
  const f =
    filter.by === 'district' && filter.key
      ? sql` and o.district_code = ${filter.key}`
      : filter.by === 'cluster' && filter.key
        ? sql` and ${filter.key} = any(o.cluster_codes)`
        : sql``;
  return paged(
    db,
    sql`select distinct on (o.id) o.id::text as id, o.name, oc.granted_on::text as "grantedOn", oc.expires_on::text as "expiresOn",
        oc.issuer, d.name as district
      from org_certifications oc join organizations o on o.id = oc.org_id left join ref_districts d on d.code = o.district_code
      where o.deleted_at is null and oc.kind = 'integration_enterprise' and oc.level = ${level}
        and (oc.expires_on is null or oc.expires_on >= current_date)${f}${search(sql`o.name`, filter.q)}
      order by o.id, oc.granted_on desc`,
    sql`name`,
    limit,
    offset,
  );
}

export function coverageRecords(
  db: DbOrTx,
  orgType: 'school' | 'enterprise',
  filter: { by?: string; key?: string; q?: string },
  limit: number,
  offset: number,
): Promise<RecordPage> {
  const f =
    filter.by === 'district' && filter.key
      ? sql` and o.district_code = ${filter.key}`
      : filter.by === 'consortium' && filter.key
        ? sql` and exists (select 1 from p where p.org_id = o.id and p.consortium_id::text = ${filter.key})`
        : sql``;
  return paged(
    db,
    sql`with p as ${PARTICIPATION}
      select o.id::text as id, o.name, d.name as district,
        case when exists (select 1 from p where p.org_id = o.id) then '是' else '否' end as covered,
        (select string_agg(c.name, '、' order by c.name) from p join consortia c on c.id = p.consortium_id where p.org_id = o.id) as consortia
      from organizations o left join ref_districts d on d.code = o.district_code
      where o.deleted_at is null and ${coverageBase(orgType)}${f}${search(sql`o.name`, filter.q)}`,
    sql`covered, name`,
    limit,
    offset,
  );
}

export function placementRecords(
  db: DbOrTx,
  filter: { by?: string; key?: string; q?: string },
  limit: number,
  offset: number,
): Promise<RecordPage> {
  const f =
    filter.by === 'district' && filter.key
      ? sql` and o.district_code = ${filter.key}`
      : filter.by === 'level' && filter.key
        ? sql` and o.school_level = ${filter.key}`
        : filter.by === 'consortium' && filter.key
          ? sql` and exists (select 1 from p where p.org_id = o.id and p.consortium_id::text = ${filter.key})`
          : sql``;
  return paged(
    db,
    sql`with p as ${PARTICIPATION}
      select gc.id::text as id, o.name as school, gc.major_code as "majorCode", m.name as major, gc.year, gc.graduates,
        gc.graduates - gc.unplaced as placed, gc.unplaced,
        case when gc.graduates > 0 then round(100.0 * (gc.graduates - gc.unplaced) / gc.graduates, 2) end as rate
      from graduate_cohorts gc join organizations o on o.id = gc.school_org_id left join ref_majors m on m.code = gc.major_code
      where o.deleted_at is null and o.type = 'school' and o.school_level in ${VOCATIONAL}
        and exists (select 1 from p where p.org_id = o.id)${f}${search(sql`o.name`, filter.q)}`,
    sql`year desc, school, "majorCode"`,
    limit,
    offset,
  );
}

export function returnRecords(
  db: DbOrTx,
  code: string,
  filter: { q?: string },
  limit: number,
  offset: number,
): Promise<RecordPage> {
  return paged(
    db,
    sql`select r.id::text as id, r.year, r.value, o.name as "orgName", r.reviewed_at::text as "reviewedAt", r.note
      from kpi_returns r left join organizations o on o.id = r.org_id
      where r.kpi_code = ${code} and r.status = 'approved' and r.superseded_at is null${search(sql`o.name`, filter.q)}`,
    sql`year desc`,
    limit,
    offset,
  );
}
