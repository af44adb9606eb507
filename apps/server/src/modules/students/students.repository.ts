import {
  consortia,
  consortiumMembers,
  type DbOrTx,
  enrollmentPlans,
  graduateCohorts,
  organizations,
  queryRows,
  refDistricts,
  refMajors,
  studentProfiles,
  userRoles,
  users,
} from '@chanjiao/db';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  getTableName,
  ilike,
  isNotNull,
  isNull,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { AnyPgColumn, PgInsertValue, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { matchesSearch } from '../../lib/segment';

// Reads of organizations, consortium memberships, users and reference majors here are lookups the
// student rules need (school level, consortium of a school, account to link); nothing else writes them.

const { search: _search, ...profileColumns } = getTableColumns(studentProfiles);
const profileSelect = {
  ...profileColumns,
  schoolName: organizations.name,
  majorName: refMajors.name,
  districtName: refDistricts.name,
};
export type StudentRow = Omit<typeof studentProfiles.$inferSelect, 'search'> & {
  schoolName: string;
  majorName: string | null;
  districtName: string | null;
};
/** Insert values; `search` is an SQL expression (`searchVector`). */
export type StudentInsert = PgInsertValue<typeof studentProfiles>;

/** Escapes LIKE wildcards. */
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface StudentFilter {
  q?: string | undefined;
  majorCode?: string | undefined;
  grade?: number | undefined;
  level?: string | undefined;
  graduationYear?: number | undefined;
  consent?: boolean | undefined;
  intent?: string | undefined;
  schoolOrgId?: string | undefined;
  deleted?: boolean | undefined;
}

/** The filter as SQL, combined with the caller's visibility condition. */
export function studentWhere(f: StudentFilter, visible: SQL): SQL | undefined {
  return and(
    f.deleted ? isNotNull(studentProfiles.deletedAt) : isNull(studentProfiles.deletedAt),
    matchesSearch(studentProfiles.search, f.q),
    f.majorCode ? eq(studentProfiles.majorCode, f.majorCode) : undefined,
    f.grade !== undefined ? eq(studentProfiles.grade, f.grade) : undefined,
    f.level ? eq(studentProfiles.level, f.level) : undefined,
    f.graduationYear !== undefined
      ? sql`${studentProfiles.expectedGraduation} like ${`${f.graduationYear}-%`}`
      : undefined,
    f.consent !== undefined ? eq(studentProfiles.consent, f.consent) : undefined,
    f.intent ? eq(studentProfiles.intent, f.intent) : undefined,
    f.schoolOrgId ? eq(studentProfiles.schoolOrgId, f.schoolOrgId) : undefined,
    visible,
  );
}

const profileFrom = (db: DbOrTx) =>
  db
    .select(profileSelect)
    .from(studentProfiles)
    .innerJoin(organizations, eq(organizations.id, studentProfiles.schoolOrgId))
    .leftJoin(refMajors, eq(refMajors.code, studentProfiles.majorCode))
    .leftJoin(refDistricts, eq(refDistricts.code, studentProfiles.districtCode));

export async function listStudents(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const items = (await profileFrom(db)
    .where(where)
    // Newest first by seq (an identity with a unique index): no sort over a large table.
    .orderBy(desc(studentProfiles.seq))
    .limit(limit)
    .offset(offset)) as StudentRow[];
  const [c] = await db.select({ n: count() }).from(studentProfiles).where(where);
  return { items, total: c?.n ?? 0 };
}

/** Every matching row, in pages (keyset on seq), for exports. */
export async function* iterateStudents(db: DbOrTx, where: SQL | undefined, batch = 2000) {
  let after = 0;
  for (;;) {
    const rows = (await profileFrom(db)
      .where(and(where, sql`${studentProfiles.seq} > ${after}`))
      .orderBy(asc(studentProfiles.seq))
      .limit(batch)) as StudentRow[];
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.seq;
  }
}

/** Counts per major (top 50) and per consent value. */
export async function studentFacets(db: DbOrTx, majorWhere: SQL | undefined, consentWhere: SQL | undefined) {
  const majors = await db
    .select({ code: studentProfiles.majorCode, name: refMajors.name, count: count() })
    .from(studentProfiles)
    .leftJoin(refMajors, eq(refMajors.code, studentProfiles.majorCode))
    .where(majorWhere)
    .groupBy(studentProfiles.majorCode, refMajors.name)
    .orderBy(desc(count()), studentProfiles.majorCode)
    .limit(50);
  const consent = await db
    .select({ value: studentProfiles.consent, count: count() })
    .from(studentProfiles)
    .where(consentWhere)
    .groupBy(studentProfiles.consent)
    .orderBy(desc(studentProfiles.consent));
  return { majors, consent };
}

export async function findStudent(db: DbOrTx, id: string): Promise<StudentRow | undefined> {
  const rows = (await profileFrom(db).where(eq(studentProfiles.id, id)).limit(1)) as StudentRow[];
  return rows[0];
}

export async function findStudentOfUser(db: DbOrTx, userId: string): Promise<StudentRow | undefined> {
  const rows = (await profileFrom(db)
    .where(and(eq(studentProfiles.userId, userId), isNull(studentProfiles.deletedAt)))
    .limit(1)) as StudentRow[];
  return rows[0];
}

/** The profile registered under this 身份证号 digest (deleted or not), with its school's name. */
export async function findByDigest(db: DbOrTx, digest: string) {
  const rows = await db
    .select({ id: studentProfiles.id, schoolOrgId: studentProfiles.schoolOrgId, schoolName: organizations.name })
    .from(studentProfiles)
    .innerJoin(organizations, eq(organizations.id, studentProfiles.schoolOrgId))
    .where(eq(studentProfiles.idCardDigest, digest))
    .limit(1);
  return rows[0];
}

export async function insertStudent(db: DbOrTx, values: StudentInsert) {
  const [row] = await db
    .insert(studentProfiles)
    .values(values)
    .returning({ id: studentProfiles.id, seq: studentProfiles.seq });
  return row!;
}

export type StudentUpdate = PgUpdateSetSource<typeof studentProfiles>;

export async function updateStudent(db: DbOrTx, id: string, values: StudentUpdate) {
  await db
    .update(studentProfiles)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(studentProfiles.id, id));
}

