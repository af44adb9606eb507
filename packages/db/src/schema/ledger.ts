// 工作台账, 赛马比拼, 政策事项清单 (issue 5 items 3–5). See docs/evaluation.md.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { consortia, files, organizations } from './org';
import { refReformMeasures } from './reference';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Component scores and composites, 0–100 with two decimals. */
const score = (name: string) => numeric(name, { precision: 6, scale: 2, mode: 'number' });

/**
 * 台账任务: one reform measure (1–25) × year × responsible unit (a government organization matched
 * to the measure's 责任单位), with its annual target, an optional cockpit KPI (ref_policy_targets id)
 * and the quarter it is due.
 */
export const ledgerTasks = pgTable(
  'ledger_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    measureNo: integer('measure_no')
      .notNull()
      .references(() => refReformMeasures.no),
    unitOrgId: uuid('unit_org_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    target: text('target').notNull(),
    kpiId: text('kpi_id'),
    dueQuarter: integer('due_quarter').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_tasks_measure_year_unit_uq').on(t.measureNo, t.year, t.unitOrgId),
    index('ledger_tasks_unit_idx').on(t.unitOrgId, t.year),
    check('ledger_tasks_due_quarter', sql`${t.dueQuarter} between 1 and 4`),
  ],
);

/**
 * 季度进展报告: task × quarter. status draft → submitted → returned → submitted (resubmitted) → accepted;
 * progress is the unit's own 未开始/推进中/已完成/受阻. `firstSubmittedAt` decides whether it was on time.
 */
export const ledgerReports = pgTable(
  'ledger_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => ledgerTasks.id, { onDelete: 'cascade' }),
    quarter: integer('quarter').notNull(),
    status: text('status').notNull().default('draft'),
    progress: text('progress').notNull(),
    percent: integer('percent').notNull(),
    percentReason: text('percent_reason'),
    narrative: text('narrative').notNull(),
    reviewComment: text('review_comment'),
    resubmitted: boolean('resubmitted').notNull().default(false),
    firstSubmittedAt: ts('first_submitted_at'),
    submittedAt: ts('submitted_at'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ledger_reports_task_quarter_uq').on(t.taskId, t.quarter),
    index('ledger_reports_status_idx').on(t.status),
    check('ledger_reports_quarter', sql`${t.quarter} between 1 and 4`),
    check('ledger_reports_percent', sql`${t.percent} between 0 and 100`),
    check('ledger_reports_status', sql`${t.status} in ('draft', 'submitted', 'returned', 'accepted')`),
    check('ledger_reports_progress', sql`${t.progress} in ('not_started', 'in_progress', 'completed', 'blocked')`),
  ],
);

/**
 * The dated history of tasks, reports, cases, policy items and rankings: who did what, the status
 * before and after, the comment. Append-only (the audit log holds the full before/after).
 */
export const ledgerEvents = pgTable(
  'ledger_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** task | report | case | policy_item | ranking */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The task a report event belongs to, so a task's history includes its reports'. */
    taskId: uuid('task_id'),
    quarter: integer('quarter'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    comment: text('comment'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ledger_events_entity_idx').on(t.entityType, t.entityId), index('ledger_events_task_idx').on(t.taskId)],
);

/** Evidence files (stored in `files`) linked to a report, a best-practice case or a policy item status. */
export const ledgerFiles = pgTable(
  'ledger_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** report | case | policy_item */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    addedBy: uuid('added_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_files_entity_idx').on(t.entityType, t.entityId),
    index('ledger_files_file_idx').on(t.fileId),
    check('ledger_files_entity_type', sql`${t.entityType} in ('report', 'case', 'policy_item')`),
  ],
);

/**
 * 赛马比拼 最佳实践: one case per quarter per government unit or per consortium (its secretariat),
 * status submitted → shortlisted → selected / not_selected.
 */
export const bestPracticeCases = pgTable(
  'best_practice_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    quarter: integer('quarter').notNull(),
    unitOrgId: uuid('unit_org_id').references(() => organizations.id),
    consortiumId: uuid('consortium_id').references(() => consortia.id),
    measureNo: integer('measure_no').references(() => refReformMeasures.no),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    status: text('status').notNull().default('submitted'),
    decisionComment: text('decision_comment'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    /** 一个季度一项“最佳实践”. */
    uniqueIndex('best_practice_cases_unit_quarter_uq')
      .on(t.year, t.quarter, t.unitOrgId)
      .where(sql`unit_org_id is not null`),
    uniqueIndex('best_practice_cases_consortium_quarter_uq')
      .on(t.year, t.quarter, t.consortiumId)
      .where(sql`consortium_id is not null`),
    check('best_practice_cases_one_submitter', sql`(${t.unitOrgId} is null) <> (${t.consortiumId} is null)`),
    check('best_practice_cases_quarter', sql`${t.quarter} between 1 and 4`),
    check('best_practice_cases_status', sql`${t.status} in ('submitted', 'shortlisted', 'selected', 'not_selected')`),
  ],
);

/**
 * A computed annual ranking of consortia with the weights it used. Draft: recomputed at will (one
 * per year); published: never changes (one per year).
 */
export const rankingRuns = pgTable(
  'ranking_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    year: integer('year').notNull(),
    status: text('status').notNull().default('draft'),
    weightEvaluation: integer('weight_evaluation').notNull(),
    weightKpi: integer('weight_kpi').notNull(),
    weightLedger: integer('weight_ledger').notNull(),
    formula: text('formula').notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
    computedBy: uuid('computed_by').references(() => users.id),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by').references(() => users.id),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ranking_runs_one_draft_uq').on(t.year).where(sql`status = 'draft'`),
    uniqueIndex('ranking_runs_one_published_uq').on(t.year).where(sql`status = 'published'`),
    check('ranking_runs_status', sql`${t.status} in ('draft', 'published')`),
    check('ranking_runs_weights', sql`${t.weightEvaluation} + ${t.weightKpi} + ${t.weightLedger} = 100`),
  ],
);

/** One consortium's components and composite in a ranking run (null score = 无数据). */
export const rankingRows = pgTable(
  'ranking_rows',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => rankingRuns.id, { onDelete: 'cascade' }),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id),
    consortiumName: text('consortium_name').notNull(),
    sort: integer('sort').notNull(),
    rank: integer('rank'),
    evaluationScore: score('evaluation_score'),
    evaluationSource: text('evaluation_source'),
    kpiScore: score('kpi_score'),
    /** [{id, metric, comparator, target, unit, state, value, onTrack, note}] */
    kpiTargets: jsonb('kpi_targets').notNull(),
    ledgerScore: score('ledger_score'),
    ledgerNote: text('ledger_note').notNull(),
    /** {evaluation, kpi, ledger} in percent after redistribution. */
    effectiveWeights: jsonb('effective_weights').notNull(),
    composite: score('composite'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.consortiumId] })],
);

/** 政策事项清单: per item (ref_policy_items unit_no × item_no) and year, its status with evidence and notes. */
export const policyItemStatus = pgTable(
  'policy_item_status',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitNo: integer('unit_no').notNull(),
    itemNo: integer('item_no').notNull(),
    year: integer('year').notNull(),
    status: text('status').notNull().default('not_started'),
    evidenceText: text('evidence_text'),
    notes: text('notes'),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('policy_item_status_item_year_uq').on(t.unitNo, t.itemNo, t.year),
    check('policy_item_status_status', sql`${t.status} in ('not_started', 'in_progress', 'done')`),
  ],
);
