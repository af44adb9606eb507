import type { Permission } from '@chanjiao/contracts';
import { consortiumMembers, type DbOrTx } from '@chanjiao/db';
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../lib/context';

/**
 * Data scope: the one rule every module uses to decide which organization- or consortium-owned
 * rows a caller may read and write.
 *
 * - 市教委 official: reads everything; writes only through module rules that grant it (status decisions).
 * - secretariat: reads and writes its consortium and its member organizations (registry upkeep).
 * - council member: reads its consortium and its member organizations.
 * - enterprise / school user: reads and writes its organization; reads the consortia it belongs to.
 * - teacher / student: reads its organization and its consortia; writes only rows it owns.
 * - the three administrators and reviewers: no business rows unless a module grants them.
 */
export interface Scope {
  readAll: boolean;
  read: { orgIds: string[]; consortiumIds: string[] };
  write: { orgIds: string[]; consortiumIds: string[] };
  /** Rows whose owner is this user are the caller's own (profiles, applications). */
  userId: string | null;
}

export interface Owned {
  orgId?: string | null;
  consortiumId?: string | null;
  ownerUserId?: string | null;
}

const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/** Resolves what the actor may see; one membership query at most. */
export async function resolveScope(db: DbOrTx, actor: Actor | null): Promise<Scope> {
  const scope: Scope = {
    readAll: false,
    read: { orgIds: [], consortiumIds: [] },
    write: { orgIds: [], consortiumIds: [] },
    userId: actor?.userId ?? null,
  };
  if (!actor) return scope;
  const roles = new Set(actor.roles);
  if (roles.has('official')) scope.readAll = true;

  const consortiumRole = roles.has('secretariat') || roles.has('council');
  const orgRole = roles.has('enterprise') || roles.has('school') || roles.has('teacher') || roles.has('student');

  if (consortiumRole && actor.consortiumId) {
    scope.read.consortiumIds.push(actor.consortiumId);
    if (roles.has('secretariat')) scope.write.consortiumIds.push(actor.consortiumId);
    const members = await db
      .select({ orgId: consortiumMembers.orgId })
      .from(consortiumMembers)
      .where(and(eq(consortiumMembers.consortiumId, actor.consortiumId), isNull(consortiumMembers.leftOn)));
    scope.read.orgIds.push(...members.map((m) => m.orgId));
    if (roles.has('secretariat')) scope.write.orgIds.push(...members.map((m) => m.orgId));
  }
  if (orgRole && actor.orgId) {
    scope.read.orgIds.push(actor.orgId);
    if (roles.has('enterprise') || roles.has('school')) scope.write.orgIds.push(actor.orgId);
    const memberships = await db
      .select({ consortiumId: consortiumMembers.consortiumId })
      .from(consortiumMembers)
      .where(and(eq(consortiumMembers.orgId, actor.orgId), isNull(consortiumMembers.leftOn)));
    scope.read.consortiumIds.push(...memberships.map((m) => m.consortiumId));
  }
  scope.read.orgIds = uniq(scope.read.orgIds);
  scope.write.orgIds = uniq(scope.write.orgIds);
  scope.read.consortiumIds = uniq(scope.read.consortiumIds);
  return scope;
}

/** May the caller read or write this row? */
export function allows(scope: Scope, action: 'read' | 'write', row: Owned): boolean {
  if (row.ownerUserId && scope.userId && row.ownerUserId === scope.userId) return true;
  if (action === 'read' && scope.readAll) return true;
  const s = action === 'read' ? scope.read : scope.write;
  if (row.orgId && s.orgIds.includes(row.orgId)) return true;
  if (row.consortiumId && s.consortiumIds.includes(row.consortiumId)) return true;
  return false;
}

/**
 * The same rule as a SQL condition for list queries; `undefined` means no restriction.
 * Pass the columns the table has.
 */
export function scopeWhere(
  scope: Scope,
  action: 'read' | 'write',
  cols: { orgId?: AnyPgColumn; consortiumId?: AnyPgColumn; ownerUserId?: AnyPgColumn },
): SQL | undefined {
  if (action === 'read' && scope.readAll) return undefined;
  const s = action === 'read' ? scope.read : scope.write;
  const conds: SQL[] = [];
  if (cols.orgId && s.orgIds.length) conds.push(inArray(cols.orgId, s.orgIds));
  if (cols.consortiumId && s.consortiumIds.length) conds.push(inArray(cols.consortiumId, s.consortiumIds));
  if (cols.ownerUserId && scope.userId) conds.push(eq(cols.ownerUserId, scope.userId));
  return conds.length ? or(...conds) : sql`false`;
}

/**
 * The 市教委/工作专班 rule shared by evaluation, the ledger and statistical returns: a permission
 * that manages (runs rounds, reviews reports, approves returns) is exercised only by accounts of no
 * organization. An official account of a government department holds the same role but acts as a
 * unit: it reports and reads, it does not manage.
 */
export function managesCitywide(actor: Actor | null, permission: Permission): boolean {
  return Boolean(actor?.permissions.has(permission) && !actor.orgId);
}
