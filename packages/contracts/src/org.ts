import { z } from 'zod';
import { paged, pageQuery, uuid } from './common';
import { creditCodeProblem, normalizeCreditCode } from './creditCode';

export const orgTypes = ['enterprise', 'school', 'park', 'government', 'research', 'association', 'finance'] as const;
export type OrgType = (typeof orgTypes)[number];
export const orgTypeLabels: Record<OrgType, string> = {
  enterprise: '企业',
  school: '学校',
  park: '产业园区',
  government: '政府部门',
  research: '科研院所',
  association: '行业协会',
  finance: '金融机构',
};

export const schoolLevels = ['secondary', 'associate', 'vocational_bachelor', 'undergraduate'] as const;
export const schoolLevelLabels: Record<(typeof schoolLevels)[number], string> = {
  secondary: '中职',
  associate: '高职专科',
  vocational_bachelor: '职业本科',
  undergraduate: '普通本科',
};

export const certificationKinds = [
  'integration_enterprise',
  'double_high',
  'training_base',
  'high_tech',
  'specialized',
  'other',
] as const;
export const certificationKindLabels: Record<(typeof certificationKinds)[number], string> = {
  integration_enterprise: '产教融合型企业',
  double_high: '双高计划学校',
  training_base: '示范性实训基地',
  high_tech: '高新技术企业',
  specialized: '专精特新企业',
  other: '其他',
};
export const certificationLevels = ['national', 'municipal', 'district'] as const;
export const certificationLevelLabels: Record<(typeof certificationLevels)[number], string> = {
  national: '国家级',
  municipal: '市级',
  district: '区县级',
};

/** YYYY-MM-DD */
export const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });
const phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '电话应为 11 位手机号或带区号的固定电话');

