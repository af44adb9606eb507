/**
 * 统计填报 (issue 6): dated figures for the KPIs no platform record can give (source kind `returns`).
 * A government department (an official with an organization, kpi.return) writes a draft, attaches
 * evidence and submits it; an official without an organization (kpi.approve) approves or rejects it
 * with a reason. Only approved returns count; a later approval for the same KPI and year supersedes
 * the earlier one, which stays as history. Every write is audited in its transaction.
 */
import type { Readable } from 'node:stream';
import {
  type CreateKpiReturnBody,
  type KpiDefinition,
  type KpiReturnDetail,
  type KpiReturnItem,
  type KpiReturnQuery,
  type KpiReturnStatus,
  kpiReturnStatusLabels,
  type Paged,
  type ReturnableKpi,
  type UpdateKpiReturnBody,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Actor, Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { fileRow, openFile, requireFile, type SavedFile, uploadName } from '../../lib/files';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import { consortiumService } from '../consortium';
import { managesCitywide } from '../identity';
import { notify, recipients } from '../notifications';
import { loadDefinitions } from './cockpit.service';
import * as repo from './returns.repository';

const ENTITY = 'kpi_return';

const invalid = (zh: string, en: string, path?: string) =>
  new AppError('VALIDATION', { 'zh-CN': zh, 'en-US': en }, path ? [{ path, message: zh }] : undefined);
const returnNotFound = () =>
  new AppError('NOT_FOUND', { 'zh-CN': '统计填报不存在', 'en-US': 'Statistical return not found' });
const fileNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '文件不存在', 'en-US': 'File not found' });

// ── Who may do what ─────────────────────────────────────────────────────────

/** An official without an organization: reads every return, approves and rejects. */
export function isApprover(actor: Actor | null): boolean {
  return managesCitywide(actor, 'kpi.approve');
}

/** The organization whose returns the caller is limited to; undefined for city-level officials. */
export function scopeOrgOf(actor: Actor | null): string | undefined {
  if (isApprover(actor)) return undefined;
  return actor?.orgId ?? undefined;
}

function mayRead(actor: Actor | null, r: { orgId: string }): boolean {
  const scope = scopeOrgOf(actor);
  return scope === undefined || scope === r.orgId;
}

const editableStatus = (s: string) => s === 'draft' || s === 'rejected';

/** The submitting unit's user, while the return is a draft or rejected. */
function mayEdit(actor: Actor | null, r: { orgId: string; status: string }): boolean {
  return Boolean(actor?.permissions.has('kpi.return') && actor.orgId === r.orgId && editableStatus(r.status));
}

function assertUnit(actor: Actor | null): asserts actor is Actor & { orgId: string } {
  if (!actor?.permissions.has('kpi.return')) throw new AppError('FORBIDDEN');
  if (!actor.orgId)
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '统计填报由责任单位（政府部门）的账号填写；未隶属具体单位的账号负责审核',
      'en-US': 'Returns are written by a department’s account; city-level officials review them',
    });
}

function assertApprover(ctx: Ctx, r: repo.ReturnRow): void {
  const actor = ctx.actor;
  if (!actor?.permissions.has('kpi.approve')) throw new AppError('FORBIDDEN');
  if (actor.orgId)
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '隶属具体单位的账号不能审核统计填报；审核由未隶属具体单位的市级账号进行',
      'en-US': 'Accounts of an organization cannot review returns; city-level officials do',
    });
  if (r.submittedBy === actor.userId || r.createdBy === actor.userId)
    throw new AppError('OUT_OF_SCOPE', {
      'zh-CN': '不能审核本人填报的数据',
      'en-US': 'You cannot review a return you wrote',
    });
}

function assertStatus(r: { status: string }, allowed: KpiReturnStatus[], what: { zh: string; en: string }) {
  if (allowed.includes(r.status as KpiReturnStatus)) return;
  throw new AppError(
    'CONFLICT',
    {
      'zh-CN': `该填报当前为“${kpiReturnStatusLabels[r.status as KpiReturnStatus] ?? r.status}”，不能${what.zh}`,
      'en-US': `The return is ${r.status} and cannot be ${what.en}`,
    },
    { status: r.status },
  );
}

