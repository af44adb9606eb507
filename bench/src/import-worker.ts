/**
 * One measured run of `bench:import`, in its own process so that its peak RSS is its own:
 *   copy — raw COPY of the rows into a table like `organizations` (same columns and indexes);
 *   csv / xlsx — the platform's organization import of the sheet, from the stored upload to the
 *   finished job (stream, check every row, stage, check duplicates and the registry, upsert).
 * Prints one JSON line.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { permissionsOf, type Role } from '@chanjiao/contracts';
import { auditLog, importJobs, openDatabase, userRoles, users } from '@chanjiao/db';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { makeDeps } from '../../apps/server/src/deps';
import { parseEnv } from '../../apps/server/src/env';
import { type Actor, type Ctx, systemCtx } from '../../apps/server/src/lib/context';
import { saveUpload, settleImports, startImport } from '../../apps/server/src/modules/imports';
import { orgImportHandler } from '../../apps/server/src/modules/org/org.import';
import { loadReferenceData } from '../../apps/server/src/modules/reference';
import { COPY_COLUMNS } from './import-data';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string' },
    file: { type: 'string' },
    url: { type: 'string' },
    rows: { type: 'string' },
  },
});
const mode = args.mode!;
const file = args.file!;
const rows = Number(args.rows);

async function copyRun() {
  const sql = postgres(args.url!, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe('create table bench_copy (like organizations including all)');
    const started = performance.now();
    const writable = await sql
      .unsafe(`copy bench_copy (${COPY_COLUMNS.map((c) => `"${c}"`).join(', ')}) from stdin`)
      .writable();
    await new Promise<void>((resolve, reject) => {
      createReadStream(file).on('error', reject).pipe(writable).on('finish', resolve).on('error', reject);
    });
    const seconds = (performance.now() - started) / 1000;
    const [{ n }] = await sql`select count(*)::int as n from bench_copy`;
    if (n !== rows) throw new Error(`COPY loaded ${n} rows, expected ${rows}`);
    return { seconds, timings: null };
  } finally {
    await sql.end();
  }
}

async function importRun() {
  const database = await openDatabase({ url: args.url!, max: 4 });
  const dataDir = mkdtempSync(join(tmpdir(), 'chanjiao-bench-import-'));
  try {
    const config = parseEnv({
      NODE_ENV: 'production',
      DATABASE_URL: args.url!,
      DATA_DIR: dataDir,
      // Benchmark data only, never a real key.
      FIELD_ENCRYPTION_KEY: '0'.repeat(64),
      DEMO_MODE: 'true',
    });
    const deps = makeDeps(config, database);
    await loadReferenceData(deps.database);
    // A secretariat account without a consortium: it may create organizations (no password: the
    // benchmark never logs in, and hashing one would add argon2's memory to the peak RSS).
    const [user] = await deps.db
      .insert(users)
      .values({ username: 'bench', displayName: '基准测试', passwordHash: '!', isDemo: true })
      .returning();
    const roles: Role[] = ['secretariat'];
    await deps.db.insert(userRoles).values({ userId: user!.id, role: roles[0]! });
    const actor: Actor = {
      userId: user!.id,
      username: user!.username,
      displayName: user!.displayName,
      roles,
      permissions: permissionsOf(roles),
      orgId: user!.orgId,
      consortiumId: user!.consortiumId,
      mustChangePassword: false,
      mustEnrollTotp: false,
      sessionId: 'bench',
      csrfToken: 'bench',
    };
    const ctx: Ctx = { ...systemCtx(deps, 'bench-import'), actor };
    const started = performance.now();
    const upload = await saveUpload(ctx, createReadStream(file), `orgs.${mode}`);
    const job = await startImport(ctx, orgImportHandler, upload);
    await settleImports();
    const seconds = (performance.now() - started) / 1000;
    const [done] = await deps.db.select().from(importJobs).where(eq(importJobs.id, job.id));
    if (done?.status !== 'done' || done.created !== rows)
      throw new Error(
        `import ended ${done?.status}: ${done?.message ?? ''} created ${done?.created} of ${rows} ${JSON.stringify(done?.errors?.slice?.(0, 3))}`,
      );
    const [entry] = await deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, job.id), eq(auditLog.action, 'import.organizations.done')));
    const timings = JSON.stringify(entry).match(/"timings":(\{[^}]*\})/)?.[1];
    return { seconds, timings: timings ? JSON.parse(timings) : null };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * This process's peak RSS: VmHWM, the high-water mark of its own memory map. (getrusage's maxRSS
 * is carried across fork and exec, so a child of a large parent — the generator, which holds an
 * xlsx's shared strings — would report the parent's size.)
 */
function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // Not Linux.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

// Where the memory is (heap, external, array buffers): the peaks of each, sampled every 200 ms.
const memory = { heap_used_mb: 0, heap_total_mb: 0, external_mb: 0, array_buffers_mb: 0 };
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  memory.heap_used_mb = Math.max(memory.heap_used_mb, Math.round(m.heapUsed / 2 ** 20));
  memory.heap_total_mb = Math.max(memory.heap_total_mb, Math.round(m.heapTotal / 2 ** 20));
  memory.external_mb = Math.max(memory.external_mb, Math.round(m.external / 2 ** 20));
  memory.array_buffers_mb = Math.max(memory.array_buffers_mb, Math.round(m.arrayBuffers / 2 ** 20));
}, 200);
sampler.unref();

const { seconds, timings } = mode === 'copy' ? await copyRun() : await importRun();
process.stdout.write(
  `${JSON.stringify({
    mode,
    rows,
    bytes: statSync(file).size,
    seconds: Number(seconds.toFixed(3)),
    rows_per_s: Math.round(rows / seconds),
    peak_rss_mb: peakRssMb(),
    memory,
    timings,
  })}\n`,
);
