/**
 * Who may do what in the ledger.
 * - Managers (市教委/工作专班): ledger.manage and no organization. They create tasks, comment,
 *   return and accept reports, shortlist and select cases, compute and publish rankings.
 * - Units: users whose organization is a government organization. They see and report only their
 *   organization's tasks, submit their unit's best-practice case, and keep the policy items their
 *   department leads. A unit account may hold ledger.manage by role; without "no organization" it
 *   still cannot review (a unit cannot accept its own report).
 * - Secretariats: submit their consortium's best-practice case. Secretariat and council read the
 *   ledger (all tasks, read-only).
 */
import type { Actor } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { managesCitywide } from '../identity';

/** 责任单位 entries that mean "any government department or district". */
export const ANY_GOVERNMENT = ['市级有关部门', '有关区县政府', '区县政府'] as const;

export function isManager(actor: Actor | null): boolean {
  return managesCitywide(actor, 'ledger.manage');
}

export function assertManager(actor: Actor | null): asserts actor is Actor {
  if (actor && isManager(actor)) return;
  if (actor?.permissions.has('ledger.manage'))
    // A unit's own account: its data scope is its organization, not the city's ledger.
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '隶属具体单位的账号不能审核、下达或发布；此操作由市教委/工作专班（未隶属具体单位的账号）进行',
      'en-US': 'Accounts of an organization cannot review, assign or publish; city-level managers do this',
    });
  throw new AppError('FORBIDDEN');
}

/** The organization whose tasks the caller is limited to, or undefined for city-wide readers. */
export function taskScopeOrg(actor: Actor | null): string | undefined {
  if (isManager(actor)) return undefined;
  return actor?.orgId ?? undefined;
}

export function mayReadTask(actor: Actor | null, task: { unitOrgId: string }): boolean {
  const org = taskScopeOrg(actor);
  return org === undefined || org === task.unitOrgId;
}

/** A user of the task's unit with ledger.report. */
export function mayReport(actor: Actor | null, task: { unitOrgId: string }): boolean {
  return Boolean(actor?.permissions.has('ledger.report') && actor.orgId && actor.orgId === task.unitOrgId);
}

/** A unit name as the documents write it, made comparable: 重庆 prefix and (…) notes dropped, spaces removed. */
export function normalizeUnit(name: string): string {
  return name
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/\s+/g, '')
    .replace(/^重庆市?/, '市')
    .replace(/^市市/, '市');
}

/** An organization matches a named unit by its name or abbreviation (normalized). */
export function orgMatchesUnit(org: { name: string; abbreviation: string | null }, unit: string): boolean {
  const u = normalizeUnit(unit);
  if (!u) return false;
  return normalizeUnit(org.name) === u || (org.abbreviation ? normalizeUnit(org.abbreviation) === u : false);
}

/** Whether a measure's responsible units include "any government" entries. */
export function anyGovernment(units: readonly string[]): boolean {
  return units.some((u) => (ANY_GOVERNMENT as readonly string[]).includes(u.trim()));
}

/** Whether a government organization may take a task of a measure with these responsible units. */
export function eligibleForMeasure(org: { name: string; abbreviation: string | null }, units: readonly string[]) {
  return anyGovernment(units) || units.some((u) => orgMatchesUnit(org, u));
}
