import { roleLabels } from '@chanjiao/contracts';
import { buildApp } from './app';
import { makeDeps, openAndMigrate } from './deps';
import { ConfigError, loadConfig } from './env';
import { startScheduler } from './jobs';
import { systemCtx } from './lib/context';
import { findUp } from './lib/paths';
import { ensureDefaultFramework } from './modules/evaluation';
import { countUsers } from './modules/identity';
import { settleImports } from './modules/imports';
import { loadReferenceData } from './modules/reference';
import { seedDemoCockpit } from './seed/cockpit';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed/demo';
import { seedDemoEvaluation } from './seed/evaluation';
import { seedDemoLedger } from './seed/ledger';
import { seedDemoRegistry } from './seed/registry';
import { seedDemoTalent } from './seed/talent';

function webRoot(): string | null {
  try {
    return findUp('apps/web/dist/index.html').replace(/\/index\.html$/, '');
  } catch {
    return null;
  }
}

async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await openAndMigrate(config);
  const deps = makeDeps(config, database);
  const ref = await loadReferenceData(deps.database);
  const ctx = systemCtx(deps, 'startup');
  await ensureDefaultFramework(ctx);
  if (config.demoMode) {
    await seedDemo(ctx);
    await seedDemoRegistry(ctx);
    await seedDemoTalent(ctx);
    await seedDemoEvaluation(ctx);
    await seedDemoLedger(ctx);
    await seedDemoCockpit(ctx);
  }
  const root = webRoot();
  const app = await buildApp(deps, {
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
    },
    webRoot: root,
  });

  const stopJobs = startScheduler(deps, app.log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    stopJobs();
    await app.close();
    // Imports under way finish (or fail) before the database closes.
    await settleImports();
    await database.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}`;
  const lines = [
    '',
    `产教通 Chanjiao is ready: ${url}  (${database.driver === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server'}, ${Math.round(performance.now() - started)} ms)`,
    ref.loaded ? '  reference data loaded' : '  reference data up to date',
    `  API docs: ${url}/api/docs`,
  ];
  if (!root) lines.push('  (web app not built: run `npm run build`)');
  if (config.demoMode) {
    lines.push(`  演示模式 DEMO MODE — demo data is loaded; every demo account's password is ${DEMO_PASSWORD}:`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.username.padEnd(12)} ${roleLabels[a.role]['zh-CN']}`);
  } else if ((await countUsers(ctx)) === 0) {
    lines.push('  No accounts yet: create the first system administrator with `npm run admin:create`.');
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
