import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 建设指标体系, one row per version. Version 1 is the MoE 2023 framework copied from
 * ref_indicators at start-up; officials copy a version into a draft, edit it and publish it.
 * Published and retired versions never change: evaluations pin one by id.
 */
export const indicatorFrameworks = pgTable(
  'indicator_frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** draft | published | retired */
    status: text('status').notNull().default('draft'),
    basedOn: uuid('based_on').references((): AnyPgColumn => indicatorFrameworks.id),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: ts('published_at'),
  },
  (t) => [
    uniqueIndex('indicator_frameworks_name_version').on(t.name, t.version),
    check('indicator_frameworks_status', sql`${t.status} in ('draft', 'published', 'retired')`),
    check('indicator_frameworks_version', sql`${t.version} >= 1`),
  ],
);

/** 观测点 of one framework version, with its weight (integer points) and scoring guidance. */
export const indicatorPoints = pgTable(
  'indicator_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => indicatorFrameworks.id, { onDelete: 'cascade' }),
    groupCode: text('group_code').notNull(),
    groupName: text('group_name').notNull(),
    pointCode: text('point_code').notNull(),
    /** The observation point text. */
    name: text('name').notNull(),
    /** basic | deduction */
    kind: text('kind').notNull(),
    weight: integer('weight').notNull(),
    guidance: text('guidance').notNull().default(''),
    sort: integer('sort').notNull(),
  },
  (t) => [
    uniqueIndex('indicator_points_framework_code').on(t.frameworkId, t.pointCode),
    check('indicator_points_weight', sql`${t.weight} >= 0`),
  ],
);
