/**
 * The only file that queries the evaluation round tables (evaluation_rounds, evaluation_entries,
 * self_assessments, self_assessment_evidence, review_assignments, review_scores,
 * evaluation_deductions, evaluation_events).
 *
 * Read-only queries over other modules' tables, because those modules export no reader for them:
 * the conflict-of-interest check (consortium_members, consortium_leads, council_seats with their
 * dates), the computed facts (council seats and members by organization type; job_demands,
 * student_profiles, applications of a consortium), reviewer accounts (users, user_roles) and the
 * `files` row of an uploaded evidence file (inserted here, as the consortium module does for its
 * documents).
 */
import {
  applications,
  consortia,
  consortiumLeads,
  consortiumMembers,
  councilSeats,
  type DbOrTx,
  evaluationDeductions,
  evaluationEntries,
  evaluationEvents,
  evaluationRounds,
  files,
  indicatorFrameworks,
  jobDemands,
  organizations,
  queryRows,
  reviewAssignments,
  reviewScores,
  selfAssessmentEvidence,
  selfAssessments,
  studentProfiles,
  userRoles,
  users,
} from '@chanjiao/db';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';

export type RoundRow = typeof evaluationRounds.$inferSelect;
export type EntryRow = typeof evaluationEntries.$inferSelect;
export type SelfRow = typeof selfAssessments.$inferSelect;
export type AssignmentRow = typeof reviewAssignments.$inferSelect;
export type DeductionRow = typeof evaluationDeductions.$inferSelect;

/** Who the caller is for the round tables: everything, one consortium's entries, or one reviewer's. */
export type Visibility = { all: true } | { consortiumId: string } | { reviewerId: string } | { none: true };

// ── Rounds ─────────────────────────────────────────────────────────────────

export interface RoundWithFramework extends RoundRow {
  frameworkName: string;
  frameworkVersion: number;
}

const roundCols = {
  id: evaluationRounds.id,
  kind: evaluationRounds.kind,
  name: evaluationRounds.name,
  year: evaluationRounds.year,
  frameworkId: evaluationRounds.frameworkId,
  selfDueOn: evaluationRounds.selfDueOn,
  reviewDueOn: evaluationRounds.reviewDueOn,
  method: evaluationRounds.method,
  status: evaluationRounds.status,
  isDemo: evaluationRounds.isDemo,
  createdBy: evaluationRounds.createdBy,
  createdAt: evaluationRounds.createdAt,
  updatedAt: evaluationRounds.updatedAt,
  consolidatedAt: evaluationRounds.consolidatedAt,
  closedAt: evaluationRounds.closedAt,
  frameworkName: indicatorFrameworks.name,
  frameworkVersion: indicatorFrameworks.version,
};

export async function findRound(db: DbOrTx, id: string): Promise<RoundWithFramework | undefined> {
  const [row] = await db
    .select(roundCols)
    .from(evaluationRounds)
    .innerJoin(indicatorFrameworks, eq(indicatorFrameworks.id, evaluationRounds.frameworkId))
    .where(eq(evaluationRounds.id, id));
  return row;
}

/** Locks the round row for the transaction: status changes and the recommendation cap serialise on it. */
export async function lockRound(tx: DbOrTx, id: string): Promise<RoundRow | undefined> {
  const [row] = await tx.select().from(evaluationRounds).where(eq(evaluationRounds.id, id)).for('update');
  return row;
}

export async function insertRound(tx: DbOrTx, values: typeof evaluationRounds.$inferInsert): Promise<string> {
  const [row] = await tx.insert(evaluationRounds).values(values).returning({ id: evaluationRounds.id });
  return row!.id;
}

export async function updateRound(tx: DbOrTx, id: string, set: Partial<typeof evaluationRounds.$inferInsert>) {
  await tx
    .update(evaluationRounds)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(evaluationRounds.id, id));
}

