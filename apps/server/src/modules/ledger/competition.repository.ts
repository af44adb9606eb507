/** The only file that queries best_practice_cases (reads organization and consortium names). */
import { bestPracticeCases, consortia, type DbOrTx, ledgerFiles, organizations, users } from '@chanjiao/db';
import { and, asc, count, desc, eq, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import { containsText } from './ledger.repository';

export type CaseRow = typeof bestPracticeCases.$inferSelect;
export interface CaseListRow extends CaseRow {
  submitterName: string;
  decidedByName: string | null;
  evidenceCount: number;
}

export interface CaseFilter {
  year?: number | undefined;
  quarter?: number | undefined;
  status?: string | undefined;
  submitterKind?: 'unit' | 'consortium' | undefined;
  q?: string | undefined;
  /** Non-managers: their own cases and everyone's selected ones. */
  scope?: { orgId: string | null; consortiumId: string | null } | undefined;
}

const evidenceCount = sql<number>`(select count(*)::int from ${ledgerFiles} lf where lf.entity_type = 'case' and lf.entity_id = ${bestPracticeCases}.id)`;
const submitterName = sql<string>`coalesce(${organizations.name}, ${consortia.name})`;

function caseWhere(f: CaseFilter): SQL | undefined {
  const c = bestPracticeCases;
  const scope = f.scope
    ? or(
        eq(c.status, 'selected'),
        f.scope.orgId ? eq(c.unitOrgId, f.scope.orgId) : undefined,
        f.scope.consortiumId ? eq(c.consortiumId, f.scope.consortiumId) : undefined,
      )
    : undefined;
  return and(
    f.year ? eq(c.year, f.year) : undefined,
    f.quarter ? eq(c.quarter, f.quarter) : undefined,
    f.status ? eq(c.status, f.status) : undefined,
    f.submitterKind === 'unit' ? isNotNull(c.unitOrgId) : undefined,
    f.submitterKind === 'consortium' ? isNotNull(c.consortiumId) : undefined,
    containsText(f.q, c.title, c.summary, submitterName),
    scope,
  );
}

function select(db: DbOrTx) {
  return db
    .select({ c: bestPracticeCases, submitterName, decidedByName: users.displayName, evidenceCount })
    .from(bestPracticeCases)
    .leftJoin(organizations, eq(organizations.id, bestPracticeCases.unitOrgId))
    .leftJoin(consortia, eq(consortia.id, bestPracticeCases.consortiumId))
    .leftJoin(users, eq(users.id, bestPracticeCases.decidedBy));
}

const flat = (r: { c: CaseRow; submitterName: string; decidedByName: string | null; evidenceCount: number }) => ({
  ...r.c,
  submitterName: r.submitterName,
  decidedByName: r.decidedByName,
  evidenceCount: r.evidenceCount,
});

export async function listCases(db: DbOrTx, f: CaseFilter, limit: number, offset: number) {
  const where = caseWhere(f);
  const [rows, [total]] = await Promise.all([
    select(db)
      .where(where)
      .orderBy(desc(bestPracticeCases.year), desc(bestPracticeCases.quarter), asc(bestPracticeCases.submittedAt))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: count() })
      .from(bestPracticeCases)
      .leftJoin(organizations, eq(organizations.id, bestPracticeCases.unitOrgId))
      .leftJoin(consortia, eq(consortia.id, bestPracticeCases.consortiumId))
      .where(where),
  ]);
  return { items: rows.map(flat) as CaseListRow[], total: total?.n ?? 0 };
}

export async function findCase(db: DbOrTx, id: string): Promise<CaseListRow | undefined> {
  const [row] = await select(db).where(eq(bestPracticeCases.id, id));
  return row ? (flat(row) as CaseListRow) : undefined;
}

export async function lockCase(tx: DbOrTx, id: string): Promise<CaseRow | undefined> {
  const [row] = await tx.select().from(bestPracticeCases).where(eq(bestPracticeCases.id, id)).for('update');
  return row;
}

export async function findCaseOfQuarter(
  db: DbOrTx,
  who: { unitOrgId?: string | null; consortiumId?: string | null },
  year: number,
  quarter: number,
) {
  const [row] = await db
    .select({ id: bestPracticeCases.id, title: bestPracticeCases.title })
    .from(bestPracticeCases)
    .where(
      and(
        eq(bestPracticeCases.year, year),
        eq(bestPracticeCases.quarter, quarter),
        who.unitOrgId ? eq(bestPracticeCases.unitOrgId, who.unitOrgId) : undefined,
        who.consortiumId ? eq(bestPracticeCases.consortiumId, who.consortiumId) : undefined,
      ),
    );
  return row;
}

export async function insertCase(tx: DbOrTx, values: typeof bestPracticeCases.$inferInsert): Promise<string> {
  const [row] = await tx.insert(bestPracticeCases).values(values).returning({ id: bestPracticeCases.id });
  return row!.id;
}

export async function updateCase(tx: DbOrTx, id: string, set: Partial<typeof bestPracticeCases.$inferInsert>) {
  await tx
    .update(bestPracticeCases)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(bestPracticeCases.id, id));
}

/** Consortium cases of a year: quarter and submission time (for the ranking's ledger component). */
export function consortiumCasesOfYear(db: DbOrTx, year: number) {
  return db
    .select({
      consortiumId: bestPracticeCases.consortiumId,
      quarter: bestPracticeCases.quarter,
      submittedAt: bestPracticeCases.submittedAt,
      status: bestPracticeCases.status,
    })
    .from(bestPracticeCases)
    .where(and(eq(bestPracticeCases.year, year), isNotNull(bestPracticeCases.consortiumId)));
}

export async function consortiumName(db: DbOrTx, id: string): Promise<string | undefined> {
  const [row] = await db.select({ name: consortia.name }).from(consortia).where(eq(consortia.id, id));
  return row?.name;
}
