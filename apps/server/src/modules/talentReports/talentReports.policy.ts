/**
 * Whose figures a report may show (data scope of the reports):
 * - officials (市教委): the whole city; a consortium or a school on request;
 * - secretariat / council: the jobs of their consortium and the cohorts of its member schools;
 * - schools: their own organization's supply, and the demand of the consortia they belong to;
 * - enterprises: the demand catalogue of the consortia they belong to, no supply figures.
 * A consortium or school filter outside that scope is OUT_OF_SCOPE.
 */
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { resolveScope } from '../identity';
import * as repo from './talentReports.repository';

export interface ReportScope {
  demand: repo.DemandFilter;
  supply: repo.SupplyFilter;
  /** A school's own view: warnings per school × major. */
  schoolView: boolean;
  /** What the figures cover, in words. */
  label: string;
}

const supplyForbidden = () =>
  new AppError('FORBIDDEN', {
    'zh-CN': '企业用户只能查看人才需求目录',
    'en-US': 'Enterprise users may only see the demand catalogue',
  });

const intersect = (a: string[] | null, b: string[]): string[] => (a ? a.filter((x) => b.includes(x)) : b);

/**
 * The caller's demand and supply for a report, narrowed by the optional consortium and school
 * filters. `needSupply`: the report shows cohorts (FORBIDDEN for callers without supply figures).
 */
export async function reportScope(
  ctx: Ctx,
  filter: { consortiumId?: string | undefined; schoolOrgId?: string | undefined },
  needSupply: boolean,
): Promise<ReportScope> {
  const { db } = ctx.deps;
  const actor = ctx.actor;
  const scope = await resolveScope(db, actor);
  const roles = new Set(actor?.roles ?? []);
  const consortiumRole = roles.has('secretariat') || roles.has('council');
  const seesSupply = scope.readAll || consortiumRole || roles.has('school');
  if (needSupply && !seesSupply) throw supplyForbidden();

  let demandIds: string[] | null = scope.readAll ? null : scope.read.consortiumIds;
  // Secretariat and council see the member schools' cohorts; a school only its own.
  let supplyIds: string[] | null = scope.readAll
    ? null
    : consortiumRole
      ? scope.read.orgIds
      : roles.has('school') && actor?.orgId
        ? [actor.orgId]
        : [];
  const labels: string[] = [];

  if (filter.consortiumId) {
    if (!scope.readAll && !scope.read.consortiumIds.includes(filter.consortiumId)) throw outOfScope();
    demandIds = [filter.consortiumId];
    supplyIds = intersect(supplyIds, await repo.memberOrgIds(db, filter.consortiumId));
  }
  if (filter.schoolOrgId) {
    if (!seesSupply) throw supplyForbidden();
    if (supplyIds && !supplyIds.includes(filter.schoolOrgId)) throw outOfScope();
    supplyIds = [filter.schoolOrgId];
  }

  const schoolView = !!filter.schoolOrgId || (!scope.readAll && !consortiumRole && roles.has('school'));
  const consortiumIds = demandIds ?? [];
  const [consortiumNames, schoolNames] = await Promise.all([
    repo.consortiumNames(db, consortiumIds),
    repo.orgNames(db, schoolView && supplyIds ? supplyIds : []),
  ]);
  if (schoolView && supplyIds?.length) labels.push(supplyIds.map((id) => schoolNames.get(id) ?? id).join('、'));
  if (demandIds === null) labels.push(schoolView ? '需求：全市' : '全市');
  else if (demandIds.length === 0) labels.push(schoolView ? '需求：未加入联合体' : '未加入联合体');
  else {
    const names = consortiumIds.map((id) => consortiumNames.get(id) ?? id).join('、');
    labels.push(schoolView ? `需求：${names}` : names);
  }
  return {
    demand: { consortiumIds: demandIds },
    supply: { schoolOrgIds: supplyIds },
    schoolView,
    label: labels.join('；'),
  };
}