/** Soft delete (a date) or restore (null). */
export async function setDeleted(db: DbOrTx, id: string, deletedAt: Date | null) {
  await db.update(studentProfiles).set({ deletedAt, updatedAt: new Date() }).where(eq(studentProfiles.id, id));
}

// ── Lookups ─────────────────────────────────────────────────────────────────

export async function findSchool(db: DbOrTx, orgId: string) {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      type: organizations.type,
      schoolLevel: organizations.schoolLevel,
      districtCode: organizations.districtCode,
      deletedAt: organizations.deletedAt,
    })
    .from(organizations)
    .where(eq(organizations.id, orgId))
    .limit(1);
  return rows[0];
}

/** The school's first active consortium membership (earliest joined), or null. */
export async function firstConsortiumOf(db: DbOrTx, orgId: string): Promise<string | null> {
  const rows = await db
    .select({ id: consortiumMembers.consortiumId })
    .from(consortiumMembers)
    .innerJoin(consortia, eq(consortia.id, consortiumMembers.consortiumId))
    .where(and(eq(consortiumMembers.orgId, orgId), isNull(consortiumMembers.leftOn), isNull(consortia.deletedAt)))
    .orderBy(sql`${consortiumMembers.joinedOn} asc nulls last`, asc(consortiumMembers.createdAt))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** Organizations that are active members of a consortium the given organization is an active member of. */
export async function fellowMembers(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await queryRows<{ org_id: string }>(
    db,
    sql`select distinct m2.org_id
        from ${consortiumMembers} m1
        join ${consortia} c on c.id = m1.consortium_id and c.deleted_at is null
        join ${consortiumMembers} m2 on m2.consortium_id = m1.consortium_id and m2.left_on is null
        where m1.org_id = ${orgId} and m1.left_on is null`,
  );
  return rows.map((r) => r.org_id);
}

export interface MajorRef {
  code: string;
  name: string;
  level: string;
}

export async function findMajor(db: DbOrTx, code: string): Promise<MajorRef | undefined> {
  const rows = await db
    .select({ code: refMajors.code, name: refMajors.name, level: refMajors.level })
    .from(refMajors)
    .where(eq(refMajors.code, code))
    .limit(1);
  return rows[0];
}

export async function allMajors(db: DbOrTx): Promise<MajorRef[]> {
  return db.select({ code: refMajors.code, name: refMajors.name, level: refMajors.level }).from(refMajors);
}

/** An account to link to a profile: its organization, roles and the profile already linked to it. */
export async function accountForLink(db: DbOrTx, userId: string) {
  const [u] = await db
    .select({ id: users.id, username: users.username, orgId: users.orgId })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u) return undefined;
  const roles = (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map(
    (r) => r.role,
  );
  const [linked] = await db
    .select({ id: studentProfiles.id, name: studentProfiles.name })
    .from(studentProfiles)
    .where(eq(studentProfiles.userId, userId))
    .limit(1);
  return { ...u, roles, linked };
}

// ── Student import ──────────────────────────────────────────────────────────

/**
 * Staged rows whose 身份证号 is registered at another school: `row_number, key, value, reason`.
 * The value shown is the row's masked 身份证号, never the digest.
 */
export function stagedStudentConflicts(stage: SQL, schoolOrgId: string): SQL {
  return sql`
    select s.row_number, 'idCard' as key, s.id_card_masked as value,
           '该学生已在“' || o.name || '”登记' ||
           case when p.deleted_at is not null then '（已删除）' else '' end ||
           '，不能由本校导入；如已转学，请原学校处理后再导入' as reason
    from ${stage} s
    join ${studentProfiles} p on p.id_card_digest = s.id_card_digest and p.school_org_id <> ${schoolOrgId}::uuid
    join ${organizations} o on o.id = p.school_org_id`;
}

/**
 * Upserts staged profiles of one school by 身份证号 digest in one statement. Empty optional cells
 * (staged null) keep what the profile has; the consent of a profile linked to a student account is
 * the student's own and an import does not change it (consent_at moves when consent does). Rows that
 * differ in nothing are left alone (counted unchanged); a deleted profile comes back. Returns the
 * counts and the seqs written, created and updated apart.
 */
export async function upsertStudentsFromStage(
  db: DbOrTx,
  stage: SQL,
  opts: { schoolOrgId: string; consortiumId: string | null; createdBy: string },
) {
  const compared = [
    'name',
    'level',
    'major_code',
    'grade',
    'expected_graduation',
    'district_code',
    'preferred_districts',
    'skills',
    'certificates',
    'intent',
    'internship_available',
    'consent',
    'consortium_id',
  ];
  const set = [...compared, 'consent_at', 'search'].map((c) => `${c} = excluded.${c}`).join(', ');
  const changed = `(${compared.map((c) => `sp.${c}`).join(', ')}) is distinct from (${compared.map((c) => `excluded.${c}`).join(', ')}) or sp.deleted_at is not null`;
  const rows = await queryRows<{ seq: number; inserted: boolean }>(
    db,
    sql`
    insert into ${studentProfiles} as sp (
      school_org_id, consortium_id, name, id_card_enc, id_card_digest, level, major_code, grade,
      expected_graduation, district_code, preferred_districts, skills, certificates, intent,
      internship_available, consent, consent_at, search, created_by)
    select ${opts.schoolOrgId}::uuid, ${opts.consortiumId}::uuid, s.name, s.id_card_enc, s.id_card_digest, s.level,
           s.major_code, s.grade, coalesce(s.expected_graduation, p.expected_graduation), s.district_code,
           coalesce(s.preferred_districts, p.preferred_districts, '{}'), coalesce(s.skills, p.skills, '{}'),
           coalesce(s.certificates, p.certificates, '{}'), coalesce(s.intent, p.intent, 'employment'),
           coalesce(s.internship_available, p.internship_available, false), f.consent,
           case when p.id is null then (case when f.consent then now() end)
                when f.consent is distinct from p.consent then now() else p.consent_at end,
           array_to_tsvector(string_to_array(s.search_words, ' ', '')), ${opts.createdBy}::uuid
    from ${stage} s
    left join ${studentProfiles} p on p.id_card_digest = s.id_card_digest
    cross join lateral (select case when p.user_id is not null then p.consent
                                    else coalesce(s.consent, p.consent, false) end as consent) f
    where true
    on conflict (id_card_digest) do update set ${sql.raw(set)}, deleted_at = null, updated_at = now()
    where sp.school_org_id = ${opts.schoolOrgId}::uuid and (${sql.raw(changed)})
    returning sp.seq, (sp.xmax = 0) as inserted`,
  );
  const created: number[] = [];
  const updated: number[] = [];
  for (const r of rows) (r.inserted ? created : updated).push(r.seq);
  return { created, updated };
}

// ── Graduate cohorts and enrollment plans ───────────────────────────────────
// Both are statistics of a school keyed by school × major × year (毕业生去向, 招生计划); one set of
// queries serves either table, named by its kind.

const supplyTables = { cohort: graduateCohorts, plan: enrollmentPlans } as const;
export type SupplyKind = keyof typeof supplyTables;
type SupplyTable = (typeof supplyTables)[SupplyKind];
/** A stored row of the kind's table. */
export type SupplyRecord<K extends SupplyKind> = (typeof supplyTables)[K]['$inferSelect'];
/** A row with the names a list shows. */
export type SupplyRow<K extends SupplyKind> = SupplyRecord<K> & { schoolName: string; majorName: string | null };
interface SupplyKey {
  schoolOrgId: string;
  majorCode: string;
  year: number;
}
/** The kind's value columns (the counts), as written. */
export type SupplyValues<K extends SupplyKind> = Omit<
  (typeof supplyTables)[K]['$inferInsert'],
  'id' | keyof SupplyKey | 'isDemo' | 'createdAt' | 'updatedAt'
>;
/** The columns a list sums over every row of its filter. */
const supplyTotals = { cohort: ['graduates', 'unplaced'], plan: ['planned', 'actual'] } as const;
type SupplyTotals<K extends SupplyKind> = Record<(typeof supplyTotals)[K][number], number>;

export interface SupplyFilter {
  q?: string | undefined;
  schoolOrgId?: string | undefined;
  majorCode?: string | undefined;
  year?: number | undefined;
}

/** The filter over cohorts or plans, with the caller's visibility (a condition on their school column). */
export function supplyWhere(
  kind: SupplyKind,
  f: SupplyFilter,
  visible: (schoolOrgId: AnyPgColumn) => SQL,
): SQL | undefined {
  const t: SupplyTable = supplyTables[kind];
  return and(
    f.q
      ? or(ilike(organizations.name, like(f.q)), ilike(refMajors.name, like(f.q)), sql`${t.majorCode} = ${f.q}`)
      : undefined,
    f.schoolOrgId ? eq(t.schoolOrgId, f.schoolOrgId) : undefined,
    f.majorCode ? eq(t.majorCode, f.majorCode) : undefined,
    f.year !== undefined ? eq(t.year, f.year) : undefined,
    visible(t.schoolOrgId),
  );
}

const supplyFrom = (db: DbOrTx, t: SupplyTable) =>
  db
    .select({ ...getTableColumns(t), schoolName: organizations.name, majorName: refMajors.name })
    .from(t)
    .innerJoin(organizations, eq(organizations.id, t.schoolOrgId))
    .leftJoin(refMajors, eq(refMajors.code, t.majorCode));

/** A page of rows (latest year first, then school and major), the count and the totals of the filter. */
export async function listSupply<K extends SupplyKind>(
  db: DbOrTx,
  kind: K,
  where: SQL | undefined,
  limit: number,
  offset: number,
): Promise<{ items: SupplyRow<K>[]; total: number; totals: SupplyTotals<K> }> {
  const t: SupplyTable = supplyTables[kind];
  const items = await supplyFrom(db, t)
    .where(where)
    .orderBy(desc(t.year), organizations.name, t.majorCode)
    .limit(limit)
    .offset(offset);
  const columns: Record<string, AnyPgColumn> = getTableColumns(t);
  const summed: readonly string[] = supplyTotals[kind];
  const [r] = await db
    .select({
      n: count(),
      ...Object.fromEntries(summed.map((c) => [c, sql<number>`coalesce(sum(${columns[c]}), 0)::int`])),
    })
    .from(t)
    .innerJoin(organizations, eq(organizations.id, t.schoolOrgId))
    .leftJoin(refMajors, eq(refMajors.code, t.majorCode))
    .where(where);
  const sums = r as Record<string, number> | undefined;
  const totals = Object.fromEntries(summed.map((c) => [c, sums?.[c] ?? 0]));
  return { items: items as SupplyRow<K>[], total: r?.n ?? 0, totals: totals as SupplyTotals<K> };
}

export async function* iterateSupply<K extends SupplyKind>(
  db: DbOrTx,
  kind: K,
  where: SQL | undefined,
  batch = 5000,
): AsyncGenerator<SupplyRow<K>> {
  const t: SupplyTable = supplyTables[kind];
  for (let offset = 0; ; offset += batch) {
    const rows = await supplyFrom(db, t)
      .where(where)
      .orderBy(desc(t.year), organizations.name, t.majorCode, t.id)
      .limit(batch)
      .offset(offset);
    for (const r of rows) yield r as SupplyRow<K>;
    if (rows.length < batch) return;
  }
}

export async function findSupply<K extends SupplyKind>(
  db: DbOrTx,
  kind: K,
  id: string,
): Promise<SupplyRow<K> | undefined> {
  const t: SupplyTable = supplyTables[kind];
  return (await supplyFrom(db, t).where(eq(t.id, id)).limit(1))[0] as SupplyRow<K> | undefined;
}

/** Inserts or updates by school × major × year; the row before (if any) and the id. */
export async function upsertSupply<K extends SupplyKind>(
  db: DbOrTx,
  kind: K,
  key: SupplyKey,
  values: SupplyValues<K>,
): Promise<{ id: string; before: SupplyRecord<K> | undefined }> {
  const t: SupplyTable = supplyTables[kind];
  const [before] = await db
    .select()
    .from(t)
    .where(and(eq(t.schoolOrgId, key.schoolOrgId), eq(t.majorCode, key.majorCode), eq(t.year, key.year)))
    .for('update');
  const [row] = await db
    .insert(t)
    .values({ ...key, ...values })
    .onConflictDoUpdate({
      target: [t.schoolOrgId, t.majorCode, t.year],
      set: { ...values, updatedAt: new Date() },
    })
    .returning({ id: t.id });
  return { id: row!.id, before: before as SupplyRecord<K> | undefined };
}

export async function updateSupply<K extends SupplyKind>(
  db: DbOrTx,
  kind: K,
  id: string,
  values: Partial<SupplyValues<K>>,
) {
  const t: SupplyTable = supplyTables[kind];
  await db
    .update(t)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(t.id, id));
}

