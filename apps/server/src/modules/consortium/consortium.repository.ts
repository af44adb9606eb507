import {
  consortia,
  consortiumDocuments,
  consortiumLeads,
  consortiumMembers,
  consortiumParks,
  consortiumPlatforms,
  consortiumStatusHistory,
  councilResolutions,
  councilSeats,
  type DbOrTx,
  files,
  organizations,
  queryRows,
  refDistricts,
} from '@chanjiao/db';
import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  ilike,
  inArray,
  isNotNull,
  isNull,
  max,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';

export type ConsortiumRow = typeof consortia.$inferSelect;
export type MemberRow = typeof consortiumMembers.$inferSelect & {
  orgName: string;
  orgType: string;
  creditCode: string | null;
  districtName: string | null;
};
export type SeatRow = typeof councilSeats.$inferSelect & { orgName: string };
export type PlatformRow = typeof consortiumPlatforms.$inferSelect;
export type ResolutionRow = typeof councilResolutions.$inferSelect;
export type DocumentRow = typeof consortiumDocuments.$inferSelect & { fileName: string; size: number };
export type FileRow = typeof files.$inferSelect;

// ── Consortia ───────────────────────────────────────────────────────────────

// Written with explicit aliases: inside a subquery an unqualified "id" would bind to the members table.
const activeMemberCount = sql<number>`(select count(*)::int from ${consortiumMembers} cm where cm.consortium_id = ${consortia}.id and cm.left_on is null)`;

export interface ConsortiumFilter {
  q?: string | undefined;
  level?: string | undefined;
  status?: string | undefined;
  clusterCode?: string | undefined;
}

/** Search and filters within the caller's scope condition; soft-deleted consortia never show. */
export const consortiumWhere = (f: ConsortiumFilter, scope: SQL | undefined) =>
  and(
    isNull(consortia.deletedAt),
    f.q ? ilike(consortia.name, `%${f.q}%`) : undefined,
    f.level ? eq(consortia.level, f.level) : undefined,
    f.status ? eq(consortia.status, f.status) : undefined,
    f.clusterCode ? arrayContains(consortia.clusterCodes, [f.clusterCode]) : undefined,
    scope,
  );

export async function listConsortia(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [rows, totals] = await Promise.all([
    db
      .select({ c: consortia, memberCount: activeMemberCount })
      .from(consortia)
      .where(where)
      .orderBy(consortia.name)
      .limit(limit)
      .offset(offset),
    db.select({ n: count() }).from(consortia).where(where),
  ]);
  return { items: rows.map((r) => ({ ...r.c, memberCount: Number(r.memberCount) })), total: totals[0]?.n ?? 0 };
}

/** A consortium that is not soft-deleted, with its active member count. */
export async function findConsortium(db: DbOrTx, id: string) {
  const rows = await db
    .select({ c: consortia, memberCount: activeMemberCount })
    .from(consortia)
    .where(and(eq(consortia.id, id), isNull(consortia.deletedAt)))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.c, memberCount: Number(r.memberCount) } : undefined;
}

/** Locks the consortium row for the rest of the transaction, so rule checks and writes do not interleave. */
export async function lockConsortium(tx: DbOrTx, id: string): Promise<void> {
  await tx.select({ id: consortia.id }).from(consortia).where(eq(consortia.id, id)).for('update');
}

/** Any consortium with this name, soft-deleted ones included (the name stays unique). */
export async function findConsortiumIdByName(db: DbOrTx, name: string): Promise<string | undefined> {
  const rows = await db.select({ id: consortia.id }).from(consortia).where(eq(consortia.name, name)).limit(1);
  return rows[0]?.id;
}

export async function insertConsortium(db: DbOrTx, values: typeof consortia.$inferInsert): Promise<ConsortiumRow> {
  const [row] = await db.insert(consortia).values(values).returning();
  return row!;
}

export async function updateConsortium(db: DbOrTx, id: string, values: Partial<typeof consortia.$inferInsert>) {
  await db
    .update(consortia)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(consortia.id, id));
}

export async function insertStatusHistory(db: DbOrTx, values: typeof consortiumStatusHistory.$inferInsert) {
  await db.insert(consortiumStatusHistory).values(values);
}

/** Newest decision first, in the order they were taken (decision dates may be entered after the fact). */
export async function listStatusHistory(db: DbOrTx, consortiumId: string) {
  return db
    .select()
    .from(consortiumStatusHistory)
    .where(eq(consortiumStatusHistory.consortiumId, consortiumId))
    .orderBy(desc(consortiumStatusHistory.id));
}