// ── The KPIs that take returns ──────────────────────────────────────────────

/** What this module needs of a KPI (a registry definition). */
export type ReturnKpi = Pick<KpiDefinition, 'id' | 'name' | 'unit' | 'scope' | 'sourceKind' | 'targets'>;

/** The registry (kpis.ts with ref_policy_targets' names, units and targets), keyed by policy-target id. */
async function registry(ctx: Ctx): Promise<Map<string, ReturnKpi>> {
  return new Map((await loadDefinitions(ctx)).map((d) => [d.id, d]));
}

/** The KPI definition for a return, refusing KPIs whose figure does not come from returns. */
function returnableDef(defs: Map<string, ReturnKpi>, code: string): ReturnKpi {
  const def = defs.get(code);
  if (!def) throw invalid(`指标 ${code} 不存在`, `KPI ${code} does not exist`, 'kpiCode');
  if (def.sourceKind !== 'returns') {
    const how = def.sourceKind === 'records' ? '由平台记录自动计算' : '等待数据来源模块上线（数据来源模块未上线）';
    throw invalid(
      `指标 ${code}（${def.name}）${how}，不接受统计填报`,
      `KPI ${code} is ${def.sourceKind === 'records' ? 'computed from platform records' : 'awaiting its data-source module'}; it takes no returns`,
      'kpiCode',
    );
  }
  return def;
}

const isPercent = (unit: string) => unit.includes('%') || unit.includes('％');

/** % between 0 and 100; anything else ≥ 0 (the contract already refuses negatives). */
export function checkValue(def: Pick<ReturnKpi, 'unit' | 'name'>, value: number): void {
  if (value < 0) throw invalid('数值不能为负数', 'The value cannot be negative', 'value');
  if (isPercent(def.unit) && value > 100)
    throw invalid(
      `“${def.name}”以百分比计，数值应在 0–100 之间`,
      'This KPI is a percentage: the value must be between 0 and 100',
      'value',
    );
}

function checkYear(year: number, now = new Date()): void {
  if (year > now.getFullYear()) throw invalid('不能填报未来年度的数据', 'A return cannot be for a future year', 'year');
}

export async function listReturnableKpis(ctx: Ctx): Promise<{ items: ReturnableKpi[] }> {
  const defs = await registry(ctx);
  return {
    items: [...defs.values()]
      .filter((d) => d.sourceKind === 'returns')
      .map((d) => ({ code: d.id, name: d.name, unit: d.unit, scope: d.scope, targets: d.targets })),
  };
}

// ── Reading ─────────────────────────────────────────────────────────────────

