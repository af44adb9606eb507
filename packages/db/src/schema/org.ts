import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 单位: enterprise, school, park, government department, research institute, association, financial institution. */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    abbreviation: text('abbreviation'),
    type: text('type').notNull(),
    /** For schools: secondary (中职), associate (高职专科), vocational_bachelor (职业本科), undergraduate (普通本科). */
    schoolLevel: text('school_level'),
    /** 统一社会信用代码 (GB 32100). */
    creditCode: text('credit_code').unique(),
    districtCode: text('district_code'),
    address: text('address'),
    /** 33618 cluster codes (ref_clusters.code) and GB/T 4754 industry codes served. */
    clusterCodes: text('cluster_codes').array().notNull().default(sql`'{}'::text[]`),
    industryCodes: text('industry_codes').array().notNull().default(sql`'{}'::text[]`),
    /** 规模以上企业. */
    aboveScale: boolean('above_scale').notNull().default(false),
    website: text('website'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Soft delete: hidden from lists, restorable. */
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    index('organizations_type_idx').on(t.type),
    index('organizations_district_idx').on(t.districtCode),
    // Name clashes (a name registered under another code) are checked by equality, in bulk on import.
    index('organizations_name_idx').on(t.name),
  ],
);

/** Certifications with dates: 产教融合型企业 (city/national), 双高 school, 示范性基地 … */
export const orgCertifications = pgTable(
  'org_certifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    grantedOn: date('granted_on', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    issuer: text('issuer'),
    note: text('note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('org_certifications_org_idx').on(t.orgId), index('org_certifications_kind_idx').on(t.kind)],
);

export const orgContacts = pgTable(
  'org_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title'),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    email: text('email'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('org_contacts_org_idx').on(t.orgId)],
);

/** 产教联合体 at every level. */
export const consortia = pgTable('consortia', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  level: text('level').notNull(),
  /** preparing 筹建 → cultivating 培育 → accepted 验收通过 → exemplary 示范; revoked 撤销. */
  status: text('status').notNull(),
  foundedOn: date('founded_on', { mode: 'string' }),
  /** For 川渝毗邻 consortia: the partner region. */
  region: text('region'),
  description: text('description'),
  clusterCodes: text('cluster_codes').array().notNull().default(sql`'{}'::text[]`),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

/** Dated status decisions with their reasons. */
export const consortiumStatusHistory = pgTable(
  'consortium_status_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    /** 文号 of the decision, e.g. 渝教职成〔2024〕1号. */
    documentNo: text('document_no'),
    decidedBy: uuid('decided_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('consortium_status_history_idx').on(t.consortiumId)],
);

/** 牵头单位: the government/park, school and enterprise that lead a consortium. */
export const consortiumLeads = pgTable(
  'consortium_leads',
  {
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    /** government | park | school | enterprise */
    leadKind: text('lead_kind').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consortiumId, t.orgId] })],
);

/** Industrial parks a consortium serves. */
export const consortiumParks = pgTable(
  'consortium_parks',
  {
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
  },
  (t) => [primaryKey({ columns: [t.consortiumId, t.orgId] })],
);

export const consortiumMembers = pgTable(
  'consortium_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    /** council_unit 理事单位 | member_unit 成员单位 */
    memberRole: text('member_role').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }),
    leftOn: date('left_on', { mode: 'string' }),
    leftReason: text('left_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('consortium_members_org_idx').on(t.orgId),
    index('consortium_members_consortium_idx').on(t.consortiumId),
    /** One active membership per organization and consortium. */
    uniqueIndex('consortium_members_active_uq').on(t.consortiumId, t.orgId).where(sql`left_on is null`),
  ],
);

/** 理事会 seats with terms: chair (理事长, one at a time), vice chairs, directors, secretary-general. */
export const councilSeats = pgTable(
  'council_seats',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    seat: text('seat').notNull(),
    personName: text('person_name').notNull(),
    personTitle: text('person_title'),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termEnd: date('term_end', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('council_seats_consortium_idx').on(t.consortiumId),
    /** Exactly one sitting chair and one sitting secretary-general (open term). */
    uniqueIndex('council_seats_one_chair_uq')
      .on(t.consortiumId, t.seat)
      .where(sql`seat in ('chair', 'secretary_general') and term_end is null`),
  ],
);

/** 运营平台: the operating entity and its 职业经理人. */
export const consortiumPlatforms = pgTable('consortium_platforms', {
  consortiumId: uuid('consortium_id')
    .primaryKey()
    .references(() => consortia.id, { onDelete: 'cascade' }),
  legalEntityName: text('legal_entity_name').notNull(),
  creditCode: text('credit_code'),
  entityType: text('entity_type'),
  managerName: text('manager_name'),
  managerPhoneEnc: text('manager_phone_enc'),
  managerPhoneMasked: text('manager_phone_masked'),
  establishedOn: date('established_on', { mode: 'string' }),
  note: text('note'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Stored files (local disk by default); content-addressed by SHA-256. */
export const files = pgTable('files', {
  id: uuid('id').primaryKey().defaultRandom(),
  sha256: text('sha256').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  mime: text('mime').notNull(),
  originalName: text('original_name').notNull(),
  storageKey: text('storage_key').notNull(),
  uploadedBy: uuid('uploaded_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Charter (章程) and rules (制度) as versioned attachments. */
export const consortiumDocuments = pgTable(
  'consortium_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    version: integer('version').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    effectiveOn: date('effective_on', { mode: 'string' }),
    note: text('note'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('consortium_documents_version_uq').on(t.consortiumId, t.kind, t.title, t.version)],
);

/** 理事会决议. */
export const councilResolutions = pgTable(
  'council_resolutions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consortiumId: uuid('consortium_id')
      .notNull()
      .references(() => consortia.id, { onDelete: 'cascade' }),
    meetingDate: date('meeting_date', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    attendees: text('attendees').array().notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('council_resolutions_consortium_idx').on(t.consortiumId)],
);
