import { boolean, integer, numeric, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';

/** Reference data loaded from data/*.csv (see data/SOURCES.md). */
export const refDistricts = pgTable('ref_districts', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
});

export const refMajors = pgTable('ref_majors', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  levelName: text('level_name').notNull(),
  categoryCode: text('category_code').notNull(),
  categoryName: text('category_name').notNull(),
  classCode: text('class_code').notNull(),
  className: text('class_name').notNull(),
  nationalControl: boolean('national_control').notNull(),
});

export const refIndustries = pgTable('ref_industries', {
  code: text('code').primaryKey(),
  level: integer('level').notNull(),
  levelName: text('level_name').notNull(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
  description: text('description'),
});

export const refOccupations = pgTable('ref_occupations', {
  code: text('code').primaryKey(),
  level: integer('level').notNull(),
  levelName: text('level_name').notNull(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
});

export const refClusters = pgTable('ref_clusters', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
  tier: integer('tier').notNull(),
  tierName: text('tier_name').notNull(),
  namedInSeeds: boolean('named_in_seeds').notNull(),
});

export const refIndicators = pgTable('ref_indicators', {
  pointCode: text('point_code').primaryKey(),
  groupCode: text('group_code').notNull(),
  groupName: text('group_name').notNull(),
  observationPoint: text('observation_point').notNull(),
  kind: text('kind').notNull(),
  sort: serial('sort'),
});

export const refReformMeasures = pgTable('ref_reform_measures', {
  no: integer('no').primaryKey(),
  section: text('section').notNull(),
  title: text('title').notNull(),
  responsibleUnits: text('responsible_units').array().notNull(),
});

export const refPolicyTargets = pgTable(
  'ref_policy_targets',
  {
    id: text('id').notNull(),
    year: integer('year').notNull(),
    source: text('source').notNull(),
    clause: text('clause').notNull(),
    scope: text('scope').notNull(),
    metric: text('metric').notNull(),
    unit: text('unit').notNull(),
    comparator: text('comparator').notNull(),
    target: numeric('target', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.year] })],
);

export const refPolicyItems = pgTable(
  'ref_policy_items',
  {
    unitNo: integer('unit_no').notNull(),
    leadUnit: text('lead_unit').notNull(),
    itemNo: integer('item_no').notNull(),
    content: text('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitNo, t.itemNo] })],
);

export const refInstitutions = pgTable('ref_institutions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  private: boolean('private').notNull(),
  vocational: boolean('vocational').notNull(),
  website: text('website'),
});
