import type { Readable } from 'node:stream';
import {
  type ConsortiumDetail,
  type ConsortiumItem,
  type ConsortiumStatus,
  type CreateConsortiumBody,
  type consortiumDocument,
  consortiumLevelLabels,
  consortiumStatusLabels,
  consortiumTransitions,
  type councilSeat,
  type councilSeatInput,
  councilSeatLabels,
  leadKindLabels,
  type leaveBody,
  type member,
  type memberInput,
  memberRoleLabels,
  type OrgType,
  orgTypeLabels,
  type Paged,
  type platform,
  type platformInput,
  type resolution,
  type resolutionInput,
  type StatusChangeBody,
  type UpdateConsortiumBody,
} from '@chanjiao/contracts';
import type { DbOrTx, Tx } from '@chanjiao/db';
import type { z } from 'zod';
import type { Ctx } from '../../lib/context';
import { maskPhone } from '../../lib/crypto';
import { todayInChina } from '../../lib/dates';
import { AppError, outOfScope } from '../../lib/errors';
import { detectDocumentType, MAX_FILE_BYTES, openFile, peekHead, type SavedFile, saveFile } from '../../lib/files';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import { allows, listSecretariatUsers, resolveScope, scopeWhere } from '../identity';
import { referenceCodes } from '../reference';
import { assertReadable, assertWritable, capabilities } from './consortium.policy';
import * as repo from './consortium.repository';

type Member = z.infer<typeof member>;
type CouncilSeat = z.infer<typeof councilSeat>;
type Resolution = z.infer<typeof resolution>;
type Platform = z.infer<typeof platform>;
type ConsortiumDocument = z.infer<typeof consortiumDocument>;
type Lead = CreateConsortiumBody['leads'][number];

const EXPORT_CAP = 50_000;

const today = () => todayInChina();

const invalid = (zh: string, en: string, path: string) =>
  new AppError('VALIDATION', { 'zh-CN': zh, 'en-US': en }, [{ path, message: zh }]);
const conflict = (zh: string, en: string, details?: { path: string; message: string }[]) =>
  new AppError('CONFLICT', { 'zh-CN': zh, 'en-US': en }, details);
const consortiumNotFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '联合体不存在', 'en-US': 'Consortium not found' });

// ── Views ───────────────────────────────────────────────────────────────────

type ConsortiumWithCount = repo.ConsortiumRow & { memberCount: number };

function toItem(r: ConsortiumWithCount): ConsortiumItem {
  return {
    id: r.id,
    name: r.name,
    level: r.level as ConsortiumItem['level'],
    status: r.status as ConsortiumStatus,
    foundedOn: r.foundedOn,
    memberCount: r.memberCount,
    clusterCodes: r.clusterCodes,
    isDemo: r.isDemo,
  };
}

function toMember(r: repo.MemberRow): Member {
  return {
    id: r.id,
    orgId: r.orgId,
    orgName: r.orgName,
    orgType: r.orgType as OrgType,
    creditCode: r.creditCode,
    districtName: r.districtName,
    memberRole: r.memberRole as Member['memberRole'],
    joinedOn: r.joinedOn,
    leftOn: r.leftOn,
    leftReason: r.leftReason,
  };
}

const isCurrent = (termEnd: string | null, on = today()) => termEnd === null || termEnd >= on;

function toSeat(r: repo.SeatRow, on = today()): CouncilSeat {
  return {
    id: r.id,
    seat: r.seat as CouncilSeat['seat'],
    personName: r.personName,
    personTitle: r.personTitle,
    orgId: r.orgId,
    orgName: r.orgName,
    termStart: r.termStart,
    termEnd: r.termEnd,
    current: isCurrent(r.termEnd, on),
  };
}

const seatRank: Record<string, number> = { chair: 0, vice_chair: 1, secretary_general: 2, director: 3 };

/** Current seats first (by rank), then past terms, newest first. */
function sortSeats(seats: CouncilSeat[]): CouncilSeat[] {
  return [...seats].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      (a.current ? (seatRank[a.seat] ?? 9) - (seatRank[b.seat] ?? 9) : 0) ||
      b.termStart.localeCompare(a.termStart),
  );
}

const toResolution = (r: repo.ResolutionRow): Resolution => ({
  id: r.id,
  meetingDate: r.meetingDate,
  title: r.title,
  attendees: r.attendees,
  body: r.body,
  createdAt: r.createdAt.toISOString(),
});

const toPlatform = (r: repo.PlatformRow): Platform => ({
  legalEntityName: r.legalEntityName,
  creditCode: r.creditCode,
  entityType: r.entityType,
  managerName: r.managerName,
  managerPhone: r.managerPhoneMasked,
  establishedOn: r.establishedOn,
  note: r.note,
  updatedAt: r.updatedAt.toISOString(),
});