/** 统一社会信用代码, normalized (full-width, lower case, spaces) and checked (GB 32100). */
export const creditCode = z
  .string()
  .transform(normalizeCreditCode)
  .superRefine((v, ctx) => {
    const problem = creditCodeProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const clusterCode = z.string().regex(/^C\d{2}$/, '产业集群代码格式不正确');
export const districtCode = z.string().regex(/^\d{6}$/, '区县代码须为 6 位数字');
export const industryCode = z.string().regex(/^([A-T]|\d{2,4})$/, '行业代码格式不正确（GB/T 4754）');

const orgFields = z.object({
  name: z.string().trim().min(2, '单位名称至少 2 个字').max(100, '单位名称最长 100 个字'),
  abbreviation: z.string().trim().max(30, '简称最长 30 个字').nullable().optional(),
  type: z.enum(orgTypes, { message: '请选择单位类型' }),
  schoolLevel: z.enum(schoolLevels).nullable().optional(),
  creditCode: creditCode.nullable().optional(),
  districtCode: districtCode.nullable().optional(),
  address: z.string().trim().max(200, '地址最长 200 个字').nullable().optional(),
  clusterCodes: z.array(clusterCode).max(12).optional(),
  industryCodes: z.array(industryCode).max(20).optional(),
  aboveScale: z.boolean().optional(),
  website: z.url({ message: '网址格式不正确' }).max(200).nullable().optional(),
});

export const createOrgBody = orgFields.superRefine((v, ctx) => {
  if (v.type === 'school' && !v.schoolLevel)
    ctx.addIssue({ code: 'custom', path: ['schoolLevel'], message: '学校须选择办学层次' });
  if (v.type !== 'school' && v.schoolLevel)
    ctx.addIssue({ code: 'custom', path: ['schoolLevel'], message: '只有学校有办学层次' });
});
export type CreateOrgBody = z.infer<typeof createOrgBody>;
export const updateOrgBody = orgFields.partial();
export type UpdateOrgBody = z.infer<typeof updateOrgBody>;

export const orgItem = z.object({
  id: uuid,
  name: z.string(),
  abbreviation: z.string().nullable(),
  type: z.enum(orgTypes),
  schoolLevel: z.enum(schoolLevels).nullable(),
  creditCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  address: z.string().nullable(),
  clusterCodes: z.array(z.string()),
  industryCodes: z.array(z.string()),
  aboveScale: z.boolean(),
  website: z.string().nullable(),
  isDemo: z.boolean(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
});
export type OrgItem = z.infer<typeof orgItem>;

export const certificationInput = z
  .object({
    kind: z.enum(certificationKinds, { message: '请选择认定类型' }),
    level: z.enum(certificationLevels, { message: '请选择级别' }),
    grantedOn: isoDate,
    expiresOn: isoDate.nullable().optional(),
    issuer: z.string().trim().max(100).nullable().optional(),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .refine((v) => !v.expiresOn || v.expiresOn >= v.grantedOn, {
    path: ['expiresOn'],
    message: '有效期至不能早于认定日期',
  });
export const certification = z.object({
  id: uuid,
  kind: z.enum(certificationKinds),
  level: z.enum(certificationLevels),
  grantedOn: z.string(),
  expiresOn: z.string().nullable(),
  issuer: z.string().nullable(),
  note: z.string().nullable(),
  /** Expired on the day asked (today by default). */
  expired: z.boolean(),
});

export const contactInput = z.object({
  name: z.string().trim().min(1, '请输入联系人姓名').max(50),
  title: z.string().trim().max(50).nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email('邮箱格式不正确').max(100).nullable().optional(),
  isPrimary: z.boolean().optional(),
});
export const contact = z.object({
  id: uuid,
  name: z.string(),
  title: z.string().nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  email: z.string().nullable(),
  isPrimary: z.boolean(),
});

export const orgDetail = orgItem.extend({
  certifications: z.array(certification),
  contacts: z.array(contact),
  memberships: z.array(
    z.object({
      consortiumId: uuid,
      consortiumName: z.string(),
      memberRole: z.string(),
      joinedOn: z.string().nullable(),
      leftOn: z.string().nullable(),
    }),
  ),
  leadOf: z.array(z.object({ consortiumId: uuid, consortiumName: z.string(), leadKind: z.string() })),
  councilSeats: z.array(
    z.object({
      consortiumId: uuid,
      consortiumName: z.string(),
      seat: z.string(),
      personName: z.string(),
      termStart: z.string(),
      termEnd: z.string().nullable(),
    }),
  ),
  /** The caller may write this organization (edit, delete; restore it when `deletedAt` is set). */
  canEdit: z.boolean(),
});
export type OrgDetail = z.infer<typeof orgDetail>;

const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const orgListQuery = pageQuery.extend({
  type: z.enum(orgTypes).optional(),
  schoolLevel: z.enum(schoolLevels).optional(),
  districtCode: districtCode.optional(),
  clusterCode: clusterCode.optional(),
  industryCode: industryCode.optional(),
  certification: z.enum(certificationKinds).optional(),
  aboveScale: boolQuery.optional(),
  /** Soft-deleted organizations only (to restore them). */
  deleted: boolQuery.optional(),
});
export type OrgListQuery = z.infer<typeof orgListQuery>;
export const orgListResponse = paged(orgItem);
export const orgExportQuery = orgListQuery.omit({ page: true, pageSize: true });

/** City-wide registry lookup (name, type, credit code are public registry facts) for picking members. */
export const orgLookupQuery = z.object({
  q: z.string().trim().min(1, '请输入单位名称或统一社会信用代码').max(50),
  type: z.enum(orgTypes).optional(),
});
export const orgLookupResponse = z.object({
  items: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      type: z.enum(orgTypes),
      creditCode: z.string().nullable(),
      districtName: z.string().nullable(),
    }),
  ),
});

// ── Consortia ───────────────────────────────────────────────────────────────

export const consortiumLevels = [
  'national',
  'municipal',
  'park_led',
  'enterprise_led',
  'school_led',
  'cross_region',
  'community',
] as const;
export type ConsortiumLevel = (typeof consortiumLevels)[number];
export const consortiumLevelLabels: Record<ConsortiumLevel, string> = {
  national: '国家级',
  municipal: '市级',
  park_led: '园区牵头',
  enterprise_led: '行业企业牵头',
  school_led: '学校牵头',
  cross_region: '川渝毗邻地区',
  community: '产教融合共同体',
};

export const consortiumStatuses = ['preparing', 'cultivating', 'accepted', 'exemplary', 'revoked'] as const;
export type ConsortiumStatus = (typeof consortiumStatuses)[number];
export const consortiumStatusLabels: Record<ConsortiumStatus, string> = {
  preparing: '筹建',
  cultivating: '培育',
  accepted: '验收通过',
  exemplary: '示范',
  revoked: '撤销',
};
/** The lifecycle: 筹建 → 培育 → 验收通过 → 示范, and 撤销 from any stage but the last. */
export const consortiumTransitions: Record<ConsortiumStatus, readonly ConsortiumStatus[]> = {
  preparing: ['cultivating', 'revoked'],
  cultivating: ['accepted', 'revoked'],
  accepted: ['exemplary', 'revoked'],
  exemplary: ['revoked'],
  revoked: [],
};

export const leadKinds = ['government', 'park', 'school', 'enterprise'] as const;
export const leadKindLabels: Record<(typeof leadKinds)[number], string> = {
  government: '政府',
  park: '产业园区',
  school: '学校',
  enterprise: '企业',
};
export const memberRoles = ['council_unit', 'member_unit'] as const;
export const memberRoleLabels: Record<(typeof memberRoles)[number], string> = {
  council_unit: '理事单位',
  member_unit: '成员单位',
};
export const councilSeatKinds = ['chair', 'vice_chair', 'director', 'secretary_general'] as const;
export const councilSeatLabels: Record<(typeof councilSeatKinds)[number], string> = {
  chair: '理事长',
  vice_chair: '副理事长',
  director: '理事',
  secretary_general: '秘书长',
};
export const documentKinds = ['charter', 'rules'] as const;
export const documentKindLabels: Record<(typeof documentKinds)[number], string> = { charter: '章程', rules: '制度' };

export const consortiumItem = z.object({
  id: uuid,
  name: z.string(),
  level: z.enum(consortiumLevels),
  status: z.enum(consortiumStatuses),
  foundedOn: z.string().nullable(),
  memberCount: z.number().int(),
  clusterCodes: z.array(z.string()),
  isDemo: z.boolean(),
});
export type ConsortiumItem = z.infer<typeof consortiumItem>;
export const consortiumListQuery = pageQuery.extend({
  level: z.enum(consortiumLevels).optional(),
  status: z.enum(consortiumStatuses).optional(),
  clusterCode: clusterCode.optional(),
});
export const consortiumListResponse = paged(consortiumItem);

const leadInput = z.object({ orgId: uuid, leadKind: z.enum(leadKinds) });

const consortiumFields = z.object({
  name: z.string().trim().min(4, '联合体名称至少 4 个字').max(100, '联合体名称最长 100 个字'),
  level: z.enum(consortiumLevels, { message: '请选择联合体层级' }),
  foundedOn: isoDate.nullable().optional(),
  region: z.string().trim().max(50).nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  clusterCodes: z.array(clusterCode).max(12).optional(),
  leads: z.array(leadInput).min(1, '至少指定一个牵头单位').max(10),
  parkOrgIds: z.array(uuid).max(20).optional(),
});
export const createConsortiumBody = consortiumFields.superRefine((v, ctx) => {
  if (v.level === 'cross_region' && !v.region)
    ctx.addIssue({ code: 'custom', path: ['region'], message: '川渝毗邻联合体须填写合作地区' });
  const ids = v.leads.map((l) => l.orgId);
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['leads'], message: '牵头单位重复' });
});
export type CreateConsortiumBody = z.infer<typeof createConsortiumBody>;
export const updateConsortiumBody = consortiumFields.partial();
export type UpdateConsortiumBody = z.infer<typeof updateConsortiumBody>;

