import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { files } from './org';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One bulk import: its file, progress, outcome and error report. */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  /** For imports into one consortium (members). */
  consortiumId: uuid('consortium_id'),
  /** running → done | failed (rows refused, nothing written) | error (the file could not be read). */
  status: text('status').notNull(),
  fileId: uuid('file_id').references(() => files.id),
  fileName: text('file_name').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  /** The first errors (row, column, value, reason); the report file has them all. */
  errors: jsonb('errors'),
  message: text('message'),
  reportFileId: uuid('report_file_id').references(() => files.id),
  createdBy: uuid('created_by').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});
