import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity';
import { consortia, organizations } from './org';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A PostgreSQL tsvector, written as `to_tsvector('simple', <segmented words>)`. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * 岗位需求 published by an enterprise. `seq` is the matching engine's uint32 id. Visible within
 * `consortium_id` (the consortium it is published in) and to officials.
 */
export const jobDemands = pgTable(
  'job_demands',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: integer('seq').notNull().generatedAlwaysAsIdentity().unique(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    consortiumId: uuid('consortium_id').references(() => consortia.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** 2022 职业分类大典 code. */
    occupationCode: text('occupation_code'),
    /** 33618 cluster code (ref_clusters.code). */
    clusterCode: text('cluster_code'),
    /** GB/T 4754-2017 code. */
    industryCode: text('industry_code'),
    /** Accepted majors: major codes, 专业类 codes or 专业大类 codes, mixed. */
    acceptedMajors: text('accepted_majors').array().notNull().default(sql`'{}'::text[]`),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    certificates: text('certificates').array().notNull().default(sql`'{}'::text[]`),
    headCount: integer('head_count').notNull().default(1),
    /** secondary | associate | vocational_bachelor | undergraduate */
    minLevel: text('min_level').notNull(),
    /** Graduation window, YYYY-MM, either end open. */
    gradFrom: text('grad_from'),
    gradTo: text('grad_to'),
    districtCode: text('district_code').notNull(),
    salaryMin: integer('salary_min'),
    salaryMax: integer('salary_max'),
    /** fulltime 全职 | internship 实习 | apprenticeship 学徒岗 | order_class 订单班 */
    kind: text('kind').notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    /** draft → published → closed */
    status: text('status').notNull().default('draft'),
    /** The year the demand counts for in the 人才需求目录 (the publish year). */
    year: integer('year').notNull(),
    publishedAt: ts('published_at'),
    closedAt: ts('closed_at'),
    search: tsvector('search'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('job_demands_org_idx').on(t.orgId),
    index('job_demands_consortium_idx').on(t.consortiumId),
    index('job_demands_status_idx').on(t.status, t.year),
    index('job_demands_search_idx').using('gin', t.search),
  ],
);

/**
 * A student's profile, imported by the school. 身份证号 is stored only as SM4 ciphertext and an
 * SM3-HMAC digest (the natural key for imports); it never reaches enterprise responses.
 */
export const studentProfiles = pgTable(
  'student_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: integer('seq').notNull().generatedAlwaysAsIdentity().unique(),
    schoolOrgId: uuid('school_org_id')
      .notNull()
      .references(() => organizations.id),
    /** The consortium the school belongs to (first active membership), for enterprise visibility. */
    consortiumId: uuid('consortium_id').references(() => consortia.id),
    /** The student's own account, when one is linked. */
    userId: uuid('user_id').references(() => users.id),
    name: text('name').notNull(),
    idCardEnc: text('id_card_enc').notNull(),
    idCardDigest: text('id_card_digest').notNull(),
    /** secondary | associate | vocational_bachelor | undergraduate */
    level: text('level').notNull(),
    majorCode: text('major_code').notNull(),
    /** 年级, the entry year. */
    grade: integer('grade').notNull(),
    /** Expected graduation, YYYY-MM. */
    expectedGraduation: text('expected_graduation'),
    districtCode: text('district_code').notNull(),
    preferredDistricts: text('preferred_districts').array().notNull().default(sql`'{}'::text[]`),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    certificates: text('certificates').array().notNull().default(sql`'{}'::text[]`),
    /** 求职意向: employment | further_study | military | startup | undecided */
    intent: text('intent').notNull().default('employment'),
    internshipAvailable: boolean('internship_available').notNull().default(false),
    /** Only consenting profiles reach enterprises. */
    consent: boolean('consent').notNull().default(false),
    consentAt: ts('consent_at'),
    search: tsvector('search'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('student_profiles_id_card_uq').on(t.idCardDigest),
    index('student_profiles_school_idx').on(t.schoolOrgId, t.majorCode),
    index('student_profiles_consortium_idx').on(t.consortiumId),
    index('student_profiles_user_idx').on(t.userId),
    index('student_profiles_search_idx').using('gin', t.search),
  ],
);

/** 毕业生 cohort: school × major × year with destinations (去向). */
export const graduateCohorts = pgTable(
  'graduate_cohorts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolOrgId: uuid('school_org_id')
      .notNull()
      .references(() => organizations.id),
    majorCode: text('major_code').notNull(),
    year: integer('year').notNull(),
    graduates: integer('graduates').notNull(),
    /** 就业 */
    employed: integer('employed').notNull().default(0),
    /** 升学 */
    furtherStudy: integer('further_study').notNull().default(0),
    /** 参军 */
    military: integer('military').notNull().default(0),
    /** 创业 */
    startup: integer('startup').notNull().default(0),
    /** 未落实 */
    unplaced: integer('unplaced').notNull().default(0),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('graduate_cohorts_uq').on(t.schoolOrgId, t.majorCode, t.year)],
);

/** 招生计划: school × major × year, planned and actual enrolment. */
export const enrollmentPlans = pgTable(
  'enrollment_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    schoolOrgId: uuid('school_org_id')
      .notNull()
      .references(() => organizations.id),
    majorCode: text('major_code').notNull(),
    year: integer('year').notNull(),
    planned: integer('planned').notNull(),
    actual: integer('actual'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('enrollment_plans_uq').on(t.schoolOrgId, t.majorCode, t.year)],
);

/**
 * A student applies (origin student) or an enterprise invites (origin enterprise).
 * Stages: applied 投递 → screening 筛选 → interview 面试 → offer 录用 → onboard 入职 | rejected 未录用
 * (also withdrawn by the student). The job's kind is copied in so that one partial unique index
 * refuses a second current full-time placement.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobDemands.id),
    studentId: uuid('student_id')
      .notNull()
      .references(() => studentProfiles.id),
    /** Copied from the job at creation. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    schoolOrgId: uuid('school_org_id')
      .notNull()
      .references(() => organizations.id),
    kind: text('kind').notNull(),
    /** student | enterprise */
    origin: text('origin').notNull(),
    stage: text('stage').notNull(),
    note: text('note'),
    /** The matching reason at the time of applying/inviting. */
    matchReason: text('match_reason'),
    matchScore: integer('match_score'),
    /** Set when a placement ends (离职); frees the student for another full-time placement. */
    endedOn: date('ended_on', { mode: 'string' }),
    /** Day of 入职, feeding graduate destinations. */
    onboardOn: date('onboard_on', { mode: 'string' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('applications_job_idx').on(t.jobId),
    index('applications_student_idx').on(t.studentId),
    index('applications_org_idx').on(t.orgId),
    index('applications_school_idx').on(t.schoolOrgId),
    /** One open application per job and student. */
    uniqueIndex('applications_open_uq').on(t.jobId, t.studentId).where(sql`stage not in ('rejected', 'withdrawn')`),
    /** 一人一个在岗全职录用: one current accepted full-time placement per student. */
    uniqueIndex('applications_fulltime_uq')
      .on(t.studentId)
      .where(sql`kind = 'fulltime' and stage in ('offer', 'onboard') and ended_on is null`),
  ],
);

/** Dated stage changes of an application. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    note: text('note'),
    actorId: uuid('actor_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('application_events_app_idx').on(t.applicationId)],
);

/**
 * The matching change feed: a row per changed job or profile, written in the changing
 * transaction; every server process applies rows after the last id it has seen.
 */
export const matchingOutbox = pgTable('matching_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** job | student */
  entity: text('entity').notNull(),
  /** The record's `seq`. */
  seq: integer('seq').notNull(),
  /** upsert | remove */
  op: text('op').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Major early-warning rules (专业预警), configurable by officials; one row per rule. */
export const majorWarningRules = pgTable('major_warning_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** placement_below | supply_demand_above | enrollment_drop */
  kind: text('kind').notNull(),
  /** red | yellow */
  level: text('level').notNull(),
  /** Rule parameters, e.g. {"threshold": 0.8, "years": 2}. */
  params: jsonb('params').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  note: text('note'),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
