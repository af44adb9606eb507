/**
 * The only file that queries kpi_returns and kpi_return_files (统计填报). Read-only lookups of
 * organization and user names and of the city-level officials to notify; evidence bytes are recorded
 * in the shared `files` table as the other modules do.
 */
import { type DbOrTx, files, kpiReturnFiles, kpiReturns, organizations, users } from '@chanjiao/db';
import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';

export type ReturnRow = typeof kpiReturns.$inferSelect;
export type FileRow = typeof files.$inferSelect;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ReturnFilter {
  kpiCode?: string | undefined;
  year?: number | undefined;
  status?: string | undefined;
  orgId?: string | undefined;
  /** The caller's data scope: a department sees only its organization's returns. */
  scopeOrgId?: string | undefined;
  current?: boolean | undefined;
  /** KPI codes whose name matched the search term (the registry is not a table). */
  q?: string | undefined;
  qCodes?: string[] | undefined;
}

export interface ReturnListRow extends ReturnRow {
  orgName: string;
  submittedByName: string | null;
  reviewedByName: string | null;
  evidenceCount: number;
}

const submitter = sql<string | null>`(select u.display_name from ${users} u where u.id = ${kpiReturns.submittedBy})`;
const reviewer = sql<string | null>`(select u.display_name from ${users} u where u.id = ${kpiReturns.reviewedBy})`;
const evidenceCount = sql<number>`(select count(*)::int from ${kpiReturnFiles} f where f.return_id = ${kpiReturns.id})`;
const isCurrent = and(eq(kpiReturns.status, 'approved'), isNull(kpiReturns.supersededAt));

function whereOf(f: ReturnFilter): SQL | undefined {
  const search: SQL[] = [];
  if (f.q) {
    search.push(ilike(organizations.name, like(f.q)), ilike(kpiReturns.kpiCode, like(f.q)));
    search.push(ilike(sql`coalesce(${kpiReturns.note}, '')`, like(f.q)));
    if (f.qCodes?.length) search.push(inArray(kpiReturns.kpiCode, f.qCodes));
  }
  return and(
    f.kpiCode ? eq(kpiReturns.kpiCode, f.kpiCode) : undefined,
    f.year ? eq(kpiReturns.year, f.year) : undefined,
    f.status ? eq(kpiReturns.status, f.status) : undefined,
    f.orgId ? eq(kpiReturns.orgId, f.orgId) : undefined,
    f.scopeOrgId ? eq(kpiReturns.orgId, f.scopeOrgId) : undefined,
    f.current === true ? isCurrent : undefined,
    f.current === false
      ? or(ne(kpiReturns.status, 'approved'), sql`${kpiReturns.supersededAt} is not null`)
      : undefined,
    search.length ? or(...search) : undefined,
  );
}

const listColumns = {
  r: kpiReturns,
  orgName: organizations.name,
  submittedByName: submitter,
  reviewedByName: reviewer,
  evidenceCount,
};

const toListRow = (r: {
  r: ReturnRow;
  orgName: string;
  submittedByName: string | null;
  reviewedByName: string | null;
  evidenceCount: number;
}): ReturnListRow => ({
  ...r.r,
  orgName: r.orgName,
  submittedByName: r.submittedByName,
  reviewedByName: r.reviewedByName,
  evidenceCount: r.evidenceCount,
});

/** Returns by filter, newest activity first; without `limit`, all of them (the export). */
export async function listReturns(db: DbOrTx, f: ReturnFilter, limit?: number, offset = 0) {
  const where = whereOf(f);
  const base = db
    .select(listColumns)
    .from(kpiReturns)
    .innerJoin(organizations, eq(organizations.id, kpiReturns.orgId))
    .where(where)
    .orderBy(desc(kpiReturns.updatedAt), desc(kpiReturns.createdAt));
  const [rows, [total]] = await Promise.all([
    limit === undefined ? base : base.limit(limit).offset(offset),
    db
      .select({ n: count() })
      .from(kpiReturns)
      .innerJoin(organizations, eq(organizations.id, kpiReturns.orgId))
      .where(where),
  ]);
  return { items: rows.map(toListRow), total: total?.n ?? 0 };
}

export async function findReturn(db: DbOrTx, id: string): Promise<ReturnListRow | undefined> {
  const [row] = await db
    .select(listColumns)
    .from(kpiReturns)
    .innerJoin(organizations, eq(organizations.id, kpiReturns.orgId))
    .where(eq(kpiReturns.id, id));
  return row ? toListRow(row) : undefined;
}

export async function lockReturn(tx: DbOrTx, id: string): Promise<ReturnRow | undefined> {
  const [row] = await tx.select().from(kpiReturns).where(eq(kpiReturns.id, id)).for('update');
  return row;
}

