import type { certificationInput, contactInput, orgExportQuery } from '@chanjiao/contracts';
import {
  type CreateOrgBody,
  councilSeatLabels,
  type OrgDetail,
  type OrgItem,
  type OrgListQuery,
  orgTypeLabels,
  type Paged,
  schoolLevelLabels,
  type UpdateOrgBody,
} from '@chanjiao/contracts';
import type { z } from 'zod';
import type { Ctx } from '../../lib/context';
import { maskPhone } from '../../lib/crypto';
import { todayInChina } from '../../lib/dates';
import { AppError, outOfScope } from '../../lib/errors';
import { appendAudit } from '../audit';
import { allows, resolveScope, scopeWhere } from '../identity';
import { referenceCodes } from '../reference';
import * as repo from './org.repository';

const today = () => todayInChina();

function toItem(r: repo.OrgRow): OrgItem {
  return {
    id: r.id,
    name: r.name,
    abbreviation: r.abbreviation,
    type: r.type as OrgItem['type'],
    schoolLevel: r.schoolLevel as OrgItem['schoolLevel'],
    creditCode: r.creditCode,
    districtCode: r.districtCode,
    districtName: r.districtName,
    address: r.address,
    clusterCodes: r.clusterCodes,
    industryCodes: r.industryCodes,
    aboveScale: r.aboveScale,
    website: r.website,
    isDemo: r.isDemo,
    updatedAt: r.updatedAt.toISOString(),
    deletedAt: r.deletedAt?.toISOString() ?? null,
  };
}

/** Organizations within the caller's data scope, searchable and filterable. */
export async function listOrgs(ctx: Ctx, q: OrgListQuery): Promise<Paged<OrgItem>> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.orgWhere(q, scopeWhere(scope, 'read', repo.scopeColumns));
  const { items, total } = await repo.listOrgs(ctx.deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** City-wide lookup by name or credit code, to pick members and lead units. */
export async function lookupOrgs(ctx: Ctx, q: string, type: string | undefined) {
  return {
    items: (await repo.lookup(ctx.deps.db, q, type)) as {
      id: string;
      name: string;
      type: OrgItem['type'];
      creditCode: string | null;
      districtName: string | null;
    }[],
  };
}

async function findInScope(ctx: Ctx, id: string, action: 'read' | 'write') {
  const row = await repo.findOrg(ctx.deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', { 'zh-CN': '单位不存在', 'en-US': 'Organization not found' });
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  if (!allows(scope, action, { orgId: row.id, ownerUserId: row.createdBy })) throw outOfScope();
  if (action === 'write' && row.deletedAt)
    throw new AppError('CONFLICT', { 'zh-CN': '单位已删除，不能修改', 'en-US': 'The organization was deleted' });
  return { row, scope };
}

/** Everything the organization takes part in. NOT_FOUND, OUT_OF_SCOPE. */
export async function getOrg(ctx: Ctx, id: string): Promise<OrgDetail> {
  const { row, scope } = await findInScope(ctx, id, 'read');
  const { db } = ctx.deps;
  const [certs, contacts, part] = [
    await repo.certificationsOf(db, id),
    await repo.contactsOf(db, id),
    await repo.participation(db, id),
  ];
  const now = today();
  return {
    ...toItem(row),
    certifications: certs.map((c) => ({
      id: c.id,
      kind: c.kind as OrgDetail['certifications'][number]['kind'],
      level: c.level as OrgDetail['certifications'][number]['level'],
      grantedOn: c.grantedOn,
      expiresOn: c.expiresOn,
      issuer: c.issuer,
      note: c.note,
      expired: !!c.expiresOn && c.expiresOn < now,
    })),
    contacts: contacts.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      phone: c.phoneMasked,
      email: c.email,
      isPrimary: c.isPrimary,
    })),
    memberships: part.memberships,
    leadOf: part.leadOf,
    councilSeats: part.seats,
    canEdit:
      !!ctx.actor?.permissions.has('org.write') &&
      allows(scope, 'write', { orgId: row.id, ownerUserId: row.createdBy }),
  };
}

