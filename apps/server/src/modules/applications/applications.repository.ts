import {
  applicationEvents,
  applications,
  consortiumMembers,
  type DbOrTx,
  graduateCohorts,
  jobDemands,
  organizations,
  queryRows,
  studentProfiles,
  users,
} from '@chanjiao/db';
import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';

/*
 * The only file that queries applications and application_events. Jobs, profiles and cohorts are
 * read here too (read-only, except the cohort destination counters) until the jobs and students
 * modules expose readers.
 */

const enterprise = alias(organizations, 'app_enterprise');
const school = alias(organizations, 'app_school');

const rowSelect = {
  app: applications,
  jobTitle: jobDemands.title,
  jobConsortiumId: jobDemands.consortiumId,
  orgName: enterprise.name,
  schoolName: school.name,
  studentName: studentProfiles.name,
  studentUserId: studentProfiles.userId,
  majorCode: studentProfiles.majorCode,
  expectedGraduation: studentProfiles.expectedGraduation,
};

export type ApplicationRow = typeof applications.$inferSelect & {
  jobTitle: string;
  jobConsortiumId: string | null;
  orgName: string;
  schoolName: string;
  studentName: string;
  studentUserId: string | null;
  majorCode: string;
  expectedGraduation: string | null;
};

type Joined = { app: typeof applications.$inferSelect } & Omit<ApplicationRow, keyof typeof applications.$inferSelect>;
const flat = ({ app, ...rest }: Joined): ApplicationRow => ({ ...app, ...rest });

/** FROM applications with the job, both organizations and the profile joined (every list and read uses it). */
function selectRows(db: DbOrTx) {
  return db
    .select(rowSelect)
    .from(applications)
    .innerJoin(jobDemands, eq(jobDemands.id, applications.jobId))
    .innerJoin(studentProfiles, eq(studentProfiles.id, applications.studentId))
    .innerJoin(enterprise, eq(enterprise.id, applications.orgId))
    .innerJoin(school, eq(school.id, applications.schoolOrgId));
}

async function countRows(db: DbOrTx, where: SQL | undefined): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    .innerJoin(jobDemands, eq(jobDemands.id, applications.jobId))
    .innerJoin(studentProfiles, eq(studentProfiles.id, applications.studentId))
    .where(where);
  return row?.n ?? 0;
}

/** Escapes LIKE wildcards so a search for "100%" finds that text. */
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface ApplicationFilter {
  q?: string | undefined;
  stage?: string | undefined;
  jobId?: string | undefined;
  studentId?: string | undefined;
  kind?: string | undefined;
  origin?: string | undefined;
}

/** The filter as SQL, combined with the caller's read scope (see applications.policy.ts). */
export function applicationWhere(f: ApplicationFilter, scope: SQL | undefined): SQL | undefined {
  return and(
    f.q ? or(ilike(jobDemands.title, like(f.q)), ilike(studentProfiles.name, like(f.q))) : undefined,
    f.stage ? eq(applications.stage, f.stage) : undefined,
    f.jobId ? eq(applications.jobId, f.jobId) : undefined,
    f.studentId ? eq(applications.studentId, f.studentId) : undefined,
    f.kind ? eq(applications.kind, f.kind) : undefined,
    f.origin ? eq(applications.origin, f.origin) : undefined,
    scope,
  );
}

/** Columns the read-scope rule needs, as SQL over the joined row. */
export const scopeColumns = {
  orgId: applications.orgId,
  schoolOrgId: applications.schoolOrgId,
  studentUserId: studentProfiles.userId,
  jobConsortiumId: jobDemands.consortiumId,
};

/** Organizations that are active members of a consortium (a subquery). */
export function activeMembersOf(consortiumId: string): SQL {
  return sql`(select ${consortiumMembers.orgId} from ${consortiumMembers} where ${consortiumMembers.consortiumId} = ${consortiumId} and ${consortiumMembers.leftOn} is null)`;
}

export async function listApplications(db: DbOrTx, where: SQL | undefined, limit: number, offset: number) {
  const rows = await selectRows(db)
    .where(where)
    .orderBy(desc(applications.updatedAt), desc(applications.id))
    .limit(limit)
    .offset(offset);
  // A short page tells the total without counting (unless the page is past the end).
  const total =
    rows.length < limit && (rows.length > 0 || offset === 0) ? offset + rows.length : await countRows(db, where);
  return { items: rows.map(flat), total };
}

/** Every matching row, in pages, for exports. */
export async function* iterateApplications(db: DbOrTx, where: SQL | undefined, batch = 2000) {
  for (let offset = 0; ; offset += batch) {
    const rows = await selectRows(db)
      .where(where)
      .orderBy(desc(applications.updatedAt), desc(applications.id))
      .limit(batch)
      .offset(offset);
    for (const r of rows) yield flat(r);
    if (rows.length < batch) return;
  }
}

