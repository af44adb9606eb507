// Shared set-up steps for `npm start` and `npm test`: each step is idempotent and cheap when done.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function log(msg) {
  console.error(`\x1b[36m[chanjiao]\x1b[0m ${msg}`);
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function mustRun(cmd, args, opts = {}) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`command failed (${status}): ${cmd} ${args.join(' ')}`);
    process.exit(status);
  }
}

/** Installs npm dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs)) return;
  log('installing dependencies (npm ci)…');
  mustRun('npm', existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
}

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  if (!statSync(dir).isDirectory()) {
    const s = statSync(dir);
    out.push(`${relative(root, dir)}:${s.size}:${Math.floor(s.mtimeMs)}`);
    return out;
  }
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) walk(p, out);
    else out.push(`${relative(root, p)}:${s.size}:${Math.floor(s.mtimeMs)}`);
  }
  return out;
}

function stampOf(dirs) {
  const h = createHash('sha256');
  for (const d of dirs) for (const line of walk(join(root, d)).sort()) h.update(`${line}\n`);
  return h.digest('hex');
}

function upToDate(stampFile, stamp) {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
}

const serverInputs = [
  'apps/server/src',
  'packages/contracts/src',
  'packages/db/src',
  'packages/db/migrations',
  'packages/matching/src',
  'apps/server/package.json',
];
const webInputs = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/public',
  'packages/contracts/src',
];

/** Bundles the server (esbuild) with its migrations; skipped when the sources did not change. */
export async function buildServer({ force = false } = {}) {
  const dist = join(root, 'apps/server/dist');
  const stampFile = join(dist, '.stamp');
  const stamp = stampOf(serverInputs);
  if (!force && upToDate(stampFile, stamp)) return false;
  log('building server…');
  const esbuild = await import('esbuild');
  const pkgs = ['apps/server', 'packages/db', 'packages/contracts', 'packages/matching'].map((p) =>
    JSON.parse(readFileSync(join(root, p, 'package.json'), 'utf8')),
  );
  const external = [...new Set(pkgs.flatMap((p) => Object.keys(p.dependencies ?? {})))].filter(
    (d) => !d.startsWith('@chanjiao/'),
  );
  rmSync(dist, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { main: join(root, 'apps/server/src/main.ts'), cli: join(root, 'apps/server/src/cli.ts') },
    outdir: dist,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    external: [...external, ...external.map((e) => `${e}/*`)],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  cpSync(join(root, 'packages/db/migrations'), join(dist, 'migrations'), { recursive: true });
  writeFileSync(stampFile, stamp);
  return true;
}

/** Builds the web app (Vite); skipped when the sources did not change. */
export function buildWeb({ force = false } = {}) {
  const dist = join(root, 'apps/web/dist');
  const stampFile = join(root, 'apps/web/.build-stamp');
  const stamp = stampOf(webInputs);
  if (!force && upToDate(stampFile, stamp) && existsSync(join(dist, 'index.html'))) return false;
  if (!existsSync(join(root, 'apps/web/index.html'))) return false;
  log('building web app…');
  mustRun('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(root, 'apps/web') });
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, stamp);
  return true;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

/** Installs Debian packages when a needed binary is missing (root only; otherwise explains). */
export function ensureDebianPackage(check, pkgs, why) {
  if (check()) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    console.error(`${why} is missing: install ${pkgs.join(' ')} (e.g. sudo apt-get install -y ${pkgs.join(' ')})`);
    process.exit(1);
  }
  log(`installing ${pkgs.join(' ')} (${why})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    mustRun('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  mustRun('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
  if (!check()) {
    console.error(`${why} still missing after installing ${pkgs.join(' ')}`);
    process.exit(1);
  }
}

export function hasPdfText() {
  return existsSync('/usr/bin/pdftotext');
}

export function hasPostgresServer() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base) && readdirSync(base).some((v) => existsSync(join(base, v, 'bin', 'initdb')))) return true;
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  return r.status === 0 && existsSync(join(r.stdout.trim(), 'initdb'));
}

export const hasChromium = () => existsSync('/usr/bin/chromium');
/** A CJK font, so screenshots of Chinese pages are readable. */
export const hasCjkFont = () => existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
