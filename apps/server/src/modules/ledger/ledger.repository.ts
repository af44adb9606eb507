/**
 * The only file that queries ledger_tasks, ledger_reports, ledger_events and ledger_files. Read-only
 * lookups of reference data (ref_reform_measures, ref_policy_targets), government organizations and
 * user names; evidence bytes are recorded in the shared `files` table as the other modules do.
 */
import {
  type DbOrTx,
  files,
  ledgerEvents,
  ledgerFiles,
  ledgerReports,
  ledgerTasks,
  organizations,
  refPolicyTargets,
  refReformMeasures,
  users,
} from '@chanjiao/db';
import { and, asc, type Column, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';

export type TaskRow = typeof ledgerTasks.$inferSelect;
export type ReportRow = typeof ledgerReports.$inferSelect;
export type EventRow = typeof ledgerEvents.$inferSelect;
export type FileRow = typeof files.$inferSelect;
export type MeasureRow = typeof refReformMeasures.$inferSelect;
export type TargetRow = typeof refPolicyTargets.$inferSelect;
export type EntityType = 'task' | 'report' | 'case' | 'policy_item' | 'ranking';
export type EvidenceEntity = 'report' | 'case' | 'policy_item';

/** `%term%` for ILIKE with the wildcards in the term escaped. */
export const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A list's text search: any of these columns contains the term (no condition without a term). */
export const containsText = (q: string | undefined, ...cols: (Column | SQL)[]): SQL | undefined =>
  q ? or(...cols.map((c) => ilike(c, like(q)))) : undefined;

// ── Reference data and organizations (read-only) ─────────────────────────────

export function measures(db: DbOrTx): Promise<MeasureRow[]> {
  return db.select().from(refReformMeasures).orderBy(asc(refReformMeasures.no));
}

export async function measure(db: DbOrTx, no: number): Promise<MeasureRow | undefined> {
  const [row] = await db.select().from(refReformMeasures).where(eq(refReformMeasures.no, no));
  return row;
}

export interface OrgLite {
  id: string;
  name: string;
  abbreviation: string | null;
  type: string;
}

const orgLite = {
  id: organizations.id,
  name: organizations.name,
  abbreviation: organizations.abbreviation,
  type: organizations.type,
};

/** Government organizations of the registry (not deleted), by name. */
export function governmentOrgs(db: DbOrTx): Promise<OrgLite[]> {
  return db
    .select(orgLite)
    .from(organizations)
    .where(and(eq(organizations.type, 'government'), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.name));
}

export async function orgById(db: DbOrTx, id: string): Promise<OrgLite | undefined> {
  const [row] = await db
    .select(orgLite)
    .from(organizations)
    .where(and(eq(organizations.id, id), isNull(organizations.deletedAt)));
  return row;
}

export function policyTargets(db: DbOrTx, ids: string[]): Promise<TargetRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(refPolicyTargets)
    .where(inArray(refPolicyTargets.id, ids))
    .orderBy(asc(refPolicyTargets.id), asc(refPolicyTargets.year));
}

export async function userNames(db: DbOrTx, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (want.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, want));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ── Tasks ─────────────────────────────────────────────────────────────────────

export interface TaskFilter {
  year?: number | undefined;
  measureNo?: number | undefined;
  unitOrgId?: string | undefined;
  q?: string | undefined;
  /** Data scope: only this unit's tasks. */
  scopeOrgId?: string | undefined;
}

export interface TaskListRow extends TaskRow {
  unitName: string;
  measureTitle: string;
  section: string;
}

function taskWhere(f: TaskFilter): SQL | undefined {
  return and(
    f.year ? eq(ledgerTasks.year, f.year) : undefined,
    f.measureNo ? eq(ledgerTasks.measureNo, f.measureNo) : undefined,
    f.unitOrgId ? eq(ledgerTasks.unitOrgId, f.unitOrgId) : undefined,
    f.scopeOrgId ? eq(ledgerTasks.unitOrgId, f.scopeOrgId) : undefined,
    containsText(f.q, ledgerTasks.title, ledgerTasks.target, organizations.name, refReformMeasures.title),
  );
}

/** Tasks with their unit's name and their measure's title and section. */
function tasksWithNames(db: DbOrTx) {
  const t = ledgerTasks;
  return db
    .select({
      id: t.id,
      year: t.year,
      measureNo: t.measureNo,
      unitOrgId: t.unitOrgId,
      title: t.title,
      target: t.target,
      kpiId: t.kpiId,
      dueQuarter: t.dueQuarter,
      isDemo: t.isDemo,
      createdBy: t.createdBy,
      createdAt: t.createdAt,
      updatedAt: t.updatedAt,
      unitName: organizations.name,
      measureTitle: refReformMeasures.title,
      section: refReformMeasures.section,
    })
    .from(ledgerTasks)
    .innerJoin(organizations, eq(organizations.id, ledgerTasks.unitOrgId))
    .innerJoin(refReformMeasures, eq(refReformMeasures.no, ledgerTasks.measureNo));
}

