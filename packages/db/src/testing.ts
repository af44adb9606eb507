/**
 * A throwaway PostgreSQL cluster for tests, started from the system's binaries in a temp dir on a
 * free port, and one database per test file cloned from a migrated template.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, migrate, openDatabase } from './client';

export const TEMPLATE_DB = 'chanjiao_template';

export interface TestCluster {
  /** Base URL without a database name, e.g. postgres://postgres@127.0.0.1:5433 */
  baseUrl: string;
  url(database: string): string;
  stop(): Promise<void>;
}

export function findPgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0) {
    const dir = r.stdout.trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** initdb refuses root, so as root the cluster runs as the `postgres` system user. */
function run(bin: string, args: string[]) {
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', bin, ...args], { stdio: 'pipe' });
  else execFileSync(bin, args, { stdio: 'pipe' });
}

export async function startTestCluster(): Promise<TestCluster> {
  const bin = findPgBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found; run `npm test`, which installs them');
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=128MB',
  ].join(' ');
  run(join(bin, 'pg_ctl'), ['-D', dataDir, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  const baseUrl = `postgres://postgres@127.0.0.1:${port}`;
  return {
    baseUrl,
    url: (database) => `${baseUrl}/${database}`,
    stop: async () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Creates the template database, migrates it and lets `prepare` load shared data into it. */
export async function createTemplate(baseUrl: string, prepare?: (database: Database) => Promise<void>): Promise<void> {
  const admin = await openDatabase({ url: `${baseUrl}/postgres`, max: 1 });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.exec(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.close();
  }
  const tpl = await openDatabase({ url: `${baseUrl}/${TEMPLATE_DB}`, max: 1 });
  try {
    await migrate(tpl);
    if (prepare) await prepare(tpl);
  } finally {
    await tpl.close();
  }
}

let counter = 0;
/** A fresh database cloned from the template; each test file takes its own. */
export async function createTestDatabase(
  baseUrl: string,
  max = 5,
): Promise<{ database: Database; url: string; name: string }> {
  counter += 1;
  const name = `t_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ url: `${baseUrl}/postgres`, max: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.close();
  }
  const url = `${baseUrl}/${name}`;
  return { database: await openDatabase({ url, max }), url, name };
}