const toDocument = (r: repo.DocumentRow): ConsortiumDocument => ({
  id: r.id,
  kind: r.kind as ConsortiumDocument['kind'],
  title: r.title,
  version: r.version,
  fileId: r.fileId,
  fileName: r.fileName,
  size: r.size,
  effectiveOn: r.effectiveOn,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
});

// ── Lookups shared by the rules ─────────────────────────────────────────────

async function mustFind(db: DbOrTx, id: string): Promise<ConsortiumWithCount> {
  const row = await repo.findConsortium(db, id);
  if (!row) throw consortiumNotFound();
  return row;
}

/** The consortium, if the caller may change it (NOT_FOUND, OUT_OF_SCOPE, CONFLICT when revoked). */
async function findWritable(ctx: Ctx, id: string): Promise<ConsortiumWithCount> {
  const row = await mustFind(ctx.deps.db, id);
  assertWritable(await resolveScope(ctx.deps.db, ctx.actor), row);
  return row;
}

/** For other write paths of this module (imports): the consortium if the caller may change it. */
export const writableConsortium = findWritable;

/** The registry facts the audit log keeps of a consortium. */
async function auditView(db: DbOrTx, id: string) {
  const c = await mustFind(db, id);
  const [leads, parks] = await Promise.all([repo.listLeads(db, id), repo.listParks(db, id)]);
  return {
    name: c.name,
    level: c.level,
    status: c.status,
    foundedOn: c.foundedOn,
    region: c.region,
    description: c.description,
    clusterCodes: c.clusterCodes,
    leads: leads.map((l) => ({ orgId: l.orgId, orgName: l.orgName, leadKind: l.leadKind })),
    parks: parks.map((p) => ({ orgId: p.orgId, orgName: p.orgName })),
  };
}

/**
 * Lead units (牵头单位) must exist, not be deleted, and be of the organization type their kind
 * names (government → 政府部门, park → 产业园区, school → 学校, enterprise → 企业). VALIDATION on `leads`.
 */
async function checkLeads(db: DbOrTx, leads: Lead[]): Promise<void> {
  const ids = leads.map((l) => l.orgId);
  if (new Set(ids).size !== ids.length) throw invalid('牵头单位重复', 'Duplicate lead unit', 'leads');
  const orgs = new Map((await repo.orgsByIds(db, ids)).map((o) => [o.id, o]));
  const problems: string[] = [];
  for (const l of leads) {
    const o = orgs.get(l.orgId);
    if (!o || o.deletedAt) problems.push('牵头单位不存在或已删除');
    else if (o.type !== l.leadKind)
      problems.push(
        `“${o.name}”是${orgTypeLabels[o.type as OrgType] ?? o.type}，不能作为${leadKindLabels[l.leadKind]}牵头单位`,
      );
  }
  if (problems.length)
    throw new AppError(
      'VALIDATION',
      { 'zh-CN': problems[0], 'en-US': 'A lead unit does not exist or is not of the type its kind requires' },
      problems.map((message) => ({ path: 'leads', message })),
    );
}

/** Served parks must be existing organizations of type park. VALIDATION on `parkOrgIds`. */
async function checkParks(db: DbOrTx, parkOrgIds: string[]): Promise<string[]> {
  const ids = [...new Set(parkOrgIds)];
  const orgs = new Map((await repo.orgsByIds(db, ids)).map((o) => [o.id, o]));
  for (const id of ids) {
    const o = orgs.get(id);
    if (!o || o.deletedAt) throw invalid('所选园区不存在或已删除', 'A park does not exist', 'parkOrgIds');
    if (o.type !== 'park')
      throw invalid(`“${o.name}”不是产业园区`, `${o.name} is not an industrial park`, 'parkOrgIds');
  }
  return ids;
}

/** Cluster codes must be in the 33618 reference list. VALIDATION on `clusterCodes`. */
async function checkClusters(ctx: Ctx, codes: string[] | undefined): Promise<string[]> {
  const list = [...new Set(codes ?? [])];
  if (list.length === 0) return list;
  const { clusters } = await referenceCodes(ctx.deps);
  const unknown = list.find((c) => !clusters.has(c));
  if (unknown) throw invalid(`产业集群代码 ${unknown} 不存在`, `Unknown cluster code ${unknown}`, 'clusterCodes');
  return list;
}

async function checkNameFree(db: DbOrTx, name: string, selfId?: string): Promise<void> {
  const other = await repo.findConsortiumIdByName(db, name);
  if (other && other !== selfId)
    throw conflict(`联合体名称“${name}”已被使用`, `The consortium name ${name} is taken`, [
      { path: 'name', message: '联合体名称已被使用' },
    ]);
}

