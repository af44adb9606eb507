import { boolean, date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 单位: enterprise, school, park, government department, research institute, association, financial institution. */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    /** 统一社会信用代码 (GB 32100). */
    creditCode: text('credit_code').unique(),
    districtCode: text('district_code'),
    address: text('address'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('organizations_type_idx').on(t.type)],
);

/** 产教联合体 at every level. */
export const consortia = pgTable('consortia', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  level: text('level').notNull(),
  status: text('status').notNull(),
  foundedOn: date('founded_on', { mode: 'string' }),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const consortiumMembers = pgTable(
  'consortium_members',
  {
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    memberRole: text('member_role').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }),
    leftOn: date('left_on', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.consortiumId, t.orgId] }), index('consortium_members_org_idx').on(t.orgId)],
);
