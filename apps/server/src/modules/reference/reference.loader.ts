import { readFileSync } from 'node:fs';
import {
  type Database,
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
  schemaMeta,
} from '@chanjiao/db';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { sm3 } from '../../lib/crypto';
import { findUp } from '../../lib/paths';

type Row = Record<string, string>;

/** Change feed notice sent after a reload, so every process drops its in-memory copy. */
export const REFERENCE_CHANNEL = 'chanjiao_reference';

const FILES = [
  'chongqing-districts.csv',
  'majors-2021.csv',
  'industries-gb4754-2017.csv',
  'occupations-2022.csv',
  'chongqing-33618-clusters.csv',
  'moe-consortium-indicators-2023.csv',
  'reform-measures-2023.csv',
  'policy-targets.csv',
  'policy-items-2023.csv',
  'chongqing-institutions.csv',
] as const;

export function dataDir(): string {
  return findUp('data/SOURCES.md').replace(/\/SOURCES\.md$/, '');
}

function read(dir: string, file: string): Row[] {
  return parse(readFileSync(`${dir}/${file}`, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
}

const nullable = (s: string | undefined) => (s === undefined || s === '' ? null : s);
const bool = (s: string | undefined) => s === 'true' || s === 'yes';

/** Maps each CSV to its table rows; the cluster codes C01… follow the file's order (tier, then listing). */
export function referenceRows(dir: string) {
  const f = Object.fromEntries(FILES.map((name) => [name, read(dir, name)])) as Record<(typeof FILES)[number], Row[]>;
  return {
    districts: f['chongqing-districts.csv'].map((r) => ({ code: r.code!, name: r.name!, type: r.type! })),
    majors: f['majors-2021.csv'].map((r) => ({
      code: r.code!,
      name: r.name!,
      level: r.level!,
      levelName: r.level_name!,
      categoryCode: r.category_code!,
      categoryName: r.category_name!,
      classCode: r.class_code!,
      className: r.class_name!,
      nationalControl: bool(r.national_control),
    })),
    industries: f['industries-gb4754-2017.csv'].map((r) => ({
      code: r.code!,
      level: Number(r.level),
      levelName: r.level_name!,
      name: r.name!,
      parentCode: nullable(r.parent_code),
      description: nullable(r.description),
    })),
    occupations: f['occupations-2022.csv'].map((r) => ({
      code: r.code!,
      level: Number(r.level),
      levelName: r.level_name!,
      name: r.name!,
      parentCode: nullable(r.parent_code),
    })),
    clusters: f['chongqing-33618-clusters.csv'].map((r, i) => ({
      code: `C${String(i + 1).padStart(2, '0')}`,
      name: r.cluster!,
      tier: Number(r.tier),
      tierName: r.tier_name!,
      namedInSeeds: bool(r.named_in_seeds),
    })),
    indicators: f['moe-consortium-indicators-2023.csv'].map((r) => ({
      pointCode: r.point_code!,
      groupCode: r.group_code!,
      groupName: r.group_name!,
      observationPoint: r.observation_point!,
      kind: r.kind!,
    })),
    reformMeasures: f['reform-measures-2023.csv'].map((r) => ({
      no: Number(r.no),
      section: r.section!,
      title: r.title!,
      responsibleUnits: r
        .responsible_units!.split('；')
        .map((s) => s.trim())
        .filter(Boolean),
    })),
    policyTargets: f['policy-targets.csv'].map((r) => ({
      id: r.id!,
      year: Number(r.year),
      source: r.source!,
      clause: r.clause!,
      scope: r.scope!,
      metric: r.metric!,
      unit: r.unit!,
      comparator: r.comparator!,
      target: Number(r.target),
    })),
    policyItems: f['policy-items-2023.csv'].map((r) => ({
      unitNo: Number(r.unit_no),
      leadUnit: r.lead_unit!,
      itemNo: Number(r.item_no),
      content: r.content!,
    })),
    institutions: f['chongqing-institutions.csv'].map((r) => ({
      code: r.code!,
      name: r.name!,
      level: r.level!,
      private: bool(r.private),
      vocational: bool(r.vocational_by_name),
      website: nullable(r.website),
    })),
  };
}

function checksum(dir: string): string {
  return sm3(
    FILES.map((name) => readFileSync(`${dir}/${name}`)).reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0)),
  );
}

async function insertChunked(tx: DbOrTx, table: PgTable, rows: object[]) {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(table).values(rows.slice(i, i + 500) as never);
}

/**
 * Loads reference data when the files changed since the last load (checksum in schema_meta);
 * otherwise does nothing, so restarts are cheap and never duplicate rows.
 */
export async function loadReferenceData(
  database: Database,
  dir = dataDir(),
): Promise<{ loaded: boolean; checksum: string }> {
  const { db } = database;
  const sum = checksum(dir);
  const key = 'reference.checksum';
  const current = await db.select().from(schemaMeta).where(eq(schemaMeta.key, key)).limit(1);
  if (current[0]?.value === sum) return { loaded: false, checksum: sum };
  const rows = referenceRows(dir);
  await db.transaction(async (tx) => {
    const pairs: [PgTable, object[]][] = [
      [refDistricts, rows.districts],
      [refMajors, rows.majors],
      [refIndustries, rows.industries],
      [refOccupations, rows.occupations],
      [refClusters, rows.clusters],
      [refIndicators, rows.indicators],
      [refReformMeasures, rows.reformMeasures],
      [refPolicyTargets, rows.policyTargets],
      [refPolicyItems, rows.policyItems],
      [refInstitutions, rows.institutions],
    ];
    for (const [table] of pairs) await tx.delete(table);
    for (const [table, r] of pairs) await insertChunked(tx, table, r);
    await tx
      .insert(schemaMeta)
      .values({ key, value: sum })
      .onConflictDoUpdate({ target: schemaMeta.key, set: { value: sum, updatedAt: new Date() } });
  });
  await database.notify(REFERENCE_CHANNEL, sum);
  return { loaded: true, checksum: sum };
}