/** Codes must exist in the reference data; a school needs its level. VALIDATION with field paths. */
async function checkCodes(ctx: Ctx, v: UpdateOrgBody, type: string, schoolLevel: string | null | undefined) {
  const ref = await referenceCodes(ctx.deps);
  const problems: { path: string; message: string }[] = [];
  if (v.districtCode && !ref.districts.has(v.districtCode))
    problems.push({ path: 'districtCode', message: `区县代码 ${v.districtCode} 不是重庆市的区县` });
  for (const c of v.clusterCodes ?? [])
    if (!ref.clusters.has(c)) problems.push({ path: 'clusterCodes', message: `产业集群 ${c} 不存在` });
  for (const c of v.industryCodes ?? [])
    if (!ref.industries.has(c))
      problems.push({ path: 'industryCodes', message: `行业代码 ${c} 不在 GB/T 4754-2017 中` });
  if (type === 'school' && !schoolLevel) problems.push({ path: 'schoolLevel', message: '学校须选择办学层次' });
  if (type !== 'school' && schoolLevel) problems.push({ path: 'schoolLevel', message: '只有学校有办学层次' });
  if (problems.length)
    throw new AppError('VALIDATION', { 'zh-CN': `提交的数据不符合要求：${problems[0]!.message}` }, problems);
}

async function checkClash(ctx: Ctx, v: { name?: string; creditCode?: string | null }, exceptId?: string) {
  const clash = await repo.findClash(ctx.deps.db, v, exceptId);
  if (!clash) return;
  const byCode = v.creditCode && clash.creditCode === v.creditCode;
  throw new AppError(
    'CONFLICT',
    {
      'zh-CN': byCode ? `统一社会信用代码 ${v.creditCode} 已登记为“${clash.name}”` : `单位名称“${clash.name}”已登记`,
      'en-US': byCode ? 'This credit code is registered already' : 'This name is registered already',
    },
    [{ path: byCode ? 'creditCode' : 'name', message: byCode ? '已登记' : '名称已存在' }],
  );
}

const auditFields = (r: Partial<repo.OrgRow>) => ({
  name: r.name,
  abbreviation: r.abbreviation,
  type: r.type,
  schoolLevel: r.schoolLevel,
  creditCode: r.creditCode,
  districtCode: r.districtCode,
  address: r.address,
  clusterCodes: r.clusterCodes,
  industryCodes: r.industryCodes,
  aboveScale: r.aboveScale,
  website: r.website,
});

/**
 * Registers an organization (secretariat). Rules: unique 统一社会信用代码 and name (CONFLICT),
 * codes from the reference data (VALIDATION). The creator may read and edit it until it joins a consortium.
 */
export async function createOrg(ctx: Ctx, body: CreateOrgBody): Promise<OrgDetail> {
  await checkCodes(ctx, body, body.type, body.schoolLevel);
  await checkClash(ctx, body);
  const id = await ctx.deps.db.transaction(async (tx) => {
    const values = {
      ...body,
      clusterCodes: body.clusterCodes ?? [],
      industryCodes: body.industryCodes ?? [],
      createdBy: ctx.actor?.userId ?? null,
    };
    const newId = await repo.insertOrg(tx, values);
    await appendAudit(tx, ctx, {
      action: 'org.create',
      entity: 'organization',
      entityId: newId,
      after: auditFields(values),
    });
    return newId;
  });
  return getOrg(ctx, id);
}

/** Edits an organization in the caller's write scope (OUT_OF_SCOPE); same rules as creation. */
export async function updateOrg(ctx: Ctx, id: string, body: UpdateOrgBody): Promise<OrgDetail> {
  const { row } = await findInScope(ctx, id, 'write');
  const type = body.type ?? row.type;
  const schoolLevel = body.schoolLevel !== undefined ? body.schoolLevel : type === 'school' ? row.schoolLevel : null;
  await checkCodes(ctx, body, type, schoolLevel);
  await checkClash(ctx, { name: body.name, creditCode: body.creditCode }, id);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.updateOrg(tx, id, { ...body, schoolLevel });
    const after = await repo.findOrg(tx, id);
    await appendAudit(tx, ctx, {
      action: 'org.update',
      entity: 'organization',
      entityId: id,
      before: auditFields(row),
      after: auditFields(after!),
    });
  });
  return getOrg(ctx, id);
}

