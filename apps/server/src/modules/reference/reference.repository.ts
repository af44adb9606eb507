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
import { asc } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';

/** Each reference list: its table and its natural order. */
const tables = {
  districts: { table: refDistricts, order: [refDistricts.code] },
  majors: { table: refMajors, order: [refMajors.level, refMajors.code] },
  industries: { table: refIndustries, order: [refIndustries.code] },
  occupations: { table: refOccupations, order: [refOccupations.code] },
  clusters: { table: refClusters, order: [refClusters.code] },
  indicators: { table: refIndicators, order: [refIndicators.sort] },
  reformMeasures: { table: refReformMeasures, order: [refReformMeasures.no] },
  policyTargets: { table: refPolicyTargets, order: [refPolicyTargets.id, refPolicyTargets.year] },
  policyItems: { table: refPolicyItems, order: [refPolicyItems.unitNo, refPolicyItems.itemNo] },
  institutions: { table: refInstitutions, order: [refInstitutions.code] },
} satisfies Record<string, { table: PgTable; order: AnyPgColumn[] }>;

export type RefList = keyof typeof tables;
export const refLists = Object.keys(tables) as RefList[];

/** Every row of one reference table in its natural order. */
export async function allRows(db: DbOrTx, name: RefList): Promise<Record<string, unknown>[]> {
  const t: { table: PgTable; order: AnyPgColumn[] } = tables[name];
  return (await db
    .select()
    .from(t.table)
    .orderBy(...t.order.map((c) => asc(c)))) as Record<string, unknown>[];
}