// ── Organizations referenced by a consortium (read only) ───────────────────

export async function orgsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      deletedAt: organizations.deletedAt,
    })
    .from(organizations)
    .where(inArray(organizations.id, ids));
}

// ── Leads and parks ─────────────────────────────────────────────────────────

export async function listLeads(db: DbOrTx, consortiumId: string) {
  return db
    .select({
      orgId: consortiumLeads.orgId,
      leadKind: consortiumLeads.leadKind,
      orgName: organizations.name,
      orgType: organizations.type,
    })
    .from(consortiumLeads)
    .innerJoin(organizations, eq(organizations.id, consortiumLeads.orgId))
    .where(eq(consortiumLeads.consortiumId, consortiumId))
    .orderBy(organizations.name);
}

export async function replaceLeads(db: DbOrTx, consortiumId: string, leads: { orgId: string; leadKind: string }[]) {
  await db.delete(consortiumLeads).where(eq(consortiumLeads.consortiumId, consortiumId));
  if (leads.length) await db.insert(consortiumLeads).values(leads.map((l) => ({ consortiumId, ...l })));
}

export async function isLead(db: DbOrTx, consortiumId: string, orgId: string): Promise<boolean> {
  const rows = await db
    .select({ orgId: consortiumLeads.orgId })
    .from(consortiumLeads)
    .where(and(eq(consortiumLeads.consortiumId, consortiumId), eq(consortiumLeads.orgId, orgId)))
    .limit(1);
  return rows.length > 0;
}

export async function listParks(db: DbOrTx, consortiumId: string) {
  return db
    .select({ orgId: consortiumParks.orgId, orgName: organizations.name })
    .from(consortiumParks)
    .innerJoin(organizations, eq(organizations.id, consortiumParks.orgId))
    .where(eq(consortiumParks.consortiumId, consortiumId))
    .orderBy(organizations.name);
}

export async function replaceParks(db: DbOrTx, consortiumId: string, orgIds: string[]) {
  await db.delete(consortiumParks).where(eq(consortiumParks.consortiumId, consortiumId));
  if (orgIds.length) await db.insert(consortiumParks).values(orgIds.map((orgId) => ({ consortiumId, orgId })));
}

// ── Members ─────────────────────────────────────────────────────────────────

const memberSelect = {
  m: consortiumMembers,
  orgName: organizations.name,
  orgType: organizations.type,
  creditCode: organizations.creditCode,
  districtName: refDistricts.name,
};
type MemberJoined = {
  m: typeof consortiumMembers.$inferSelect;
  orgName: string;
  orgType: string;
  creditCode: string | null;
  districtName: string | null;
};
const flattenMember = (r: MemberJoined): MemberRow => ({
  ...r.m,
  orgName: r.orgName,
  orgType: r.orgType,
  creditCode: r.creditCode,
  districtName: r.districtName,
});

export interface MemberFilter {
  q?: string | undefined;
  memberRole?: string | undefined;
  type?: string | undefined;
  include: 'active' | 'all' | 'left';
}

export const memberWhere = (consortiumId: string, f: MemberFilter) =>
  and(
    eq(consortiumMembers.consortiumId, consortiumId),
    f.include === 'active' ? isNull(consortiumMembers.leftOn) : undefined,
    f.include === 'left' ? isNotNull(consortiumMembers.leftOn) : undefined,
    f.memberRole ? eq(consortiumMembers.memberRole, f.memberRole) : undefined,
    f.type ? eq(organizations.type, f.type) : undefined,
    f.q ? or(ilike(organizations.name, `%${f.q}%`), ilike(organizations.creditCode, `%${f.q}%`)) : undefined,
  );

export async function listMembers(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const [rows, totals] = await Promise.all([
    db
      .select(memberSelect)
      .from(consortiumMembers)
      .innerJoin(organizations, eq(organizations.id, consortiumMembers.orgId))
      .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
      .where(where)
      .orderBy(sql`${consortiumMembers.leftOn} is not null`, organizations.name, desc(consortiumMembers.joinedOn))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: count() })
      .from(consortiumMembers)
      .innerJoin(organizations, eq(organizations.id, consortiumMembers.orgId))
      .where(where),
  ]);
  return { items: rows.map(flattenMember), total: totals[0]?.n ?? 0 };
}

