import type { Role } from '@chanjiao/contracts';

/** Accounts the server seeds in demo mode (one per role), all with the demo password. */
export const demoAccounts: { username: string; role: Role }[] = [
  { username: 'admin', role: 'sysadmin' },
  { username: 'security', role: 'secadmin' },
  { username: 'auditor', role: 'auditor' },
  { username: 'official', role: 'official' },
  { username: 'secretariat', role: 'secretariat' },
  { username: 'council', role: 'council' },
  { username: 'enterprise', role: 'enterprise' },
  { username: 'school', role: 'school' },
  { username: 'teacher', role: 'teacher' },
  { username: 'student', role: 'student' },
  { username: 'reviewer', role: 'reviewer' },
];

export const demoPassword = 'Demo@2023';