/**
 * Soft-deletes an organization in the caller's write scope: hidden from lists and lookups,
 * restorable. Refused (CONFLICT, naming the consortia) while it is an active member, a lead unit
 * or a served park of a consortium, or holds a sitting council seat. NOT_FOUND, OUT_OF_SCOPE.
 */
export async function deleteOrg(ctx: Ctx, id: string): Promise<OrgDetail> {
  const { row } = await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    const ties = await repo.currentTies(tx, id, today());
    const reasons = [
      ...ties.memberOf.map((c) => `是“${c.consortiumName}”的成员单位（须先办理退出）`),
      ...ties.leadOf.map((c) => `是“${c.consortiumName}”的牵头单位`),
      ...ties.parkOf.map((c) => `是“${c.consortiumName}”服务的产业园区`),
      ...ties.seats.map(
        (s) =>
          `在“${s.consortiumName}”理事会有在任${councilSeatLabels[s.seat as keyof typeof councilSeatLabels] ?? s.seat}（${s.personName}）`,
      ),
    ];
    if (reasons.length)
      throw new AppError(
        'CONFLICT',
        {
          'zh-CN': `“${row.name}”仍参与联合体，不能删除：${reasons.join('；')}`,
          'en-US': `${row.name} still takes part in a consortium (member, lead unit, park or council seat) and cannot be deleted`,
        },
        [
          ...ties.memberOf.map((c) => ({ consortiumId: c.consortiumId, tie: 'member' })),
          ...ties.leadOf.map((c) => ({ consortiumId: c.consortiumId, tie: 'lead' })),
          ...ties.parkOf.map((c) => ({ consortiumId: c.consortiumId, tie: 'park' })),
          ...ties.seats.map((c) => ({ consortiumId: c.consortiumId, tie: 'council' })),
        ],
      );
    const at = new Date();
    await repo.setDeleted(tx, id, at);
    await appendAudit(tx, ctx, {
      action: 'org.delete',
      entity: 'organization',
      entityId: id,
      before: { name: row.name, deletedAt: null },
      after: { name: row.name, deletedAt: at.toISOString() },
    });
  });
  return getOrg(ctx, id);
}

/**
 * Brings a deleted organization back into the registry (same write scope as editing). CONFLICT
 * when it is not deleted or a live organization has taken its name meanwhile; NOT_FOUND, OUT_OF_SCOPE.
 */
export async function restoreOrg(ctx: Ctx, id: string): Promise<OrgDetail> {
  const row = await repo.findOrg(ctx.deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', { 'zh-CN': '单位不存在', 'en-US': 'Organization not found' });
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  if (!allows(scope, 'write', { orgId: row.id, ownerUserId: row.createdBy })) throw outOfScope();
  if (!row.deletedAt)
    throw new AppError('CONFLICT', { 'zh-CN': '单位未被删除，无需恢复', 'en-US': 'The organization is not deleted' });
  await checkClash(ctx, { name: row.name }, id);
  await ctx.deps.db.transaction(async (tx) => {
    await repo.setDeleted(tx, id, null);
    await appendAudit(tx, ctx, {
      action: 'org.restore',
      entity: 'organization',
      entityId: id,
      before: { name: row.name, deletedAt: row.deletedAt!.toISOString() },
      after: { name: row.name, deletedAt: null },
    });
  });
  return getOrg(ctx, id);
}

export async function addCertification(
  ctx: Ctx,
  id: string,
  body: z.infer<typeof certificationInput>,
): Promise<OrgDetail> {
  await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    const c = await repo.insertCertification(tx, { ...body, orgId: id });
    await appendAudit(tx, ctx, {
      action: 'org.certification.add',
      entity: 'organization',
      entityId: id,
      after: { certificationId: c.id, ...body },
    });
  });
  return getOrg(ctx, id);
}

