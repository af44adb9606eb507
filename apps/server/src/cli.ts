import { createInterface } from 'node:readline/promises';
import { passwordProblems } from '@chanjiao/contracts';
import { makeDeps, openAndMigrate } from './deps';
import { loadConfig } from './env';
import { systemCtx } from './lib/context';
import { verifyChain } from './modules/audit';
import { ensureDefaultFramework } from './modules/evaluation';
import { createFirstAdmin } from './modules/identity';
import { loadReferenceData } from './modules/reference';
import { seedDemoCockpit } from './seed/cockpit';
import { seedDemo } from './seed/demo';
import { seedDemoEvaluation } from './seed/evaluation';
import { seedDemoLedger } from './seed/ledger';
import { seedDemoRegistry } from './seed/registry';
import { seedDemoTalent } from './seed/talent';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

const commands: Record<string, string> = {
  migrate: 'apply SQL migrations and load reference data',
  'admin:create': 'create a system administrator (--username, --name; password from ADMIN_PASSWORD or prompt)',
  'audit:verify': 'check the audit log hash chain; exit 1 and name the first broken entry',
  'seed:demo': 'load demo data (only once)',
};

async function main() {
  const cmd = process.argv[2] ?? '';
  if (!(cmd in commands)) {
    console.log(
      `usage: cli <command>\n${Object.entries(commands)
        .map(([k, v]) => `  ${k.padEnd(14)} ${v}`)
        .join('\n')}`,
    );
    process.exit(cmd ? 2 : 0);
  }
  const config = loadConfig();
  let deps: ReturnType<typeof makeDeps>;
  const database = await openAndMigrate(config);
  try {
    deps = makeDeps(config, database);
  } catch (err) {
    console.error((err as Error).message);
    await database.close();
    process.exit(2);
  }
  const ctx = systemCtx(deps, `cli-${cmd}`);
  let code = 0;
  try {
    if (cmd === 'migrate') {
      const r = await loadReferenceData(deps.database);
      await ensureDefaultFramework(ctx);
      console.log(`migrations applied (${database.driver}); reference data ${r.loaded ? 'loaded' : 'up to date'}`);
    } else if (cmd === 'admin:create') {
      await loadReferenceData(deps.database);
      const username = arg('username') ?? (await ask('用户名 username: '));
      const name = arg('name') ?? (process.stdin.isTTY ? await ask('姓名 display name: ') : '系统管理员');
      const password = config.adminPassword ?? (await ask('密码 password (≥8, 3 of 4 classes): '));
      const problems = passwordProblems(password);
      if (problems.length) throw new Error(problems.join('；'));
      const u = await createFirstAdmin(ctx, username, name || '系统管理员', password);
      console.log(`created system administrator ${u.username} (${u.id})`);
    } else if (cmd === 'audit:verify') {
      const r = await verifyChain(deps.db);
      console.log(JSON.stringify(r));
      if (r.ok) console.log(`audit chain intact: ${r.checked} entries`);
      else {
        console.error(
          `audit chain BROKEN at entry ${r.firstBroken?.id} (${r.firstBroken?.reason}); ${r.checked} entries before it verified`,
        );
        code = 1;
      }
    } else if (cmd === 'seed:demo') {
      await loadReferenceData(deps.database);
      await ensureDefaultFramework(ctx);
      const r = await seedDemo(ctx);
      const reg = await seedDemoRegistry(ctx);
      const talent = await seedDemoTalent(ctx);
      const evaluation = await seedDemoEvaluation(ctx);
      const ledger = await seedDemoLedger(ctx);
      const cockpit = await seedDemoCockpit(ctx);
      console.log(
        r.seeded || reg.seeded || talent.seeded || evaluation.seeded || ledger.seeded || cockpit.seeded
          ? 'demo data loaded'
          : 'demo data was already loaded',
      );
    }
  } catch (err) {
    console.error((err as Error).message);
    code = 1;
  } finally {
    await database.close();
  }
  process.exit(code);
}

void main();
