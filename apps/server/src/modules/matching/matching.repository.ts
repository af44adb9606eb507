/** The queries of the matching module: the index's source rows, the change feed, and result cards. */
import {
  consortiumMembers,
  type DbOrTx,
  jobDemands,
  matchingOutbox,
  organizations,
  queryRows,
  studentProfiles,
} from '@chanjiao/db';
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';

/** What the index needs of a job (no text, no personal data). */
export const jobSourceColumns = {
  seq: jobDemands.seq,
  status: jobDemands.status,
  kind: jobDemands.kind,
  minLevel: jobDemands.minLevel,
  gradFrom: jobDemands.gradFrom,
  gradTo: jobDemands.gradTo,
  districtCode: jobDemands.districtCode,
  clusterCode: jobDemands.clusterCode,
  consortiumId: jobDemands.consortiumId,
  acceptedMajors: jobDemands.acceptedMajors,
  skills: jobDemands.skills,
  certificates: jobDemands.certificates,
};
export type JobSource = {
  seq: number;
  status: string;
  kind: string;
  minLevel: string;
  gradFrom: string | null;
  gradTo: string | null;
  districtCode: string;
  clusterCode: string | null;
  consortiumId: string | null;
  acceptedMajors: string[];
  skills: string[];
  certificates: string[];
};

/** What the index needs of a student profile: no name, no id card. */
export const studentSourceColumns = {
  seq: studentProfiles.seq,
  majorCode: studentProfiles.majorCode,
  level: studentProfiles.level,
  districtCode: studentProfiles.districtCode,
  preferredDistricts: studentProfiles.preferredDistricts,
  expectedGraduation: studentProfiles.expectedGraduation,
  consent: studentProfiles.consent,
  internshipAvailable: studentProfiles.internshipAvailable,
  consortiumId: studentProfiles.consortiumId,
  skills: studentProfiles.skills,
  certificates: studentProfiles.certificates,
};
export type StudentSource = {
  seq: number;
  majorCode: string;
  level: string;
  districtCode: string;
  preferredDistricts: string[];
  expectedGraduation: string | null;
  consent: boolean;
  internshipAvailable: boolean;
  consortiumId: string | null;
  skills: string[];
  certificates: string[];
};

/** One page of the streaming pass over live jobs, by seq (keyset; uses the seq unique index). */
export function jobPage(db: DbOrTx, afterSeq: number, limit: number): Promise<JobSource[]> {
  return db
    .select(jobSourceColumns)
    .from(jobDemands)
    .where(and(gt(jobDemands.seq, afterSeq), isNull(jobDemands.deletedAt)))
    .orderBy(asc(jobDemands.seq))
    .limit(limit);
}

export function studentPage(db: DbOrTx, afterSeq: number, limit: number): Promise<StudentSource[]> {
  return db
    .select(studentSourceColumns)
    .from(studentProfiles)
    .where(and(gt(studentProfiles.seq, afterSeq), isNull(studentProfiles.deletedAt)))
    .orderBy(asc(studentProfiles.seq))
    .limit(limit);
}

export function countLive(db: DbOrTx): Promise<{ jobs: number; students: number }[]> {
  return queryRows<{ jobs: number; students: number }>(
    db,
    sql`select (select count(*)::int from job_demands where deleted_at is null) as jobs,
               (select count(*)::int from student_profiles where deleted_at is null) as students`,
  );
}

/** Live jobs among `seqs`; a seq not returned is deleted (or never existed). */
export function jobsBySeq(db: DbOrTx, seqs: readonly number[]): Promise<JobSource[]> {
  if (!seqs.length) return Promise.resolve([]);
  return db
    .select(jobSourceColumns)
    .from(jobDemands)
    .where(and(inArray(jobDemands.seq, [...seqs]), isNull(jobDemands.deletedAt)));
}