/** Entry condition for a visibility (drafts are the officials' only). */
function entryVisible(v: Visibility): SQL {
  if ('all' in v) return sql`true`;
  if ('consortiumId' in v) return sql`e.consortium_id = ${v.consortiumId} and r.status <> 'draft'`;
  if ('reviewerId' in v)
    return sql`r.status <> 'draft' and exists (select 1 from ${reviewAssignments} ra where ra.entry_id = e.id and ra.reviewer_id = ${v.reviewerId})`;
  return sql`false`;
}

export interface RoundFilter {
  q?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  year?: number | undefined;
}

export interface RoundListRow {
  id: string;
  kind: string;
  name: string;
  year: number;
  frameworkId: string;
  frameworkName: string;
  frameworkVersion: number;
  selfDueOn: string;
  reviewDueOn: string;
  method: string;
  status: string;
  createdAt: string;
  consolidatedAt: string | null;
  entryCount: number;
  submittedCount: number;
  overdueCount: number;
}

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function roundFilterSql(v: Visibility, f: RoundFilter): SQL {
  const parts: SQL[] = [];
  if (!('all' in v))
    parts.push(sql`exists (select 1 from ${evaluationEntries} e where e.round_id = r.id and ${entryVisible(v)})`);
  if (f.q) parts.push(sql`r.name ilike ${like(f.q)}`);
  if (f.kind) parts.push(sql`r.kind = ${f.kind}`);
  if (f.status) parts.push(sql`r.status = ${f.status}`);
  if (f.year) parts.push(sql`r.year = ${f.year}`);
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** Rounds the caller may see with counts over the entries he may see; `today` decides overdue. */
export async function listRounds(
  db: DbOrTx,
  v: Visibility,
  f: RoundFilter,
  today: string,
  limit: number,
  offset: number,
): Promise<{ items: RoundListRow[]; total: number }> {
  const where = roundFilterSql(v, f);
  const reviewerOverdue =
    'reviewerId' in v
      ? sql`(select count(*)::int from ${reviewAssignments} ra join ${evaluationEntries} e on e.id = ra.entry_id
             where e.round_id = r.id and ra.reviewer_id = ${v.reviewerId} and ra.status <> 'submitted'
               and r.status in ('open', 'reviewing') and r.review_due_on < ${today})`
      : sql`(select count(*)::int from ${evaluationEntries} e where e.round_id = r.id and ${entryVisible(v)}
             and r.status = 'open' and r.self_due_on < ${today} and e.status in ('not_started', 'draft', 'returned'))`;
  const [items, [count]] = await Promise.all([
    queryRows<RoundListRow>(
      db,
      sql`select r.id, r.kind, r.name, r.year, r.framework_id as "frameworkId", f.name as "frameworkName",
                 f.version as "frameworkVersion", r.self_due_on::text as "selfDueOn", r.review_due_on::text as "reviewDueOn",
                 r.method, r.status, to_json(r.created_at)#>>'{}' as "createdAt",
                 to_json(r.consolidated_at)#>>'{}' as "consolidatedAt",
                 (select count(*)::int from ${evaluationEntries} e where e.round_id = r.id and ${entryVisible(v)}) as "entryCount",
                 (select count(*)::int from ${evaluationEntries} e where e.round_id = r.id and ${entryVisible(v)}
                    and e.submitted_at is not null and e.status not in ('returned')) as "submittedCount",
                 ${reviewerOverdue} as "overdueCount"
          from ${evaluationRounds} r join ${indicatorFrameworks} f on f.id = r.framework_id
          where ${where}
          order by r.year desc, r.created_at desc
          limit ${limit} offset ${offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${evaluationRounds} r where ${where}`),
  ]);
  return { items, total: count?.n ?? 0 };
}

// ── Entries ────────────────────────────────────────────────────────────────

export interface EntryListRow {
  id: string;
  roundId: string;
  roundName: string;
  roundKind: string;
  roundStatus: string;
  year: number;
  frameworkId: string;
  method: string;
  selfDueOn: string;
  reviewDueOn: string;
  consortiumId: string;
  consortiumName: string;
  status: string;
  submittedAt: string | null;
  returnReason: string | null;
  selfTotal: number;
  reviewerCount: number;
  reviewsSubmitted: number;
  total: number | null;
  resultLabel: string | null;
  rank: number | null;
  recommended: boolean;
  decision: string | null;
  decisionOn: string | null;
  decisionNote: string | null;
  deductionTotal: number | null;
  flagCount: number;
  overdue: boolean;
}

export interface EntryFilter {
  roundId?: string | undefined;
  entryId?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
  overdue?: boolean | undefined;
}

function entryFilterSql(v: Visibility, f: EntryFilter, today: string): SQL {
  const parts: SQL[] = [entryVisible(v)];
  if (f.roundId) parts.push(sql`e.round_id = ${f.roundId}`);
  if (f.entryId) parts.push(sql`e.id = ${f.entryId}`);
  if (f.status) parts.push(sql`e.status = ${f.status}`);
  if (f.q) parts.push(sql`(c.name ilike ${like(f.q)} or r.name ilike ${like(f.q)})`);
  if (f.overdue !== undefined) parts.push(f.overdue ? overdueSql(today) : sql`not ${overdueSql(today)}`);
  return sql.join(parts, sql` and `);
}

/** Self-assessment overdue: the round is open, the due date passed, the entry is not (re)submitted. */
const overdueSql = (today: string) =>
  sql`(r.status = 'open' and r.self_due_on < ${today} and e.status in ('not_started', 'draft', 'returned'))`;

export async function listEntries(
  db: DbOrTx,
  v: Visibility,
  f: EntryFilter,
  today: string,
  limit: number,
  offset: number,
): Promise<{ items: EntryListRow[]; total: number }> {
  const where = entryFilterSql(v, f, today);
  const from = sql`from ${evaluationEntries} e join ${evaluationRounds} r on r.id = e.round_id join ${consortia} c on c.id = e.consortium_id`;
  const [items, [count]] = await Promise.all([
    queryRows<EntryListRow>(
      db,
      sql`select e.id, e.round_id as "roundId", r.name as "roundName", r.kind as "roundKind", r.status as "roundStatus",
                 r.year, r.framework_id as "frameworkId", r.method,
                 r.self_due_on::text as "selfDueOn", r.review_due_on::text as "reviewDueOn",
                 e.consortium_id as "consortiumId", c.name as "consortiumName", e.status,
                 to_json(e.submitted_at)#>>'{}' as "submittedAt", e.return_reason as "returnReason",
                 coalesce((select sum(s.self_score) from ${selfAssessments} s where s.entry_id = e.id), 0)::float8 as "selfTotal",
                 (select count(*)::int from ${reviewAssignments} ra where ra.entry_id = e.id) as "reviewerCount",
                 (select count(*)::int from ${reviewAssignments} ra where ra.entry_id = e.id and ra.status = 'submitted') as "reviewsSubmitted",
                 e.total::float8 as total, e.result_label as "resultLabel", e.rank, e.recommended, e.decision,
                 e.decision_on::text as "decisionOn", e.decision_note as "decisionNote",
                 e.deduction_total::float8 as "deductionTotal",
                 coalesce((select sum(jsonb_array_length(s.flags_snapshot)) from ${selfAssessments} s
                           where s.entry_id = e.id and jsonb_typeof(s.flags_snapshot) = 'array'), 0)::int as "flagCount",
                 ${overdueSql(today)} as overdue
          ${from}
          where ${where}
          order by r.year desc, r.created_at desc, e.rank nulls last, c.name
          limit ${limit} offset ${offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function findEntry(db: DbOrTx, id: string): Promise<EntryRow | undefined> {
  const [row] = await db.select().from(evaluationEntries).where(eq(evaluationEntries.id, id));
  return row;
}

export async function lockEntry(tx: DbOrTx, id: string): Promise<EntryRow | undefined> {
  const [row] = await tx.select().from(evaluationEntries).where(eq(evaluationEntries.id, id)).for('update');
  return row;
}

export function entriesOfRound(db: DbOrTx, roundId: string): Promise<EntryRow[]> {
  return db.select().from(evaluationEntries).where(eq(evaluationEntries.roundId, roundId));
}

export async function insertEntries(tx: DbOrTx, roundId: string, consortiumIds: string[]) {
  if (consortiumIds.length)
    await tx.insert(evaluationEntries).values(consortiumIds.map((consortiumId) => ({ roundId, consortiumId })));
}

export async function deleteEntries(tx: DbOrTx, roundId: string, consortiumIds: string[]) {
  if (consortiumIds.length)
    await tx
      .delete(evaluationEntries)
      .where(and(eq(evaluationEntries.roundId, roundId), inArray(evaluationEntries.consortiumId, consortiumIds)));
}

export async function updateEntry(tx: DbOrTx, id: string, set: Partial<typeof evaluationEntries.$inferInsert>) {
  await tx
    .update(evaluationEntries)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(evaluationEntries.id, id));
}

export async function countRecommended(tx: DbOrTx, roundId: string): Promise<number> {
  const [r] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from ${evaluationEntries} where round_id = ${roundId} and recommended`,
  );
  return r?.n ?? 0;
}

// ── Consortia (read-only) ─────────────────────────────────────────────────

export function consortiaByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: consortia.id, name: consortia.name, status: consortia.status, deletedAt: consortia.deletedAt })
    .from(consortia)
    .where(inArray(consortia.id, ids));
}

