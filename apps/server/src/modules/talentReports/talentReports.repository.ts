/**
 * The reports' read model: read-only SQL over job_demands, graduate_cohorts, enrollment_plans,
 * organizations, consortium_members and the reference tables. The jobs, students and applications
 * modules own those tables and write them; this module only aggregates what they hold (and writes
 * nothing but its own major_warning_rules).
 */
import {
  consortia,
  consortiumMembers,
  type DbOrTx,
  enrollmentPlans,
  graduateCohorts,
  jobDemands,
  majorWarningRules,
  organizations,
  refClusters,
  refDistricts,
  refMajors,
  refOccupations,
} from '@chanjiao/db';
import { and, asc, between, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { MajorRef } from './attribution';

/** Which consortia's jobs count as demand; null: all (officials). */
export type DemandFilter = { consortiumIds: string[] | null };
/** Which schools' cohorts and plans count as supply; null: all (officials). */
export type SupplyFilter = { schoolOrgIds: string[] | null };

/** Jobs counted in the catalogue of a year: published then, still published or since closed; drafts never. */
const countedJob = and(isNull(jobDemands.deletedAt), inArray(jobDemands.status, ['published', 'closed']));

/** Published demand grouped by every dimension a report shows (jobs alike in all of them are one row). */
export interface DemandGroup {
  year: number;
  clusterCode: string | null;
  occupationCode: string | null;
  districtCode: string;
  minLevel: string;
  acceptedMajors: string[];
  headCount: number;
  jobs: number;
}

export async function demandGroups(db: DbOrTx, years: number[], f: DemandFilter): Promise<DemandGroup[]> {
  if (f.consortiumIds && f.consortiumIds.length === 0) return [];
  const conds: (SQL | undefined)[] = [countedJob, inArray(jobDemands.year, years)];
  if (f.consortiumIds) conds.push(inArray(jobDemands.consortiumId, f.consortiumIds));
  return db
    .select({
      year: jobDemands.year,
      clusterCode: jobDemands.clusterCode,
      occupationCode: jobDemands.occupationCode,
      districtCode: jobDemands.districtCode,
      minLevel: jobDemands.minLevel,
      acceptedMajors: jobDemands.acceptedMajors,
      headCount: sql<number>`sum(${jobDemands.headCount})::int`,
      jobs: sql<number>`count(*)::int`,
    })
    .from(jobDemands)
    .where(and(...conds))
    .groupBy(
      jobDemands.year,
      jobDemands.clusterCode,
      jobDemands.occupationCode,
      jobDemands.districtCode,
      jobDemands.minLevel,
      jobDemands.acceptedMajors,
    );
}

export interface CohortRow {
  schoolOrgId: string;
  majorCode: string;
  year: number;
  graduates: number;
  employed: number;
  furtherStudy: number;
  military: number;
  startup: number;
  unplaced: number;
}

type SupplyTable = typeof graduateCohorts | typeof enrollmentPlans;
/** The school × major × year key of a cohort or plan row. */
const supplyKey = (t: SupplyTable) => ({ schoolOrgId: t.schoolOrgId, majorCode: t.majorCode, year: t.year });
/** Cohort or plan rows of the years `from`–`to` and the filter's schools. */
const supplyWhere = (t: SupplyTable, from: number, to: number, f: SupplyFilter) =>
  and(between(t.year, from, to), f.schoolOrgIds ? inArray(t.schoolOrgId, f.schoolOrgIds) : undefined);

export async function cohorts(db: DbOrTx, from: number, to: number, f: SupplyFilter): Promise<CohortRow[]> {
  if (f.schoolOrgIds && f.schoolOrgIds.length === 0) return [];
  const t = graduateCohorts;
  return db
    .select({
      ...supplyKey(t),
      graduates: t.graduates,
      employed: t.employed,
      furtherStudy: t.furtherStudy,
      military: t.military,
      startup: t.startup,
      unplaced: t.unplaced,
    })
    .from(t)
    .where(supplyWhere(t, from, to, f));
}

export interface PlanRow {
  schoolOrgId: string;
  majorCode: string;
  year: number;
  planned: number;
  actual: number | null;
}

export async function plans(db: DbOrTx, from: number, to: number, f: SupplyFilter): Promise<PlanRow[]> {
  if (f.schoolOrgIds && f.schoolOrgIds.length === 0) return [];
  const t = enrollmentPlans;
  return db
    .select({ ...supplyKey(t), planned: t.planned, actual: t.actual })
    .from(t)
    .where(supplyWhere(t, from, to, f));
}

/** The 2021 vocational major catalogue with its 专业类 and 专业大类. */
export async function majorCatalogue(db: DbOrTx): Promise<MajorRef[]> {
  const rows = await db
    .select({
      code: refMajors.code,
      name: refMajors.name,
      level: refMajors.level,
      classCode: refMajors.classCode,
      className: refMajors.className,
      categoryCode: refMajors.categoryCode,
      categoryName: refMajors.categoryName,
    })
    .from(refMajors);
  return rows as MajorRef[];
}

/** Code → name of the clusters, occupations and districts named in the demand. */
export async function dimensionNames(
  db: DbOrTx,
  codes: { clusters: string[]; occupations: string[]; districts: string[] },
): Promise<{ clusters: Map<string, string>; occupations: Map<string, string>; districts: Map<string, string> }> {
  const named = async (
    table: typeof refClusters | typeof refOccupations | typeof refDistricts,
    list: string[],
  ): Promise<Map<string, string>> => {
    if (list.length === 0) return new Map();
    const rows = await db
      .select({ code: table.code, name: table.name })
      .from(table)
      .where(inArray(table.code, [...new Set(list)]));
    return new Map(rows.map((r) => [r.code, r.name]));
  };
  const [clusters, occupations, districts] = await Promise.all([
    named(refClusters, codes.clusters),
    named(refOccupations, codes.occupations),
    named(refDistricts, codes.districts),
  ]);
  return { clusters, occupations, districts };
}

/** Active member organizations of a consortium. */
export async function memberOrgIds(db: DbOrTx, consortiumId: string): Promise<string[]> {
  const rows = await db
    .select({ orgId: consortiumMembers.orgId })
    .from(consortiumMembers)
    .where(and(eq(consortiumMembers.consortiumId, consortiumId), isNull(consortiumMembers.leftOn)));
  return rows.map((r) => r.orgId);
}

export async function orgNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function consortiumNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: consortia.id, name: consortia.name })
    .from(consortia)
    .where(inArray(consortia.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ── Warning rules (this module's own table) ────────────────────────────────

export type RuleRow = typeof majorWarningRules.$inferSelect;
export type RuleWrite = Pick<RuleRow, 'kind' | 'level' | 'params' | 'enabled' | 'note' | 'updatedBy'>;

/** Red before yellow, then by kind. */
export async function listRules(db: DbOrTx): Promise<RuleRow[]> {
  return db
    .select()
    .from(majorWarningRules)
    .orderBy(
      asc(majorWarningRules.kind),
      sql`case ${majorWarningRules.level} when 'red' then 0 else 1 end`,
      asc(majorWarningRules.updatedAt),
    );
}

export async function findRule(db: DbOrTx, id: string, lock = false): Promise<RuleRow | undefined> {
  const q = db.select().from(majorWarningRules).where(eq(majorWarningRules.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertRule(db: DbOrTx, values: RuleWrite): Promise<RuleRow> {
  const [row] = await db.insert(majorWarningRules).values(values).returning();
  return row!;
}

export async function updateRule(db: DbOrTx, id: string, values: Partial<RuleWrite>): Promise<RuleRow> {
  const [row] = await db
    .update(majorWarningRules)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(majorWarningRules.id, id))
    .returning();
  return row!;
}