export const statusChangeBody = z.object({
  toStatus: z.enum(consortiumStatuses, { message: '请选择新的状态' }),
  decidedOn: isoDate,
  reason: z.string().trim().min(2, '请填写决定理由').max(1000),
  documentNo: z.string().trim().max(100).nullable().optional(),
});
export type StatusChangeBody = z.infer<typeof statusChangeBody>;

export const memberInput = z.object({
  orgId: uuid,
  memberRole: z.enum(memberRoles, { message: '请选择成员类型' }),
  joinedOn: isoDate,
});
export const leaveBody = z.object({ leftOn: isoDate, reason: z.string().trim().min(2, '请填写退出原因').max(500) });
export const member = z.object({
  id: uuid,
  orgId: uuid,
  orgName: z.string(),
  orgType: z.enum(orgTypes),
  creditCode: z.string().nullable(),
  districtName: z.string().nullable(),
  memberRole: z.enum(memberRoles),
  joinedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  leftReason: z.string().nullable(),
});
export const memberListQuery = pageQuery.extend({
  memberRole: z.enum(memberRoles).optional(),
  type: z.enum(orgTypes).optional(),
  /** Active members by default; 'all' includes those that left. */
  include: z.enum(['active', 'all', 'left']).default('active'),
});
export const memberListResponse = paged(member);

