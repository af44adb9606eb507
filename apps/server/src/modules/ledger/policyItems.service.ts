/**
 * 政策事项清单: per item of ref_policy_items and year, a status 未启动 / 推进中 / 已落实 with evidence
 * (text and files) and notes, kept by the lead department's users (a government organization whose
 * name matches the item's lead unit) or by managers; every ledger.read holder sees the whole list.
 */
import {
  type Paged,
  type PolicyItemDetail,
  type PolicyItemQuery,
  type PolicyItemState,
  type PolicyItemStatus,
  type PutPolicyItemBody,
  policyItemStatusLabels,
} from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { requireFile, type SavedFile } from '../../lib/files';
import { defineColumns, exportXlsx } from '../../lib/sheets';
import { isManager, orgMatchesUnit } from './ledger.policy';
import * as ledgerRepo from './ledger.repository';
import { attachEvidence, currentYear, evidenceAuditEntity, recordChange, toEvent, toEvidence } from './ledger.service';
import * as repo from './policyItems.repository';

const ENTITY = evidenceAuditEntity.policy_item;
const notFound = () => new AppError('NOT_FOUND', { 'zh-CN': '政策事项不存在', 'en-US': 'Policy item not found' });

/** A predicate: may the caller update items led by this unit? */
async function editorOf(ctx: Ctx): Promise<(leadUnit: string) => boolean> {
  const a = ctx.actor;
  if (isManager(a)) return () => true;
  if (!a?.permissions.has('ledger.report') || !a.orgId) return () => false;
  const org = await ledgerRepo.orgById(ctx.deps.db, a.orgId);
  if (org?.type !== 'government') return () => false;
  return (leadUnit) => orgMatchesUnit(org, leadUnit);
}

function toItem(r: repo.PolicyRow, year: number, canEdit: boolean): PolicyItemState {
  return {
    unitNo: r.unitNo,
    itemNo: r.itemNo,
    leadUnit: r.leadUnit,
    content: r.content,
    year,
    status: (r.status ?? 'not_started') as PolicyItemStatus,
    evidenceText: r.evidenceText,
    notes: r.notes,
    evidenceCount: r.evidenceCount,
    updatedAt: r.updatedAt?.toISOString() ?? null,
    updatedBy: r.updatedByName,
    canEdit,
  };
}

/** The list for a year (default: this year) with filters: lead unit, status, text. */
export async function listPolicyItems(
  ctx: Ctx,
  q: PolicyItemQuery,
): Promise<Paged<PolicyItemState> & { leadUnits: string[] }> {
  const year = q.year ?? currentYear();
  const [rows, units, canEdit] = await Promise.all([
    repo.listItems(ctx.deps.db, { ...q, year }),
    repo.leadUnits(ctx.deps.db),
    editorOf(ctx),
  ]);
  const start = (q.page - 1) * q.pageSize;
  return {
    items: rows.slice(start, start + q.pageSize).map((r) => toItem(r, year, canEdit(r.leadUnit))),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    leadUnits: units,
  };
}

/** One item for a year with evidence and history. NOT_FOUND. */
export async function getPolicyItem(
  ctx: Ctx,
  unitNo: number,
  itemNo: number,
  year = currentYear(),
): Promise<PolicyItemDetail> {
  const { db } = ctx.deps;
  const item = await repo.findItem(db, unitNo, itemNo);
  if (!item) throw notFound();
  const [status, canEdit] = await Promise.all([repo.findStatus(db, unitNo, itemNo, year), editorOf(ctx)]);
  const [evidence, events, names] = await Promise.all([
    status ? ledgerRepo.evidenceOf(db, 'policy_item', [status.id]) : Promise.resolve([]),
    status ? ledgerRepo.eventsOf(db, 'policy_item', status.id) : Promise.resolve([]),
    ledgerRepo.userNames(db, [status?.updatedBy ?? null]),
  ]);
  const row: repo.PolicyRow = {
    ...item,
    statusId: status?.id ?? null,
    status: status?.status ?? null,
    evidenceText: status?.evidenceText ?? null,
    notes: status?.notes ?? null,
    updatedAt: status?.updatedBy ? status.updatedAt : null,
    updatedByName: status?.updatedBy ? (names.get(status.updatedBy) ?? null) : null,
    evidenceCount: evidence.length,
  };
  return {
    ...toItem(row, year, canEdit(item.leadUnit)),
    evidence: evidence.map(toEvidence),
    events: events.map(toEvent),
  };
}

/** NOT_FOUND; FORBIDDEN unless the caller leads the item's department or is a manager. */
async function assertEditor(ctx: Ctx, unitNo: number, itemNo: number) {
  const item = await repo.findItem(ctx.deps.db, unitNo, itemNo);
  if (!item) throw notFound();
  if (!(await editorOf(ctx))(item.leadUnit))
    throw new AppError('FORBIDDEN', {
      'zh-CN': `该事项由${item.leadUnit}牵头，只有${item.leadUnit}的账号或市教委/工作专班可以更新`,
      'en-US': `Only the lead department (${item.leadUnit}) or a city-level manager may update this item`,
    });
  return item;
}