export async function deleteSupply(db: DbOrTx, kind: SupplyKind, id: string) {
  const t: SupplyTable = supplyTables[kind];
  await db.delete(t).where(eq(t.id, id));
}

/**
 * Upserts staged cohort or plan rows of one school by major × year in one statement; unchanged rows
 * are left alone. `fields` are the staged count columns, named as in the table.
 */
export async function upsertSupplyFromStage(
  db: DbOrTx,
  kind: SupplyKind,
  stage: SQL,
  schoolOrgId: string,
  fields: readonly string[],
) {
  const table = getTableName(supplyTables[kind]);
  const cols = fields.join(', ');
  const set = fields.map((f) => `${f} = excluded.${f}`).join(', ');
  const changed = `(${fields.map((f) => `${table}.${f}`).join(', ')}) is distinct from (${fields.map((f) => `excluded.${f}`).join(', ')})`;
  const [row] = await queryRows<{ created: number; updated: number }>(
    db,
    sql`
    with up as (
      insert into ${sql.identifier(table)} (school_org_id, major_code, year, ${sql.raw(cols)})
      select ${schoolOrgId}::uuid, s.major_code, s.year, ${sql.raw(fields.map((f) => `s.${f}`).join(', '))} from ${stage} s
      on conflict (school_org_id, major_code, year) do update set ${sql.raw(set)}, updated_at = now()
      where ${sql.raw(changed)}
      returning (xmax = 0) as inserted
    )
    select (count(*) filter (where inserted))::int as created, (count(*) filter (where not inserted))::int as updated
    from up`,
  );
  return { created: row?.created ?? 0, updated: row?.updated ?? 0 };
}