/** Lead units are council units (理事单位): added as members, or promoted if already members. */
async function ensureLeadsAreCouncilUnits(tx: DbOrTx, consortiumId: string, leads: Lead[], joinedOn: string) {
  for (const l of leads) {
    const m = await repo.activeMembership(tx, consortiumId, l.orgId);
    if (!m) await repo.insertMember(tx, { consortiumId, orgId: l.orgId, memberRole: 'council_unit', joinedOn });
    else if (m.memberRole !== 'council_unit') await repo.updateMember(tx, m.id, { memberRole: 'council_unit' });
  }
}

// ── Consortia ───────────────────────────────────────────────────────────────

const consortiumColumns = defineColumns([
  { key: 'name', header: '联合体名称', width: 40 },
  { key: 'level', header: '层级', width: 16 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'foundedOn', header: '成立日期', kind: 'date' },
  { key: 'region', header: '合作地区', width: 16 },
  { key: 'memberCount', header: '在册成员单位数', kind: 'integer' },
  { key: 'clusters', header: '服务产业集群', width: 40 },
]);

type ListQuery = repo.ConsortiumFilter & { page: number; pageSize: number };

async function scopedConsortiumWhere(ctx: Ctx, q: repo.ConsortiumFilter) {
  const scope = await resolveScope(ctx.deps.db, ctx.actor);
  return repo.consortiumWhere(q, scopeWhere(scope, 'read', { consortiumId: repo.consortia.id }));
}

