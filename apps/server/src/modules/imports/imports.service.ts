import { Readable } from 'node:stream';
import type { ImportJob, ImportRowError } from '@chanjiao/contracts';
import type { Tx } from '@chanjiao/db';
import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { filePath, openFile, type SavedFile, saveFile } from '../../lib/files';
import {
  errorReportXlsx,
  MAX_BYTES,
  type ParsedRow,
  type RowChecker,
  type RowError,
  type RowIssue,
  rowChecker,
  type SheetColumn,
  type SheetInput,
  type SheetLayout,
  streamSheet,
} from '../../lib/sheets';
import { appendAudit } from '../audit';
import * as repo from './imports.repository';
import { Stage } from './stage';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Errors kept on the job for the page; the report marks up to MAX_REPORTED_ERRORS. */
const MAX_STORED_ERRORS = 200;
const MAX_REPORTED_ERRORS = 10_000;

export interface ApplyResult {
  created: number;
  updated: number;
  unchanged: number;
  detail?: Record<string, unknown>;
}

/**
 * What one import does with a file, for one caller. Rows stream from the file through the column
 * checks and `row` into a staging table; then `conflicts` checks them against the database; then,
 * only when no row has a problem, `apply` writes them all in one transaction.
 */
export interface ImportPlan {
  columns: readonly SheetColumn[];
  /** The staging table's columns (SQL name and type) in the order `row` returns values. */
  stage: readonly (readonly [name: string, type: string])[];
  /**
   * The natural key: its sheet column and staging column. A key repeated within the file is refused;
   * the error shows the `display` staging column (default: the key), e.g. a masked 身份证号 where the
   * key is its digest.
   */
  key: { column: string; stage: string; display?: string };
  /** Checks one row whose cells passed; its staging values, or its problems. */
  row(values: Record<string, unknown>, row: ParsedRow): { values: unknown[] } | { issues: RowIssue[] };
  /**
   * Problems against the database, as a query over the staging table selecting
   * `row_number, key, value, reason` (key: the sheet column's key).
   */
  conflicts?(stage: SQL): SQL;
  /** Writes the staged rows (`rows` of them); runs in the job's transaction. */
  apply(tx: Tx, stage: SQL, rows: number): Promise<ApplyResult>;
  /** Runs once the rows are committed (e.g. to wake the matching index); a failure here is logged, not the job's. */
  afterCommit?(): Promise<void>;
}

export interface ImportHandler {
  kind: string;
  /** Checks that the caller may run this import and prepares the lookups its checks use. */
  prepare(ctx: Ctx): Promise<ImportPlan>;
}