// ── Self-assessments and evidence ─────────────────────────────────────────

export function selfAssessmentsOf(db: DbOrTx, entryId: string): Promise<SelfRow[]> {
  return db.select().from(selfAssessments).where(eq(selfAssessments.entryId, entryId));
}

export async function upsertSelfAssessment(
  tx: DbOrTx,
  v: { entryId: string; pointCode: string; narrative: string; selfScore: number | null; updatedBy: string | null },
) {
  await tx
    .insert(selfAssessments)
    .values({ ...v, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [selfAssessments.entryId, selfAssessments.pointCode],
      set: { narrative: v.narrative, selfScore: v.selfScore, updatedBy: v.updatedBy, updatedAt: new Date() },
    });
}

export async function setSnapshot(tx: DbOrTx, entryId: string, pointCode: string, fact: unknown, flags: unknown) {
  await tx
    .insert(selfAssessments)
    .values({ entryId, pointCode, factSnapshot: fact, flagsSnapshot: flags })
    .onConflictDoUpdate({
      target: [selfAssessments.entryId, selfAssessments.pointCode],
      set: { factSnapshot: fact, flagsSnapshot: flags },
    });
}

export async function insertFile(tx: DbOrTx, values: typeof files.$inferInsert): Promise<string> {
  const [row] = await tx.insert(files).values(values).returning({ id: files.id });
  return row!.id;
}

