// `npm test`: does all set-up (dependencies, PostgreSQL server binaries, Chromium, build) and runs
// every tier — lint, types, unit, integration on a throwaway PostgreSQL 15, browser e2e — then
// prints one summary line "N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildServer,
  buildWeb,
  ensureDebianPackage,
  ensureDependencies,
  hasChromium,
  hasCjkFont,
  hasPdfText,
  hasPostgresServer,
  log,
  root,
  run,
} from './lib.mjs';

const started = Date.now();
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (tier) => only.length === 0 || only.includes(tier);

ensureDependencies();
if (want('integration')) ensureDebianPackage(hasPostgresServer, ['postgresql'], 'PostgreSQL server binaries (initdb)');
if (want('e2e')) ensureDebianPackage(hasChromium, ['chromium'], 'Chromium for browser tests');
if (want('unit') || want('integration') || want('e2e')) {
  ensureDebianPackage(hasCjkFont, ['fonts-wqy-microhei'], 'a Chinese font (screenshots, PDF reports)');
  ensureDebianPackage(hasPdfText, ['poppler-utils'], 'pdftotext, to read generated PDF reports back in tests');
}

const results = [];
const tmp = join(root, '.tmp');
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

function step(tier, name, cmd, args) {
  log(`${tier}: ${name}`);
  const t0 = Date.now();
  const status = run(cmd, args);
  results.push({
    tier,
    name,
    passed: status === 0 ? 1 : 0,
    failed: status === 0 ? 0 : 1,
    seconds: (Date.now() - t0) / 1000,
  });
}

function vitest(tier, args) {
  const out = join(tmp, `${tier}.json`);
  log(`${tier}: vitest`);
  const t0 = Date.now();
  const status = run('npx', [
    'vitest',
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  let passed = 0;
  let failed = status === 0 ? 0 : 1;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests + (status !== 0 && r.numFailedTests === 0 ? 1 : 0);
  }
  results.push({ tier, name: 'tests', passed, failed, seconds: (Date.now() - t0) / 1000 });
}

if (want('lint')) {
  step('lint', 'biome check', 'npx', ['biome', 'check', '.']);
  step('lint', 'layering', process.execPath, ['scripts/check-layers.mjs']);
}
if (want('types')) {
  for (const ws of ['packages/contracts', 'packages/db', 'packages/matching', 'apps/server', 'apps/web', 'e2e']) {
    if (existsSync(join(root, ws, 'tsconfig.json')))
      step('types', `tsc --noEmit ${ws}`, 'npx', ['tsc', '--noEmit', '-p', `${ws}/tsconfig.json`]);
    // The engine is compiled with its own options; the server checks against its declarations.
    if (ws === 'packages/matching')
      step('types', 'tsc declarations packages/matching', 'npx', ['tsc', '-p', `${ws}/tsconfig.types.json`]);
  }
}
if (want('unit')) vitest('unit', ['--project', 'unit']);
if (want('integration')) vitest('integration', ['--project', 'integration']);
if (want('e2e') && existsSync(join(root, 'e2e/vitest.config.ts'))) {
  await buildServer();
  buildWeb();
  vitest('e2e', ['--config', 'e2e/vitest.config.ts']);
}

const byTier = new Map();
for (const r of results) {
  const t = byTier.get(r.tier) ?? { passed: 0, failed: 0, seconds: 0 };
  t.passed += r.passed;
  t.failed += r.failed;
  t.seconds += r.seconds;
  byTier.set(r.tier, t);
}
console.log('\ntier          passed  failed  seconds');
for (const [tier, t] of byTier)
  console.log(
    `${tier.padEnd(12)} ${String(t.passed).padStart(7)} ${String(t.failed).padStart(7)} ${t.seconds.toFixed(0).padStart(8)}`,
  );
for (const r of results.filter((x) => x.failed)) console.log(`FAILED: ${r.tier} — ${r.name}`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