function toItem(r: repo.ReturnListRow, defs: Map<string, ReturnKpi>): KpiReturnItem {
  const def = defs.get(r.kpiCode);
  return {
    id: r.id,
    kpiCode: r.kpiCode,
    kpiName: def?.name ?? r.kpiCode,
    unit: def?.unit ?? '',
    year: r.year,
    value: r.value,
    org: { id: r.orgId, name: r.orgName },
    note: r.note,
    status: r.status as KpiReturnStatus,
    rejectReason: r.rejectReason,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedBy: r.submittedByName,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    reviewedBy: r.reviewedByName,
    current: r.status === 'approved' && !r.supersededAt,
    supersededAt: r.supersededAt?.toISOString() ?? null,
    evidenceCount: r.evidenceCount,
    isDemo: r.isDemo,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function filterOf(ctx: Ctx, q: Omit<KpiReturnQuery, 'page' | 'pageSize'>, defs: Map<string, ReturnKpi>) {
  const term = q.q?.trim();
  return {
    kpiCode: q.kpiCode,
    year: q.year,
    status: q.status,
    orgId: q.orgId,
    current: q.current,
    scopeOrgId: scopeOrgOf(ctx.actor),
    q: term || undefined,
    qCodes: term ? [...defs.values()].filter((d) => d.name.includes(term)).map((d) => d.id) : undefined,
  };
}

export async function listReturns(ctx: Ctx, q: KpiReturnQuery): Promise<Paged<KpiReturnItem>> {
  const defs = await registry(ctx);
  const { items, total } = await repo.listReturns(
    ctx.deps.db,
    filterOf(ctx, q, defs),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { items: items.map((r) => toItem(r, defs)), total, page: q.page, pageSize: q.pageSize };
}

export async function getReturn(ctx: Ctx, id: string): Promise<KpiReturnDetail> {
  const { db } = ctx.deps;
  const r = await repo.findReturn(db, id);
  // Out of the caller's scope reads as absent, so ids of other units' returns reveal nothing.
  if (!r || !mayRead(ctx.actor, r)) throw returnNotFound();
  const [defs, evidence, others] = await Promise.all([
    registry(ctx),
    repo.evidenceOf(db, id),
    repo.siblings(db, r, scopeOrgOf(ctx.actor)),
  ]);
  const review =
    isApprover(ctx.actor) &&
    r.status === 'submitted' &&
    r.submittedBy !== ctx.actor?.userId &&
    r.createdBy !== ctx.actor?.userId;
  return {
    ...toItem(r, defs),
    evidence: evidence.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
    history: others.map((o) => toItem(o, defs)),
    can: {
      edit: mayEdit(ctx.actor, r),
      submit: mayEdit(ctx.actor, r) && r.evidenceCount > 0,
      review,
    },
  };
}

// ── Writing ─────────────────────────────────────────────────────────────────

const snapshot = (r: Pick<repo.ReturnRow, 'kpiCode' | 'year' | 'value' | 'status' | 'note' | 'orgId'>) => ({
  kpiCode: r.kpiCode,
  year: r.year,
  value: r.value,
  status: r.status,
  note: r.note,
  orgId: r.orgId,
});

/** A draft return of the caller's department. FORBIDDEN, OUT_OF_SCOPE (no organization), VALIDATION. */
export async function createReturn(ctx: Ctx, body: CreateKpiReturnBody): Promise<KpiReturnDetail> {
  assertUnit(ctx.actor);
  const actor = ctx.actor;
  const def = returnableDef(await registry(ctx), body.kpiCode);
  checkValue(def, body.value);
  checkYear(body.year);
  const id = await ctx.deps.db.transaction(async (tx) => {
    const values = {
      kpiCode: def.id,
      year: body.year,
      value: body.value,
      orgId: actor.orgId,
      note: body.note ?? null,
      status: 'draft',
      createdBy: actor.userId,
    };
    const newId = await repo.insertReturn(tx, values);
    await appendAudit(tx, ctx, {
      action: 'kpi_return.create',
      entity: ENTITY,
      entityId: newId,
      after: snapshot(values),
    });
    return newId;
  });
  return getReturn(ctx, id);
}

/** The locked return, readable and editable by the caller. NOT_FOUND, OUT_OF_SCOPE, CONFLICT. */
async function lockedEditable(ctx: Ctx, tx: DbOrTx, id: string, what: { zh: string; en: string }) {
  const r = await repo.lockReturn(tx, id);
  if (!r || !mayRead(ctx.actor, r)) throw returnNotFound();
  assertUnit(ctx.actor);
  if (ctx.actor.orgId !== r.orgId) throw outOfScope();
  assertStatus(r, ['draft', 'rejected'], what);
  return r;
}

export async function updateReturn(ctx: Ctx, id: string, body: UpdateKpiReturnBody): Promise<KpiReturnDetail> {
  const defs = await registry(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const r = await lockedEditable(ctx, tx, id, { zh: '修改', en: 'edited' });
    const def = returnableDef(defs, r.kpiCode);
    const set: Partial<repo.ReturnRow> = {};
    if (body.value !== undefined) {
      checkValue(def, body.value);
      set.value = body.value;
    }
    if (body.year !== undefined) {
      checkYear(body.year);
      set.year = body.year;
    }
    if (body.note !== undefined) set.note = body.note;
    await repo.updateReturn(tx, id, set);
    await appendAudit(tx, ctx, {
      action: 'kpi_return.update',
      entity: ENTITY,
      entityId: id,
      before: snapshot(r),
      after: snapshot({ ...r, ...set }),
    });
  });
  return getReturn(ctx, id);
}

/** Deletes a draft (never submitted). */
export async function deleteReturn(ctx: Ctx, id: string): Promise<{ ok: true }> {
  await ctx.deps.db.transaction(async (tx) => {
    const r = await lockedEditable(ctx, tx, id, { zh: '删除', en: 'deleted' });
    assertStatus(r, ['draft'], { zh: '删除（只能删除草稿）', en: 'deleted (drafts only)' });
    await repo.deleteReturn(tx, id);
    await appendAudit(tx, ctx, { action: 'kpi_return.delete', entity: ENTITY, entityId: id, before: snapshot(r) });
  });
  return { ok: true };
}

const link = (id: string) => `/cockpit/returns/${id}`;

/** Submits a draft or rejected return (at least one evidence file) and notifies the city officials. */
export async function submitReturn(ctx: Ctx, id: string): Promise<KpiReturnDetail> {
  const defs = await registry(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const r = await lockedEditable(ctx, tx, id, { zh: '提交', en: 'submitted' });
    const def = returnableDef(defs, r.kpiCode);
    checkValue(def, r.value);
    if ((await repo.evidenceCountOf(tx, id)) === 0)
      throw invalid('请先上传佐证材料再提交', 'Attach evidence before submitting', 'evidence');
    const now = new Date();
    await repo.updateReturn(tx, id, {
      status: 'submitted',
      submittedAt: now,
      submittedBy: ctx.actor?.userId ?? null,
      rejectReason: null,
    });
    await appendAudit(tx, ctx, {
      action: r.status === 'rejected' ? 'kpi_return.resubmit' : 'kpi_return.submit',
      entity: ENTITY,
      entityId: id,
      before: { status: r.status, rejectReason: r.rejectReason },
      after: { status: 'submitted' },
    });
    const org = await repo.orgName(tx, r.orgId);
    const officials = await recipients(tx, { role: 'official', noOrg: true });
    await notify(
      tx,
      officials.map((userId) => ({
        userId,
        kind: 'kpi_return.submitted',
        title: `统计填报待审核：${def.id} ${def.name}（${r.year} 年）`,
        body: `${org ?? ''}填报 ${r.value}${def.unit}`,
        link: link(id),
        dedupeKey: `kpi_return.submitted:${id}:${now.toISOString()}`,
      })),
    );
  });
  return getReturn(ctx, id);
}

async function notifySubmitter(
  tx: DbOrTx,
  r: repo.ReturnRow,
  def: ReturnKpi | undefined,
  kind: 'approved' | 'rejected',
  body: string,
  now: Date,
) {
  const to = r.submittedBy ?? r.createdBy;
  if (!to) return;
  await notify(tx, [
    {
      userId: to,
      kind: `kpi_return.${kind}`,
      title: `统计填报${kind === 'approved' ? '已通过' : '被驳回'}：${r.kpiCode} ${def?.name ?? ''}（${r.year} 年）`,
      body,
      link: link(r.id),
      dedupeKey: `kpi_return.${kind}:${r.id}:${now.toISOString()}`,
    },
  ]);
}

/**
 * Approves a submitted return: it counts from now on; the approved return of the same KPI and year
 * before it is marked superseded (kept as history). FORBIDDEN, OUT_OF_SCOPE, NOT_FOUND, CONFLICT.
 */
export async function approveReturn(ctx: Ctx, id: string): Promise<KpiReturnDetail> {
  const defs = await registry(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.lockReturn(tx, id);
    if (!r) throw returnNotFound();
    assertApprover(ctx, r);
    assertStatus(r, ['submitted'], { zh: '审核通过', en: 'approved' });
    await repo.lockKpiYear(tx, r.kpiCode, r.year);
    const now = new Date();
    const previous = await repo.lockCurrentApproved(tx, r.kpiCode, r.year);
    if (previous) {
      await repo.updateReturn(tx, previous.id, { supersededAt: now, supersededBy: id });
      await appendAudit(tx, ctx, {
        action: 'kpi_return.supersede',
        entity: ENTITY,
        entityId: previous.id,
        before: { current: true, value: previous.value },
        after: { current: false, supersededBy: id },
      });
    }
    await repo.updateReturn(tx, id, { status: 'approved', reviewedAt: now, reviewedBy: ctx.actor?.userId ?? null });
    await appendAudit(tx, ctx, {
      action: 'kpi_return.approve',
      entity: ENTITY,
      entityId: id,
      before: { status: 'submitted' },
      after: { status: 'approved', value: r.value, supersedes: previous?.id ?? null },
    });
    const def = defs.get(r.kpiCode);
    await notifySubmitter(tx, r, def, 'approved', `${r.value}${def?.unit ?? ''} 已计入驾驶舱`, now);
  });
  return getReturn(ctx, id);
}

