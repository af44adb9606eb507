import {
  consortia,
  consortiumLeads,
  consortiumMembers,
  consortiumParks,
  councilSeats,
  type DbOrTx,
  organizations,
  orgCertifications,
  orgContacts,
  queryRows,
  refDistricts,
} from '@chanjiao/db';
import {
  and,
  arrayContains,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';

export type OrgRow = typeof organizations.$inferSelect & { districtName: string | null };
export type OrgInsert = typeof organizations.$inferInsert;

const orgSelect = { org: organizations, districtName: refDistricts.name };
const flat = (r: { org: typeof organizations.$inferSelect; districtName: string | null }): OrgRow => ({
  ...r.org,
  districtName: r.districtName,
});

/** Escapes LIKE wildcards so a search for "100%" finds that text. */
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface OrgFilter {
  q?: string | undefined;
  type?: string | undefined;
  schoolLevel?: string | undefined;
  districtCode?: string | undefined;
  clusterCode?: string | undefined;
  industryCode?: string | undefined;
  certification?: string | undefined;
  aboveScale?: boolean | undefined;
  deleted?: boolean | undefined;
}

/** The filter as SQL, combined with the caller's scope condition. */
export function orgWhere(f: OrgFilter, scope: SQL | undefined): SQL | undefined {
  return and(
    f.deleted ? isNotNull(organizations.deletedAt) : isNull(organizations.deletedAt),
    f.q
      ? or(
          ilike(organizations.name, like(f.q)),
          ilike(organizations.abbreviation, like(f.q)),
          eq(organizations.creditCode, f.q.toUpperCase()),
        )
      : undefined,
    f.type ? eq(organizations.type, f.type) : undefined,
    f.schoolLevel ? eq(organizations.schoolLevel, f.schoolLevel) : undefined,
    f.districtCode ? eq(organizations.districtCode, f.districtCode) : undefined,
    f.clusterCode ? arrayContains(organizations.clusterCodes, [f.clusterCode]) : undefined,
    f.industryCode ? arrayContains(organizations.industryCodes, [f.industryCode]) : undefined,
    f.aboveScale !== undefined ? eq(organizations.aboveScale, f.aboveScale) : undefined,
    f.certification
      ? inArray(
          organizations.id,
          sql`(select ${orgCertifications.orgId} from ${orgCertifications} where ${orgCertifications.kind} = ${f.certification})`,
        )
      : undefined,
    scope,
  );
}

export const scopeColumns = { orgId: organizations.id, ownerUserId: organizations.createdBy };

export async function listOrgs(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const rows = await db
    .select({ ...orgSelect, total: sql<number>`(count(*) over ())::int` })
    .from(organizations)
    .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
    .where(where)
    .orderBy(organizations.name, organizations.id)
    .limit(limit)
    .offset(offset);
  const total =
    rows[0]?.total ??
    (offset > 0 ? ((await db.select({ n: count() }).from(organizations).where(where))[0]?.n ?? 0) : 0);
  return { items: rows.map(flat), total };
}

/** Every matching row, in pages, for exports. */
export async function* iterateOrgs(db: DbOrTx, where: SQL | undefined, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await db
      .select(orgSelect)
      .from(organizations)
      .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
      .where(where)
      .orderBy(organizations.name, organizations.id)
      .limit(batch)
      .offset(offset);
    for (const r of rows) yield flat(r);
    if (rows.length < batch) return;
  }
}

export async function findOrg(db: DbOrTx, id: string): Promise<OrgRow | undefined> {
  const rows = await db
    .select(orgSelect)
    .from(organizations)
    .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
    .where(eq(organizations.id, id))
    .limit(1);
  return rows[0] ? flat(rows[0]) : undefined;
}

/** Another live organization with this credit code or name (for clear duplicate errors). */
export async function findClash(db: DbOrTx, v: { name?: string; creditCode?: string | null }, exceptId?: string) {
  const conds = [
    v.creditCode ? eq(organizations.creditCode, v.creditCode) : undefined,
    v.name ? and(eq(organizations.name, v.name), isNull(organizations.deletedAt)) : undefined,
  ].filter((c): c is SQL => !!c);
  if (!conds.length) return undefined;
  const rows = await db
    .select({ id: organizations.id, name: organizations.name, creditCode: organizations.creditCode })
    .from(organizations)
    .where(and(or(...conds), exceptId ? ne(organizations.id, exceptId) : undefined))
    .limit(1);
  return rows[0];
}