/** The other returns for the same KPI and year (the history), newest first. */
export async function siblings(db: DbOrTx, r: ReturnRow, scopeOrgId: string | undefined) {
  const rows = await db
    .select(listColumns)
    .from(kpiReturns)
    .innerJoin(organizations, eq(organizations.id, kpiReturns.orgId))
    .where(
      and(
        eq(kpiReturns.kpiCode, r.kpiCode),
        eq(kpiReturns.year, r.year),
        ne(kpiReturns.id, r.id),
        scopeOrgId ? eq(kpiReturns.orgId, scopeOrgId) : undefined,
      ),
    )
    .orderBy(desc(kpiReturns.updatedAt));
  return rows.map(toListRow);
}

export async function insertReturn(tx: DbOrTx, values: typeof kpiReturns.$inferInsert): Promise<string> {
  const [row] = await tx.insert(kpiReturns).values(values).returning({ id: kpiReturns.id });
  return row!.id;
}

export async function updateReturn(tx: DbOrTx, id: string, set: Partial<typeof kpiReturns.$inferInsert>) {
  await tx
    .update(kpiReturns)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(kpiReturns.id, id));
}

export async function deleteReturn(tx: DbOrTx, id: string) {
  await tx.delete(kpiReturns).where(eq(kpiReturns.id, id));
}

/** The approved, not superseded return for a KPI and year, locked (it is about to be superseded). */
export async function lockCurrentApproved(tx: DbOrTx, kpiCode: string, year: number): Promise<ReturnRow | undefined> {
  const [row] = await tx
    .select()
    .from(kpiReturns)
    .where(and(eq(kpiReturns.kpiCode, kpiCode), eq(kpiReturns.year, year), isCurrent))
    .for('update');
  return row;
}

/** Serialises approvals of one KPI and year (two officials approving at once). */
export async function lockKpiYear(tx: DbOrTx, kpiCode: string, year: number) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kpi_returns:${kpiCode}:${year}`}))`);
}

export interface ApprovedValue {
  kpiCode: string;
  year: number;
  value: number;
  returnId: string;
  orgName: string;
  reviewedAt: Date | null;
}

/** The figures that count: each KPI's approved, not superseded return per year (optionally one year). */
export async function currentApproved(db: DbOrTx, year?: number): Promise<ApprovedValue[]> {
  return db
    .select({
      kpiCode: kpiReturns.kpiCode,
      year: kpiReturns.year,
      value: kpiReturns.value,
      returnId: kpiReturns.id,
      orgName: organizations.name,
      reviewedAt: kpiReturns.reviewedAt,
    })
    .from(kpiReturns)
    .innerJoin(organizations, eq(organizations.id, kpiReturns.orgId))
    .where(and(isCurrent, year ? eq(kpiReturns.year, year) : undefined))
    .orderBy(asc(kpiReturns.kpiCode), asc(kpiReturns.year));
}

// ── Evidence ─────────────────────────────────────────────────────────────────

export async function insertFile(tx: DbOrTx, values: typeof files.$inferInsert): Promise<string> {
  const [row] = await tx.insert(files).values(values).returning({ id: files.id });
  return row!.id;
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

export async function linkFile(tx: DbOrTx, returnId: string, fileId: string, addedBy: string | null) {
  await tx.insert(kpiReturnFiles).values({ returnId, fileId, addedBy }).onConflictDoNothing();
}

/** Unlinks a file; false when it was not linked to the return. */
export async function unlinkFile(tx: DbOrTx, returnId: string, fileId: string): Promise<boolean> {
  const rows = await tx
    .delete(kpiReturnFiles)
    .where(and(eq(kpiReturnFiles.returnId, returnId), eq(kpiReturnFiles.fileId, fileId)))
    .returning({ fileId: kpiReturnFiles.fileId });
  return rows.length > 0;
}

export async function evidenceCountOf(db: DbOrTx, returnId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(kpiReturnFiles).where(eq(kpiReturnFiles.returnId, returnId));
  return row?.n ?? 0;
}

export function evidenceOf(db: DbOrTx, returnId: string) {
  return db
    .select({
      fileId: files.id,
      fileName: files.originalName,
      mime: files.mime,
      size: files.size,
      uploadedBy: users.displayName,
      createdAt: kpiReturnFiles.createdAt,
    })
    .from(kpiReturnFiles)
    .innerJoin(files, eq(files.id, kpiReturnFiles.fileId))
    .leftJoin(users, eq(users.id, kpiReturnFiles.addedBy))
    .where(eq(kpiReturnFiles.returnId, returnId))
    .orderBy(asc(kpiReturnFiles.createdAt));
}

/** The returns (with their organization) that link a stored file: a download needs one readable. */
export function returnsOfFile(db: DbOrTx, fileId: string) {
  return db
    .select({ returnId: kpiReturns.id, orgId: kpiReturns.orgId })
    .from(kpiReturnFiles)
    .innerJoin(kpiReturns, eq(kpiReturns.id, kpiReturnFiles.returnId))
    .where(eq(kpiReturnFiles.fileId, fileId));
}

// ── People and organizations (read-only) ────────────────────────────────────

export async function orgName(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, id));
  return row?.name;
}
