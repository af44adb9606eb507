/**
 * Roles and what each may do. 三权分立: sysadmin (accounts, configuration), secadmin (security
 * policy, role-grant approval), auditor (reads the audit log) share no permission.
 */
export const roles = [
  'sysadmin',
  'secadmin',
  'auditor',
  'official',
  'secretariat',
  'council',
  'enterprise',
  'school',
  'teacher',
  'student',
  'reviewer',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, { 'zh-CN': string; 'en-US': string }> = {
  sysadmin: { 'zh-CN': '系统管理员', 'en-US': 'System administrator' },
  secadmin: { 'zh-CN': '安全管理员', 'en-US': 'Security administrator' },
  auditor: { 'zh-CN': '审计管理员', 'en-US': 'Audit administrator' },
  official: { 'zh-CN': '市教委/工作专班', 'en-US': 'Education commission official' },
  secretariat: { 'zh-CN': '联合体秘书处', 'en-US': 'Consortium secretariat' },
  council: { 'zh-CN': '理事会成员', 'en-US': 'Council member' },
  enterprise: { 'zh-CN': '企业用户', 'en-US': 'Enterprise user' },
  school: { 'zh-CN': '学校用户', 'en-US': 'School user' },
  teacher: { 'zh-CN': '教师', 'en-US': 'Teacher' },
  student: { 'zh-CN': '学生/学员', 'en-US': 'Student / learner' },
  reviewer: { 'zh-CN': '评审专家', 'en-US': 'Reviewer' },
};

/** The three administrator duties; an account holds at most one of them and no business role. */
export const adminRoles: readonly Role[] = ['sysadmin', 'secadmin', 'auditor'];

export const permissions = [
  'user.read',
  'user.manage',
  'security.policy',
  'role.approve',
  'audit.read',
  'reference.read',
  'org.read',
  'org.write',
  'consortium.read',
  'consortium.write',
  'org.create',
  'org.lookup',
  'consortium.create',
  'consortium.status',
  // 人才供需 (issue 4)
  'job.read',
  'job.write',
  'student.read',
  'student.write',
  'student.self',
  'application.read',
  'application.write',
  'talent.report',
  'talent.supply',
  'talent.rules',
  // 建设指标 (issue 5)
  'indicator.read',
  'indicator.manage',
  // 评价轮次 (issue 5): rounds, self-assessment, review
  'evaluation.read',
  'evaluation.manage',
  'evaluation.self',
  'evaluation.review',
  // 工作台账、赛马比拼、政策事项 (issue 5)
  'ledger.read',
  'ledger.report',
  'ledger.manage',
  // 数据驾驶舱 (issue 6)
  'cockpit.read',
  'kpi.return',
  'kpi.approve',
] as const;
export type Permission = (typeof permissions)[number];

const business: Permission[] = ['reference.read', 'org.read', 'consortium.read'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  sysadmin: ['user.read', 'user.manage', 'reference.read'],
  secadmin: ['security.policy', 'role.approve', 'user.read', 'reference.read'],
  auditor: ['audit.read'],
  official: [
    ...business,
    'consortium.create',
    'consortium.status',
    'org.lookup',
    'job.read',
    'student.read',
    'talent.report',
    'talent.supply',
    'talent.rules',
    'indicator.read',
    'indicator.manage',
    'evaluation.read',
    'evaluation.manage',
    'ledger.read',
    'ledger.report',
    'ledger.manage',
    'cockpit.read',
    'kpi.return',
    'kpi.approve',
  ],
  secretariat: [
    ...business,
    'consortium.write',
    'org.create',
    'org.write',
    'org.lookup',
    'job.read',
    'job.write',
    'student.read',
    'application.read',
    'talent.report',
    'talent.supply',
    'indicator.read',
    'evaluation.read',
    'evaluation.self',
    'ledger.read',
    'ledger.report',
    'cockpit.read',
  ],
  council: [
    ...business,
    'job.read',
    'talent.report',
    'talent.supply',
    'indicator.read',
    'evaluation.read',
    'ledger.read',
    'cockpit.read',
  ],
  enterprise: [
    ...business,
    'org.write',
    'job.read',
    'job.write',
    'student.read',
    'application.read',
    'application.write',
    'talent.report',
    'indicator.read',
  ],
  school: [
    ...business,
    'org.write',
    'job.read',
    'student.read',
    'student.write',
    'application.read',
    'talent.report',
    'talent.supply',
    'indicator.read',
  ],
  teacher: [...business, 'job.read', 'student.read', 'application.read'],
  student: ['reference.read', 'job.read', 'student.self', 'application.read', 'application.write'],
  reviewer: [...business, 'indicator.read', 'evaluation.read', 'evaluation.review'],
};

export function permissionsOf(userRoles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of userRoles) for (const p of rolePermissions[r]) out.add(p);
  return out;
}

/** Which scope link a role needs: an organization, a consortium, or none (city-wide or self). */
export const roleScopeNeeds: Record<Role, 'none' | 'org' | 'consortium'> = {
  sysadmin: 'none',
  secadmin: 'none',
  auditor: 'none',
  official: 'none',
  secretariat: 'consortium',
  council: 'consortium',
  enterprise: 'org',
  school: 'org',
  teacher: 'org',
  student: 'org',
  reviewer: 'none',
};