export async function insertOrg(db: DbOrTx, values: OrgInsert): Promise<string> {
  const [row] = await db.insert(organizations).values(values).returning({ id: organizations.id });
  return row!.id;
}

export async function updateOrg(db: DbOrTx, id: string, values: Partial<OrgInsert>) {
  await db
    .update(organizations)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(organizations.id, id));
}

export async function lookup(db: DbOrTx, q: string, type: string | undefined, limit = 20) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      creditCode: organizations.creditCode,
      districtName: refDistricts.name,
    })
    .from(organizations)
    .leftJoin(refDistricts, eq(refDistricts.code, organizations.districtCode))
    .where(
      and(
        isNull(organizations.deletedAt),
        or(
          ilike(organizations.name, like(q)),
          ilike(organizations.abbreviation, like(q)),
          eq(organizations.creditCode, q.toUpperCase()),
        ),
        type ? eq(organizations.type, type) : undefined,
      ),
    )
    .orderBy(organizations.name)
    .limit(limit);
}

export async function certificationsOf(db: DbOrTx, orgId: string) {
  return db
    .select()
    .from(orgCertifications)
    .where(eq(orgCertifications.orgId, orgId))
    .orderBy(desc(orgCertifications.grantedOn));
}

export async function insertCertification(db: DbOrTx, values: typeof orgCertifications.$inferInsert) {
  const [row] = await db.insert(orgCertifications).values(values).returning();
  return row!;
}

export async function deleteCertification(db: DbOrTx, orgId: string, id: string) {
  const rows = await db
    .delete(orgCertifications)
    .where(and(eq(orgCertifications.orgId, orgId), eq(orgCertifications.id, id)))
    .returning();
  return rows[0];
}

export async function contactsOf(db: DbOrTx, orgId: string) {
  return db
    .select()
    .from(orgContacts)
    .where(eq(orgContacts.orgId, orgId))
    .orderBy(desc(orgContacts.isPrimary), orgContacts.createdAt);
}

export async function insertContact(db: DbOrTx, values: typeof orgContacts.$inferInsert) {
  if (values.isPrimary)
    await db.update(orgContacts).set({ isPrimary: false }).where(eq(orgContacts.orgId, values.orgId));
  const [row] = await db.insert(orgContacts).values(values).returning();
  return row!;
}

export async function deleteContact(db: DbOrTx, orgId: string, id: string) {
  const rows = await db
    .delete(orgContacts)
    .where(and(eq(orgContacts.orgId, orgId), eq(orgContacts.id, id)))
    .returning();
  return rows[0];
}

/** Everything an organization takes part in (all consortia, including left ones). */
export async function participation(db: DbOrTx, orgId: string) {
  const [memberships, leadOf, seats] = await Promise.all([
    db
      .select({
        consortiumId: consortia.id,
        consortiumName: consortia.name,
        memberRole: consortiumMembers.memberRole,
        joinedOn: consortiumMembers.joinedOn,
        leftOn: consortiumMembers.leftOn,
      })
      .from(consortiumMembers)
      .innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
      .where(eq(consortiumMembers.orgId, orgId))
      .orderBy(desc(consortiumMembers.joinedOn)),
    db
      .select({ consortiumId: consortia.id, consortiumName: consortia.name, leadKind: consortiumLeads.leadKind })
      .from(consortiumLeads)
      .innerJoin(consortia, eq(consortia.id, consortiumLeads.consortiumId))
      .where(eq(consortiumLeads.orgId, orgId)),
    db
      .select({
        consortiumId: consortia.id,
        consortiumName: consortia.name,
        seat: councilSeats.seat,
        personName: councilSeats.personName,
        termStart: councilSeats.termStart,
        termEnd: councilSeats.termEnd,
      })
      .from(councilSeats)
      .innerJoin(consortia, eq(consortia.id, councilSeats.consortiumId))
      .where(eq(councilSeats.orgId, orgId))
      .orderBy(desc(councilSeats.termStart)),
  ]);
  return { memberships, leadOf, seats };
}

/** The columns an import writes, in the staging table and in `organizations` alike. */
const importedFields = [
  'name',
  'type',
  'school_level',
  'abbreviation',
  'district_code',
  'address',
  'cluster_codes',
  'industry_codes',
  'above_scale',
] as const;

/**
 * Upserts the staged rows of an import by 统一社会信用代码 in one statement: new codes inserted,
 * registered ones updated only where a field differs (or the organization was deleted: it comes
 * back). Counts come from the statement itself; `createdIds` holds the first 500 new ids.
 */