/** Rejects a submitted return with a reason (required). The unit may edit and submit it again. */
export async function rejectReturn(ctx: Ctx, id: string, reason: string): Promise<KpiReturnDetail> {
  const defs = await registry(ctx);
  await ctx.deps.db.transaction(async (tx) => {
    const r = await repo.lockReturn(tx, id);
    if (!r) throw returnNotFound();
    assertApprover(ctx, r);
    assertStatus(r, ['submitted'], { zh: '驳回', en: 'rejected' });
    const now = new Date();
    await repo.updateReturn(tx, id, {
      status: 'rejected',
      rejectReason: reason,
      reviewedAt: now,
      reviewedBy: ctx.actor?.userId ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'kpi_return.reject',
      entity: ENTITY,
      entityId: id,
      before: { status: 'submitted' },
      after: { status: 'rejected', reason },
    });
    await notifySubmitter(tx, r, defs.get(r.kpiCode), 'rejected', reason, now);
  });
  return getReturn(ctx, id);
}

// ── Evidence ────────────────────────────────────────────────────────────────

/** Stores an upload after the consortium documents' checks (type by content, size limit). */
export function storeEvidence(ctx: Ctx, stream: Readable & { truncated?: boolean }, fileName: string) {
  return consortiumService.storeDocumentFile(ctx, stream, uploadName(fileName));
}

