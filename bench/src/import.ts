/**
 * `npm run bench:import -- --rows 200000 [--json]`: the organization import of CSV and xlsx against
 * raw PostgreSQL COPY of the same rows, in one run, on a throwaway PostgreSQL cluster. Each run is a
 * child process (its own peak RSS) on its own database cloned from the migrated template.
 * Prints one JSON object: rows, copy_rows_per_s, csv_rows_per_s, xlsx_rows_per_s, csv_ratio,
 * xlsx_ratio, peak_rss_mb (the largest of the import runs), and the per-run figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@chanjiao/db';
import { createTemplate, startTestCluster, TEMPLATE_DB } from '@chanjiao/db/testing';
import { writeCopy, writeCsv, writeXlsx } from './import-data';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '200000' },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
    // Writes a V8 CPU profile of each run to bench/profiles/.
    profile: { type: 'boolean', default: false },
    // Extra node flags for the runs, e.g. --node-flags=--max-old-space-size=256
    'node-flags': { type: 'string' },
  },
});
const rows = Number(args.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
const log = (msg: string) => process.stderr.write(`[bench:import] ${msg}\n`);
const modes = (args.only ?? 'copy,csv,xlsx').split(',');

const dir = mkdtempSync(join(tmpdir(), 'chanjiao-bench-import-'));
const cluster = await startTestCluster();
const cleanup = async () => {
  await cluster.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  log(`generating ${rows} rows (csv, xlsx, COPY text) in ${dir}`);
  const files = { copy: join(dir, 'orgs.copy'), csv: join(dir, 'orgs.csv'), xlsx: join(dir, 'orgs.xlsx') };
  // Each run has its own codes and names: every import creates every row.
  const writers = { copy: writeCopy, csv: writeCsv, xlsx: writeXlsx };
  await Promise.all(
    modes.map((m, i) => writers[m as keyof typeof writers](files[m as keyof typeof files], i + 1, rows)),
  );
  await createTemplate(cluster.baseUrl);
  // The worker runs bundled (plain node, no TypeScript loader in its memory): workspace packages are
  // bundled, installed packages stay external.
  // Inside the repository, so that its imports resolve from node_modules.
  const worker = join(import.meta.dirname, '../dist/import-worker.mjs');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'import-worker.ts')],
    outfile: worker,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'externals',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (a) =>
            a.path.startsWith('@chanjiao/') || a.path.startsWith('node:')
              ? undefined
              : { path: a.path, external: true },
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  const results: Record<
    string,
    { seconds: number; rows_per_s: number; peak_rss_mb: number; bytes: number; timings: unknown; memory: unknown }
  > = {};
  for (const mode of modes) {
    const name = `bench_${mode}`;
    const admin = await openDatabase({ url: `${cluster.baseUrl}/postgres`, max: 1 });
    await admin.exec(`create database ${name} template ${TEMPLATE_DB}`);
    await admin.close();
    log(`${mode}…`);
    const out = execFileSync(
      process.execPath,
      [
        ...(args['node-flags'] ? args['node-flags'].split(' ') : []),
        ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(import.meta.dirname, '../profiles')}`] : []),
        worker,
        '--mode',
        mode,
        '--file',
        files[mode as keyof typeof files],
        '--url',
        `${cluster.baseUrl}/${name}`,
        '--rows',
        String(rows),
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      },
    );
    results[mode] = JSON.parse(out.trim().split('\n').pop()!);
    log(`${mode}: ${JSON.stringify(results[mode])}`);
  }
  const rate = (m: string) => results[m]?.rows_per_s ?? null;
  const ratio = (m: string) => (rate(m) && rate('copy') ? Number((rate(m)! / rate('copy')!).toFixed(3)) : null);
  const summary = {
    rows,
    copy_rows_per_s: rate('copy'),
    csv_rows_per_s: rate('csv'),
    xlsx_rows_per_s: rate('xlsx'),
    csv_ratio: ratio('csv'),
    xlsx_ratio: ratio('xlsx'),
    peak_rss_mb: Math.max(...['csv', 'xlsx'].map((m) => results[m]?.peak_rss_mb ?? 0)),
    csv_peak_rss_mb: results.csv?.peak_rss_mb ?? null,
    xlsx_peak_rss_mb: results.xlsx?.peak_rss_mb ?? null,
    csv_bytes: results.csv?.bytes ?? null,
    xlsx_bytes: results.xlsx?.bytes ?? null,
    seconds: Object.fromEntries(Object.entries(results).map(([m, r]) => [m, r.seconds])),
    import_timings_ms: { csv: results.csv?.timings ?? null, xlsx: results.xlsx?.timings ?? null },
    import_memory_peaks: { csv: results.csv?.memory ?? null, xlsx: results.xlsx?.memory ?? null },
    cpus: cpus().length,
    node: process.version,
    database: 'throwaway PostgreSQL cluster (fsync off), one database per run',
  };
  if (!args.json) {
    log(
      `rows ${rows}: COPY ${summary.copy_rows_per_s}/s · CSV ${summary.csv_rows_per_s}/s (${summary.csv_ratio}) · xlsx ${summary.xlsx_rows_per_s}/s · peak RSS ${summary.peak_rss_mb} MB`,
    );
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await cleanup();
}
