import { bigint, date, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// 数据驾驶舱 (issue 6): read models (kpi_values, kpi_history) and the source-change counters.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Current value per metric × dimension × key. `kpi_code` is a policy-target id (T01…) or a counter
 * (`_…`, e.g. `_consortia`); `dimension` is city | level | consortium | district | cluster | year
 * (`dim_key` '' for city). Written only by the cockpit refresher; the overview reads only this.
 */
export const kpiValues = pgTable(
  'kpi_values',
  {
    kpiCode: text('kpi_code').notNull(),
    dimension: text('dimension').notNull(),
    dimKey: text('dim_key').notNull(),
    label: text('label'),
    value: numeric('value', { mode: 'number' }),
    numerator: numeric('numerator', { mode: 'number' }),
    denominator: numeric('denominator', { mode: 'number' }),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kpiCode, t.dimension, t.dimKey] })],
);

/** One value per metric × dimension × key × day (trend lines, forecast); today's row is upserted. */
export const kpiHistory = pgTable(
  'kpi_history',
  {
    kpiCode: text('kpi_code').notNull(),
    dimension: text('dimension').notNull(),
    dimKey: text('dim_key').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    value: numeric('value', { mode: 'number' }),
    numerator: numeric('numerator', { mode: 'number' }),
    denominator: numeric('denominator', { mode: 'number' }),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kpiCode, t.dimension, t.dimKey, t.day] })],
);

/**
 * Change log of the source tables: one row per statement (insert, update, delete, truncate) on a
 * source table, appended by the statement-level triggers of cockpit.triggers.sql. Append-only, so
 * writers never wait on each other; the refresher consumes (deletes) exactly the rows it has read.
 */
export const cockpitChanges = pgTable('cockpit_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tableName: text('table_name').notNull(),
  changedAt: ts('changed_at').notNull().defaultNow(),
});

/**
 * One row per source table the refresher has seen change: the last change id consumed, when the
 * table last changed and when its dependent metrics were last recomputed. Written only by the
 * refresher (under its advisory lock).
 */
export const cockpitSources = pgTable('cockpit_sources', {
  tableName: text('table_name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  changedAt: ts('changed_at'),
  computedAt: ts('computed_at'),
});
