import { z } from 'zod';
import * as audit from './audit';
import * as auth from './auth';
import { idParams, okBody } from './common';
import * as org from './org';
import * as ref from './reference';
import type { Permission } from './roles';
import * as system from './system';
import * as users from './users';

/**
 * Who may call a route: anyone, any signed-in user (even one who must still change the
 * password), or holders of a permission.
 */
export type Access = 'public' | 'session' | Permission;

export interface RouteDescriptor<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** A file download: the response schema describes nothing; the body is bytes. */
  download?: boolean;
}

function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  d: RouteDescriptor<P, Q, B, R>,
): RouteDescriptor<P, Q, B, R> {
  return d;
}

const scopeOption = z.object({ id: z.string(), name: z.string(), kind: z.enum(['org', 'consortium']) });

export const api = {
  health: route({
    method: 'GET',
    path: '/api/health',
    summary: '健康检查',
    tag: 'system',
    access: 'public',
    response: system.healthResponse,
  }),

  login: route({
    method: 'POST',
    path: '/api/auth/login',
    summary: '登录',
    tag: 'auth',
    access: 'public',
    body: auth.loginBody,
    response: auth.meResponse,
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    summary: '退出登录',
    tag: 'auth',
    access: 'session',
    response: okBody,
  }),
  me: route({
    method: 'GET',
    path: '/api/auth/me',
    summary: '当前用户',
    tag: 'auth',
    access: 'session',
    response: auth.meResponse,
  }),
  changePassword: route({
    method: 'POST',
    path: '/api/auth/password',
    summary: '修改本人密码',
    tag: 'auth',
    access: 'session',
    body: auth.changePasswordBody,
    response: okBody,
  }),

  totpSetup: route({
    method: 'POST',
    path: '/api/auth/totp/setup',
    summary: '生成双因素认证密钥',
    tag: 'auth',
    access: 'session',
    response: auth.totpSetupResponse,
  }),
  totpEnable: route({
    method: 'POST',
    path: '/api/auth/totp/enable',
    summary: '验证并启用双因素认证',
    tag: 'auth',
    access: 'session',
    body: auth.totpCodeBody,
    response: okBody,
  }),
  resetTotp: route({
    method: 'POST',
    path: '/api/users/:id/reset-totp',
    summary: '解除用户的双因素认证绑定',
    tag: 'users',
    access: 'user.manage',
    params: idParams,
    response: okBody,
  }),

  listUsers: route({
    method: 'GET',
    path: '/api/users',
    summary: '用户列表',
    tag: 'users',
    access: 'user.read',
    query: users.userListQuery,
    response: users.userListResponse,
  }),
  createUser: route({
    method: 'POST',
    path: '/api/users',
    summary: '创建用户',
    tag: 'users',
    access: 'user.manage',
    body: users.createUserBody,
    response: users.userItem,
  }),
  getUser: route({
    method: 'GET',
    path: '/api/users/:id',
    summary: '用户详情',
    tag: 'users',
    access: 'user.read',
    params: idParams,
    response: users.userItem,
  }),
  updateUser: route({
    method: 'PUT',
    path: '/api/users/:id',
    summary: '修改用户角色与范围',
    tag: 'users',
    access: 'user.manage',
    params: idParams,
    body: users.updateUserBody,
    response: users.userItem,
  }),
  resetPassword: route({
    method: 'POST',
    path: '/api/users/:id/reset-password',
    summary: '重置密码',
    tag: 'users',
    access: 'user.manage',
    params: idParams,
    body: users.resetPasswordBody,
    response: okBody,
  }),
  lockUser: route({
    method: 'POST',
    path: '/api/users/:id/lock',
    summary: '锁定或解锁账号',
    tag: 'users',
    access: 'user.manage',
    params: idParams,
    body: users.lockUserBody,
    response: users.userItem,
  }),
  revealPhone: route({
    method: 'GET',
    path: '/api/users/:id/phone',
    summary: '查看完整手机号（留痕）',
    tag: 'users',
    access: 'user.manage',
    params: idParams,
    response: users.revealPhoneResponse,
  }),
  scopeOptions: route({
    method: 'GET',
    path: '/api/users/scope-options',
    summary: '可选的所属单位与联合体',
    tag: 'users',
    access: 'user.manage',
    query: users.scopeOptionsQuery,
    response: z.object({ items: z.array(scopeOption) }),
  }),

  getSecurityPolicy: route({
    method: 'GET',
    path: '/api/security/policy',
    summary: '安全策略',
    tag: 'security',
    access: 'security.policy',
    response: system.securityPolicy,
  }),
  updateSecurityPolicy: route({
    method: 'PUT',
    path: '/api/security/policy',
    summary: '修改安全策略',
    tag: 'security',
    access: 'security.policy',
    body: system.securityPolicy,
    response: system.securityPolicy,
  }),

  listAudit: route({
    method: 'GET',
    path: '/api/audit',
    summary: '审计日志',
    tag: 'audit',
    access: 'audit.read',
    query: audit.auditListQuery,
    response: audit.auditListResponse,
  }),
  verifyAudit: route({
    method: 'GET',
    path: '/api/audit/verify',
    summary: '校验审计哈希链',
    tag: 'audit',
    access: 'audit.read',
    response: audit.auditVerifyResponse,
  }),
  exportAudit: route({
    method: 'GET',
    path: '/api/audit/export',
    summary: '导出审计日志 (xlsx)',
    tag: 'audit',
    access: 'audit.read',
    query: audit.auditListQuery.omit({ page: true, pageSize: true }),
    response: z.unknown(),
    download: true,
  }),

  refDistricts: route({
    method: 'GET',
    path: '/api/reference/districts',
    summary: '重庆市区县 (GB/T 2260)',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.districts,
  }),
  refMajors: route({
    method: 'GET',
    path: '/api/reference/majors',
    summary: '职业教育专业目录 (2021)',
    tag: 'reference',
    access: 'reference.read',
    query: ref.majorQuery,
    response: ref.referenceLists.majors,
  }),
  refIndustries: route({
    method: 'GET',
    path: '/api/reference/industries',
    summary: '国民经济行业分类 (GB/T 4754-2017)',
    tag: 'reference',
    access: 'reference.read',
    query: ref.industryQuery,
    response: ref.referenceLists.industries,
  }),
  refOccupations: route({
    method: 'GET',
    path: '/api/reference/occupations',
    summary: '职业分类大典 (2022)',
    tag: 'reference',
    access: 'reference.read',
    query: ref.occupationQuery,
    response: ref.referenceLists.occupations,
  }),
  refClusters: route({
    method: 'GET',
    path: '/api/reference/clusters',
    summary: '33618 产业集群',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.clusters,
  }),
  refIndicators: route({
    method: 'GET',
    path: '/api/reference/indicators',
    summary: '市域产教联合体建设指标 (2023)',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.indicators,
  }),
  refReformMeasures: route({
    method: 'GET',
    path: '/api/reference/reform-measures',
    summary: '25 项改革举措',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.reformMeasures,
  }),
  refPolicyTargets: route({
    method: 'GET',
    path: '/api/reference/policy-targets',
    summary: '政策目标',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.policyTargets,
  }),
  refPolicyItems: route({
    method: 'GET',
    path: '/api/reference/policy-items',
    summary: '政策事项清单',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.policyItems,
  }),
  refInstitutions: route({
    method: 'GET',
    path: '/api/reference/institutions',
    summary: '重庆高等学校',
    tag: 'reference',
    access: 'reference.read',
    query: ref.refPageQuery,
    response: ref.referenceLists.institutions,
  }),

  listOrgs: route({
    method: 'GET',
    path: '/api/orgs',
    summary: '单位列表（按数据范围）',
    tag: 'org',
    access: 'org.read',
    query: org.orgListQuery,
    response: org.orgListResponse,
  }),
  getOrg: route({
    method: 'GET',
    path: '/api/orgs/:id',
    summary: '单位详情',
    tag: 'org',
    access: 'org.read',
    params: idParams,
    response: org.orgItem,
  }),
  updateOrg: route({
    method: 'PATCH',
    path: '/api/orgs/:id',
    summary: '修改本单位信息',
    tag: 'org',
    access: 'org.write',
    params: idParams,
    body: org.updateOrgBody,
    response: org.orgItem,
  }),
  listConsortia: route({
    method: 'GET',
    path: '/api/consortia',
    summary: '联合体列表（按数据范围）',
    tag: 'consortium',
    access: 'consortium.read',
    query: org.consortiumListQuery,
    response: org.consortiumListResponse,
  }),
  getConsortium: route({
    method: 'GET',
    path: '/api/consortia/:id',
    summary: '联合体详情',
    tag: 'consortium',
    access: 'consortium.read',
    params: idParams,
    response: org.consortiumItem,
  }),
} as const;

export type Api = typeof api;
export type RouteName = keyof Api;
