/**
 * Evidence files of reports, best-practice cases and policy items: removal by whoever may change the
 * record, download by whoever may read one of the records that link the file.
 */
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { openFile } from '../../lib/files';
import { appendAudit } from '../audit';
import { caseAccess } from './competition.service';
import * as repo from './ledger.repository';
import { recordEvent, reportAccess } from './ledger.service';
import { policyStatusAccess } from './policyItems.service';

const fileNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '文件不存在', 'en-US': 'File not found' });

async function accessOf(ctx: Ctx, entityType: string, entityId: string) {
  if (entityType === 'report') return reportAccess(ctx, entityId);
  if (entityType === 'case') return caseAccess(ctx, entityId);
  if (entityType === 'policy_item') return policyStatusAccess(ctx, entityId);
  return null;
}

/** Unlinks an evidence file. NOT_FOUND; OUT_OF_SCOPE unless the caller may change the record now. */
export async function deleteEvidence(ctx: Ctx, id: string): Promise<{ ok: true }> {
  const { db } = ctx.deps;
  const link = await repo.findEvidence(db, id);
  if (!link) throw new AppError('NOT_FOUND', { 'zh-CN': '佐证材料不存在', 'en-US': 'Evidence not found' });
  const access = await accessOf(ctx, link.entityType, link.entityId);
  if (!access?.write) throw outOfScope();
  const file = await repo.findFile(db, link.fileId);
  await db.transaction(async (tx) => {
    await repo.deleteEvidence(tx, id);
    await recordEvent(tx, ctx, {
      entityType: link.entityType as repo.EvidenceEntity,
      entityId: link.entityId,
      taskId: 'taskId' in access ? (access.taskId as string) : null,
      quarter: 'quarter' in access ? (access.quarter as number) : null,
      action: 'evidence.remove',
      comment: file?.originalName ?? null,
    });
    await appendAudit(tx, ctx, {
      action: 'ledger.evidence.remove',
      entity: `ledger_${link.entityType}`,
      entityId: link.entityId,
      before: { linkId: id, fileId: link.fileId, fileName: file?.originalName ?? null },
    });
  });
  return { ok: true };
}

/** A stored evidence file for download. NOT_FOUND; OUT_OF_SCOPE unless a linking record is readable. */
export async function openEvidence(ctx: Ctx, fileId: string) {
  const { db } = ctx.deps;
  const file = await repo.findFile(db, fileId);
  if (!file) throw fileNotFound();
  const links = await repo.linksOfFile(db, fileId);
  if (links.length === 0) throw fileNotFound();
  for (const l of links) {
    const access = await accessOf(ctx, l.entityType, l.entityId);
    if (access?.read)
      return {
        stream: openFile(ctx.deps, file.storageKey),
        fileName: file.originalName,
        mime: file.mime,
        size: file.size,
      };
  }
  throw outOfScope();
}