export async function insertEvidence(tx: DbOrTx, values: typeof selfAssessmentEvidence.$inferInsert) {
  const [row] = await tx.insert(selfAssessmentEvidence).values(values).returning({ id: selfAssessmentEvidence.id });
  return row!.id;
}

const evidenceCols = {
  id: selfAssessmentEvidence.id,
  entryId: selfAssessmentEvidence.entryId,
  pointCode: selfAssessmentEvidence.pointCode,
  fileId: selfAssessmentEvidence.fileId,
  createdAt: selfAssessmentEvidence.createdAt,
  fileName: files.originalName,
  mime: files.mime,
  size: files.size,
  storageKey: files.storageKey,
};
export type EvidenceRow = { [K in keyof typeof evidenceCols]: (typeof evidenceCols)[K]['_']['data'] };

export function evidenceOf(db: DbOrTx, entryId: string): Promise<EvidenceRow[]> {
  return db
    .select(evidenceCols)
    .from(selfAssessmentEvidence)
    .innerJoin(files, eq(files.id, selfAssessmentEvidence.fileId))
    .where(eq(selfAssessmentEvidence.entryId, entryId))
    .orderBy(asc(selfAssessmentEvidence.createdAt));
}

export async function findEvidence(db: DbOrTx, entryId: string, id: string): Promise<EvidenceRow | undefined> {
  const [row] = await db
    .select(evidenceCols)
    .from(selfAssessmentEvidence)
    .innerJoin(files, eq(files.id, selfAssessmentEvidence.fileId))
    .where(and(eq(selfAssessmentEvidence.id, id), eq(selfAssessmentEvidence.entryId, entryId)));
  return row;
}