export function studentsBySeq(db: DbOrTx, seqs: readonly number[]): Promise<StudentSource[]> {
  if (!seqs.length) return Promise.resolve([]);
  return db
    .select(studentSourceColumns)
    .from(studentProfiles)
    .where(and(inArray(studentProfiles.seq, [...seqs]), isNull(studentProfiles.deletedAt)));
}

// ---------------------------------------------------------------- change feed

export interface OutboxRow {
  id: number;
  entity: string;
  seq: number;
}

/**
 * Where the feed starts: the highest committed id, and the holes below it (ids taken by
 * transactions not committed yet, or rolled back), which the feed keeps checking for a while.
 */
export async function outboxHead(db: DbOrTx): Promise<{ maxId: number; gaps: [number, number][] }> {
  const [head] = await queryRows<{ max: string | number | null }>(db, sql`select max(id) as max from matching_outbox`);
  const maxId = Number(head?.max ?? 0);
  if (!maxId) return { maxId: 0, gaps: [] };
  const gaps = await queryRows<{ from: string | number; to: string | number }>(
    db,
    sql`select id + 1 as "from", next_id - 1 as "to"
          from (select id, lead(id) over (order by id) as next_id from matching_outbox where id <= ${maxId}) t
         where next_id > id + 1
         order by id`,
  );
  return { maxId, gaps: gaps.map((g) => [Number(g.from), Number(g.to)]) };
}

const outboxColumns = { id: matchingOutbox.id, entity: matchingOutbox.entity, seq: matchingOutbox.seq };

/** Rows after `afterId`, oldest first. */
export function outboxAfter(db: DbOrTx, afterId: number, limit: number): Promise<OutboxRow[]> {
  return db
    .select(outboxColumns)
    .from(matchingOutbox)
    .where(gt(matchingOutbox.id, afterId))
    .orderBy(asc(matchingOutbox.id))
    .limit(limit);
}

/** Rows inside the given id ranges (the feed's holes) after `afterId`, oldest first. */
export function outboxInRanges(
  db: DbOrTx,
  ranges: readonly [number, number][],
  afterId: number,
  limit: number,
): Promise<OutboxRow[]> {
  if (!ranges.length) return Promise.resolve([]);
  const within: SQL[] = ranges.map(([from, to]) => sql`${matchingOutbox.id} between ${from} and ${to}`);
  return db
    .select(outboxColumns)
    .from(matchingOutbox)
    .where(and(gt(matchingOutbox.id, afterId), or(...within)))
    .orderBy(asc(matchingOutbox.id))
    .limit(limit);
}

/**
 * Deletes up to `limit` of the oldest rows written before `before` (every process has long applied
 * them; a process started later builds from the tables). Reads only the oldest rows by id, so the
 * clean-up never scans the whole feed; returns how many went.
 */
export async function deleteOutboxBefore(db: DbOrTx, before: Date, limit = 10_000): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`delete from matching_outbox
         where id in (select id from (select id, created_at from matching_outbox order by id limit ${limit}) oldest
                       where created_at < ${before.toISOString()}::timestamptz)
        returning id`,
  );
  return rows.length;
}

// ---------------------------------------------------------------- records behind results

export interface JobRecord {
  id: string;
  seq: number;
  orgId: string;
  consortiumId: string | null;
  title: string;
  status: string;
}

export async function jobById(db: DbOrTx, id: string): Promise<JobRecord | undefined> {
  const [row] = await db
    .select({
      id: jobDemands.id,
      seq: jobDemands.seq,
      orgId: jobDemands.orgId,
      consortiumId: jobDemands.consortiumId,
      title: jobDemands.title,
      status: jobDemands.status,
    })
    .from(jobDemands)
    .where(and(eq(jobDemands.id, id), isNull(jobDemands.deletedAt)));
  return row;
}

export interface StudentRecord {
  id: string;
  seq: number;
  name: string;
  schoolOrgId: string;
  consortiumId: string | null;
  userId: string | null;
}