/** One application, optionally only when `where` (a scope rule) also holds. */
export async function findApplication(db: DbOrTx, id: string, where?: SQL): Promise<ApplicationRow | undefined> {
  const rows = await selectRows(db)
    .where(and(eq(applications.id, id), where))
    .limit(1);
  return rows[0] ? flat(rows[0]) : undefined;
}

/** Locks the application row for a stage change (concurrent moves serialize). */
export async function lockApplication(tx: DbOrTx, id: string): Promise<void> {
  await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, id)).for('update');
}

export async function eventsOf(db: DbOrTx, applicationId: string) {
  return db
    .select({
      id: applicationEvents.id,
      fromStage: applicationEvents.fromStage,
      toStage: applicationEvents.toStage,
      note: applicationEvents.note,
      actorName: users.displayName,
      createdAt: applicationEvents.createdAt,
    })
    .from(applicationEvents)
    .leftJoin(users, eq(users.id, applicationEvents.actorId))
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.id));
}

export async function insertApplication(tx: DbOrTx, values: typeof applications.$inferInsert): Promise<string> {
  const [row] = await tx.insert(applications).values(values).returning({ id: applications.id });
  return row!.id;
}

export async function updateApplication(tx: DbOrTx, id: string, values: Partial<typeof applications.$inferInsert>) {
  await tx
    .update(applications)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(applications.id, id));
}

export async function insertEvent(tx: DbOrTx, values: typeof applicationEvents.$inferInsert) {
  await tx.insert(applicationEvents).values(values);
}

/** The open application (not rejected or withdrawn) of this student for this job, if any. */
export async function openApplication(db: DbOrTx, jobId: string, studentId: string) {
  const rows = await db
    .select({ id: applications.id, stage: applications.stage, origin: applications.origin })
    .from(applications)
    .where(
      and(
        eq(applications.jobId, jobId),
        eq(applications.studentId, studentId),
        sql`${applications.stage} not in ('rejected', 'withdrawn')`,
      ),
    )
    .limit(1);
  return rows[0];
}

/**
 * The student's current accepted full-time placement (offer or onboard, not ended) other than
 * `exceptId`: the one the partial unique index applications_fulltime_uq protects.
 */
export async function currentFulltime(db: DbOrTx, studentId: string, exceptId: string) {
  const rows = await db
    .select({ id: applications.id, stage: applications.stage, orgName: organizations.name, jobTitle: jobDemands.title })
    .from(applications)
    .innerJoin(organizations, eq(organizations.id, applications.orgId))
    .innerJoin(jobDemands, eq(jobDemands.id, applications.jobId))
    .where(
      and(
        eq(applications.studentId, studentId),
        eq(applications.kind, 'fulltime'),
        inArray(applications.stage, ['offer', 'onboard']),
        isNull(applications.endedOn),
        ne(applications.id, exceptId),
      ),
    )
    .limit(1);
  return rows[0];
}

/** The student's other current onboard placements of the kinds that count as employment. */
export async function otherCurrentPlacements(db: DbOrTx, studentId: string, exceptId: string) {
  return db
    .select({ id: applications.id, stage: applications.stage })
    .from(applications)
    .where(
      and(
        eq(applications.studentId, studentId),
        inArray(applications.kind, ['fulltime', 'apprenticeship']),
        eq(applications.stage, 'onboard'),
        isNull(applications.endedOn),
        ne(applications.id, exceptId),
      ),
    )
    .orderBy(asc(applications.onboardOn), asc(applications.createdAt));
}

// --- jobs and profiles (read-only) ---

export async function findJob(db: DbOrTx, id: string) {
  const rows = await db
    .select({
      id: jobDemands.id,
      seq: jobDemands.seq,
      orgId: jobDemands.orgId,
      consortiumId: jobDemands.consortiumId,
      title: jobDemands.title,
      kind: jobDemands.kind,
      status: jobDemands.status,
      validUntil: jobDemands.validUntil,
      deletedAt: jobDemands.deletedAt,
    })
    .from(jobDemands)
    .where(eq(jobDemands.id, id))
    .limit(1);
  return rows[0];
}
export type JobRef = NonNullable<Awaited<ReturnType<typeof findJob>>>;

const profileSelect = {
  id: studentProfiles.id,
  seq: studentProfiles.seq,
  schoolOrgId: studentProfiles.schoolOrgId,
  consortiumId: studentProfiles.consortiumId,
  userId: studentProfiles.userId,
  majorCode: studentProfiles.majorCode,
  expectedGraduation: studentProfiles.expectedGraduation,
  consent: studentProfiles.consent,
  deletedAt: studentProfiles.deletedAt,
};

export async function findProfile(db: DbOrTx, id: string) {
  const rows = await db.select(profileSelect).from(studentProfiles).where(eq(studentProfiles.id, id)).limit(1);
  return rows[0];
}
export type ProfileRef = NonNullable<Awaited<ReturnType<typeof findProfile>>>;

/** The live profile linked to a student's account. */
/**
 * Locks the student's profile row so that destination counting for one student (several
 * placements ending or starting at once) is serialized.
 */