export const councilSeatInput = z
  .object({
    seat: z.enum(councilSeatKinds, { message: '请选择理事会职务' }),
    personName: z.string().trim().min(2, '请输入姓名').max(50),
    personTitle: z.string().trim().max(100).nullable().optional(),
    orgId: uuid,
    termStart: isoDate,
    termEnd: isoDate.nullable().optional(),
  })
  .refine((v) => !v.termEnd || v.termEnd >= v.termStart, { path: ['termEnd'], message: '任期结束不能早于开始' });
export const endSeatBody = z.object({ termEnd: isoDate });
export const councilSeat = z.object({
  id: uuid,
  seat: z.enum(councilSeatKinds),
  personName: z.string(),
  personTitle: z.string().nullable(),
  orgId: uuid,
  orgName: z.string(),
  termStart: z.string(),
  termEnd: z.string().nullable(),
  current: z.boolean(),
});

export const resolutionInput = z.object({
  meetingDate: isoDate,
  title: z.string().trim().min(2, '请输入决议标题').max(200),
  attendees: z.array(z.string().trim().min(1).max(50)).min(1, '至少一名出席人'),
  body: z.string().trim().min(2, '请输入决议内容').max(20_000),
});
export const resolution = resolutionInput.extend({ id: uuid, createdAt: z.string() });

export const platformInput = z.object({
  legalEntityName: z.string().trim().min(2, '请输入运营主体名称').max(100),
  creditCode: creditCode.nullable().optional(),
  entityType: z.string().trim().max(30).nullable().optional(),
  managerName: z.string().trim().max(50).nullable().optional(),
  managerPhone: phone.nullable().optional(),
  establishedOn: isoDate.nullable().optional(),
  note: z.string().trim().max(1000).nullable().optional(),
});
export const platform = platformInput.omit({ managerPhone: true }).extend({
  managerPhone: z.string().nullable(),
  updatedAt: z.string(),
});

export const consortiumDocument = z.object({
  id: uuid,
  kind: z.enum(documentKinds),
  title: z.string(),
  version: z.number().int(),
  fileId: uuid,
  fileName: z.string(),
  size: z.number().int(),
  effectiveOn: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const statusHistoryEntry = z.object({
  fromStatus: z.enum(consortiumStatuses).nullable(),
  toStatus: z.enum(consortiumStatuses),
  decidedOn: z.string(),
  reason: z.string(),
  documentNo: z.string().nullable(),
  createdAt: z.string(),
});

export const consortiumDetail = consortiumItem.extend({
  region: z.string().nullable(),
  description: z.string().nullable(),
  leads: z.array(
    z.object({ orgId: uuid, orgName: z.string(), orgType: z.enum(orgTypes), leadKind: z.enum(leadKinds) }),
  ),
  parks: z.array(z.object({ orgId: uuid, orgName: z.string() })),
  statusHistory: z.array(statusHistoryEntry),
  platform: platform.nullable(),
  council: z.array(councilSeat),
  documents: z.array(consortiumDocument),
  resolutions: z.array(resolution),
  secretariat: z.array(z.object({ userId: uuid, displayName: z.string(), username: z.string() })),
  /** What the caller may do here. */
  can: z.object({ edit: z.boolean(), decideStatus: z.boolean() }),
});
export type ConsortiumDetail = z.infer<typeof consortiumDetail>;
