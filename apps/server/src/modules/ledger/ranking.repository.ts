/**
 * The only file that queries ranking_runs and ranking_rows. Read-only lookups for the ranking's
 * inputs: the consortia, their member schools' graduate cohorts (去向落实率), the policy targets.
 */
import {
  consortia,
  consortiumLeads,
  consortiumMembers,
  type DbOrTx,
  graduateCohorts,
  organizations,
  rankingRows,
  rankingRuns,
  refPolicyTargets,
  users,
} from '@chanjiao/db';
import { and, asc, count, desc, eq, isNull, like, lte, ne, type SQL, sql } from 'drizzle-orm';

export type RunRow = typeof rankingRuns.$inferSelect;
export type RowRow = typeof rankingRows.$inferSelect;
export type TargetRow = typeof refPolicyTargets.$inferSelect;

/** Consortia that take part: registered (not deleted) and not revoked. */
export function rankedConsortia(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: consortia.id, name: consortia.name })
    .from(consortia)
    .where(and(isNull(consortia.deletedAt), ne(consortia.status, 'revoked')))
    .orderBy(asc(consortia.name));
}

/** Targets set for organizations inside consortia (scope 产教联合体…). */
export function consortiumTargets(db: DbOrTx): Promise<TargetRow[]> {
  return db
    .select()
    .from(refPolicyTargets)
    .where(like(refPolicyTargets.scope, '产教联合体%'))
    .orderBy(asc(refPolicyTargets.id), asc(refPolicyTargets.year));
}

/**
 * Per consortium: the graduates and unplaced of its vocational schools' (members and lead schools,
 * not 普通本科) latest cohort year up to `year`, summed over majors.
 */
export async function placementByConsortium(db: DbOrTx, year: number) {
  const schools = db
    .select({ consortiumId: consortiumMembers.consortiumId, orgId: consortiumMembers.orgId })
    .from(consortiumMembers)
    .where(isNull(consortiumMembers.leftOn))
    .union(
      db.select({ consortiumId: consortiumLeads.consortiumId, orgId: consortiumLeads.orgId }).from(consortiumLeads),
    )
    .as('s');
  const latest = db
    .select({ orgId: graduateCohorts.schoolOrgId, year: sql<number>`max(${graduateCohorts.year})`.as('latest_year') })
    .from(graduateCohorts)
    .where(lte(graduateCohorts.year, year))
    .groupBy(graduateCohorts.schoolOrgId)
    .as('l');
  const rows = await db
    .select({
      consortiumId: schools.consortiumId,
      schools: sql<number>`count(distinct ${graduateCohorts.schoolOrgId})::int`,
      graduates: sql<number>`coalesce(sum(${graduateCohorts.graduates}), 0)::int`,
      unplaced: sql<number>`coalesce(sum(least(${graduateCohorts.unplaced}, ${graduateCohorts.graduates})), 0)::int`,
      years: sql<string>`string_agg(distinct ${graduateCohorts.year}::text, '、')`,
    })
    .from(schools)
    .innerJoin(
      organizations,
      and(
        eq(organizations.id, schools.orgId),
        eq(organizations.type, 'school'),
        sql`coalesce(${organizations.schoolLevel}, '') <> 'undergraduate'`,
      ),
    )
    .innerJoin(latest, eq(latest.orgId, schools.orgId))
    .innerJoin(
      graduateCohorts,
      and(eq(graduateCohorts.schoolOrgId, schools.orgId), eq(graduateCohorts.year, latest.year)),
    )
    .groupBy(schools.consortiumId);
  return new Map(rows.map((r) => [r.consortiumId, r]));
}

// ── Runs ──────────────────────────────────────────────────────────────────────

export interface RunListRow extends RunRow {
  consortiumCount: number;
  computedByName: string | null;
  publishedByName: string | null;
}

const rowCount = sql<number>`(select count(*)::int from ${rankingRows} rr where rr.run_id = ${rankingRuns}.id)`;
const computedByName = sql<
  string | null
>`(select u.display_name from ${users} u where u.id = ${rankingRuns}.computed_by)`;
const publishedByName = sql<
  string | null
>`(select u.display_name from ${users} u where u.id = ${rankingRuns}.published_by)`;

export async function listRuns(
  db: DbOrTx,
  f: { year?: number | undefined; status?: string | undefined; publishedOnly: boolean },
  limit: number,
  offset: number,
) {
  const where: SQL | undefined = and(
    f.year ? eq(rankingRuns.year, f.year) : undefined,
    f.status ? eq(rankingRuns.status, f.status) : undefined,
    f.publishedOnly ? eq(rankingRuns.status, 'published') : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select({ run: rankingRuns, consortiumCount: rowCount, computedByName, publishedByName })
      .from(rankingRuns)
      .where(where)
      .orderBy(desc(rankingRuns.year), desc(rankingRuns.computedAt))
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(rankingRuns).where(where),
  ]);
  return {
    items: items.map((r) => ({
      ...r.run,
      consortiumCount: r.consortiumCount,
      computedByName: r.computedByName,
      publishedByName: r.publishedByName,
    })) as RunListRow[],
    total: total?.n ?? 0,
  };
}

export async function findRun(db: DbOrTx, id: string): Promise<RunListRow | undefined> {
  const [r] = await db
    .select({ run: rankingRuns, consortiumCount: rowCount, computedByName, publishedByName })
    .from(rankingRuns)
    .where(eq(rankingRuns.id, id));
  return r
    ? {
        ...r.run,
        consortiumCount: r.consortiumCount,
        computedByName: r.computedByName,
        publishedByName: r.publishedByName,
      }
    : undefined;
}

export async function lockRun(tx: DbOrTx, id: string): Promise<RunRow | undefined> {
  const [row] = await tx.select().from(rankingRuns).where(eq(rankingRuns.id, id)).for('update');
  return row;
}

export async function runOfYear(tx: DbOrTx, year: number, status: 'draft' | 'published') {
  const [row] = await tx
    .select()
    .from(rankingRuns)
    .where(and(eq(rankingRuns.year, year), eq(rankingRuns.status, status)))
    .for('update');
  return row;
}

export async function insertRun(tx: DbOrTx, values: typeof rankingRuns.$inferInsert): Promise<string> {
  const [row] = await tx.insert(rankingRuns).values(values).returning({ id: rankingRuns.id });
  return row!.id;
}

export async function updateRun(tx: DbOrTx, id: string, set: Partial<typeof rankingRuns.$inferInsert>) {
  await tx.update(rankingRuns).set(set).where(eq(rankingRuns.id, id));
}

export async function replaceRows(tx: DbOrTx, runId: string, rows: (typeof rankingRows.$inferInsert)[]) {
  await tx.delete(rankingRows).where(eq(rankingRows.runId, runId));
  if (rows.length) await tx.insert(rankingRows).values(rows);
}

export function rowsOf(db: DbOrTx, runId: string): Promise<RowRow[]> {
  return db.select().from(rankingRows).where(eq(rankingRows.runId, runId)).orderBy(asc(rankingRows.sort));
}