export async function lockProfile(tx: DbOrTx, id: string): Promise<void> {
  await tx.select({ id: studentProfiles.id }).from(studentProfiles).where(eq(studentProfiles.id, id)).for('update');
}

/** Is the school an active member of one of these consortia? */
export async function memberOfAny(db: DbOrTx, orgId: string, consortiumIds: readonly string[]): Promise<boolean> {
  if (!consortiumIds.length) return false;
  const rows = await db
    .select({ id: consortiumMembers.id })
    .from(consortiumMembers)
    .where(
      and(
        eq(consortiumMembers.orgId, orgId),
        inArray(consortiumMembers.consortiumId, [...consortiumIds]),
        isNull(consortiumMembers.leftOn),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

// --- graduate cohorts (destination counters only) ---

export async function findCohort(db: DbOrTx, schoolOrgId: string, majorCode: string, year: number) {
  const rows = await db
    .select()
    .from(graduateCohorts)
    .where(
      and(
        eq(graduateCohorts.schoolOrgId, schoolOrgId),
        eq(graduateCohorts.majorCode, majorCode),
        eq(graduateCohorts.year, year),
      ),
    )
    .limit(1);
  return rows[0];
}

/** 未落实 −1, 就业 +1, only while 未落实 > 0 (one statement, so it never goes negative). */
export async function moveUnplacedToEmployed(tx: DbOrTx, cohortId: string) {
  const rows = await tx
    .update(graduateCohorts)
    .set({
      unplaced: sql`${graduateCohorts.unplaced} - 1`,
      employed: sql`${graduateCohorts.employed} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(graduateCohorts.id, cohortId), gt(graduateCohorts.unplaced, 0)))
    .returning({ employed: graduateCohorts.employed, unplaced: graduateCohorts.unplaced });
  return rows[0];
}

/** 就业 −1, 未落实 +1, only while 就业 > 0. */
export async function moveEmployedToUnplaced(tx: DbOrTx, cohortId: string) {
  const rows = await tx
    .update(graduateCohorts)
    .set({
      unplaced: sql`${graduateCohorts.unplaced} + 1`,
      employed: sql`${graduateCohorts.employed} - 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(graduateCohorts.id, cohortId), gt(graduateCohorts.employed, 0)))
    .returning({ employed: graduateCohorts.employed, unplaced: graduateCohorts.unplaced });
  return rows[0];
}

/** The latest destination event of each given application (counted or reverted). */
export async function lastDestinationEvents(db: DbOrTx, applicationIds: readonly string[]) {
  if (!applicationIds.length) return new Map<string, { toStage: string; note: string | null }>();
  const rows = await db
    .selectDistinctOn([applicationEvents.applicationId], {
      applicationId: applicationEvents.applicationId,
      toStage: applicationEvents.toStage,
      note: applicationEvents.note,
    })
    .from(applicationEvents)
    .where(
      and(
        inArray(applicationEvents.applicationId, [...applicationIds]),
        inArray(applicationEvents.toStage, ['destination_counted', 'destination_reverted']),
      ),
    )
    .orderBy(applicationEvents.applicationId, desc(applicationEvents.id));
  return new Map(rows.map((r) => [r.applicationId, { toStage: r.toStage, note: r.note }]));
}

/** Applications of this student whose latest destination event is a count (at most one by the rule). */
export async function countedApplicationsOf(db: DbOrTx, studentId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select a.id from ${applications} a
        join lateral (select e.to_stage from ${applicationEvents} e
                      where e.application_id = a.id and e.to_stage in ('destination_counted', 'destination_reverted')
                      order by e.id desc limit 1) last on true
        where a.student_id = ${studentId} and last.to_stage = 'destination_counted'`,
  );
  return rows.map((r) => r.id);
}

/**
 * Platform placements per school × major for graduates of `year`: students with an onboard
 * full-time or apprenticeship placement not ended before the end of that year, and how many of
 * those placements currently count in the cohort's destinations.
 */
export async function placementsByCohort(db: DbOrTx, year: number) {
  return queryRows<{ schoolOrgId: string; majorCode: string; year: number; placed: number; counted: number }>(
    db,
    sql`select a.school_org_id as "schoolOrgId", p.major_code as "majorCode", ${year}::int as "year",
               count(distinct a.student_id)::int as "placed",
               count(distinct a.student_id) filter (where last.to_stage = 'destination_counted')::int as "counted"
        from ${applications} a
        join ${studentProfiles} p on p.id = a.student_id
        left join lateral (select e.to_stage from ${applicationEvents} e
                           where e.application_id = a.id and e.to_stage in ('destination_counted', 'destination_reverted')
                           order by e.id desc limit 1) last on true
        where a.stage = 'onboard' and a.kind in ('fulltime', 'apprenticeship')
          and left(p.expected_graduation, 4) = ${String(year)}
          and (a.ended_on is null or extract(year from a.ended_on) > ${year})
        group by a.school_org_id, p.major_code
        order by a.school_org_id, p.major_code`,
  );
}
