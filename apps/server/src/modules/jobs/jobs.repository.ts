import {
  applications,
  consortia,
  consortiumMembers,
  type DbOrTx,
  jobDemands,
  organizations,
  refMajors,
  refOccupations,
} from '@chanjiao/db';
import {
  and,
  arrayOverlaps,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  or,
  type SQL,
} from 'drizzle-orm';
import { matchesSearch } from '../../lib/segment';

export type JobRow = typeof jobDemands.$inferSelect & {
  orgName: string;
  consortiumName: string | null;
  occupationName: string | null;
};
export type JobInsert = Omit<typeof jobDemands.$inferInsert, 'search'> & { search?: SQL };

/** Every column but the search vector, which never leaves the database. */
const { search: _search, ...jobColumns } = getTableColumns(jobDemands);
const jobSelect = {
  ...jobColumns,
  orgName: organizations.name,
  consortiumName: consortia.name,
  occupationName: refOccupations.name,
};

function selectJobs(db: DbOrTx) {
  return db
    .select(jobSelect)
    .from(jobDemands)
    .innerJoin(organizations, eq(organizations.id, jobDemands.orgId))
    .leftJoin(consortia, eq(consortia.id, jobDemands.consortiumId))
    .leftJoin(refOccupations, eq(refOccupations.code, jobDemands.occupationCode));
}

export interface JobFilter {
  q?: string | undefined;
  status?: string | undefined;
  kind?: string | undefined;
  clusterCode?: string | undefined;
  districtCode?: string | undefined;
  minLevel?: string | undefined;
  orgId?: string | undefined;
  consortiumId?: string | undefined;
  year?: number | undefined;
  /** Accepted-major codes any of which a job must list (the major, its 专业类 and 专业大类 …). */
  majorCodes?: string[] | undefined;
  deleted?: boolean | undefined;
}

/** The filter as SQL, combined with the caller's scope condition. */
export function jobWhere(f: JobFilter, scope: SQL | undefined): SQL | undefined {
  return and(
    f.deleted ? isNotNull(jobDemands.deletedAt) : isNull(jobDemands.deletedAt),
    matchesSearch(jobDemands.search, f.q),
    f.status ? eq(jobDemands.status, f.status) : undefined,
    f.kind ? eq(jobDemands.kind, f.kind) : undefined,
    f.clusterCode ? eq(jobDemands.clusterCode, f.clusterCode) : undefined,
    f.districtCode ? eq(jobDemands.districtCode, f.districtCode) : undefined,
    f.minLevel ? eq(jobDemands.minLevel, f.minLevel) : undefined,
    f.orgId ? eq(jobDemands.orgId, f.orgId) : undefined,
    f.consortiumId ? eq(jobDemands.consortiumId, f.consortiumId) : undefined,
    f.year ? eq(jobDemands.year, f.year) : undefined,
    f.majorCodes ? arrayOverlaps(jobDemands.acceptedMajors, f.majorCodes) : undefined,
    scope,
  );
}

export const scopeColumns = {
  orgId: jobDemands.orgId,
  consortiumId: jobDemands.consortiumId,
  status: jobDemands.status,
};

export async function listJobs(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const rows = await selectJobs(db)
    .where(where)
    .orderBy(desc(jobDemands.updatedAt), desc(jobDemands.seq))
    .limit(limit)
    .offset(offset);
  const total =
    offset === 0 && rows.length < limit
      ? rows.length
      : ((await db.select({ n: count() }).from(jobDemands).where(where))[0]?.n ?? 0);
  return { items: rows as JobRow[], total };
}

/** Every matching row, in pages, for exports. */
export async function* iterateJobs(db: DbOrTx, where: SQL | undefined, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = (await selectJobs(db)
      .where(where)
      .orderBy(desc(jobDemands.updatedAt), desc(jobDemands.seq))
      .limit(batch)
      .offset(offset)) as JobRow[];
    yield rows;
    if (rows.length < batch) return;
  }
}

/** Counts per value of one column over the filtered jobs, largest first. */
export async function facet(
  db: DbOrTx,
  column: 'kind' | 'status' | 'clusterCode' | 'districtCode',
  where: SQL | undefined,
) {
  const col = jobDemands[column];
  return db
    .select({ value: col, count: count() })
    .from(jobDemands)
    .where(and(where, isNotNull(col)))
    .groupBy(col)
    .orderBy(desc(count()), col);
}

export async function findJob(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  const rows = await selectJobs(db).where(eq(jobDemands.id, id)).limit(1);
  return rows[0] as JobRow | undefined;
}

/** Takes the row lock so concurrent status changes and deletes of one job run one after another. */
export async function lockJob(db: DbOrTx, id: string): Promise<void> {
  await db.select({ id: jobDemands.id }).from(jobDemands).where(eq(jobDemands.id, id)).for('update');
}