/** Before an upload is read: the return exists, is the caller's unit's, and can still change. */
export async function assertEvidenceWritable(ctx: Ctx, id: string): Promise<void> {
  const r = await repo.findReturn(ctx.deps.db, id);
  if (!r || !mayRead(ctx.actor, r)) throw returnNotFound();
  assertUnit(ctx.actor);
  if (ctx.actor.orgId !== r.orgId) throw outOfScope();
  assertStatus(r, ['draft', 'rejected'], { zh: '上传佐证材料', en: 'given evidence' });
}

export async function addEvidence(ctx: Ctx, id: string, upload: SavedFile | null): Promise<KpiReturnDetail> {
  const file = requireFile(upload);
  await ctx.deps.db.transaction(async (tx) => {
    await lockedEditable(ctx, tx, id, { zh: '上传佐证材料', en: 'given evidence' });
    const fileId = await repo.insertFile(tx, fileRow(file, ctx.actor?.userId ?? null));
    await repo.linkFile(tx, id, fileId, ctx.actor?.userId ?? null);
    await appendAudit(tx, ctx, {
      action: 'kpi_return.evidence.add',
      entity: ENTITY,
      entityId: id,
      after: { fileId, fileName: file.originalName, mime: file.mime, size: file.size, sha256: file.sha256 },
    });
  });
  return getReturn(ctx, id);
}

