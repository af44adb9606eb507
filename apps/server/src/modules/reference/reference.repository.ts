import {
  type DbOrTx,
  refClusters,
  refDistricts,
  refIndicators,
  refIndustries,
  refInstitutions,
  refMajors,
  refOccupations,
  refPolicyItems,
  refPolicyTargets,
  refReformMeasures,
} from '@chanjiao/db';
import { and, asc, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

interface ListSpec {
  table: PgTable;
  search: AnyPgColumn[];
  order: AnyPgColumn[];
}

/** Each reference list: its table, the columns a search looks in, and its natural order. */
export const specs = {
  districts: { table: refDistricts, search: [refDistricts.code, refDistricts.name], order: [refDistricts.code] },
  majors: {
    table: refMajors,
    search: [refMajors.code, refMajors.name, refMajors.className],
    order: [refMajors.level, refMajors.code],
  },
  industries: { table: refIndustries, search: [refIndustries.code, refIndustries.name], order: [refIndustries.code] },
  occupations: {
    table: refOccupations,
    search: [refOccupations.code, refOccupations.name],
    order: [refOccupations.code],
  },
  clusters: { table: refClusters, search: [refClusters.name, refClusters.tierName], order: [refClusters.code] },
  indicators: {
    table: refIndicators,
    search: [refIndicators.pointCode, refIndicators.observationPoint, refIndicators.groupName],
    order: [refIndicators.sort],
  },
  reformMeasures: {
    table: refReformMeasures,
    search: [
      refReformMeasures.title,
      refReformMeasures.section,
      sql`array_to_string(${refReformMeasures.responsibleUnits}, '；')` as unknown as AnyPgColumn,
    ],
    order: [refReformMeasures.no],
  },
  policyTargets: {
    table: refPolicyTargets,
    search: [refPolicyTargets.id, refPolicyTargets.metric, refPolicyTargets.scope],
    order: [refPolicyTargets.id, refPolicyTargets.year],
  },
  policyItems: {
    table: refPolicyItems,
    search: [refPolicyItems.leadUnit, refPolicyItems.content],
    order: [refPolicyItems.unitNo, refPolicyItems.itemNo],
  },
  institutions: {
    table: refInstitutions,
    search: [refInstitutions.code, refInstitutions.name],
    order: [refInstitutions.code],
  },
} satisfies Record<string, ListSpec>;

export type RefList = keyof typeof specs;

/** Escapes LIKE wildcards so a search for "100%" finds that text. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function list(
  db: DbOrTx,
  name: RefList,
  opts: { q?: string | undefined; filters?: SQL[]; limit: number; offset: number },
) {
  const spec: ListSpec = specs[name];
  const term = opts.q ? `%${likeEscape(opts.q)}%` : null;
  const where = and(term ? or(...spec.search.map((c) => ilike(c, term))) : undefined, ...(opts.filters ?? []));
  const [items, totals] = await Promise.all([
    db
      .select()
      .from(spec.table)
      .where(where)
      .orderBy(...spec.order.map((c) => asc(c)))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: count() }).from(spec.table).where(where),
  ]);
  return { items: items as Record<string, unknown>[], total: totals[0]?.n ?? 0 };
}

export const filters = {
  majors: (f: { level?: string | undefined; categoryCode?: string | undefined; classCode?: string | undefined }) =>
    [
      f.level ? eq(refMajors.level, f.level) : undefined,
      f.categoryCode ? eq(refMajors.categoryCode, f.categoryCode) : undefined,
      f.classCode ? eq(refMajors.classCode, f.classCode) : undefined,
    ].filter((x): x is SQL => !!x),
  industries: (f: { level?: number | undefined; parentCode?: string | undefined }) =>
    [
      f.level ? eq(refIndustries.level, f.level) : undefined,
      f.parentCode ? eq(refIndustries.parentCode, f.parentCode) : undefined,
    ].filter((x): x is SQL => !!x),
  occupations: (f: { level?: number | undefined; parentCode?: string | undefined }) =>
    [
      f.level ? eq(refOccupations.level, f.level) : undefined,
      f.parentCode ? eq(refOccupations.parentCode, f.parentCode) : undefined,
    ].filter((x): x is SQL => !!x),
};
