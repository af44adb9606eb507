import type { StudentView } from '@chanjiao/contracts';
import { studentProfiles } from '@chanjiao/db';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Ctx } from '../../lib/context';
import { resolveScope } from '../identity';
import * as repo from './students.repository';

/**
 * Who sees which student profile, and how much of it (个人信息保护):
 *
 * - school user: every profile of its own school, deleted ones too (to restore), with the 身份证号
 *   masked (view `school`); writes them. Profiles of other schools are not theirs to see.
 * - official: every profile; secretariat: profiles of its consortium's member schools (or tagged with
 *   its consortium); teacher: its own school's profiles. No 身份证号 (view `scope`).
 * - enterprise: only consenting profiles of schools that are active members of a consortium the
 *   enterprise is an active member of, as a reduced card (view `enterprise`); anything else is 404.
 * - the student: his own profile (linked by user_id; view `self`).
 *
 * Cohorts and plans are statistics, not personal data: the same school sets without the consent rule.
 */
export interface StudentAccess {
  /** A school user's own school. */
  schoolOrgId: string | null;
  /** Official: reads every school. */
  all: boolean;
  /** Schools read in scope (secretariat's members, teacher's school). */
  orgIds: string[];
  /** Consortia read in scope (secretariat). */
  consortiumIds: string[];
  /** Schools whose consenting profiles an enterprise sees. */
  enterpriseSchoolIds: string[];
  userId: string | null;
}

/** Resolves the caller's reach over profiles, cohorts and plans (a few small queries at most). */
export async function studentAccess(ctx: Ctx): Promise<StudentAccess> {
  const a = ctx.actor;
  const access: StudentAccess = {
    schoolOrgId: null,
    all: false,
    orgIds: [],
    consortiumIds: [],
    enterpriseSchoolIds: [],
    userId: a?.userId ?? null,
  };
  if (!a) return access;
  const roles = new Set(a.roles);
  if (roles.has('school') && a.orgId) access.schoolOrgId = a.orgId;
  if (roles.has('official')) access.all = true;
  if (roles.has('secretariat') && a.consortiumId) {
    const scope = await resolveScope(ctx.deps.db, { ...a, roles: ['secretariat'] });
    access.consortiumIds.push(...scope.read.consortiumIds);
    access.orgIds.push(...scope.read.orgIds);
  }
  if (roles.has('teacher') && a.orgId) access.orgIds.push(a.orgId);
  if (roles.has('enterprise') && a.orgId) access.enterpriseSchoolIds = await repo.fellowMembers(ctx.deps.db, a.orgId);
  return access;
}

const anyOf = (col: AnyPgColumn, ids: string[]) => (ids.length ? inArray(col, ids) : undefined);

/** Profiles the caller may see (deleted ones only for their school), as a SQL condition. */
export function visibleProfiles(access: StudentAccess, deleted = false): SQL {
  const p = studentProfiles;
  const own = access.schoolOrgId ? eq(p.schoolOrgId, access.schoolOrgId) : undefined;
  if (deleted) return own ?? sql`false`;
  if (access.all) return sql`true`;
  return (
    or(
      own,
      anyOf(p.schoolOrgId, access.orgIds),
      anyOf(p.consortiumId, access.consortiumIds),
      access.enterpriseSchoolIds.length
        ? and(eq(p.consent, true), inArray(p.schoolOrgId, access.enterpriseSchoolIds))
        : undefined,
      access.userId ? eq(p.userId, access.userId) : undefined,
    ) ?? sql`false`
  );
}

/** Cohort or plan rows the caller may see: a condition on their school column. */
export function visibleSchools(access: StudentAccess, schoolCol: AnyPgColumn): SQL {
  if (access.all) return sql`true`;
  const ids = [...(access.schoolOrgId ? [access.schoolOrgId] : []), ...access.orgIds, ...access.enterpriseSchoolIds];
  return anyOf(schoolCol, [...new Set(ids)]) ?? sql`false`;
}

export interface ProfileFacts {
  schoolOrgId: string;
  consortiumId: string | null;
  consent: boolean;
  userId: string | null;
  deletedAt: Date | null;
}

/** How much of this profile the caller sees, or null when it may not see it at all. */
export function viewOf(access: StudentAccess, row: ProfileFacts): StudentView | null {
  if (access.schoolOrgId && row.schoolOrgId === access.schoolOrgId) return 'school';
  if (row.deletedAt) return null;
  if (
    access.all ||
    access.orgIds.includes(row.schoolOrgId) ||
    (!!row.consortiumId && access.consortiumIds.includes(row.consortiumId))
  )
    return 'scope';
  if (access.userId && row.userId === access.userId) return 'self';
  if (row.consent && access.enterpriseSchoolIds.includes(row.schoolOrgId)) return 'enterprise';
  return null;
}

/** May the caller write this school's profiles, cohorts and plans? (school users, their own school) */
export function writesSchool(access: StudentAccess, schoolOrgId: string): boolean {
  return !!access.schoolOrgId && access.schoolOrgId === schoolOrgId;
}

/** May the caller see cohorts and plans of this school? */
export function readsSchool(access: StudentAccess, schoolOrgId: string): boolean {
  return (
    access.all ||
    access.schoolOrgId === schoolOrgId ||
    access.orgIds.includes(schoolOrgId) ||
    access.enterpriseSchoolIds.includes(schoolOrgId)
  );
}