export async function upsertOrgsFromStage(db: DbOrTx, stage: SQL, createdBy: string) {
  const cols = importedFields.join(', ');
  const changed = sql.raw(
    `(${importedFields.map((f) => `organizations.${f}`).join(', ')}) is distinct from (${importedFields.map((f) => `excluded.${f}`).join(', ')}) or organizations.deleted_at is not null`,
  );
  const set = sql.raw(importedFields.map((f) => `${f} = excluded.${f}`).join(', '));
  const [row] = await queryRows<{ created: number; updated: number; created_ids: string[] | string }>(
    db,
    sql`
    with up as (
      insert into organizations (credit_code, ${sql.raw(cols)}, created_by)
      select credit_code, ${sql.raw(cols)}, ${createdBy}::uuid from ${stage} s
      on conflict (credit_code) do update set ${set}, deleted_at = null, updated_at = now()
      where ${changed}
      returning id, (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as created,
           (count(*) filter (where not inserted))::int as updated,
           coalesce((array_agg(id) filter (where inserted))[1:500], '{}') as created_ids
    from up`,
  );
  const ids = row!.created_ids;
  return {
    created: row!.created,
    updated: row!.updated,
    // postgres.js returns a uuid[] as an array; PGlite may return its text form.
    createdIds: Array.isArray(ids) ? ids : ids.replace(/[{}]/g, '').split(',').filter(Boolean),
  };
}

/**
 * Staged rows that clash with the registry, as `row_number, key, value, reason`: a registered code
 * outside the caller's write scope (`writable` is that scope over `organizations`), or a name
 * registered under another code.
 */
export function stagedOrgConflicts(stage: SQL, writable: SQL): SQL {
  // LATERAL lookups probe the unique code index and the name index once per staged row, whatever the
  // size of the registry (a join could scan all of it for every range of a large import).
  return sql`
    select s.row_number, 'creditCode' as key, s.credit_code as value,
           '该代码已登记为“' || o.name || '”，不在您的维护范围内，不能修改' as reason
    from ${stage} s
    join lateral (select ${organizations.name} as name, coalesce((${writable}), false) as ok
                  from ${organizations} where ${organizations.creditCode} = s.credit_code) o on not o.ok
    union all
    select s.row_number, 'name' as key, s.name as value,
           '该名称已登记，统一社会信用代码为 ' || coalesce(o.code, '（未填）') as reason
    from ${stage} s
    join lateral (select ${organizations.creditCode} as code from ${organizations}
                  where ${organizations.name} = s.name and ${organizations.deletedAt} is null
                    and ${organizations.creditCode} is distinct from s.credit_code
                  limit 1) o on true`;
}

/**
 * The live consortia an organization is tied to on `today`: an active membership (left_on null),
 * a lead unit, a served park, a sitting council seat (term open or not yet ended).
 */
export async function currentTies(db: DbOrTx, orgId: string, today: string) {
  const live = isNull(consortia.deletedAt);
  const memberOf = await db
    .select({ consortiumId: consortia.id, consortiumName: consortia.name })
    .from(consortiumMembers)
    .innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
    .where(and(eq(consortiumMembers.orgId, orgId), isNull(consortiumMembers.leftOn), live));
  const leadOf = await db
    .select({ consortiumId: consortia.id, consortiumName: consortia.name })
    .from(consortiumLeads)
    .innerJoin(consortia, eq(consortia.id, consortiumLeads.consortiumId))
    .where(and(eq(consortiumLeads.orgId, orgId), live));
  const parkOf = await db
    .select({ consortiumId: consortia.id, consortiumName: consortia.name })
    .from(consortiumParks)
    .innerJoin(consortia, eq(consortia.id, consortiumParks.consortiumId))
    .where(and(eq(consortiumParks.orgId, orgId), live));
  const seats = await db
    .select({
      consortiumId: consortia.id,
      consortiumName: consortia.name,
      seat: councilSeats.seat,
      personName: councilSeats.personName,
    })
    .from(councilSeats)
    .innerJoin(consortia, eq(consortia.id, councilSeats.consortiumId))
    .where(
      and(eq(councilSeats.orgId, orgId), or(isNull(councilSeats.termEnd), gte(councilSeats.termEnd, today)), live),
    );
  return { memberOf, leadOf, parkOf, seats };
}

/** Soft delete (a date) or restore (null). */
export async function setDeleted(db: DbOrTx, id: string, deletedAt: Date | null) {
  await db.update(organizations).set({ deletedAt, updatedAt: new Date() }).where(eq(organizations.id, id));
}
