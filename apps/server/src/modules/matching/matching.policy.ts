/**
 * Who may see which recommendations, and the engine `scope` (consortium ids; null = all) each
 * caller's query runs with. The scope goes into the engine's query, never filters results after
 * the fact, so the top k stay exact.
 *
 * Job → students (only consenting students, for every caller: consent is the engine's hard filter):
 * - the job's own enterprise: students of the consortia it is an active member of;
 * - the secretariat of the job's consortium: students of that consortium;
 * - officials: all consenting students (names shown, the 身份证号 never; PIPL: the student's consent
 *   is what makes a profile visible beyond the school, and officials see no more than enterprises).
 *
 * Student → jobs (published jobs only), what the student would see, i.e. jobs of the consortia the
 * student's school is an active member of; asked by the student, the school or its teachers, or an
 * official. The secretariat of one of those consortia sees that consortium's part.
 */
import type { Actor } from '../../lib/context';
import { outOfScope } from '../../lib/errors';
import type { Scope } from '../identity';

export function jobQueryScope(
  actor: Actor,
  scope: Scope,
  job: { orgId: string; consortiumId: string | null },
): string[] | null {
  const roles = new Set(actor.roles);
  if (scope.readAll) return null;
  if (roles.has('enterprise') && actor.orgId === job.orgId) return scope.read.consortiumIds;
  if (roles.has('secretariat') && actor.consortiumId && actor.consortiumId === job.consortiumId)
    return [actor.consortiumId];
  throw outOfScope();
}

export function studentQueryScope(
  actor: Actor,
  scope: Scope,
  student: { schoolOrgId: string; userId: string | null },
  schoolConsortia: string[],
): string[] {
  const roles = new Set(actor.roles);
  if (student.userId && student.userId === actor.userId) return schoolConsortia;
  if (scope.readAll) return schoolConsortia;
  if ((roles.has('school') || roles.has('teacher')) && actor.orgId === student.schoolOrgId) return schoolConsortia;
  if (roles.has('secretariat') && actor.consortiumId && schoolConsortia.includes(actor.consortiumId))
    return [actor.consortiumId];
  throw outOfScope();
}
