/**
 * Evidence files of reports, best-practice cases and policy items: removal by whoever may change the
 * record, download by whoever may read one of the records that link the file.
 */
import type { DbOrTx } from '@chanjiao/db';
import type { Ctx } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { openFile } from '../../lib/files';
import { caseAccess } from './competition.service';
import * as repo from './ledger.repository';
import { evidenceAuditEntity, recordChange, reportAccess } from './ledger.service';
import { policyStatusAccess } from './policyItems.service';

const fileNotFound = () => new AppError('NOT_FOUND', { 'zh-CN': '文件不存在', 'en-US': 'File not found' });

/** What the caller may do with a linked record; with `tx`, the record is locked for a removal. */
async function accessOf(ctx: Ctx, entityType: string, entityId: string, tx?: DbOrTx) {
  if (entityType === 'report') return reportAccess(ctx, entityId, tx);
  if (entityType === 'case') return caseAccess(ctx, entityId, tx);
  if (entityType === 'policy_item') return policyStatusAccess(ctx, entityId, tx);
  return null;
}

/** Unlinks an evidence file. NOT_FOUND; OUT_OF_SCOPE unless the caller may change the record now. */
export async function deleteEvidence(ctx: Ctx, id: string): Promise<{ ok: true }> {
  await ctx.deps.db.transaction(async (tx) => {
    const link = await repo.findEvidence(tx, id);
    if (!link) throw new AppError('NOT_FOUND', { 'zh-CN': '佐证材料不存在', 'en-US': 'Evidence not found' });
    // Checked on the locked record, so a report submitted (or a case decided) meanwhile keeps its files.
    const access = await accessOf(ctx, link.entityType, link.entityId, tx);
    if (!access?.write) throw outOfScope();
    const file = await repo.findFile(tx, link.fileId);
    await repo.deleteEvidence(tx, id);
    await recordChange(
      tx,
      ctx,
      {
        entityType: link.entityType as repo.EvidenceEntity,
        entityId: link.entityId,
        taskId: 'taskId' in access ? (access.taskId as string) : null,
        quarter: 'quarter' in access ? (access.quarter as number) : null,
        action: 'evidence.remove',
        comment: file?.originalName ?? null,
      },
      {
        entity: evidenceAuditEntity[link.entityType as repo.EvidenceEntity],
        before: { linkId: id, fileId: link.fileId, fileName: file?.originalName ?? null },
      },
    );
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