export async function deleteEvidence(tx: DbOrTx, id: string) {
  await tx.delete(selfAssessmentEvidence).where(eq(selfAssessmentEvidence.id, id));
}

// ── Reviewers, assignments, scores ────────────────────────────────────────

export interface ReviewerRow {
  id: string;
  name: string;
  orgId: string | null;
  orgName: string | null;
  disabled: boolean;
}

/** Accounts holding the reviewer role, with their organization. */
export async function reviewerAccounts(db: DbOrTx, ids?: string[]): Promise<ReviewerRow[]> {
  return db
    .select({
      id: users.id,
      name: users.displayName,
      orgId: users.orgId,
      orgName: organizations.name,
      disabled: users.disabled,
    })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'reviewer')))
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .where(ids ? inArray(users.id, ids) : undefined)
    .orderBy(asc(users.displayName));
}

export interface ConflictFacts {
  member: boolean;
  lead: boolean;
  seat: boolean;
}

/**
 * Per organization: whether it is or was, during [from, to], a member, a lead unit or a council seat
 * holder of the consortium (undated memberships count as current). One query for all of them.
 */
export async function conflictFacts(
  db: DbOrTx,
  orgIds: string[],
  consortiumId: string,
  from: string,
  to: string,
): Promise<Map<string, ConflictFacts>> {
  const ids = [...new Set(orgIds)];
  if (ids.length === 0) return new Map();
  const rows = await queryRows<ConflictFacts & { orgId: string }>(
    db,
    sql`select o.org_id as "orgId",
          exists (select 1 from ${consortiumMembers} m where m.consortium_id = ${consortiumId} and m.org_id = o.org_id
                  and (m.joined_on is null or m.joined_on <= ${to}) and (m.left_on is null or m.left_on >= ${from})) as member,
          exists (select 1 from ${consortiumLeads} l where l.consortium_id = ${consortiumId} and l.org_id = o.org_id) as lead,
          exists (select 1 from ${councilSeats} s where s.consortium_id = ${consortiumId} and s.org_id = o.org_id
                  and s.term_start <= ${to} and (s.term_end is null or s.term_end >= ${from})) as seat
        from (values ${sql.join(
          ids.map((id) => sql`(${id}::uuid)`),
          sql`, `,
        )}) as o(org_id)`,
  );
  return new Map(rows.map(({ orgId, ...f }) => [orgId, f]));
}

export interface AssignmentView extends AssignmentRow {
  reviewerName: string;
  reviewerOrgName: string | null;
}

export function assignmentsOf(db: DbOrTx, entryIds: string[]): Promise<AssignmentView[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: reviewAssignments.id,
      entryId: reviewAssignments.entryId,
      reviewerId: reviewAssignments.reviewerId,
      status: reviewAssignments.status,
      assignedBy: reviewAssignments.assignedBy,
      createdAt: reviewAssignments.createdAt,
      submittedAt: reviewAssignments.submittedAt,
      reviewerName: users.displayName,
      reviewerOrgName: organizations.name,
    })
    .from(reviewAssignments)
    .innerJoin(users, eq(users.id, reviewAssignments.reviewerId))
    .leftJoin(organizations, eq(organizations.id, users.orgId))
    .where(inArray(reviewAssignments.entryId, entryIds))
    .orderBy(asc(reviewAssignments.createdAt));
}

export async function findAssignment(db: DbOrTx, id: string): Promise<AssignmentRow | undefined> {
  const [row] = await db.select().from(reviewAssignments).where(eq(reviewAssignments.id, id));
  return row;
}

