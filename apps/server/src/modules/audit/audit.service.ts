import type { AuditEntry, AuditListQuery, AuditVerifyResponse, Paged } from '@chanjiao/contracts';
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { sm3 } from '../../lib/crypto';
import * as repo from './audit.repository';

export const GENESIS_HASH = '0'.repeat(64);

/** Keys never written to the audit log (secrets) and keys masked there (personal data). */
const SECRET_KEYS = new Set([
  'passwordHash',
  'password',
  'newPassword',
  'currentPassword',
  'initialPassword',
  'csrfToken',
]);

/** JSON with keys sorted at every depth, so jsonb's reordering cannot change a hash. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object') {
    const keys = Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function jsonSafe(v: unknown): unknown {
  return v === undefined ? undefined : JSON.parse(canonicalJson(v));
}

type Plain = Record<string, unknown>;

/** Field-level difference: `{field: [before, after]}`; creations and deletions keep one side. */
export function diffOf(before: Plain | null | undefined, after: Plain | null | undefined): Plain | null {
  const clean = (o: Plain | null | undefined) =>
    o ? Object.fromEntries(Object.entries(o).filter(([k]) => !SECRET_KEYS.has(k))) : null;
  const b = clean(before);
  const a = clean(after);
  if (!b && !a) return null;
  if (!b) return { created: jsonSafe(a) } as Plain;
  if (!a) return { deleted: jsonSafe(b) } as Plain;
  const out: Plain = {};
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (canonicalJson(b[k]) !== canonicalJson(a[k])) out[k] = jsonSafe([b[k] ?? null, a[k] ?? null]);
  }
  return out;
}

export function entryHash(row: Omit<repo.AuditRow, 'hash'>): string {
  return sm3(
    canonicalJson([
      row.id,
      row.at.toISOString(),
      row.actorId,
      row.actorUsername,
      row.actorRoles,
      row.action,
      row.entity,
      row.entityId,
      row.result,
      row.diff ?? null,
      row.ip,
      row.requestId,
      row.prevHash,
    ]),
  );
}

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | null;
  result?: 'success' | 'failure';
  before?: Plain | null;
  after?: Plain | null;
  /** Extra facts that are not a before/after pair (e.g. a failure reason). */
  detail?: Plain;
  /** For events without a signed-in actor (e.g. a failed login): the name that was tried. */
  username?: string | null;
}

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the entry exists
 * exactly when the change it records does.
 */
export async function appendAudit(tx: DbOrTx, ctx: Ctx, e: AuditEvent): Promise<void> {
  await repo.lockChain(tx);
  const last = await repo.lastEntry(tx);
  const diff = diffOf(e.before, e.after);
  const merged = e.detail ? { ...(diff ?? {}), ...(jsonSafe(e.detail) as Plain) } : diff;
  const row = {
    id: (last?.id ?? 0) + 1,
    at: new Date(),
    actorId: ctx.actor?.userId ?? null,
    actorUsername: ctx.actor?.username ?? e.username ?? null,
    actorRoles: ctx.actor ? ctx.actor.roles.join(',') : null,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    result: e.result ?? 'success',
    diff: merged,
    ip: ctx.ip,
    requestId: ctx.requestId,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await repo.insertEntry(tx, { ...row, hash: entryHash(row) });
}

/** Walks the chain in order and reports the first entry whose hash, link or sequence is wrong. */
export async function verifyChain(db: DbOrTx): Promise<AuditVerifyResponse> {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  const verifiedAt = new Date().toISOString();
  for (;;) {
    const batch = await repo.entriesAfter(db, prevId, 5000);
    if (batch.length === 0) break;
    for (const row of batch) {
      const broken = (reason: 'hash_mismatch' | 'link_mismatch' | 'gap') => ({
        ok: false,
        checked,
        firstBroken: { id: row.id, reason },
        verifiedAt,
      });
      if (row.id !== prevId + 1) return broken('gap');
      if (row.prevHash !== prevHash) return broken('link_mismatch');
      if (entryHash(row) !== row.hash) return broken('hash_mismatch');
      checked += 1;
      prevHash = row.hash;
      prevId = row.id;
    }
  }
  return { ok: true, checked, firstBroken: null, verifiedAt };
}

function toEntry(r: repo.AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actorUsername: r.actorUsername,
    actorRoles: r.actorRoles,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    result: r.result as 'success' | 'failure',
    diff: r.diff ?? null,
    ip: r.ip,
    requestId: r.requestId,
    hash: r.hash,
  };
}

/** Lists entries newest first (audit admin only; the route enforces audit.read). */
export async function listAudit(ctx: Ctx, q: AuditListQuery): Promise<Paged<AuditEntry>> {
  const { items, total } = await repo.listEntries(ctx.deps.db, q, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: items.map(toEntry), total, page: q.page, pageSize: q.pageSize };
}

/** Rows for an export, capped; the export itself is audited by the caller. */
export async function exportRows(ctx: Ctx, q: Omit<AuditListQuery, 'page' | 'pageSize'>, cap = 100_000) {
  const { items, total } = await repo.listEntries(ctx.deps.db, q, cap, 0);
  return { items: items.map(toEntry), total, truncated: total > cap };
}

/** The filtered log as an xlsx workbook with Chinese headers; the export itself is audited. */
export async function exportWorkbook(
  ctx: Ctx,
  q: Omit<AuditListQuery, 'page' | 'pageSize'>,
  Excel: typeof import('exceljs'),
): Promise<Buffer> {
  const { items, total, truncated } = await exportRows(ctx, q);
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('审计日志');
  ws.columns = [
    { header: '序号', key: 'id', width: 8 },
    { header: '时间', key: 'at', width: 24 },
    { header: '操作人', key: 'actorUsername', width: 14 },
    { header: '角色', key: 'actorRoles', width: 14 },
    { header: '操作', key: 'action', width: 22 },
    { header: '对象类型', key: 'entity', width: 12 },
    { header: '对象编号', key: 'entityId', width: 38 },
    { header: '结果', key: 'result', width: 8 },
    { header: '变更内容', key: 'diff', width: 60 },
    { header: 'IP', key: 'ip', width: 16 },
    { header: '请求编号', key: 'requestId', width: 22 },
    { header: '哈希 (SM3)', key: 'hash', width: 66 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const e of items)
    ws.addRow({ ...e, result: e.result === 'success' ? '成功' : '失败', diff: e.diff ? JSON.stringify(e.diff) : '' });
  await ctx.deps.db.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'audit.export',
      entity: 'audit_log',
      detail: { filter: q, rows: items.length, total, truncated },
    }),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