export async function removeEvidence(ctx: Ctx, id: string, fileId: string): Promise<KpiReturnDetail> {
  await ctx.deps.db.transaction(async (tx) => {
    await lockedEditable(ctx, tx, id, { zh: '删除佐证材料', en: 'changed' });
    const file = await repo.findFile(tx, fileId);
    if (!(await repo.unlinkFile(tx, id, fileId)))
      throw new AppError('NOT_FOUND', { 'zh-CN': '佐证材料不存在', 'en-US': 'Evidence not found' });
    await appendAudit(tx, ctx, {
      action: 'kpi_return.evidence.remove',
      entity: ENTITY,
      entityId: id,
      before: { fileId, fileName: file?.originalName ?? null },
    });
  });
  return getReturn(ctx, id);
}

/** An evidence file for download, when the caller may read one of the returns linking it. */
export async function openEvidence(ctx: Ctx, fileId: string) {
  const { db } = ctx.deps;
  const file = await repo.findFile(db, fileId);
  if (!file) throw fileNotFound();
  const links = await repo.returnsOfFile(db, fileId);
  if (links.length === 0) throw fileNotFound();
  if (!links.some((l) => mayRead(ctx.actor, l))) throw outOfScope();
  return { stream: openFile(ctx.deps, file.storageKey), fileName: file.originalName, mime: file.mime, size: file.size };
}

// ── Export ──────────────────────────────────────────────────────────────────

const exportColumns = defineColumns([
  { key: 'kpiCode', header: '指标编号', width: 8 },
  { key: 'kpiName', header: '指标', width: 34 },
  { key: 'unit', header: '单位', width: 8 },
  { key: 'year', header: '年度', kind: 'integer', width: 8 },
  { key: 'value', header: '填报值', kind: 'number', width: 12 },
  { key: 'org', header: '填报单位', width: 20 },
  { key: 'status', header: '状态', width: 10 },
  { key: 'current', header: '当前计入', width: 10 },
  { key: 'evidence', header: '佐证材料数', kind: 'integer', width: 10 },
  { key: 'submittedAt', header: '提交时间', width: 20 },
  { key: 'reviewedBy', header: '审核人', width: 12 },
  { key: 'reviewedAt', header: '审核时间', width: 20 },
  { key: 'rejectReason', header: '驳回理由', width: 30 },
  { key: 'note', header: '说明', width: 40 },
] as const);

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';

export async function exportReturns(
  ctx: Ctx,
  q: Omit<KpiReturnQuery, 'page' | 'pageSize'>,
): Promise<{ buffer: Buffer; fileName: string }> {
  const defs = await registry(ctx);
  const { items } = await repo.listReturns(ctx.deps.db, filterOf(ctx, q, defs));
  const rows = items
    .map((r) => toItem(r, defs))
    .map((r) => ({
      kpiCode: r.kpiCode,
      kpiName: r.kpiName,
      unit: r.unit,
      year: r.year,
      value: r.value,
      org: r.org.name,
      status: kpiReturnStatusLabels[r.status],
      current: r.current ? '是' : r.supersededAt ? '已被取代' : '否',
      evidence: r.evidenceCount,
      submittedAt: when(r.submittedAt),
      reviewedBy: r.reviewedBy ?? '',
      reviewedAt: when(r.reviewedAt),
      rejectReason: r.rejectReason ?? '',
      note: r.note ?? '',
    }));
  const buffer = await exportXlsx(exportColumns, rows as never, {
    sheetName: '统计填报',
    title: `统计填报${q.year ? `（${q.year} 年）` : ''}：仅“已通过”且未被取代的填报计入驾驶舱`,
  });
  return { buffer, fileName: `统计填报${q.year ?? ''}.xlsx` };
}

/** The figures that count (approved, not superseded) per KPI and year: what the cockpit reads. */
export function approvedValues(ctx: Ctx, year?: number) {
  return repo.currentApproved(ctx.deps.db, year);
}