export async function lockAssignment(tx: DbOrTx, id: string): Promise<AssignmentRow | undefined> {
  const [row] = await tx.select().from(reviewAssignments).where(eq(reviewAssignments.id, id)).for('update');
  return row;
}

export async function insertAssignment(tx: DbOrTx, values: typeof reviewAssignments.$inferInsert): Promise<string> {
  const [row] = await tx
    .insert(reviewAssignments)
    .values(values)
    .onConflictDoNothing({ target: [reviewAssignments.entryId, reviewAssignments.reviewerId] })
    .returning({ id: reviewAssignments.id });
  return row?.id ?? '';
}

export async function deleteAssignment(tx: DbOrTx, id: string) {
  await tx.delete(reviewAssignments).where(eq(reviewAssignments.id, id));
}

export async function updateAssignment(tx: DbOrTx, id: string, set: Partial<typeof reviewAssignments.$inferInsert>) {
  await tx.update(reviewAssignments).set(set).where(eq(reviewAssignments.id, id));
}

export function scoresOf(db: DbOrTx, assignmentIds: string[]) {
  if (assignmentIds.length === 0) return Promise.resolve([]);
  return db.select().from(reviewScores).where(inArray(reviewScores.assignmentId, assignmentIds));
}

export async function upsertScore(
  tx: DbOrTx,
  v: { assignmentId: string; pointCode: string; score: number; comment: string },
) {
  await tx
    .insert(reviewScores)
    .values({ ...v, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [reviewScores.assignmentId, reviewScores.pointCode],
      set: { score: v.score, comment: v.comment, updatedAt: new Date() },
    });
}

export interface ReviewTaskRow {
  id: string;
  entryId: string;
  roundId: string;
  roundName: string;
  roundKind: string;
  roundStatus: string;
  consortiumName: string;
  status: string;
  reviewDueOn: string;
  submittedAt: string | null;
  overdue: boolean;
}

export async function reviewTasks(
  db: DbOrTx,
  reviewerId: string,
  f: { q?: string | undefined; status?: string | undefined },
  today: string,
  limit: number,
  offset: number,
): Promise<{ items: ReviewTaskRow[]; total: number }> {
  const parts: SQL[] = [sql`ra.reviewer_id = ${reviewerId}`, sql`r.status <> 'draft'`];
  if (f.status) parts.push(sql`ra.status = ${f.status}`);
  if (f.q) parts.push(sql`(c.name ilike ${like(f.q)} or r.name ilike ${like(f.q)})`);
  const where = sql.join(parts, sql` and `);
  const from = sql`from ${reviewAssignments} ra join ${evaluationEntries} e on e.id = ra.entry_id
    join ${evaluationRounds} r on r.id = e.round_id join ${consortia} c on c.id = e.consortium_id`;
  const [items, [count]] = await Promise.all([
    queryRows<ReviewTaskRow>(
      db,
      sql`select ra.id, e.id as "entryId", r.id as "roundId", r.name as "roundName", r.kind as "roundKind",
                 r.status as "roundStatus", c.name as "consortiumName", ra.status,
                 r.review_due_on::text as "reviewDueOn", to_json(ra.submitted_at)#>>'{}' as "submittedAt",
                 (ra.status <> 'submitted' and r.status in ('open', 'reviewing') and r.review_due_on < ${today}) as overdue
          ${from} where ${where}
          order by r.review_due_on desc, c.name limit ${limit} offset ${offset}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`),
  ]);
  return { items, total: count?.n ?? 0 };
}

// ── Deductions and events ─────────────────────────────────────────────────

export function deductionsOf(db: DbOrTx, entryIds: string[]): Promise<DeductionRow[]> {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(evaluationDeductions)
    .where(inArray(evaluationDeductions.entryId, entryIds))
    .orderBy(asc(evaluationDeductions.createdAt));
}

export async function insertDeduction(tx: DbOrTx, values: typeof evaluationDeductions.$inferInsert) {
  const [row] = await tx.insert(evaluationDeductions).values(values).returning({ id: evaluationDeductions.id });
  return row!.id;
}