export async function findMember(db: DbOrTx, consortiumId: string, memberId: string): Promise<MemberRow | undefined> {
  const rows = await db
    .select(memberSelect)
    .from(consortiumMembers)
    .innerJoin(organizations, eq(organizations.id, consortiumMembers.orgId))
    .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
    .where(and(eq(consortiumMembers.consortiumId, consortiumId), eq(consortiumMembers.id, memberId)))
    .limit(1);
  return rows[0] ? flattenMember(rows[0]) : undefined;
}

/** The organization's current (not left) membership, if any. */
export async function activeMembership(db: DbOrTx, consortiumId: string, orgId: string) {
  const rows = await db
    .select()
    .from(consortiumMembers)
    .where(
      and(
        eq(consortiumMembers.consortiumId, consortiumId),
        eq(consortiumMembers.orgId, orgId),
        isNull(consortiumMembers.leftOn),
      ),
    )
    .limit(1);
  return rows[0];
}

export async function insertMember(db: DbOrTx, values: typeof consortiumMembers.$inferInsert): Promise<string> {
  const [row] = await db.insert(consortiumMembers).values(values).returning({ id: consortiumMembers.id });
  return row!.id;
}

export async function updateMember(db: DbOrTx, id: string, values: Partial<typeof consortiumMembers.$inferInsert>) {
  await db.update(consortiumMembers).set(values).where(eq(consortiumMembers.id, id));
}

// ── Council ─────────────────────────────────────────────────────────────────

const seatSelect = { s: councilSeats, orgName: organizations.name };
const flattenSeat = (r: { s: typeof councilSeats.$inferSelect; orgName: string }): SeatRow => ({
  ...r.s,
  orgName: r.orgName,
});

export async function listSeats(db: DbOrTx, consortiumId: string, filter?: { seat?: string; orgId?: string }) {
  const rows = await db
    .select(seatSelect)
    .from(councilSeats)
    .innerJoin(organizations, eq(organizations.id, councilSeats.orgId))
    .where(
      and(
        eq(councilSeats.consortiumId, consortiumId),
        filter?.seat ? eq(councilSeats.seat, filter.seat) : undefined,
        filter?.orgId ? eq(councilSeats.orgId, filter.orgId) : undefined,
      ),
    )
    .orderBy(desc(councilSeats.termStart), asc(councilSeats.personName));
  return rows.map(flattenSeat);
}

export async function findSeat(db: DbOrTx, consortiumId: string, id: string): Promise<SeatRow | undefined> {
  const rows = await db
    .select(seatSelect)
    .from(councilSeats)
    .innerJoin(organizations, eq(organizations.id, councilSeats.orgId))
    .where(and(eq(councilSeats.consortiumId, consortiumId), eq(councilSeats.id, id)))
    .limit(1);
  return rows[0] ? flattenSeat(rows[0]) : undefined;
}

export async function insertSeat(db: DbOrTx, values: typeof councilSeats.$inferInsert): Promise<string> {
  const [row] = await db.insert(councilSeats).values(values).returning({ id: councilSeats.id });
  return row!.id;
}

export async function updateSeat(db: DbOrTx, id: string, values: Partial<typeof councilSeats.$inferInsert>) {
  await db.update(councilSeats).set(values).where(eq(councilSeats.id, id));
}

// ── Resolutions ─────────────────────────────────────────────────────────────

export async function listResolutions(db: DbOrTx, consortiumId: string): Promise<ResolutionRow[]> {
  return db
    .select()
    .from(councilResolutions)
    .where(eq(councilResolutions.consortiumId, consortiumId))
    .orderBy(desc(councilResolutions.meetingDate), desc(councilResolutions.createdAt));
}

export async function insertResolution(
  db: DbOrTx,
  values: typeof councilResolutions.$inferInsert,
): Promise<ResolutionRow> {
  const [row] = await db.insert(councilResolutions).values(values).returning();
  return row!;
}

// ── Operating platform ─────────────────────────────────────────────────────

export async function findPlatform(db: DbOrTx, consortiumId: string): Promise<PlatformRow | undefined> {
  const rows = await db
    .select()
    .from(consortiumPlatforms)
    .where(eq(consortiumPlatforms.consortiumId, consortiumId))
    .limit(1);
  return rows[0];
}

export async function upsertPlatform(db: DbOrTx, values: typeof consortiumPlatforms.$inferInsert) {
  await db
    .insert(consortiumPlatforms)
    .values(values)
    .onConflictDoUpdate({ target: consortiumPlatforms.consortiumId, set: { ...values, updatedAt: new Date() } });
}

// ── Documents and files ────────────────────────────────────────────────────

const documentSelect = { d: consortiumDocuments, fileName: files.originalName, size: files.size };