/** Every task matching the filter (a year holds a few hundred at most; flags are computed on all of them). */
export function listTasks(db: DbOrTx, f: TaskFilter): Promise<TaskListRow[]> {
  return tasksWithNames(db)
    .where(taskWhere(f))
    .orderBy(desc(ledgerTasks.year), asc(ledgerTasks.measureNo), asc(organizations.name));
}

export async function findTask(db: DbOrTx, id: string): Promise<TaskListRow | undefined> {
  const [row] = await tasksWithNames(db).where(eq(ledgerTasks.id, id));
  return row;
}

export async function lockTask(tx: DbOrTx, id: string): Promise<TaskRow | undefined> {
  const [row] = await tx.select().from(ledgerTasks).where(eq(ledgerTasks.id, id)).for('update');
  return row;
}

export async function findTaskFor(db: DbOrTx, measureNo: number, year: number, unitOrgId: string) {
  const [row] = await db
    .select({ id: ledgerTasks.id })
    .from(ledgerTasks)
    .where(and(eq(ledgerTasks.measureNo, measureNo), eq(ledgerTasks.year, year), eq(ledgerTasks.unitOrgId, unitOrgId)));
  return row;
}

export async function insertTask(tx: DbOrTx, values: typeof ledgerTasks.$inferInsert): Promise<string> {
  const [row] = await tx.insert(ledgerTasks).values(values).returning({ id: ledgerTasks.id });
  return row!.id;
}

export async function updateTask(tx: DbOrTx, id: string, set: Partial<typeof ledgerTasks.$inferInsert>) {
  await tx
    .update(ledgerTasks)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(ledgerTasks.id, id));
}

export async function deleteTask(tx: DbOrTx, id: string) {
  await tx.delete(ledgerTasks).where(eq(ledgerTasks.id, id));
}

export async function taskCountsByMeasure(db: DbOrTx, year: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ no: ledgerTasks.measureNo, n: count() })
    .from(ledgerTasks)
    .where(eq(ledgerTasks.year, year))
    .groupBy(ledgerTasks.measureNo);
  return new Map(rows.map((r) => [r.no, r.n]));
}

// ── Reports ───────────────────────────────────────────────────────────────────

export function reportsOfTasks(db: DbOrTx, taskIds: string[]): Promise<ReportRow[]> {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(ledgerReports)
    .where(inArray(ledgerReports.taskId, taskIds))
    .orderBy(asc(ledgerReports.quarter));
}

export async function findReport(db: DbOrTx, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(ledgerReports).where(eq(ledgerReports.id, id));
  return row;
}

export async function lockReport(tx: DbOrTx, id: string): Promise<ReportRow | undefined> {
  const [row] = await tx.select().from(ledgerReports).where(eq(ledgerReports.id, id)).for('update');
  return row;
}

export async function findReportOf(db: DbOrTx, taskId: string, quarter: number): Promise<ReportRow | undefined> {
  const [row] = await db
    .select()
    .from(ledgerReports)
    .where(and(eq(ledgerReports.taskId, taskId), eq(ledgerReports.quarter, quarter)));
  return row;
}

export async function insertReport(tx: DbOrTx, values: typeof ledgerReports.$inferInsert): Promise<string> {
  const [row] = await tx.insert(ledgerReports).values(values).returning({ id: ledgerReports.id });
  return row!.id;
}

export async function updateReport(tx: DbOrTx, id: string, set: Partial<typeof ledgerReports.$inferInsert>) {
  await tx
    .update(ledgerReports)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(ledgerReports.id, id));
}

export interface ReportFilter {
  year?: number | undefined;
  quarter?: number | undefined;
  status?: string | undefined;
  unitOrgId?: string | undefined;
  measureNo?: number | undefined;
  q?: string | undefined;
  scopeOrgId?: string | undefined;
}

export interface ReportListRow extends ReportRow {
  year: number;
  measureNo: number;
  taskTitle: string;
  unitOrgId: string;
  unitName: string;
  evidenceCount: number;
}

const reportEvidenceCount = sql<number>`(select count(*)::int from ${ledgerFiles} lf where lf.entity_type = 'report' and lf.entity_id = ${ledgerReports}.id)`;