export async function findDeduction(db: DbOrTx, entryId: string, id: string): Promise<DeductionRow | undefined> {
  const [row] = await db
    .select()
    .from(evaluationDeductions)
    .where(and(eq(evaluationDeductions.id, id), eq(evaluationDeductions.entryId, entryId)));
  return row;
}

export async function deleteDeduction(tx: DbOrTx, id: string) {
  await tx.delete(evaluationDeductions).where(eq(evaluationDeductions.id, id));
}

export async function insertEvent(
  tx: DbOrTx,
  v: { roundId: string; entryId?: string | null; kind: string; note?: string | null; actorId: string | null },
) {
  await tx.insert(evaluationEvents).values({
    roundId: v.roundId,
    entryId: v.entryId ?? null,
    kind: v.kind,
    note: v.note ?? null,
    actorId: v.actorId,
  });
}

export function eventsOf(db: DbOrTx, roundId: string) {
  return db
    .select({
      id: evaluationEvents.id,
      at: evaluationEvents.createdAt,
      kind: evaluationEvents.kind,
      note: evaluationEvents.note,
      actorId: evaluationEvents.actorId,
      actorName: users.displayName,
      entryId: evaluationEvents.entryId,
      consortiumId: evaluationEntries.consortiumId,
      consortiumName: consortia.name,
    })
    .from(evaluationEvents)
    .leftJoin(users, eq(users.id, evaluationEvents.actorId))
    .leftJoin(evaluationEntries, eq(evaluationEntries.id, evaluationEvents.entryId))
    .leftJoin(consortia, eq(consortia.id, evaluationEntries.consortiumId))
    .where(eq(evaluationEvents.roundId, roundId))
    .orderBy(desc(evaluationEvents.id));
}

// ── Frameworks ────────────────────────────────────────────────────────────

/** The newest published framework (of any name), the default a round pins. */
export async function currentPublishedFramework(db: DbOrTx, name: string) {
  const [row] = await db
    .select({ id: indicatorFrameworks.id })
    .from(indicatorFrameworks)
    .where(and(eq(indicatorFrameworks.status, 'published'), eq(indicatorFrameworks.name, name)))
    .orderBy(desc(indicatorFrameworks.version))
    .limit(1);
  return row?.id;
}

export async function frameworkStatus(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ status: indicatorFrameworks.status })
    .from(indicatorFrameworks)
    .where(eq(indicatorFrameworks.id, id));
  return row?.status;
}

// ── Computed facts (read-only over the registry and talent tables) ────────

/**
 * 2.1: distinct organizations that are council units (理事单位 members active on `asOf`) or hold a
 * council seat on `asOf`, by organization type; and the seats held on `asOf`.
 */
