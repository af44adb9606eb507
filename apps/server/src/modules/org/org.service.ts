import type { ConsortiumItem, OrgItem, Paged, UpdateOrgBody } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { appendAudit } from '../audit';
import { allows, resolveScope, scopeWhere } from '../identity';
import * as repo from './org.repository';

function toOrg(r: repo.OrgRow): OrgItem {
  return {
    id: r.id,
    name: r.name,
    type: r.type as OrgItem['type'],
    creditCode: r.creditCode,
    districtCode: r.districtCode,
    districtName: r.districtName,
    address: r.address,
    isDemo: r.isDemo,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Organizations within the caller's data scope. */
export async function listOrgs(
  ctx: Ctx,
  q: { page: number; pageSize: number; q?: string | undefined; type?: string | undefined },
): Promise<Paged<OrgItem>> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.orgFilter(q, scopeWhere(scope, 'read', { orgId: repo.organizations.id }));
  const { items, total } = await repo.listOrgs(ctx.deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toOrg), total, page: q.page, pageSize: q.pageSize };
}

async function findInScope(ctx: Ctx, id: string, action: 'read' | 'write') {
  const row = await repo.findOrg(ctx.deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', { 'zh-CN': '单位不存在', 'en-US': 'Organization not found' });
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  if (!allows(scope, action, { orgId: row.id })) throw outOfScope();
  return row;
}

/** NOT_FOUND, OUT_OF_SCOPE. */
export async function getOrg(ctx: Ctx, id: string): Promise<OrgItem> {
  return toOrg(await findInScope(ctx, id, 'read'));
}

/** An enterprise or school user edits its own organization (OUT_OF_SCOPE otherwise); audited. */
export async function updateOrg(ctx: Ctx, id: string, body: UpdateOrgBody): Promise<OrgItem> {
  const before = await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateOrg(tx, id, body);
    const after = await repo.findOrg(tx, id);
    await appendAudit(tx, ctx, {
      action: 'org.update',
      entity: 'organization',
      entityId: id,
      before: { address: before.address, districtCode: before.districtCode },
      after: { address: after?.address ?? null, districtCode: after?.districtCode ?? null },
    });
  });
  return getOrg(ctx, id);
}

function toConsortium(r: Awaited<ReturnType<typeof repo.listConsortia>>['items'][number]): ConsortiumItem {
  return {
    id: r.id,
    name: r.name,
    level: r.level as ConsortiumItem['level'],
    status: r.status,
    foundedOn: r.foundedOn,
    memberCount: r.memberCount,
    isDemo: r.isDemo,
  };
}

/** Consortia within the caller's data scope. */
export async function listConsortia(
  ctx: Ctx,
  q: { page: number; pageSize: number; q?: string | undefined; level?: string | undefined },
): Promise<Paged<ConsortiumItem>> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.consortiumFilter(q, scopeWhere(scope, 'read', { consortiumId: repo.consortia.id }));
  const { items, total } = await repo.listConsortia(ctx.deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toConsortium), total, page: q.page, pageSize: q.pageSize };
}

/** NOT_FOUND, OUT_OF_SCOPE. */
export async function getConsortium(ctx: Ctx, id: string): Promise<ConsortiumItem> {
  const { items } = await repo.listConsortia(ctx.deps.db, repo.consortiumFilter({ id }, undefined), 1, 0);
  const row = items[0];
  if (!row) throw new AppError('NOT_FOUND', { 'zh-CN': '联合体不存在', 'en-US': 'Consortium not found' });
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  if (!allows(scope, 'read', { consortiumId: row.id })) throw outOfScope();
  return toConsortium(row);
}