export async function deleteCertification(ctx: Ctx, id: string, certId: string): Promise<OrgDetail> {
  await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    const gone = await repo.deleteCertification(tx, id, certId);
    if (!gone) throw new AppError('NOT_FOUND', { 'zh-CN': '资质认定不存在' });
    await appendAudit(tx, ctx, {
      action: 'org.certification.delete',
      entity: 'organization',
      entityId: id,
      before: { certificationId: certId, kind: gone.kind, level: gone.level, grantedOn: gone.grantedOn },
    });
  });
  return getOrg(ctx, id);
}

/** Contact phone numbers are encrypted at rest and shown masked. */
export async function addContact(ctx: Ctx, id: string, body: z.infer<typeof contactInput>): Promise<OrgDetail> {
  await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    const c = await repo.insertContact(tx, {
      orgId: id,
      name: body.name,
      title: body.title ?? null,
      phoneEnc: body.phone ? ctx.deps.cipher.encrypt(body.phone) : null,
      phoneMasked: maskPhone(body.phone ?? null),
      email: body.email ?? null,
      isPrimary: body.isPrimary ?? false,
    });
    await appendAudit(tx, ctx, {
      action: 'org.contact.add',
      entity: 'organization',
      entityId: id,
      after: {
        contactId: c.id,
        name: body.name,
        title: body.title,
        phone: maskPhone(body.phone ?? null),
        email: body.email,
      },
    });
  });
  return getOrg(ctx, id);
}

export async function deleteContact(ctx: Ctx, id: string, contactId: string): Promise<OrgDetail> {
  await findInScope(ctx, id, 'write');
  await ctx.deps.db.transaction(async (tx) => {
    const gone = await repo.deleteContact(tx, id, contactId);
    if (!gone) throw new AppError('NOT_FOUND', { 'zh-CN': '联系人不存在' });
    await appendAudit(tx, ctx, {
      action: 'org.contact.delete',
      entity: 'organization',
      entityId: id,
      before: { contactId, name: gone.name, phone: gone.phoneMasked },
    });
  });
  return getOrg(ctx, id);
}

/** The filtered list as xlsx with Chinese headers (rows in scope only); the export is audited. */
export async function exportOrgs(
  ctx: Ctx,
  q: z.infer<typeof orgExportQuery>,
  Excel: typeof import('exceljs'),
): Promise<Buffer> {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  const where = repo.orgWhere(q, scopeWhere(scope, 'read', repo.scopeColumns));
  const ref = await referenceCodes(ctx.deps);
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('单位名录');
  ws.columns = [
    { header: '单位名称', key: 'name', width: 36 },
    { header: '简称', key: 'abbreviation', width: 14 },
    { header: '单位类型', key: 'type', width: 10 },
    { header: '办学层次', key: 'schoolLevel', width: 10 },
    { header: '统一社会信用代码', key: 'creditCode', width: 22 },
    { header: '所在区县', key: 'district', width: 10 },
    { header: '地址', key: 'address', width: 36 },
    { header: '服务产业集群', key: 'clusters', width: 28 },
    { header: '所属行业', key: 'industries', width: 28 },
    { header: '规模以上企业', key: 'aboveScale', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  let rows = 0;
  for await (const r of repo.iterateOrgs(ctx.deps.db, where)) {
    rows += 1;
    ws.addRow({
      name: r.name,
      abbreviation: r.abbreviation ?? '',
      type: orgTypeLabels[r.type as keyof typeof orgTypeLabels] ?? r.type,
      schoolLevel: r.schoolLevel ? schoolLevelLabels[r.schoolLevel as keyof typeof schoolLevelLabels] : '',
      creditCode: r.creditCode ?? '',
      district: r.districtName ?? '',
      address: r.address ?? '',
      clusters: r.clusterCodes.map((c) => ref.clusters.get(c) ?? c).join('、'),
      industries: r.industryCodes.map((c) => `${c} ${ref.industries.get(c) ?? ''}`.trim()).join('、'),
      aboveScale: r.aboveScale ? '是' : '否',
    });
  }
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, { action: 'org.export', entity: 'organization', detail: { filter: q, rows } }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