export async function councilCounts(db: DbOrTx, consortiumId: string, asOf: string) {
  const [byType, [seats]] = await Promise.all([
    queryRows<{ type: string; n: number }>(
      db,
      sql`select o.type, count(distinct o.id)::int as n from ${organizations} o
          where o.id in (
            select m.org_id from ${consortiumMembers} m where m.consortium_id = ${consortiumId}
              and m.member_role = 'council_unit' and (m.joined_on is null or m.joined_on <= ${asOf})
              and (m.left_on is null or m.left_on > ${asOf})
            union
            select s.org_id from ${councilSeats} s where s.consortium_id = ${consortiumId}
              and s.term_start <= ${asOf} and (s.term_end is null or s.term_end >= ${asOf}))
          group by o.type`,
    ),
    queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${councilSeats} s where s.consortium_id = ${consortiumId}
            and s.term_start <= ${asOf} and (s.term_end is null or s.term_end >= ${asOf})`,
    ),
  ]);
  return { unitsByType: Object.fromEntries(byType.map((r) => [r.type, r.n])), seats: seats?.n ?? 0 };
}

/**
 * 4.1: jobs of the consortium published for the year (and their head count), student profiles of
 * the consortium or its member schools, applications to the consortium's jobs made in the year and
 * those onboard.
 */
export async function talentCounts(db: DbOrTx, consortiumId: string, year: number) {
  const [r] = await queryRows<{
    jobs: number;
    headCount: number;
    profiles: number;
    applications: number;
    placements: number;
  }>(
    db,
    sql`select
          (select count(*)::int from ${jobDemands} j where j.consortium_id = ${consortiumId} and j.deleted_at is null
             and j.published_at is not null and j.year = ${year}) as "jobs",
          (select coalesce(sum(j.head_count), 0)::int from ${jobDemands} j where j.consortium_id = ${consortiumId}
             and j.deleted_at is null and j.published_at is not null and j.year = ${year}) as "headCount",
          (select count(*)::int from ${studentProfiles} p where p.deleted_at is null and (p.consortium_id = ${consortiumId}
             or p.school_org_id in (select m.org_id from ${consortiumMembers} m where m.consortium_id = ${consortiumId}
                                    and m.left_on is null))) as "profiles",
          (select count(*)::int from ${applications} a join ${jobDemands} j on j.id = a.job_id
             where j.consortium_id = ${consortiumId} and extract(year from a.created_at at time zone 'Asia/Shanghai') = ${year}) as "applications",
          (select count(*)::int from ${applications} a join ${jobDemands} j on j.id = a.job_id
             where j.consortium_id = ${consortiumId} and a.stage = 'onboard'
               and extract(year from coalesce(a.onboard_on, (a.updated_at at time zone 'Asia/Shanghai')::date)) = ${year}) as "placements"`,
  );
  return r ?? { jobs: 0, headCount: 0, profiles: 0, applications: 0, placements: 0 };
}

// ── Scores for the ranking, reminders ─────────────────────────────────────

export function latestScores(db: DbOrTx, year: number) {
  return queryRows<{
    consortiumId: string;
    total: number;
    roundId: string;
    roundKind: string;
    roundName: string;
    consolidatedAt: string;
  }>(
    db,
    sql`select distinct on (e.consortium_id) e.consortium_id as "consortiumId", e.total::float8 as total,
               r.id as "roundId", r.kind as "roundKind", r.name as "roundName",
               to_json(r.consolidated_at)#>>'{}' as "consolidatedAt"
        from ${evaluationEntries} e join ${evaluationRounds} r on r.id = e.round_id
        where r.status in ('consolidated', 'closed') and r.year <= ${year} and e.total is not null
          and r.consolidated_at is not null
        order by e.consortium_id, r.consolidated_at desc, r.id`,
  );
}

/** Entries of open rounds not yet (re)submitted, with the round's self-assessment due date. */
export function pendingSelfAssessments(db: DbOrTx) {
  return queryRows<{ entryId: string; roundId: string; roundName: string; consortiumId: string; dueOn: string }>(
    db,
    sql`select e.id as "entryId", r.id as "roundId", r.name as "roundName", e.consortium_id as "consortiumId",
               r.self_due_on::text as "dueOn"
        from ${evaluationEntries} e join ${evaluationRounds} r on r.id = e.round_id
        where r.status = 'open' and e.status in ('not_started', 'draft', 'returned')`,
  );
}

/** Assignments not yet submitted in open or reviewing rounds, with the review due date. */
export function pendingReviews(db: DbOrTx) {
  return queryRows<{
    assignmentId: string;
    entryId: string;
    reviewerId: string;
    roundName: string;
    consortiumName: string;
    dueOn: string;
  }>(
    db,
    sql`select ra.id as "assignmentId", e.id as "entryId", ra.reviewer_id as "reviewerId", r.name as "roundName",
               c.name as "consortiumName", r.review_due_on::text as "dueOn"
        from ${reviewAssignments} ra join ${evaluationEntries} e on e.id = ra.entry_id
        join ${evaluationRounds} r on r.id = e.round_id join ${consortia} c on c.id = e.consortium_id
        where r.status in ('open', 'reviewing') and ra.status <> 'submitted'`,
  );
}
