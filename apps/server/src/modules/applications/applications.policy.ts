import { type ApplicationStage, enterpriseTransitions, studentTransitions } from '@chanjiao/contracts';
import { eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../lib/context';
import type { Scope } from '../identity';
import { activeMembersOf, scopeColumns } from './applications.repository';

/**
 * Who sees which applications (the data scope of this module, on top of `resolveScope`):
 * - a student: his own (the profile linked to his account);
 * - an enterprise user: those for its organization's jobs;
 * - a school user or teacher: those of its school's students;
 * - the secretariat: those for jobs published in its consortium or of students of its member schools;
 * - officials (read-all scope): all.
 * `undefined` means no restriction; no matching role gives `false`.
 */
export function readWhere(actor: Actor | null, scope: Scope): SQL | undefined {
  if (!actor) return sql`false`;
  if (scope.readAll) return undefined;
  const roles = new Set(actor.roles);
  const conds: SQL[] = [];
  if (roles.has('student')) conds.push(eq(scopeColumns.studentUserId, actor.userId));
  if (roles.has('enterprise') && actor.orgId) conds.push(eq(scopeColumns.orgId, actor.orgId));
  if ((roles.has('school') || roles.has('teacher')) && actor.orgId)
    conds.push(eq(scopeColumns.schoolOrgId, actor.orgId));
  if (roles.has('secretariat') && actor.consortiumId) {
    conds.push(eq(scopeColumns.jobConsortiumId, actor.consortiumId));
    conds.push(inArray(scopeColumns.schoolOrgId, activeMembersOf(actor.consortiumId)));
  }
  return conds.length ? or(...conds) : sql`false`;
}

/** The side the caller acts for on this application: the hiring enterprise, the student, or neither. */
export type Party = 'enterprise' | 'student' | null;

export function partyOf(actor: Actor | null, app: { orgId: string; studentUserId: string | null }): Party {
  if (!actor?.permissions.has('application.write')) return null;
  if (actor.roles.includes('enterprise') && actor.orgId === app.orgId) return 'enterprise';
  if (actor.roles.includes('student') && app.studentUserId === actor.userId) return 'student';
  return null;
}

/** Stages this party may move the application to now; an ended placement is final. */
export function allowedMoves(party: Party, app: { stage: string; endedOn: string | null }): ApplicationStage[] {
  if (!party || app.endedOn) return [];
  const table = party === 'enterprise' ? enterpriseTransitions : studentTransitions;
  return [...(table[app.stage as ApplicationStage] ?? [])];
}

/** Only the hiring enterprise ends a placement (离职), and only a current onboard one. */
export function canEnd(party: Party, app: { stage: string; endedOn: string | null }): boolean {
  return party === 'enterprise' && app.stage === 'onboard' && !app.endedOn;
}
