import { z } from 'zod';
import { paged, pageQuery, uuid } from './common';

export const orgTypes = ['enterprise', 'school', 'park', 'government', 'research', 'association', 'finance'] as const;
export const orgTypeLabels: Record<(typeof orgTypes)[number], string> = {
  enterprise: '企业',
  school: '学校',
  park: '产业园区',
  government: '政府部门',
  research: '科研院所',
  association: '行业协会',
  finance: '金融机构',
};

export const orgItem = z.object({
  id: uuid,
  name: z.string(),
  type: z.enum(orgTypes),
  creditCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  districtName: z.string().nullable(),
  address: z.string().nullable(),
  isDemo: z.boolean(),
  updatedAt: z.string(),
});
export type OrgItem = z.infer<typeof orgItem>;
export const orgListQuery = pageQuery.extend({ type: z.enum(orgTypes).optional() });
export const orgListResponse = paged(orgItem);
export const updateOrgBody = z.object({
  address: z.string().trim().max(200, '地址最长 200 个字符').nullable().optional(),
  districtCode: z
    .string()
    .regex(/^\d{6}$/, '区县代码须为 6 位数字')
    .nullable()
    .optional(),
});
export type UpdateOrgBody = z.infer<typeof updateOrgBody>;

export const consortiumLevels = [
  'national',
  'municipal',
  'park_led',
  'enterprise_led',
  'school_led',
  'cross_region',
  'community',
] as const;
export const consortiumItem = z.object({
  id: uuid,
  name: z.string(),
  level: z.enum(consortiumLevels),
  status: z.string(),
  foundedOn: z.string().nullable(),
  memberCount: z.number().int(),
  isDemo: z.boolean(),
});
export type ConsortiumItem = z.infer<typeof consortiumItem>;
export const consortiumListQuery = pageQuery.extend({ level: z.enum(consortiumLevels).optional() });
export const consortiumListResponse = paged(consortiumItem);