/** Consortia within the caller's data scope, with their active member counts. */
export async function listConsortia(ctx: Ctx, q: ListQuery): Promise<Paged<ConsortiumItem>> {
  const where = await scopedConsortiumWhere(ctx, q);
  const { items, total } = await repo.listConsortia(ctx.deps.db, where, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** The filtered list (caller's scope) as xlsx with Chinese headers. */
export async function exportConsortia(ctx: Ctx, q: repo.ConsortiumFilter): Promise<Buffer> {
  const where = await scopedConsortiumWhere(ctx, q);
  const [{ items }, { clusters }] = await Promise.all([
    repo.listConsortia(ctx.deps.db, where, EXPORT_CAP, 0),
    referenceCodes(ctx.deps),
  ]);
  return exportXlsx(
    consortiumColumns,
    items.map((c) => ({
      name: c.name,
      level: consortiumLevelLabels[c.level as ConsortiumItem['level']] ?? c.level,
      status: consortiumStatusLabels[c.status as ConsortiumStatus] ?? c.status,
      foundedOn: c.foundedOn,
      region: c.region,
      memberCount: c.memberCount,
      clusters: c.clusterCodes.map((code) => clusters.get(code) ?? code).join('、'),
    })),
    { sheetName: '联合体' },
  );
}

/** Full detail for a reader in scope (NOT_FOUND, OUT_OF_SCOPE), with what the caller may do. */
export async function getConsortium(ctx: Ctx, id: string): Promise<ConsortiumDetail> {
  const { db } = ctx.deps;
  const c = await mustFind(db, id);
  const scope = await resolveScope(db, ctx.actor);
  assertReadable(scope, c);
  const [leads, parks, history, platformRow, seats, documents, resolutions, secretariat] = await Promise.all([
    repo.listLeads(db, id),
    repo.listParks(db, id),
    repo.listStatusHistory(db, id),
    repo.findPlatform(db, id),
    repo.listSeats(db, id),
    repo.listDocuments(db, id),
    repo.listResolutions(db, id),
    listSecretariatUsers(db, id),
  ]);
  const on = today();
  return {
    ...toItem(c),
    region: c.region,
    description: c.description,
    leads: leads.map((l) => ({
      orgId: l.orgId,
      orgName: l.orgName,
      orgType: l.orgType as OrgType,
      leadKind: l.leadKind as Lead['leadKind'],
    })),
    parks,
    statusHistory: history.map((h) => ({
      fromStatus: h.fromStatus as ConsortiumStatus | null,
      toStatus: h.toStatus as ConsortiumStatus,
      decidedOn: h.decidedOn,
      reason: h.reason,
      documentNo: h.documentNo,
      createdAt: h.createdAt.toISOString(),
    })),
    platform: platformRow ? toPlatform(platformRow) : null,
    council: sortSeats(seats.map((s) => toSeat(s, on))),
    documents: documents.map(toDocument),
    resolutions: resolutions.map(toResolution),
    secretariat,
    can: capabilities(ctx.actor, scope, c),
  };
}

/**
 * An official registers a consortium in 筹建 (preparing), with its first status-history entry; its
 * lead units become council-unit members. VALIDATION (leads, parks, clusters), CONFLICT (name taken).
 */
export async function createConsortium(ctx: Ctx, body: CreateConsortiumBody): Promise<ConsortiumDetail> {
  const { db } = ctx.deps;
  await checkLeads(db, body.leads);
  const parkIds = await checkParks(db, body.parkOrgIds ?? []);
  const clusterCodes = await checkClusters(ctx, body.clusterCodes);
  await checkNameFree(db, body.name);
  const on = today();
  const id = await db.transaction(async (tx) => {
    const row = await repo.insertConsortium(tx, {
      name: body.name,
      level: body.level,
      status: 'preparing',
      foundedOn: body.foundedOn ?? null,
      region: body.region ?? null,
      description: body.description ?? null,
      clusterCodes,
    });
    await repo.insertStatusHistory(tx, {
      consortiumId: row.id,
      fromStatus: null,
      toStatus: 'preparing',
      // 筹建 began when the consortium was founded; without a date, on registration.
      decidedOn: body.foundedOn ?? on,
      reason: '登记筹建',
      decidedBy: ctx.actor?.userId ?? null,
    });
    await repo.replaceLeads(tx, row.id, body.leads);
    await repo.replaceParks(tx, row.id, parkIds);
    await ensureLeadsAreCouncilUnits(tx, row.id, body.leads, body.foundedOn ?? on);
    await appendAudit(tx, ctx, {
      action: 'consortium.create',
      entity: 'consortium',
      entityId: row.id,
      after: await auditView(tx, row.id),
    });
    return row.id;
  });
  return getConsortium(ctx, id);
}

/**
 * The consortium's own secretariat edits its registry entry; replacing the leads follows the
 * creation rules. NOT_FOUND, OUT_OF_SCOPE, CONFLICT (revoked, name taken), VALIDATION.
 */
export async function updateConsortium(ctx: Ctx, id: string, body: UpdateConsortiumBody): Promise<ConsortiumDetail> {
  const { db } = ctx.deps;
  const current = await findWritable(ctx, id);
  const level = body.level ?? current.level;
  const region = body.region !== undefined ? body.region : current.region;
  if (level === 'cross_region' && !region)
    throw invalid('川渝毗邻联合体须填写合作地区', 'A cross-region consortium needs its partner region', 'region');
  if (body.leads) await checkLeads(db, body.leads);
  const parkIds = body.parkOrgIds ? await checkParks(db, body.parkOrgIds) : undefined;
  const clusterCodes = body.clusterCodes ? await checkClusters(ctx, body.clusterCodes) : undefined;
  if (body.name && body.name !== current.name) await checkNameFree(db, body.name, id);
  await db.transaction(async (tx) => {
    await repo.lockConsortium(tx, id);
    const before = await auditView(tx, id);
    await repo.updateConsortium(tx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.level !== undefined ? { level: body.level } : {}),
      ...(body.foundedOn !== undefined ? { foundedOn: body.foundedOn } : {}),
      ...(body.region !== undefined ? { region: body.region } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(clusterCodes ? { clusterCodes } : {}),
    });
    if (body.leads) {
      await repo.replaceLeads(tx, id, body.leads);
      const founded = body.foundedOn !== undefined ? body.foundedOn : current.foundedOn;
      const on = today();
      await ensureLeadsAreCouncilUnits(tx, id, body.leads, founded && founded > on ? founded : on);
    }
    if (parkIds) await repo.replaceParks(tx, id, parkIds);
    await appendAudit(tx, ctx, {
      action: 'consortium.update',
      entity: 'consortium',
      entityId: id,
      before,
      after: await auditView(tx, id),
    });
  });
  return getConsortium(ctx, id);
}

/**
 * An official decides the next lifecycle status (筹建 → 培育 → 验收通过 → 示范, or 撤销); the
 * decision is kept with its date, reason and 文号. NOT_FOUND, CONFLICT (transition not allowed).
 */
export async function changeConsortiumStatus(ctx: Ctx, id: string, body: StatusChangeBody): Promise<ConsortiumDetail> {
  await ctx.deps.db.transaction((tx) => changeConsortiumStatusIn(tx, ctx, id, body));
  return getConsortium(ctx, id);
}

/**
 * The same decision inside the caller's transaction, for a module whose own record must change
 * with it (an acceptance round's entry records the decision it caused): both or neither.
 */
export async function changeConsortiumStatusIn(tx: Tx, ctx: Ctx, id: string, body: StatusChangeBody): Promise<void> {
  const c = await mustFind(tx, id);
  assertReadable(await resolveScope(tx, ctx.actor), c);
  await repo.lockConsortium(tx, id);
  const from = (await mustFind(tx, id)).status as ConsortiumStatus;
  if (!consortiumTransitions[from]?.includes(body.toStatus))
    throw conflict(
      `不能从“${consortiumStatusLabels[from] ?? from}”变更为“${consortiumStatusLabels[body.toStatus]}”`,
      `Cannot change the status from ${from} to ${body.toStatus}`,
      [{ path: 'toStatus', message: '不允许的状态变更' }],
    );
  const last = (await repo.listStatusHistory(tx, id))[0];
  if (last && body.decidedOn < last.decidedOn)
    throw invalid(
      `决定日期不能早于上一次状态决定（${last.decidedOn}）`,
      `The decision date cannot precede the previous decision (${last.decidedOn})`,
      'decidedOn',
    );
  await repo.updateConsortium(tx, id, { status: body.toStatus });
  await repo.insertStatusHistory(tx, {
    consortiumId: id,
    fromStatus: from,
    toStatus: body.toStatus,
    decidedOn: body.decidedOn,
    reason: body.reason,
    documentNo: body.documentNo ?? null,
    decidedBy: ctx.actor?.userId ?? null,
  });
  await appendAudit(tx, ctx, {
    action: 'consortium.status',
    entity: 'consortium',
    entityId: id,
    before: { status: from },
    after: { status: body.toStatus },
    detail: { decidedOn: body.decidedOn, reason: body.reason, documentNo: body.documentNo ?? null },
  });
}

// ── Members ─────────────────────────────────────────────────────────────────

const memberColumns = defineColumns([
  { key: 'orgName', header: '单位名称', width: 40 },
  { key: 'orgType', header: '单位类型', width: 12 },
  { key: 'creditCode', header: '统一社会信用代码', kind: 'code' },
  { key: 'districtName', header: '所在区县', width: 12 },
  { key: 'memberRole', header: '成员类型', width: 12 },
  { key: 'joinedOn', header: '加入日期', kind: 'date' },
  { key: 'leftOn', header: '退出日期', kind: 'date' },
  { key: 'leftReason', header: '退出原因', width: 30 },
]);

type MemberQuery = repo.MemberFilter & { page: number; pageSize: number };

async function findReadable(ctx: Ctx, id: string) {
  const c = await mustFind(ctx.deps.db, id);
  assertReadable(await resolveScope(ctx.deps.db, ctx.actor), c);
  return c;
}

/** Members of a consortium the caller may read; active ones by default. NOT_FOUND, OUT_OF_SCOPE. */
export async function listMembers(ctx: Ctx, id: string, q: MemberQuery): Promise<Paged<Member>> {
  await findReadable(ctx, id);
  const { items, total } = await repo.listMembers(
    ctx.deps.db,
    repo.memberWhere(id, q),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map(toMember), total, page: q.page, pageSize: q.pageSize };
}

/** The filtered member list as xlsx with Chinese headers, and a file name. */
export async function exportMembers(ctx: Ctx, id: string, q: repo.MemberFilter) {
  const c = await findReadable(ctx, id);
  const { items } = await repo.listMembers(ctx.deps.db, repo.memberWhere(id, q), EXPORT_CAP, 0);
  const buffer = await exportXlsx(
    memberColumns,
    items.map((m) => ({
      orgName: m.orgName,
      orgType: orgTypeLabels[m.orgType as OrgType] ?? m.orgType,
      creditCode: m.creditCode,
      districtName: m.districtName,
      memberRole: memberRoleLabels[m.memberRole as Member['memberRole']] ?? m.memberRole,
      joinedOn: m.joinedOn,
      leftOn: m.leftOn,
      leftReason: m.leftReason,
    })),
    { sheetName: '成员单位' },
  );
  return { buffer, fileName: `${c.name}-成员单位.xlsx` };
}

/**
 * The secretariat adds an organization as a member: it must exist and not be deleted, not already
 * be an active member, and join no earlier than the founding date. VALIDATION, CONFLICT.
 */
export async function addMember(ctx: Ctx, id: string, body: z.infer<typeof memberInput>): Promise<Member> {
  const { db } = ctx.deps;
  const c = await findWritable(ctx, id);
  const [org] = await repo.orgsByIds(db, [body.orgId]);
  if (!org || org.deletedAt) throw invalid('单位不存在或已删除', 'Organization not found', 'orgId');
  if (c.foundedOn && body.joinedOn < c.foundedOn)
    throw invalid(
      `加入日期不能早于联合体成立日期（${c.foundedOn}）`,
      `The joining date cannot precede the founding date (${c.foundedOn})`,
      'joinedOn',
    );
  const memberId = await db.transaction(async (tx) => {
    await repo.lockConsortium(tx, id);
    if (await repo.activeMembership(tx, id, body.orgId))
      throw conflict('该单位已是成员', 'The organization is already a member', [
        { path: 'orgId', message: '该单位已是成员' },
      ]);
    const newId = await repo.insertMember(tx, {
      consortiumId: id,
      orgId: body.orgId,
      memberRole: body.memberRole,
      joinedOn: body.joinedOn,
    });
    await appendAudit(tx, ctx, {
      action: 'consortium.member.add',
      entity: 'consortium_member',
      entityId: newId,
      after: {
        consortiumId: id,
        orgId: body.orgId,
        orgName: org.name,
        memberRole: body.memberRole,
        joinedOn: body.joinedOn,
      },
    });
    return newId;
  });
  return toMember((await repo.findMember(db, id, memberId))!);
}

/**
 * A member leaves on a date no earlier than it joined. A lead unit cannot leave, nor a unit whose
 * person still holds a council seat on that date. NOT_FOUND, VALIDATION, CONFLICT.
 */
export async function memberLeave(
  ctx: Ctx,
  id: string,
  memberId: string,
  body: z.infer<typeof leaveBody>,
): Promise<Member> {
  const { db } = ctx.deps;
  await findWritable(ctx, id);
  const m = await repo.findMember(db, id, memberId);
  if (!m) throw new AppError('NOT_FOUND', { 'zh-CN': '成员单位不存在', 'en-US': 'Member not found' });
  if (m.leftOn) throw conflict(`该单位已于 ${m.leftOn} 退出`, `The organization left on ${m.leftOn}`);
  if (m.joinedOn && body.leftOn < m.joinedOn)
    throw invalid(
      `退出日期不能早于加入日期（${m.joinedOn}）`,
      `The leaving date cannot precede the joining date (${m.joinedOn})`,
      'leftOn',
    );
  await db.transaction(async (tx) => {
    await repo.lockConsortium(tx, id);
    if (await repo.isLead(tx, id, m.orgId))
      throw conflict('牵头单位不能退出联合体', 'A lead unit cannot leave the consortium');
    const sitting = (await repo.listSeats(tx, id, { orgId: m.orgId })).find((s) => isCurrent(s.termEnd, body.leftOn));
    if (sitting)
      throw conflict(
        `该单位的${sitting.personName}仍任${councilSeatLabels[sitting.seat as CouncilSeat['seat']] ?? sitting.seat}，请先结束其任期`,
        `${sitting.personName} of this organization still holds a council seat; end the term first`,
      );
    await repo.updateMember(tx, m.id, { leftOn: body.leftOn, leftReason: body.reason });
    await appendAudit(tx, ctx, {
      action: 'consortium.member.leave',
      entity: 'consortium_member',
      entityId: m.id,
      before: { orgName: m.orgName, leftOn: null, leftReason: null },
      after: { orgName: m.orgName, leftOn: body.leftOn, leftReason: body.reason },
    });
  });
  return toMember((await repo.findMember(db, id, m.id))!);
}

// ── Council ─────────────────────────────────────────────────────────────────

/** Seats held by one person at a time: a second sitting holder is refused. */
const singleSeats = new Set(['chair', 'secretary_general']);
const OPEN_END = '9999-12-31';
const overlaps = (
  a: { termStart: string; termEnd: string | null },
  b: { termStart: string; termEnd?: string | null },
) => a.termStart <= (b.termEnd ?? OPEN_END) && b.termStart <= (a.termEnd ?? OPEN_END);

/**
 * Appoints a council seat (理事会). The person's organization must be an active member; the chair
 * (理事长) comes from a lead unit; vice-chairs and directors from council units (理事单位); one chair
 * and one secretary-general at a time (terms may not overlap; a partial unique index backs this up).
 * VALIDATION, CONFLICT.
 */
export async function addCouncilSeat(
  ctx: Ctx,
  id: string,
  body: z.infer<typeof councilSeatInput>,
): Promise<CouncilSeat> {
  const { db } = ctx.deps;
  await findWritable(ctx, id);
  const label = councilSeatLabels[body.seat];
  const seatId = await db.transaction(async (tx) => {
    await repo.lockConsortium(tx, id);
    const membership = await repo.activeMembership(tx, id, body.orgId);
    if (!membership)
      throw invalid(
        '任职人员所在单位须为本联合体的在册成员单位',
        "The person's organization must be an active member",
        'orgId',
      );
    if (body.seat === 'chair' && !(await repo.isLead(tx, id, body.orgId)))
      throw invalid('理事长须来自牵头单位', 'The chair must come from a lead unit', 'orgId');
    if ((body.seat === 'director' || body.seat === 'vice_chair') && membership.memberRole !== 'council_unit')
      throw invalid(`${label}须来自理事单位`, `A ${body.seat} must come from a council unit`, 'orgId');
    if (singleSeats.has(body.seat)) {
      const sitting = (await repo.listSeats(tx, id, { seat: body.seat })).find((s) => overlaps(s, body));
      if (sitting)
        throw conflict(
          `已有在任${label}（${sitting.personName}），请先结束其任期`,
          `${sitting.personName} already holds the ${body.seat} seat; end that term first`,
          [{ path: 'seat', message: `已有在任${label}` }],
        );
    }
    const newId = await repo.insertSeat(tx, {
      consortiumId: id,
      seat: body.seat,
      personName: body.personName,
      personTitle: body.personTitle ?? null,
      orgId: body.orgId,
      termStart: body.termStart,
      termEnd: body.termEnd ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'consortium.council.appoint',
      entity: 'council_seat',
      entityId: newId,
      after: {
        consortiumId: id,
        seat: body.seat,
        personName: body.personName,
        personTitle: body.personTitle ?? null,
        orgId: body.orgId,
        termStart: body.termStart,
        termEnd: body.termEnd ?? null,
      },
    });
    return newId;
  });
  return toSeat((await repo.findSeat(db, id, seatId))!);
}

/** Ends a term on a date no earlier than its start; an already ended term stays. NOT_FOUND, VALIDATION, CONFLICT. */
export async function endCouncilSeat(ctx: Ctx, id: string, seatId: string, termEnd: string): Promise<CouncilSeat> {
  const { db } = ctx.deps;
  await findWritable(ctx, id);
  const seat = await repo.findSeat(db, id, seatId);
  if (!seat) throw new AppError('NOT_FOUND', { 'zh-CN': '理事会职务不存在', 'en-US': 'Council seat not found' });
  if (seat.termEnd && seat.termEnd < today())
    throw conflict(`该任期已于 ${seat.termEnd} 结束`, `The term already ended on ${seat.termEnd}`);
  if (termEnd < seat.termStart)
    throw invalid(
      `任期结束不能早于开始（${seat.termStart}）`,
      `The term cannot end before it started (${seat.termStart})`,
      'termEnd',
    );
  await db.transaction(async (tx) => {
    await repo.updateSeat(tx, seat.id, { termEnd });
    await appendAudit(tx, ctx, {
      action: 'consortium.council.end',
      entity: 'council_seat',
      entityId: seat.id,
      before: { seat: seat.seat, personName: seat.personName, termEnd: seat.termEnd },
      after: { seat: seat.seat, personName: seat.personName, termEnd },
    });
  });
  return toSeat((await repo.findSeat(db, id, seat.id))!);
}

/** Records a council resolution (理事会决议). */
export async function addResolution(ctx: Ctx, id: string, body: z.infer<typeof resolutionInput>): Promise<Resolution> {
  const { db } = ctx.deps;
  await findWritable(ctx, id);
  const row = await db.transaction(async (tx) => {
    const r = await repo.insertResolution(tx, {
      consortiumId: id,
      meetingDate: body.meetingDate,
      title: body.title,
      attendees: body.attendees,
      body: body.body,
      createdBy: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'consortium.resolution.add',
      entity: 'council_resolution',
      entityId: r.id,
      after: { consortiumId: id, meetingDate: r.meetingDate, title: r.title, attendees: r.attendees },
    });
    return r;
  });
  return toResolution(row);
}

// ── Operating platform ─────────────────────────────────────────────────────

/** Sets the operating platform (运营平台); the manager's phone is stored encrypted and shown masked. */
export async function putPlatform(ctx: Ctx, id: string, body: z.infer<typeof platformInput>): Promise<Platform> {
  const { db, cipher } = ctx.deps;
  await findWritable(ctx, id);
  await db.transaction(async (tx) => {
    const before = await repo.findPlatform(tx, id);
    // An omitted phone keeps the stored one (the form only sees it masked); null clears it.
    const keep = body.managerPhone === undefined && before;
    const phone = body.managerPhone ?? null;
    await repo.upsertPlatform(tx, {
      consortiumId: id,
      legalEntityName: body.legalEntityName,
      creditCode: body.creditCode ?? null,
      entityType: body.entityType ?? null,
      managerName: body.managerName ?? null,
      managerPhoneEnc: keep ? before.managerPhoneEnc : phone ? cipher.encrypt(phone) : null,
      managerPhoneMasked: keep ? before.managerPhoneMasked : maskPhone(phone),
      establishedOn: body.establishedOn ?? null,
      note: body.note ?? null,
    });
    const after = await repo.findPlatform(tx, id);
    const view = (p: repo.PlatformRow | undefined) => {
      if (!p) return null;
      const { updatedAt, ...rest } = toPlatform(p);
      return rest;
    };
    await appendAudit(tx, ctx, {
      action: 'consortium.platform.update',
      entity: 'consortium_platform',
      entityId: id,
      before: view(before),
      after: view(after),
    });
  });
  return toPlatform((await repo.findPlatform(db, id))!);
}

// ── Documents and files ────────────────────────────────────────────────────

/** Checks before an upload is read: the consortium exists, is the caller's, and is not revoked. */
export async function assertDocumentWritable(ctx: Ctx, id: string): Promise<void> {
  await findWritable(ctx, id);
}

/**
 * Stores an uploaded document's bytes after checking its type by content (PDF, Word, Excel,
 * PNG, JPEG). VALIDATION for another type, PAYLOAD_TOO_LARGE past the size limit.
 */
export async function storeDocumentFile(
  ctx: Ctx,
  file: Readable & { truncated?: boolean },
  fileName: string,
): Promise<SavedFile> {
  const tooLarge = new AppError('PAYLOAD_TOO_LARGE', {
    'zh-CN': `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`,
    'en-US': `The file exceeds ${MAX_FILE_BYTES / 1024 / 1024} MB`,
  });
  const { head, stream } = await peekHead(file, 16);
  const type = detectDocumentType(head, fileName);
  if (!type) {
    stream.resume();
    throw new AppError(
      'VALIDATION',
      { 'zh-CN': '仅支持 PDF、Word、Excel、图片文件', 'en-US': 'Only PDF, Word, Excel and image files are accepted' },
      [{ path: 'file', message: '仅支持 PDF、Word、Excel、图片文件' }],
    );
  }
  // The multipart parser cuts a file at its limit and says so; refuse it rather than keep a stub.
  file.once('limit', () => stream.destroy(tooLarge));
  const saved = await saveFile(ctx.deps, stream, { originalName: fileName, mime: type.mime });
  if (file.truncated) throw tooLarge;
  return saved;
}

/**
 * Records a new version of a charter (章程) or rules (制度) document: version = highest of the same
 * consortium, kind and title + 1; the file row and the document row are written together.
 */
export async function uploadDocument(
  ctx: Ctx,
  id: string,
  body: {
    kind: ConsortiumDocument['kind'];
    title: string;
    effectiveOn?: string | undefined;
    note?: string | undefined;
  },
  file: SavedFile | null,
): Promise<ConsortiumDocument> {
  const { db } = ctx.deps;
  await findWritable(ctx, id);
  if (!file) throw invalid('请选择要上传的文件', 'Choose a file to upload', 'file');
  const docId = await db.transaction(async (tx) => {
    await repo.lockConsortium(tx, id);
    const version = (await repo.maxDocumentVersion(tx, id, body.kind, body.title)) + 1;
    const f = await repo.insertFile(tx, {
      sha256: file.sha256,
      size: file.size,
      mime: file.mime,
      originalName: file.originalName,
      storageKey: file.storageKey,
      uploadedBy: ctx.actor?.userId ?? null,
    });
    const newId = await repo.insertDocument(tx, {
      consortiumId: id,
      kind: body.kind,
      title: body.title,
      version,
      fileId: f.id,
      effectiveOn: body.effectiveOn ?? null,
      note: body.note ?? null,
      uploadedBy: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'consortium.document.upload',
      entity: 'consortium_document',
      entityId: newId,
      after: {
        consortiumId: id,
        kind: body.kind,
        title: body.title,
        version,
        fileName: file.originalName,
        mime: file.mime,
        size: file.size,
        sha256: file.sha256,
      },
    });
    return newId;
  });
  return toDocument((await repo.findDocument(db, docId))!);
}

/**
 * A stored file for download: it must back a document of a consortium the caller may read.
 * NOT_FOUND, OUT_OF_SCOPE.
 */
export async function openDownload(ctx: Ctx, fileId: string) {
  const { db } = ctx.deps;
  const file = await repo.findFile(db, fileId);
  if (!file) throw new AppError('NOT_FOUND', { 'zh-CN': '文件不存在', 'en-US': 'File not found' });
  const [owners, scope] = await Promise.all([repo.consortiaUsingFile(db, fileId), resolveScope(db, ctx.actor)]);
  if (!owners.some((consortiumId) => allows(scope, 'read', { consortiumId }))) throw outOfScope();
  return { stream: openFile(ctx.deps, file.storageKey), fileName: file.originalName, mime: file.mime, size: file.size };
}
