import { Readable } from 'node:stream';
import type { ImportJob, ImportRowError } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { openFile, saveFile } from '../../lib/files';
import { errorReportXlsx, type ParsedSheet, type RowError, SheetError } from '../../lib/sheets';
import { appendAudit } from '../audit';
import * as repo from './imports.repository';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_STORED_ERRORS = 200;

/** What an import kind does with a file: check every row, then apply all of them (or nothing). */
export interface ImportHandler {
  kind: string;
  /** Parse and check; return the parsed sheet, the row errors, and an `apply` for the valid rows. */
  check(
    ctx: Ctx,
    input: { buffer: Buffer; filename: string },
    progress: (processed: number, total?: number) => void,
  ): Promise<{
    parsed: ParsedSheet;
    errors: RowError[];
    apply: (
      tx: Parameters<Parameters<Ctx['deps']['db']['transaction']>[0]>[0],
    ) => Promise<{ created: number; updated: number; unchanged: number; detail?: Record<string, unknown> }>;
  }>;
}

function toJob(r: repo.JobRow): ImportJob {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as ImportJob['status'],
    fileName: r.fileName,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    errorCount: r.errorCount,
    errors: (r.errors as ImportRowError[] | null) ?? [],
    message: r.message,
    hasReport: !!r.reportFileId,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

async function streamToBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Stores the uploaded file, records a job and runs it in the background: parse and check every
 * row; with any error nothing is written and an error report (the original sheet plus an error
 * column) is stored; otherwise every row is applied in one transaction. Poll `getJob` for progress.
 */
export async function startImport(
  ctx: Ctx,
  handler: ImportHandler,
  upload: { buffer: Buffer; filename: string } | null,
  opts: { consortiumId?: string } = {},
): Promise<ImportJob> {
  if (!upload || upload.buffer.length === 0)
    throw new AppError('VALIDATION', { 'zh-CN': '请选择要导入的 xlsx 或 CSV 文件' }, [
      { path: 'file', message: '请选择文件' },
    ]);
  const saved = await saveFile(ctx.deps, Readable.from([upload.buffer]), {
    originalName: upload.filename,
    mime: 'application/octet-stream',
  });
  const job = await ctx.deps.db.transaction(async (tx) => {
    const fileId = await repo.insertFile(tx, {
      sha256: saved.sha256,
      size: saved.size,
      mime: saved.mime,
      originalName: saved.originalName,
      storageKey: saved.storageKey,
      uploadedBy: ctx.actor!.userId,
    });
    const row = await repo.insertJob(tx, {
      kind: handler.kind,
      consortiumId: opts.consortiumId ?? null,
      status: 'running',
      fileId,
      fileName: upload.filename,
      createdBy: ctx.actor!.userId,
    });
    await appendAudit(tx, ctx, {
      action: `import.${handler.kind}.start`,
      entity: 'import_job',
      entityId: row.id,
      detail: { fileName: upload.filename, sha256: saved.sha256, size: saved.size },
    });
    return row;
  });
  const done = runJob(ctx, handler, job, upload);
  // Background: the request returns at once; failures are recorded on the job.
  done.catch(() => {});
  jobsInFlight.add(done);
  void done.finally(() => jobsInFlight.delete(done));
  return toJob(job);
}

const jobsInFlight = new Set<Promise<void>>();
/** For shutdown and tests: resolves when every running import has finished. */
export async function settleImports(): Promise<void> {
  await Promise.allSettled([...jobsInFlight]);
}

async function runJob(ctx: Ctx, handler: ImportHandler, job: repo.JobRow, input: { buffer: Buffer; filename: string }) {
  const { db } = ctx.deps;
  let lastWrite = 0;
  const progress = (processed: number, total?: number) => {
    const now = Date.now();
    if (now - lastWrite < 250) return;
    lastWrite = now;
    void repo
      .updateJob(db, job.id, { processedRows: processed, ...(total !== undefined ? { totalRows: total } : {}) })
      .catch(() => {});
  };
  try {
    const { parsed, errors, apply } = await handler.check(ctx, input, progress);
    const total = parsed.rows.length;
    if (errors.length) {
      const report = await errorReportXlsx(input, parsed, errors);
      const saved = await saveFile(ctx.deps, Readable.from([report]), {
        originalName: `错误报告-${input.filename.replace(/\.(csv|xlsx)$/i, '')}.xlsx`,
        mime: XLSX_MIME,
      });
      await db.transaction(async (tx) => {
        const reportFileId = await repo.insertFile(tx, {
          sha256: saved.sha256,
          size: saved.size,
          mime: saved.mime,
          originalName: saved.originalName,
          storageKey: saved.storageKey,
          uploadedBy: ctx.actor!.userId,
        });
        await repo.updateJob(tx, job.id, {
          status: 'failed',
          totalRows: total,
          processedRows: total,
          errorCount: errors.length,
          errors: errors
            .slice(0, MAX_STORED_ERRORS)
            .map(({ rowNumber, column, value, reason }) => ({ rowNumber, column, value, reason })),
          message: `${errors.length} 处错误，未导入任何数据`,
          reportFileId,
          finishedAt: new Date(),
        });
        await appendAudit(tx, ctx, {
          action: `import.${handler.kind}.failed`,
          entity: 'import_job',
          entityId: job.id,
          result: 'failure',
          detail: { rows: total, errors: errors.length },
        });
      });
      return;
    }
    await db.transaction(async (tx) => {
      const r = await apply(tx);
      await repo.updateJob(tx, job.id, {
        status: 'done',
        totalRows: total,
        processedRows: total,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        finishedAt: new Date(),
      });
      await appendAudit(tx, ctx, {
        action: `import.${handler.kind}.done`,
        entity: 'import_job',
        entityId: job.id,
        detail: { rows: total, created: r.created, updated: r.updated, unchanged: r.unchanged, ...(r.detail ?? {}) },
      });
    });
  } catch (err) {
    const message =
      err instanceof SheetError || err instanceof AppError ? err.message : '导入失败：服务器内部错误，请联系管理员';
    await repo.updateJob(db, job.id, { status: 'error', message, finishedAt: new Date() });
    if (!(err instanceof SheetError || err instanceof AppError)) throw err;
  }
}

async function ownJob(ctx: Ctx, id: string) {
  const job = await repo.findJob(ctx.deps.db, id);
  if (!job) throw new AppError('NOT_FOUND', { 'zh-CN': '导入任务不存在' });
  if (job.createdBy !== ctx.actor?.userId) throw new AppError('OUT_OF_SCOPE');
  return job;
}

/** Progress and outcome; only the user who started it may see it. */
export async function getJob(ctx: Ctx, id: string): Promise<ImportJob> {
  return toJob(await ownJob(ctx, id));
}

export async function reportOf(ctx: Ctx, id: string) {
  const job = await ownJob(ctx, id);
  const file = job.reportFileId ? await repo.findFile(ctx.deps.db, job.reportFileId) : undefined;
  if (!file) throw new AppError('NOT_FOUND', { 'zh-CN': '该导入没有错误报告' });
  return { stream: openFile(ctx.deps, file.storageKey), fileName: file.originalName, size: file.size };
}

export { streamToBuffer };
