// 统计填报 (issue 6): statistical returns with evidence and approval. See docs/cockpit.md.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { files, organizations } from './org';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 统计填报: one dated figure for a KPI of source kind `returns` (policy-target id `T01`…) and year,
 * submitted by a government department (org) with evidence, approved or rejected by an official
 * without an organization. status draft → submitted → approved / rejected; a rejected return may be
 * edited and submitted again. Only approved returns count; a newer approval for the same KPI and year
 * supersedes the older one (`superseded_at` / `superseded_by` set, the row kept as history), so at most
 * one approved, non-superseded return exists per KPI and year.
 */
export const kpiReturns = pgTable(
  'kpi_returns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kpiCode: text('kpi_code').notNull(),
    year: integer('year').notNull(),
    value: numeric('value', { precision: 18, scale: 4, mode: 'number' }).notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    note: text('note'),
    status: text('status').notNull().default('draft'),
    rejectReason: text('reject_reason'),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    /** Set when a newer approved return for the same KPI and year replaced this one. */
    supersededAt: ts('superseded_at'),
    supersededBy: uuid('superseded_by'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('kpi_returns_kpi_year_idx').on(t.kpiCode, t.year, t.status),
    index('kpi_returns_org_idx').on(t.orgId),
    uniqueIndex('kpi_returns_current_approved_uq')
      .on(t.kpiCode, t.year)
      .where(sql`${t.status} = 'approved' and ${t.supersededAt} is null`),
    check('kpi_returns_status', sql`${t.status} in ('draft', 'submitted', 'approved', 'rejected')`),
    check('kpi_returns_year', sql`${t.year} between 2000 and 2100`),
    check('kpi_returns_value', sql`${t.value} >= 0`),
  ],
);

/** Evidence files (stored in `files`) of a return. */
export const kpiReturnFiles = pgTable(
  'kpi_return_files',
  {
    returnId: uuid('return_id')
      .notNull()
      .references(() => kpiReturns.id, { onDelete: 'cascade' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    addedBy: uuid('added_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.returnId, t.fileId] }), index('kpi_return_files_file_idx').on(t.fileId)],
);