/** Sets an item's status, evidence text and notes for a year; kept in the history. NOT_FOUND, FORBIDDEN. */
export async function putPolicyItem(
  ctx: Ctx,
  unitNo: number,
  itemNo: number,
  body: PutPolicyItemBody,
): Promise<PolicyItemDetail> {
  await assertEditor(ctx, unitNo, itemNo);
  await ctx.deps.db.transaction(async (tx) => {
    const before = await repo.lockStatus(tx, unitNo, itemNo, body.year);
    const set = {
      status: body.status,
      evidenceText: body.evidenceText === undefined ? before.evidenceText : body.evidenceText,
      notes: body.notes === undefined ? before.notes : body.notes,
      updatedBy: ctx.actor?.userId ?? null,
    };
    await repo.updateStatus(tx, before.id, set);
    await recordChange(
      tx,
      ctx,
      {
        entityType: 'policy_item',
        entityId: before.id,
        action: 'policy_item.update',
        fromStatus: before.status,
        toStatus: body.status,
        comment: [set.evidenceText, set.notes].filter(Boolean).join('；') || null,
      },
      {
        entity: ENTITY,
        before: { status: before.status, evidenceText: before.evidenceText, notes: before.notes },
        after: {
          unitNo,
          itemNo,
          year: body.year,
          status: set.status,
          evidenceText: set.evidenceText,
          notes: set.notes,
        },
      },
    );
  });
  return getPolicyItem(ctx, unitNo, itemNo, body.year);
}

/** Before an upload is read. */
export async function assertPolicyEvidenceWritable(ctx: Ctx, unitNo: number, itemNo: number) {
  await assertEditor(ctx, unitNo, itemNo);
}

/** Links an evidence file to an item's status for a year. VALIDATION, NOT_FOUND, FORBIDDEN. */
export async function addPolicyEvidence(
  ctx: Ctx,
  unitNo: number,
  itemNo: number,
  year: number,
  upload: SavedFile | null,
): Promise<PolicyItemDetail> {
  const file = requireFile(upload);
  await assertEditor(ctx, unitNo, itemNo);
  await ctx.deps.db.transaction(async (tx) => {
    const row = await repo.lockStatus(tx, unitNo, itemNo, year);
    await repo.updateStatus(tx, row.id, { updatedBy: ctx.actor?.userId ?? null });
    await attachEvidence(
      tx,
      ctx,
      { entityType: 'policy_item', entityId: row.id, detail: { unitNo, itemNo, year } },
      file,
    );
  });
  return getPolicyItem(ctx, unitNo, itemNo, year);
}

/** For evidence removal: whether the caller may edit the item behind a status row. */
export async function policyStatusAccess(ctx: Ctx, statusId: string, tx?: DbOrTx) {
  const db = tx ?? ctx.deps.db;
  const row = await repo.findStatusById(db, statusId);
  if (!row) return null;
  const item = await repo.findItem(db, row.unitNo, row.itemNo);
  const canEdit = item ? (await editorOf(ctx))(item.leadUnit) : false;
  return { read: true, write: canEdit };
}

const exportColumns = defineColumns([
  { key: 'unitNo', header: '单位序号', kind: 'integer', width: 8 },
  { key: 'leadUnit', header: '牵头单位', width: 24 },
  { key: 'itemNo', header: '事项序号', kind: 'integer', width: 8 },
  { key: 'content', header: '政策事项', width: 70 },
  { key: 'year', header: '年度', kind: 'integer', width: 8 },
  { key: 'status', header: '落实状态', width: 10 },
  { key: 'evidenceText', header: '落实情况/佐证', width: 50 },
  { key: 'evidenceCount', header: '佐证材料数', kind: 'integer', width: 10 },
  { key: 'notes', header: '备注', width: 30 },
  { key: 'updatedBy', header: '更新人', width: 12 },
  { key: 'updatedAt', header: '更新时间', kind: 'datetime', width: 20 },
]);

/** The list (same filters) as xlsx. */
export async function exportPolicyItems(ctx: Ctx, q: Omit<PolicyItemQuery, 'page' | 'pageSize'>) {
  const year = q.year ?? currentYear();
  const rows = await repo.listItems(ctx.deps.db, { ...q, year });
  const buffer = await exportXlsx(
    exportColumns,
    rows.map((r) => ({
      unitNo: r.unitNo,
      leadUnit: r.leadUnit,
      itemNo: r.itemNo,
      content: r.content,
      year,
      status: policyItemStatusLabels[(r.status ?? 'not_started') as PolicyItemStatus],
      evidenceText: r.evidenceText,
      evidenceCount: r.evidenceCount,
      notes: r.notes,
      updatedBy: r.updatedByName,
      updatedAt: r.updatedByName ? r.updatedAt : null,
    })) as never,
    { sheetName: '政策事项清单', title: `产教联合体政策事项清单落实情况（${year} 年）` },
  );
  return { buffer, fileName: `政策事项清单${year}.xlsx` };
}