export async function listReports(db: DbOrTx, f: ReportFilter, limit: number, offset: number) {
  const where = and(
    f.year ? eq(ledgerTasks.year, f.year) : undefined,
    f.quarter ? eq(ledgerReports.quarter, f.quarter) : undefined,
    f.status ? eq(ledgerReports.status, f.status) : undefined,
    f.unitOrgId ? eq(ledgerTasks.unitOrgId, f.unitOrgId) : undefined,
    f.scopeOrgId ? eq(ledgerTasks.unitOrgId, f.scopeOrgId) : undefined,
    f.measureNo ? eq(ledgerTasks.measureNo, f.measureNo) : undefined,
    containsText(f.q, ledgerTasks.title, ledgerReports.narrative, organizations.name),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        report: ledgerReports,
        year: ledgerTasks.year,
        measureNo: ledgerTasks.measureNo,
        taskTitle: ledgerTasks.title,
        unitOrgId: ledgerTasks.unitOrgId,
        unitName: organizations.name,
        evidenceCount: reportEvidenceCount,
      })
      .from(ledgerReports)
      .innerJoin(ledgerTasks, eq(ledgerTasks.id, ledgerReports.taskId))
      .innerJoin(organizations, eq(organizations.id, ledgerTasks.unitOrgId))
      .where(where)
      .orderBy(desc(ledgerReports.submittedAt), desc(ledgerReports.updatedAt))
      .limit(limit)
      .offset(offset),
    db
      .select({ n: count() })
      .from(ledgerReports)
      .innerJoin(ledgerTasks, eq(ledgerTasks.id, ledgerReports.taskId))
      .innerJoin(organizations, eq(organizations.id, ledgerTasks.unitOrgId))
      .where(where),
  ]);
  const items: ReportListRow[] = rows.map((r) => ({
    ...r.report,
    year: r.year,
    measureNo: r.measureNo,
    taskTitle: r.taskTitle,
    unitOrgId: r.unitOrgId,
    unitName: r.unitName,
    evidenceCount: r.evidenceCount,
  }));
  return { items, total: total?.n ?? 0 };
}

// ── History ───────────────────────────────────────────────────────────────────

export async function insertEvent(tx: DbOrTx, values: typeof ledgerEvents.$inferInsert) {
  await tx.insert(ledgerEvents).values(values);
}

export function eventsOf(db: DbOrTx, entityType: EntityType, entityId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(ledgerEvents)
    .where(and(eq(ledgerEvents.entityType, entityType), eq(ledgerEvents.entityId, entityId)))
    .orderBy(asc(ledgerEvents.id));
}

/** A task's own events and those of its reports. */
export function eventsOfTask(db: DbOrTx, taskId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(ledgerEvents)
    .where(
      or(and(eq(ledgerEvents.entityType, 'task'), eq(ledgerEvents.entityId, taskId)), eq(ledgerEvents.taskId, taskId)),
    )
    .orderBy(asc(ledgerEvents.id));
}

// ── Evidence files ────────────────────────────────────────────────────────────

export async function insertFile(tx: DbOrTx, values: typeof files.$inferInsert): Promise<string> {
  const [row] = await tx.insert(files).values(values).returning({ id: files.id });
  return row!.id;
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  const [row] = await db.select().from(files).where(eq(files.id, id));
  return row;
}

export async function insertEvidence(tx: DbOrTx, values: typeof ledgerFiles.$inferInsert): Promise<string> {
  const [row] = await tx.insert(ledgerFiles).values(values).returning({ id: ledgerFiles.id });
  return row!.id;
}

export async function findEvidence(db: DbOrTx, id: string) {
  const [row] = await db.select().from(ledgerFiles).where(eq(ledgerFiles.id, id));
  return row;
}

export async function deleteEvidence(tx: DbOrTx, id: string) {
  await tx.delete(ledgerFiles).where(eq(ledgerFiles.id, id));
}

/** Which ledger records link a stored file (a download is allowed when the caller may read one of them). */
export function linksOfFile(db: DbOrTx, fileId: string) {
  return db
    .select({ entityType: ledgerFiles.entityType, entityId: ledgerFiles.entityId })
    .from(ledgerFiles)
    .where(eq(ledgerFiles.fileId, fileId));
}

export interface EvidenceRow {
  id: string;
  entityId: string;
  fileId: string;
  fileName: string;
  mime: string;
  size: number;
  uploadedBy: string | null;
  createdAt: Date;
}

export function evidenceOf(db: DbOrTx, entityType: EvidenceEntity, entityIds: string[]): Promise<EvidenceRow[]> {
  if (entityIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: ledgerFiles.id,
      entityId: ledgerFiles.entityId,
      fileId: files.id,
      fileName: files.originalName,
      mime: files.mime,
      size: files.size,
      uploadedBy: users.displayName,
      createdAt: ledgerFiles.createdAt,
    })
    .from(ledgerFiles)
    .innerJoin(files, eq(files.id, ledgerFiles.fileId))
    .leftJoin(users, eq(users.id, ledgerFiles.addedBy))
    .where(and(eq(ledgerFiles.entityType, entityType), inArray(ledgerFiles.entityId, entityIds)))
    .orderBy(asc(ledgerFiles.createdAt));
}