const studentRecordColumns = {
  id: studentProfiles.id,
  seq: studentProfiles.seq,
  name: studentProfiles.name,
  schoolOrgId: studentProfiles.schoolOrgId,
  consortiumId: studentProfiles.consortiumId,
  userId: studentProfiles.userId,
};

export async function studentById(db: DbOrTx, id: string): Promise<StudentRecord | undefined> {
  const [row] = await db
    .select(studentRecordColumns)
    .from(studentProfiles)
    .where(and(eq(studentProfiles.id, id), isNull(studentProfiles.deletedAt)));
  return row;
}

export async function studentByUser(db: DbOrTx, userId: string): Promise<StudentRecord | undefined> {
  const [row] = await db
    .select(studentRecordColumns)
    .from(studentProfiles)
    .where(and(eq(studentProfiles.userId, userId), isNull(studentProfiles.deletedAt)))
    .orderBy(asc(studentProfiles.seq))
    .limit(1);
  return row;
}

/** Consortia an organization is an active member of. */
export async function activeConsortiaOf(db: DbOrTx, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ consortiumId: consortiumMembers.consortiumId })
    .from(consortiumMembers)
    .where(and(eq(consortiumMembers.orgId, orgId), isNull(consortiumMembers.leftOn)));
  return [...new Set(rows.map((r) => r.consortiumId))];
}

/** Cards of recommended students, in one query (never the id card). */
export function studentCards(db: DbOrTx, seqs: readonly number[]) {
  if (!seqs.length) return Promise.resolve([]);
  return db
    .select({
      seq: studentProfiles.seq,
      id: studentProfiles.id,
      name: studentProfiles.name,
      schoolOrgId: studentProfiles.schoolOrgId,
      schoolName: organizations.name,
      majorCode: studentProfiles.majorCode,
      level: studentProfiles.level,
      expectedGraduation: studentProfiles.expectedGraduation,
      districtCode: studentProfiles.districtCode,
      skills: studentProfiles.skills,
      certificates: studentProfiles.certificates,
      internshipAvailable: studentProfiles.internshipAvailable,
    })
    .from(studentProfiles)
    .innerJoin(organizations, eq(organizations.id, studentProfiles.schoolOrgId))
    .where(and(inArray(studentProfiles.seq, [...seqs]), isNull(studentProfiles.deletedAt)));
}

/** Cards of recommended jobs, in one query. */
export function jobCards(db: DbOrTx, seqs: readonly number[]) {
  if (!seqs.length) return Promise.resolve([]);
  return db
    .select({
      seq: jobDemands.seq,
      id: jobDemands.id,
      title: jobDemands.title,
      orgId: jobDemands.orgId,
      orgName: organizations.name,
      kind: jobDemands.kind,
      districtCode: jobDemands.districtCode,
      salaryMin: jobDemands.salaryMin,
      salaryMax: jobDemands.salaryMax,
      validUntil: jobDemands.validUntil,
    })
    .from(jobDemands)
    .innerJoin(organizations, eq(organizations.id, jobDemands.orgId))
    .where(and(inArray(jobDemands.seq, [...seqs]), isNull(jobDemands.deletedAt)));
}

/**
 * Student count and how many live profiles list each skill: the engine's skill weights
 * (w = round(100·ln(N/df))) when no index is loaded in this process.
 */
export async function skillFrequencies(
  db: DbOrTx,
  skills: readonly string[],
): Promise<{ students: number; df: Map<string, number> }> {
  const [n] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from student_profiles where deleted_at is null`,
  );
  const df = new Map<string, number>();
  if (skills.length) {
    const rows = await queryRows<{ skill: string; df: number }>(
      db,
      sql`select s.skill, count(*)::int as df
            from student_profiles p, unnest(p.skills) as s(skill)
           where p.deleted_at is null and s.skill in (${sql.join(
             skills.map((s) => sql`${s}`),
             sql`, `,
           )})
           group by s.skill`,
    );
    for (const r of rows) df.set(r.skill, Number(r.df));
  }
  return { students: Number(n?.n ?? 0), df };
}