export async function insertJob(db: DbOrTx, values: JobInsert) {
  const [row] = await db.insert(jobDemands).values(values).returning({ id: jobDemands.id, seq: jobDemands.seq });
  return row!;
}

export async function updateJob(db: DbOrTx, id: string, values: Partial<JobInsert>) {
  const [row] = await db
    .update(jobDemands)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(jobDemands.id, id))
    .returning({ seq: jobDemands.seq });
  return row!;
}

/** The organization's type and whether it is live. */
export async function orgOf(db: DbOrTx, id: string) {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      deletedAt: organizations.deletedAt,
    })
    .from(organizations)
    .where(eq(organizations.id, id))
    .limit(1);
  return rows[0];
}

/** The live, not revoked consortium in which the organization is an active member, if it is. */
export async function activeMembership(db: DbOrTx, consortiumId: string, orgId: string) {
  const rows = await db
    .select({ consortiumId: consortia.id, name: consortia.name, status: consortia.status })
    .from(consortiumMembers)
    .innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
    .where(
      and(
        eq(consortiumMembers.consortiumId, consortiumId),
        eq(consortiumMembers.orgId, orgId),
        isNull(consortiumMembers.leftOn),
        isNull(consortia.deletedAt),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function occupationName(db: DbOrTx, code: string): Promise<string | undefined> {
  const rows = await db
    .select({ name: refOccupations.name })
    .from(refOccupations)
    .where(eq(refOccupations.code, code))
    .limit(1);
  return rows[0]?.name;
}

export interface MajorLabel {
  code: string;
  name: string;
  scope: 'major' | 'class' | 'category';
}

/** The names of major, 专业类 and 专业大类 codes found in ref_majors (codes not found are left out). */
export async function majorLabels(db: DbOrTx, codes: readonly string[]): Promise<Map<string, MajorLabel>> {
  const out = new Map<string, MajorLabel>();
  if (!codes.length) return out;
  const list = [...codes];
  const rows = await db
    .select({
      code: refMajors.code,
      name: refMajors.name,
      classCode: refMajors.classCode,
      className: refMajors.className,
      categoryCode: refMajors.categoryCode,
      categoryName: refMajors.categoryName,
    })
    .from(refMajors)
    .where(
      or(inArray(refMajors.code, list), inArray(refMajors.classCode, list), inArray(refMajors.categoryCode, list)),
    );
  const wanted = new Set(list);
  for (const r of rows) {
    if (wanted.has(r.code)) out.set(r.code, { code: r.code, name: r.name, scope: 'major' });
    if (wanted.has(r.classCode)) out.set(r.classCode, { code: r.classCode, name: r.className, scope: 'class' });
    if (wanted.has(r.categoryCode))
      out.set(r.categoryCode, { code: r.categoryCode, name: r.categoryName, scope: 'category' });
  }
  return out;
}

/**
 * The accepted-major codes that make a job fit `code`: a major matches itself, its 专业类 and its
 * 专业大类; a 专业类 matches itself, its 大类 and its majors; a 大类 matches itself and everything in it.
 * Undefined when the code is in no catalogue.
 */
export async function codesMatching(db: DbOrTx, code: string): Promise<string[] | undefined> {
  const rows = await db
    .select({ code: refMajors.code, classCode: refMajors.classCode, categoryCode: refMajors.categoryCode })
    .from(refMajors)
    .where(or(eq(refMajors.code, code), eq(refMajors.classCode, code), eq(refMajors.categoryCode, code)));
  if (!rows.length) return undefined;
  const major = rows.find((r) => r.code === code);
  if (major) return [code, major.classCode, major.categoryCode];
  const inClass = rows.filter((r) => r.classCode === code);
  if (inClass.length) return [code, inClass[0]!.categoryCode, ...inClass.map((r) => r.code)];
  return [code, ...new Set(rows.map((r) => r.classCode)), ...rows.map((r) => r.code)];
}

/** Stages in which an application is still open (not concluded, withdrawn or placed). */
export const OPEN_STAGES = ['applied', 'screening', 'interview', 'offer'];

export async function openApplicationCount(db: DbOrTx, jobId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.jobId, jobId), inArray(applications.stage, OPEN_STAGES)));
  return row?.n ?? 0;
}

/** Soft delete (a date) or restore (null). */
export async function setDeleted(db: DbOrTx, id: string, deletedAt: Date | null) {
  const [row] = await db
    .update(jobDemands)
    .set({ deletedAt, updatedAt: new Date() })
    .where(eq(jobDemands.id, id))
    .returning({ seq: jobDemands.seq });
  return row!;
}