/** An uploaded import file, stored before the job starts. */
export interface ImportUpload {
  saved: SavedFile;
  filename: string;
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

/** Stores an uploaded import file as it streams in (up to 256 MB; never held in memory). */
export async function saveUpload(
  ctx: Ctx,
  stream: Readable & { truncated?: boolean },
  filename: string,
): Promise<ImportUpload> {
  const tooLarge = new AppError('PAYLOAD_TOO_LARGE', {
    'zh-CN': `导入文件不能超过 ${MAX_BYTES / 1024 / 1024} MB，请拆分后分批导入`,
    'en-US': `An import file may not exceed ${MAX_BYTES / 1024 / 1024} MB`,
  });
  stream.once('limit', () => stream.destroy(tooLarge));
  const saved = await saveFile(ctx.deps, stream, {
    originalName: filename,
    mime: 'application/octet-stream',
    maxBytes: MAX_BYTES,
  });
  if (stream.truncated) throw tooLarge;
  return { saved, filename };
}
export const IMPORT_MAX_BYTES = MAX_BYTES;

/**
 * Records a job for a stored upload and runs it in the background: stream and check every row;
 * with any problem nothing is written and an error report (the original sheet plus an error column)
 * is stored; otherwise every row is applied in one transaction. Poll `getJob` for progress.
 */
export async function startImport(
  ctx: Ctx,
  handler: ImportHandler,
  upload: ImportUpload | null,
  opts: { consortiumId?: string } = {},
): Promise<ImportJob> {
  if (!upload || upload.saved.size === 0)
    throw new AppError('VALIDATION', { 'zh-CN': '请选择要导入的 xlsx 或 CSV 文件' }, [
      { path: 'file', message: '请选择文件' },
    ]);
  const plan = await handler.prepare(ctx);
  const { saved, filename } = upload;
  const job = await ctx.deps.db.transaction(async (tx) => {
    const fileId = await repo.insertFile(tx, { ...saved, uploadedBy: ctx.actor!.userId });
    const row = await repo.insertJob(tx, {
      kind: handler.kind,
      consortiumId: opts.consortiumId ?? null,
      status: 'running',
      fileId,
      fileName: filename,
      createdBy: ctx.actor!.userId,
      message: '正在读取并校验',
    });
    await appendAudit(tx, ctx, {
      action: `import.${handler.kind}.start`,
      entity: 'import_job',
      entityId: row.id,
      detail: { fileName: filename, sha256: saved.sha256, size: saved.size },
    });
    return row;
  });
  const input: SheetInput = { path: filePath(ctx.deps, saved.storageKey), filename };
  // Background: the request returns at once; failures are recorded on the job (and internal ones logged).
  const done = runJob(ctx, handler.kind, plan, job, input).catch((err: unknown) => {
    console.error(`import job ${job.id} failed`, err);
  });
  jobsInFlight.add(done);
  void done.finally(() => jobsInFlight.delete(done));
  return toJob(job);
}

const jobsInFlight = new Set<Promise<void>>();
/** For shutdown and tests: resolves when every running import has finished. */
export async function settleImports(): Promise<void> {
  await Promise.allSettled([...jobsInFlight]);
}

/** Problems found so far: the first MAX_REPORTED_ERRORS in detail, all of them counted. */
class Problems {
  readonly list: RowError[] = [];
  count = 0;
  add(errors: readonly RowError[], total = errors.length) {
    this.count += total;
    for (const e of errors) if (this.list.length < MAX_REPORTED_ERRORS) this.list.push(e);
  }
}

/** Rows applied per statement when the write runs alongside the read. */
const APPLY_ROWS = 20_000;

/**
 * Checks staged ranges against the file's earlier rows and the database, and writes them while no
 * problem has been found. Ranges are handled one after another, in the order they were staged.
 */
class Applier {
  readonly result = { created: 0, updated: 0, unchanged: 0, createdIds: [] as string[] };
  /** Time spent in the checks and in the writes, summed over the ranges. */
  readonly spent = { check_ms: 0, repeat_ms: 0, write_ms: 0 };
  private chain: Promise<void> = Promise.resolve();
  private pending: { after: number; upTo: number; rows: number } | null = null;
  /** Rows handed over and not yet checked and written. */
  private backlog = 0;
  private caughtUp: (() => void) | null = null;
  checker: RowChecker | null = null;

  constructor(
    private readonly tx: Tx,
    private readonly plan: ImportPlan,
    private readonly stage: Stage,
    private readonly problems: Problems,
  ) {}

  /** A staged range; handled once APPLY_ROWS rows have gathered (or at `done`). */
  add(after: number, upTo: number, rows: number) {
    this.backlog += rows;
    this.pending = this.pending
      ? { after: this.pending.after, upTo, rows: this.pending.rows + rows }
      : { after, upTo, rows };
    if (this.pending.rows >= APPLY_ROWS) this.flush();
  }

  private flush() {
    const range = this.pending;
    this.pending = null;
    if (!range) return;
    this.chain = this.chain.then(() => this.run(range));
    // A failure surfaces at `done`.
    this.chain.catch(() => {});
  }

  async done(): Promise<void> {
    this.flush();
    await this.chain;
  }

  /**
   * Resolves once the writes are within two ranges of the reading: the reader waits here, so a file
   * read faster than the database writes is not buffered in memory.
   */
  async keepUp(): Promise<void> {
    while (this.backlog > 2 * APPLY_ROWS) await new Promise<void>((resolve) => (this.caughtUp = resolve));
  }

  private async run(range: { after: number; upTo: number; rows: number }) {
    try {
      await this.check(range);
    } finally {
      this.backlog -= range.rows;
      this.caughtUp?.();
      this.caughtUp = null;
    }
  }