/** Whether a uuid names another profile linked to this account. */
export async function otherProfileOfUser(db: DbOrTx, userId: string, exceptId: string) {
  const rows = await db
    .select({ id: studentProfiles.id })
    .from(studentProfiles)
    .where(and(eq(studentProfiles.userId, userId), ne(studentProfiles.id, exceptId)))
    .limit(1);
  return rows[0];
}

/**
 * Profiles an import updated while keeping their skills or certificates (empty cells): their search
 * text must be rebuilt from what they kept. `updated` are the seqs the upsert changed.
 */
export async function keptTagRows(db: DbOrTx, stage: SQL, updated: readonly number[]) {
  if (!updated.length) return [];
  return queryRows<{ seq: number; name: string; major_name: string | null; skills: string[]; certificates: string[] }>(
    db,
    sql`select p.seq, p.name, m.name as major_name, p.skills, p.certificates
        from ${stage} s
        join ${studentProfiles} p on p.id_card_digest = s.id_card_digest
        left join ${refMajors} m on m.code = p.major_code
        where (s.skills is null or s.certificates is null)
          and p.seq in (select (jsonb_array_elements_text(${JSON.stringify(updated)}::jsonb))::int)`,
  );
}

/** Sets the search column of profiles by seq, from space-joined segmented words. */
export async function setSearchWords(db: DbOrTx, rows: readonly { seq: number; words: string }[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    const part = JSON.stringify(rows.slice(i, i + 5000));
    await db.execute(sql`
      update ${studentProfiles} p set search = array_to_tsvector(string_to_array(v.words, ' ', ''))
      from jsonb_to_recordset(${part}::jsonb) as v(seq int, words text)
      where p.seq = v.seq`);
  }
}
