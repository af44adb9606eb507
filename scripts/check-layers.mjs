// Import-restriction lint: enforces the layering in STYLE.md. Exits 1 and lists every violation.
//   - apps/web imports @chanjiao/contracts and npm packages only (never the server or db).
//   - packages/contracts imports zod only.
//   - packages/matching is pure: no imports outside the package (its testing.ts may read data/ files).
//   - packages/db never imports the apps.
//   - a server module reaches another module only through its index.ts.
//   - routes call services: a *.routes.ts file imports neither drizzle-orm, @chanjiao/db nor a repository.
//   - services do not build SQL: a *.service.ts file has no value import from drizzle-orm.
//   - only apps/server/src/env.ts reads process.env.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every import in a source text: specifier and whether it is type-only. */
export function importsOf(source) {
  const out = [];
  const re =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m[4]) out.push({ spec: m[4], typeOnly: false });
    else out.push({ spec: m[3], typeOnly: Boolean(m[2]) });
  }
  return out;
}

const isTest = (file) => /\.test\.tsx?$/.test(file);

/** Violations for one file (path relative to the repo root, POSIX separators). */
export function checkFile(file, source) {
  const v = [];
  const say = (spec, why) => v.push(`${file}: imports '${spec}' — ${why}`);
  for (const { spec, typeOnly } of importsOf(source)) {
    const rel = spec.startsWith('.');
    const target = rel ? normalize(join(dirname(file), spec)).replace(/\\/g, '/') : null;
    if (file.startsWith('apps/web/')) {
      if (spec.startsWith('@chanjiao/') && spec !== '@chanjiao/contracts')
        say(spec, 'the web app may import only @chanjiao/contracts');
      if (target && !target.startsWith('apps/web/')) say(spec, 'the web app may not reach outside apps/web');
    }
    if (file.startsWith('packages/contracts/') && !isTest(file)) {
      if (!rel && spec !== 'zod' && !spec.startsWith('zod/')) say(spec, 'contracts import zod only');
      if (target && !target.startsWith('packages/contracts/'))
        say(spec, 'contracts may not reach outside their package');
    }
    if (file.startsWith('packages/matching/') && !isTest(file) && !file.endsWith('/testing.ts')) {
      if (!rel) say(spec, 'the matching engine is pure TypeScript: no packages, no I/O');
      if (target && !target.startsWith('packages/matching/'))
        say(spec, 'the matching engine may not reach outside its package');
    }
    if (file.startsWith('packages/db/')) {
      if (spec.startsWith('@chanjiao/') && spec !== '@chanjiao/contracts') say(spec, 'db may not import the apps');
      if (target?.startsWith('apps/')) say(spec, 'db may not import the apps');
    }
    const mod = file.match(/^apps\/server\/src\/modules\/([^/]+)\//);
    if (mod && target) {
      const tm = target.match(/^apps\/server\/src\/modules\/([^/]+)(?:\/(.*))?$/);
      if (tm && tm[1] !== mod[1] && tm[2] && tm[2] !== 'index' && tm[2] !== 'index.ts')
        say(spec, `module '${mod[1]}' must reach module '${tm[1]}' through its index.ts`);
    }
    if (/\.routes\.ts$/.test(file) && !isTest(file)) {
      if (spec === 'drizzle-orm' || spec.startsWith('drizzle-orm/') || spec === '@chanjiao/db')
        say(spec, 'routes call services; queries belong in the repository');
      if (/\.repository$/.test(spec)) say(spec, 'routes call services, not repositories');
    }
    if (/\.service\.ts$/.test(file) && !typeOnly && (spec === 'drizzle-orm' || spec.startsWith('drizzle-orm/')))
      say(spec, 'services do not build SQL; move the query into the repository');
  }
  if (
    file.startsWith('apps/server/src/') &&
    file !== 'apps/server/src/env.ts' &&
    !isTest(file) &&
    /process\.env\b/.test(source.replace(/\/\/.*$/gm, ''))
  )
    v.push(`${file}: reads process.env — only apps/server/src/env.ts may`);
  return v;
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dirs = ['apps/server/src', 'apps/web/src', 'packages'].map((d) => join(root, d));
  const violations = dirs
    .flatMap((d) => walk(d))
    .flatMap((f) => checkFile(relative(root, f).replace(/\\/g, '/'), readFileSync(f, 'utf8')));
  if (violations.length) {
    console.error(`layering: ${violations.length} violation(s)\n${violations.join('\n')}`);
    process.exit(1);
  }
  console.log('layering: ok');
}