export async function listDocuments(db: DbOrTx, consortiumId: string): Promise<DocumentRow[]> {
  const rows = await db
    .select(documentSelect)
    .from(consortiumDocuments)
    .innerJoin(files, eq(files.id, consortiumDocuments.fileId))
    .where(eq(consortiumDocuments.consortiumId, consortiumId))
    .orderBy(desc(consortiumDocuments.createdAt), desc(consortiumDocuments.version));
  return rows.map((r) => ({ ...r.d, fileName: r.fileName, size: Number(r.size) }));
}

export async function findDocument(db: DbOrTx, id: string): Promise<DocumentRow | undefined> {
  const rows = await db
    .select(documentSelect)
    .from(consortiumDocuments)
    .innerJoin(files, eq(files.id, consortiumDocuments.fileId))
    .where(eq(consortiumDocuments.id, id))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.d, fileName: r.fileName, size: Number(r.size) } : undefined;
}

/** Highest version of one document (same consortium, kind and title); 0 when there is none. */
export async function maxDocumentVersion(db: DbOrTx, consortiumId: string, kind: string, title: string) {
  const rows = await db
    .select({ v: max(consortiumDocuments.version) })
    .from(consortiumDocuments)
    .where(
      and(
        eq(consortiumDocuments.consortiumId, consortiumId),
        eq(consortiumDocuments.kind, kind),
        eq(consortiumDocuments.title, title),
      ),
    );
  return rows[0]?.v ?? 0;
}

export async function insertFile(db: DbOrTx, values: typeof files.$inferInsert): Promise<FileRow> {
  const [row] = await db.insert(files).values(values).returning();
  return row!;
}

export async function insertDocument(db: DbOrTx, values: typeof consortiumDocuments.$inferInsert): Promise<string> {
  const [row] = await db.insert(consortiumDocuments).values(values).returning({ id: consortiumDocuments.id });
  return row!.id;
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  const rows = await db.select().from(files).where(eq(files.id, id)).limit(1);
  return rows[0];
}

/** Consortia whose documents use this file (a file may back several versions or consortia). */
export async function consortiaUsingFile(db: DbOrTx, fileId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ consortiumId: consortiumDocuments.consortiumId })
    .from(consortiumDocuments)
    .where(eq(consortiumDocuments.fileId, fileId));
  return rows.map((r) => r.consortiumId);
}

export { consortia };

/** Staged member rows with the registered organization of each code (member import). */
export async function stagedMembers(db: DbOrTx, stage: SQL) {
  const rows = await queryRows<{
    row_number: number;
    org_id: string;
    org_name: string;
    member_role: string;
    joined_on: string;
  }>(
    db,
    sql`
    select s.row_number, ${organizations.id} as org_id, ${organizations.name} as org_name,
           s.member_role, s.joined_on::text as joined_on
    from ${stage} s join ${organizations} on ${organizations.creditCode} = s.credit_code
    where ${organizations.deletedAt} is null
    order by s.row_number`,
  );
  return rows.map((r) => ({
    rowNumber: r.row_number,
    orgId: r.org_id,
    orgName: r.org_name,
    memberRole: r.member_role,
    joinedOn: r.joined_on,
  }));
}

/** Staged member rows whose code is not registered, or whose name differs from the registered one. */
export function stagedMemberConflicts(stage: SQL): SQL {
  return sql`
    select s.row_number, 'creditCode' as key, s.credit_code as value,
           '该代码的单位未登记，请先导入单位名录' as reason
    from ${stage} s
    where not exists (select 1 from ${organizations}
                      where ${organizations.creditCode} = s.credit_code and ${organizations.deletedAt} is null)
    union all
    select s.row_number, 'name' as key, s.name as value, '与登记名称“' || ${organizations.name} || '”不一致' as reason
    from ${stage} s join ${organizations} on ${organizations.creditCode} = s.credit_code
    where ${organizations.deletedAt} is null and s.name is not null and s.name <> ${organizations.name}`;
}

/** Active memberships of a consortium keyed by org id. */
export async function activeMemberships(db: DbOrTx, consortiumId: string) {
  return db
    .select({
      id: consortiumMembers.id,
      orgId: consortiumMembers.orgId,
      memberRole: consortiumMembers.memberRole,
      joinedOn: consortiumMembers.joinedOn,
    })
    .from(consortiumMembers)
    .where(and(eq(consortiumMembers.consortiumId, consortiumId), isNull(consortiumMembers.leftOn)));
}