  private async check({ after, upTo, rows }: { after: number; upTo: number; rows: number }) {
    // (Members read through `this`: Biome does not count a destructured `this` as their use.)
    const [tx, plan, stage, problems] = [this.tx, this.plan, this.stage, this.problems];
    const part = stage.range(after, upTo);
    const checking = performance.now();
    const queries = [repo.repeatedKeys(stage.table, part, plan.key.stage, plan.key.column, plan.key.display)];
    if (plan.conflicts) queries.push(plan.conflicts(part));
    for (const [i, query] of queries.entries()) {
      const found = await repo.firstConflicts(tx, query, MAX_REPORTED_ERRORS);
      if (i === 0) this.spent.repeat_ms += Math.round(performance.now() - checking);
      problems.add(
        found.rows.map((r) => ({
          rowNumber: r.row_number,
          column: this.checker?.headerOf(r.key) ?? r.key,
          key: r.key,
          value: r.value,
          reason: r.reason,
        })),
        found.total,
      );
    }
    this.spent.check_ms += Math.round(performance.now() - checking);
    // After the first problem nothing more is written: the transaction will be rolled back.
    if (problems.count > 0) return;
    const writing = performance.now();
    const r = await plan.apply(tx, part, rows);
    this.spent.write_ms += Math.round(performance.now() - writing);
    this.result.created += r.created;
    this.result.updated += r.updated;
    this.result.unchanged += r.unchanged;
    const ids = (r.detail?.createdIds as string[] | undefined) ?? [];
    this.result.createdIds.push(...ids.slice(0, Math.max(0, 500 - this.result.createdIds.length)));
  }
}

/** Thrown inside the job's transaction to roll it back when any row has a problem. */
class RowsHaveProblems extends Error {}

async function runJob(ctx: Ctx, kind: string, plan: ImportPlan, job: repo.JobRow, input: SheetInput) {
  const { db, database } = ctx.deps;
  let lastWrite = 0;
  const progress = (values: Partial<Pick<repo.JobRow, 'processedRows' | 'totalRows' | 'message'>>, force = false) => {
    const now = Date.now();
    if (!force && now - lastWrite < 250) return;
    lastWrite = now;
    void repo.updateJob(db, job.id, values).catch(() => {});
  };
  const problems = new Problems();
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const timings = { read_ms: 0, finish_ms: 0 };
  // On PostgreSQL rows are checked and written while the file is still being read (the server works
  // in parallel with this process), all in one transaction. PGlite runs in this process on one
  // connection: the file is read and staged first, then checked and written in one transaction.
  const pipelined = database.driver === 'postgres';
  let applier: Applier | null = null;
  const staging = new Stage(database, job.id, plan.stage, plan.key.stage, (after, upTo, rows) =>
    applier?.add(after, upTo, rows),
  );
  let read: { layout: SheetLayout; rowCount: number } | null = null;

  /** Streams the file into the staging table; with an applier, ranges are checked and written as they land. */
  const readFile = () =>
    streamSheet(
      input,
      plan.columns,
      {
        onProgress: (rows, fraction) =>
          progress({
            processedRows: rows,
            // Estimated from the share of the file read; exact at the end.
            totalRows: fraction > 0.01 ? Math.max(rows, Math.round(rows / fraction)) : 0,
          }),
      },
      async (layout, rows) => {
        const checker = rowChecker(layout, plan.columns);
        if (applier) applier.checker = checker;
        problems.add(checker.headerErrors);
        let rowCount = 0;
        for await (const row of rows) {
          rowCount++;
          const { values, errors } = checker.check(row);
          if (errors.length > 0) {
            problems.add(errors);
            continue;
          }
          const result = plan.row(values, row);
          if ('issues' in result) {
            if (result.issues.length > 0) problems.add(checker.toErrors(row, result.issues));
            continue;
          }
          await staging.add(row.rowNumber, result.values);
          if (applier && rowCount % 1000 === 0) await applier.keepUp();
        }
        await staging.finish();
        timings.read_ms = Math.round(performance.now() - started);
        progress({ processedRows: rowCount, totalRows: rowCount, message: '正在检查并写入' }, true);
        read = { layout, rowCount };
        return checker;
      },
    );

  /** Waits for the last ranges and records the outcome in the transaction that wrote the rows. */
  const finish = async (tx: Tx, done: Applier) => {
    await done.done();
    if (problems.count > 0) throw new RowsHaveProblems();
    const rowCount = read?.rowCount ?? 0;
    const r = done.result;
    timings.finish_ms = Math.round(performance.now() - started) - timings.read_ms;
    await repo.updateJob(tx, job.id, {
      status: 'done',
      totalRows: rowCount,
      processedRows: rowCount,
      created: r.created,
      updated: r.updated,
      unchanged: r.unchanged,
      message: null,
      finishedAt: new Date(),
    });
    await appendAudit(tx, ctx, {
      action: `import.${kind}.done`,
      entity: 'import_job',
      entityId: job.id,
      detail: {
        rows: rowCount,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        createdIds: r.createdIds,
        // Where the time went: reading (with staging, and on PostgreSQL writing), then the rest.
        timings: {
          ...timings,
          ...done.spent,
          cpu_ms: Math.round(process.cpuUsage(cpuAtStart).user / 1000),
          pipelined,
        },
      },
    });
  };

  try {
    await staging.create();
    if (pipelined) {
      await db.transaction(async (tx) => {
        // Each range's checks are short index probes; JIT-compiling them cost more than running them
        // (~150 ms a query, measured).
        await repo.withoutJit(tx);
        applier = new Applier(tx, plan, staging, problems);
        await readFile();
        await finish(tx, applier);
      });
    } else {
      const checker = await readFile();
      await database.exec(`analyze "${staging.name}"`);
      await db.transaction(async (tx) => {
        const all = new Applier(tx, plan, staging, problems);
        all.checker = checker;
        all.add(0, 2 ** 31 - 1, staging.rows);
        await finish(tx, all);
      });
    }
    // The rows are committed whatever happens here; hooks only hurry followers (which also poll).
    await plan.afterCommit?.().catch(() => {});
  } catch (err) {
    const done = read as { layout: SheetLayout; rowCount: number } | null;
    if (err instanceof RowsHaveProblems && done) {
      await fail(ctx, kind, job, input, done.layout, done.rowCount, problems);
      return;
    }
    const message = err instanceof AppError ? err.messageFor('zh-CN') : '导入失败：服务器内部错误，请联系管理员';
    await repo.updateJob(db, job.id, { status: 'error', message, finishedAt: new Date() });
    if (!(err instanceof AppError)) throw err;
  } finally {
    await staging.drop().catch(() => {});
  }
}

async function fail(
  ctx: Ctx,
  kind: string,
  job: repo.JobRow,
  input: SheetInput,
  layout: SheetLayout,
  rowCount: number,
  problems: Problems,
) {
  const { db } = ctx.deps;
  const errors = problems.list.sort((a, b) => a.rowNumber - b.rowNumber);
  const report = await errorReportXlsx(input, { ...layout, rowCount }, errors);
  const saved = await saveFile(ctx.deps, Readable.from([report]), {
    originalName: `错误报告-${input.filename.replace(/\.(csv|xlsx)$/i, '')}.xlsx`,
    mime: XLSX_MIME,
    maxBytes: MAX_BYTES,
  });
  const shown = problems.count > errors.length ? `（报告中列出前 ${errors.length} 处）` : '';
  await db.transaction(async (tx) => {
    const reportFileId = await repo.insertFile(tx, { ...saved, uploadedBy: ctx.actor!.userId });
    await repo.updateJob(tx, job.id, {
      status: 'failed',
      totalRows: rowCount,
      processedRows: rowCount,
      errorCount: problems.count,
      errors: errors
        .slice(0, MAX_STORED_ERRORS)
        .map(({ rowNumber, column, value, reason }) => ({ rowNumber, column, value, reason })),
      message: `${problems.count} 处错误${shown}，未导入任何数据`,
      reportFileId,
      finishedAt: new Date(),
    });
    await appendAudit(tx, ctx, {
      action: `import.${kind}.failed`,
      entity: 'import_job',
      entityId: job.id,
      result: 'failure',
      detail: { rows: rowCount, errors: problems.count },
    });
  });
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

/**
 * At start-up: jobs left running by a stopped process are marked interrupted (after `staleAfterMs`,
 * so that another process's live job is left alone) and staging tables without a running job dropped.
 */
export async function sweepImports(ctx: Pick<Ctx, 'deps'>, staleAfterMs = 6 * 3600_000): Promise<void> {
  await repo.interruptStaleJobs(ctx.deps.db, new Date(Date.now() - staleAfterMs));
  await Stage.dropOrphans(ctx.deps.database, await repo.runningJobIds(ctx.deps.db));
}
