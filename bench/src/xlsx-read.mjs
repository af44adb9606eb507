// `node bench/src/xlsx-read.mjs <file.xlsx> [--json] [--exceljs]`
// Raw read speed of the streaming xlsx reader (apps/server/src/lib/sheets/xlsx.ts): every row of
// every sheet is read and its cells touched, nothing else. Prints rows/s and the peak RSS (from
// /proc/self/status, VmHWM). With --exceljs, the same file is read with exceljs's WorkbookReader in a
// second process for comparison.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    exceljs: { type: 'boolean', default: false },
    // Internal: run one reader in this process.
    reader: { type: 'string' },
  },
});
const file = positionals[0] && resolve(positionals[0]);
if (!file) {
  console.error('usage: node bench/src/xlsx-read.mjs <file.xlsx> [--json] [--exceljs]');
  process.exit(2);
}

const peakRssMb = () => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Math.round(process.memoryUsage().rss / 1e6);
};

async function ours() {
  // The reader is TypeScript: bundle it once into a temp folder.
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-bench-'));
  const outfile = join(dir, 'xlsx.mjs');
  try {
    await esbuild.build({
      entryPoints: [join(root, 'apps/server/src/lib/sheets/xlsx.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
    });
    // esbuild's service process would otherwise share the CPUs with the measured read.
    await esbuild.stop();
    const { fileSource, readXlsx } = await import(pathToFileURL(outfile).href);
    const started = performance.now();
    const source = await fileSource(file);
    let rows = 0;
    let cells = 0;
    try {
      for await (const sheet of readXlsx(source)) {
        for await (const row of sheet.rows) {
          rows++;
          cells += row.cells.length;
        }
      }
    } finally {
      await source.close();
    }
    return { rows, cells, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function exceljs() {
  const require = createRequire(join(root, 'apps/server/package.json'));
  const ExcelJS = require('exceljs');
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  let cells = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      rows++;
      cells += row.values.length - 1;
    }
  }
  return { rows, cells, seconds: (performance.now() - started) / 1000 };
}

if (args.reader) {
  const result = args.reader === 'exceljs' ? await exceljs() : await ours();
  console.log(JSON.stringify({ ...result, peak_rss_mb: peakRssMb() }));
} else {
  const figures = { file, node: process.version };
  for (const reader of args.exceljs ? ['xlsx', 'exceljs'] : ['xlsx']) {
    // Each reader in its own process, so that peak RSS is its own.
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), file, '--reader', reader], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
    const result = JSON.parse(run.stdout);
    Object.assign(figures, {
      [`${reader}_rows`]: result.rows,
      [`${reader}_cells`]: result.cells,
      [`${reader}_seconds`]: Number(result.seconds.toFixed(2)),
      [`${reader}_rows_per_s`]: Math.round(result.rows / result.seconds),
      [`${reader}_peak_rss_mb`]: result.peak_rss_mb,
    });
  }
  if (args.json) console.log(JSON.stringify(figures));
  else console.table(figures);
}
