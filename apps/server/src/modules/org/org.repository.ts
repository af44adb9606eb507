import { consortia, consortiumMembers, type DbOrTx, organizations, refDistricts } from '@chanjiao/db';
import { and, count, eq, ilike, isNull, type SQL } from 'drizzle-orm';

export type OrgRow = typeof organizations.$inferSelect & { districtName: string | null };

const orgSelect = { org: organizations, districtName: refDistricts.name };

export async function listOrgs(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [rows, totals] = await Promise.all([
    db
      .select(orgSelect)
      .from(organizations)
      .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
      .where(where)
      .orderBy(organizations.name)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.org, districtName: r.districtName })), total: totals[0]?.n ?? 0 };
}

export async function findOrg(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const rows = await db
    .select(orgSelect)
    .from(organizations)
    .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
    .where(eq(organizations.id, id))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.org, districtName: r.districtName } : undefined;
}

export async function updateOrg(db: DbOrTx, id: string, values: Partial<typeof organizations.$inferInsert>) {
  await db
    .update(organizations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizations.id, id));
}

/** Name search and type filter, within the caller's scope condition. */
export const orgFilter = (f: { q?: string | undefined; type?: string | undefined }, scope: SQL | undefined) =>
  and(
    f.q ? ilike(organizations.name, `%${f.q}%`) : undefined,
    f.type ? eq(organizations.type, f.type) : undefined,
    scope,
  );

const memberCount = count(consortiumMembers.orgId);

export async function listConsortia(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [rows, totals] = await Promise.all([
    db
      .select({ c: consortia, memberCount })
      .from(consortia)
      .leftJoin(
        consortiumMembers,
        and(eq(consortiumMembers.consortiumId, consortia.id), isNull(consortiumMembers.leftOn)),
      )
      .where(where)
      .groupBy(consortia.id)
      .orderBy(consortia.name)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(consortia).where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.c, memberCount: r.memberCount })), total: totals[0]?.n ?? 0 };
}

export const consortiumFilter = (
  f: { id?: string; q?: string | undefined; level?: string | undefined },
  scope: SQL | undefined,
) =>
  and(
    f.id ? eq(consortia.id, f.id) : undefined,
    f.q ? ilike(consortia.name, `%${f.q}%`) : undefined,
    f.level ? eq(consortia.level, f.level) : undefined,
    scope,
  );

export { consortia, organizations };
