// 评价轮次 (issue 5 item 2): evaluation rounds, entries, self-assessments, reviews, deductions.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { indicatorFrameworks } from './evaluation';
import { users } from './identity';
import { consortia, files } from './org';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Scores are whole or half points; numeric keeps them exact. */
const points = (name: string) => numeric(name, { precision: 6, scale: 2, mode: 'number' });

/**
 * 评价轮次: 申报 application, 省级推荐 recommendation, 验收 acceptance, 年度绩效评价 annual.
 * Pins one published framework version; status draft → open → reviewing → consolidated → closed.
 */
export const evaluationRounds = pgTable(
  'evaluation_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => indicatorFrameworks.id),
    selfDueOn: date('self_due_on', { mode: 'string' }).notNull(),
    reviewDueOn: date('review_due_on', { mode: 'string' }).notNull(),
    /** mean | trimmed_mean */
    method: text('method').notNull().default('mean'),
    status: text('status').notNull().default('draft'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    consolidatedAt: ts('consolidated_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    check('evaluation_rounds_kind', sql`${t.kind} in ('application', 'recommendation', 'acceptance', 'annual')`),
    check('evaluation_rounds_status', sql`${t.status} in ('draft', 'open', 'reviewing', 'consolidated', 'closed')`),
    check('evaluation_rounds_method', sql`${t.method} in ('mean', 'trimmed_mean')`),
    index('evaluation_rounds_year_idx').on(t.year),
  ],
);

/** 参评记录: one consortium in one round, with its consolidated result and the official's decision. */
export const evaluationEntries = pgTable(
  'evaluation_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id, { onDelete: 'cascade' }),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id),
    /** not_started | draft | submitted | returned | under_review | scored */
    status: text('status').notNull().default('not_started'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    returnReason: text('return_reason'),
    total: points('total'),
    /** Consolidated per point: { [pointCode]: score }. */
    pointScores: jsonb('point_scores').$type<Record<string, number>>(),
    deductionTotal: points('deduction_total'),
    reviewerCount: integer('reviewer_count'),
    resultLabel: text('result_label'),
    rank: integer('rank'),
    recommended: boolean('recommended').notNull().default(false),
    /** accepted | revoked: the registry decision taken on this result. */
    decision: text('decision'),
    decisionOn: date('decision_on', { mode: 'string' }),
    decisionNote: text('decision_note'),
    decidedBy: uuid('decided_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('evaluation_entries_round_consortium').on(t.roundId, t.consortiumId),
    index('evaluation_entries_consortium_idx').on(t.consortiumId),
    check(
      'evaluation_entries_status',
      sql`${t.status} in ('not_started', 'draft', 'submitted', 'returned', 'under_review', 'scored')`,
    ),
    check('evaluation_entries_decision', sql`${t.decision} is null or ${t.decision} in ('accepted', 'revoked')`),
  ],
);

/**
 * 自评: entry × observation point. At submission the computed fact and the contradiction flags are
 * snapshotted here, so reviewers see what the secretariat saw.
 */
export const selfAssessments = pgTable(
  'self_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => evaluationEntries.id, { onDelete: 'cascade' }),
    pointCode: text('point_code').notNull(),
    narrative: text('narrative').notNull().default(''),
    selfScore: points('self_score'),
    factSnapshot: jsonb('fact_snapshot'),
    flagsSnapshot: jsonb('flags_snapshot'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('self_assessments_entry_point').on(t.entryId, t.pointCode)],
);

/** 佐证材料: files attached to one point of a self-assessment. */
export const selfAssessmentEvidence = pgTable(
  'self_assessment_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => evaluationEntries.id, { onDelete: 'cascade' }),
    pointCode: text('point_code').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('self_assessment_evidence_entry_idx').on(t.entryId, t.pointCode)],
);

/** 评审指派: entry × reviewer (refused on conflict of interest); submitted once. */
export const reviewAssignments = pgTable(
  'review_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => evaluationEntries.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    /** assigned | draft | submitted */
    status: text('status').notNull().default('assigned'),
    assignedBy: uuid('assigned_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
  },
  (t) => [
    uniqueIndex('review_assignments_entry_reviewer').on(t.entryId, t.reviewerId),
    index('review_assignments_reviewer_idx').on(t.reviewerId),
    check('review_assignments_status', sql`${t.status} in ('assigned', 'draft', 'submitted')`),
  ],
);

/** 专家评分: assignment × point, score (≤ the point's weight) and comment. */
export const reviewScores = pgTable(
  'review_scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => reviewAssignments.id, { onDelete: 'cascade' }),
    pointCode: text('point_code').notNull(),
    score: points('score').notNull(),
    comment: text('comment').notNull().default(''),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('review_scores_assignment_point').on(t.assignmentId, t.pointCode),
    check('review_scores_score', sql`${t.score} >= 0`),
  ],
);

/** 负面清单 deductions (point 7.1) entered by officials. */
export const evaluationDeductions = pgTable(
  'evaluation_deductions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => evaluationEntries.id, { onDelete: 'cascade' }),
    pointCode: text('point_code').notNull(),
    item: text('item').notNull(),
    reason: text('reason').notNull(),
    points: points('points').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('evaluation_deductions_entry_idx').on(t.entryId),
    check('evaluation_deductions_points', sql`${t.points} > 0`),
  ],
);

/** The dated history of a round: every state change, by whom and when. */
export const evaluationEvents = pgTable(
  'evaluation_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => evaluationRounds.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id').references(() => evaluationEntries.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    note: text('note'),
    actorId: uuid('actor_id').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('evaluation_events_round_idx').on(t.roundId, t.id)],
);
