import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index';

export type Schema = typeof schema;
/** The driver-neutral Drizzle handle every repository takes (PGlite and PostgreSQL alike). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export type Driver = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  driver: Driver;
  /** Runs raw SQL (migrations aside, used by health checks and tests). */
  exec(sqlText: string): Promise<void>;
  /**
   * The change feed between processes: LISTEN/NOTIFY on PostgreSQL, an in-process bus on PGlite
   * (one process owns the embedded database). Handlers also receive this process's own notices.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<void>;
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Bulk load with COPY: `text` holds rows in PostgreSQL's text format (tab-separated, `\\N` for
   * null, backslash escapes; see `copyText`). `table` and `columns` are SQL identifiers from code.
   */
  copyIn(table: string, columns: readonly string[], text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs raw SQL and returns its rows, whichever driver: postgres.js answers an array, PGlite an
 * object with `rows`.
 */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** One value in COPY text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return copyEscape(`{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return copyEscape(String(v));
}
const copyEscape = (s: string) =>
  /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : s;

/** A row for `copyIn`: values (string, number, boolean, string[] as a text array, null) in column order. */
export function copyLine(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyValue(values[i]);
  return `${line}\n`;
}

const copySql = (table: string, columns: readonly string[], source: string) =>
  `copy ${table} (${columns.map((c) => `"${c}"`).join(', ')}) from ${source}`;

export interface OpenOptions {
  /** postgres://… selects a PostgreSQL server; otherwise PGlite in dataDir. */
  url?: string | undefined;
  dataDir?: string | undefined;
  /** Connection pool size for PostgreSQL. */
  max?: number;
}

/** Folder of the committed SQL migrations, both next to the source and next to a bundle. */
export function migrationsFolder(): string {
  const candidates = [new URL('../migrations', import.meta.url), new URL('./migrations', import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(`${p}/meta/_journal.json`)) return p;
  }
  throw new Error('SQL migrations folder not found (packages/db/migrations)');
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.url, {
      max: opts.max ?? 10,
      onnotice: () => {},
      connection: { application_name: 'chanjiao' },
    });
    const db = drizzle({ client, schema }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      exec: async (s) => {
        await client.unsafe(s);
      },
      listen: async (channel, handler) => {
        await client.listen(channel, handler);
      },
      notify: async (channel, payload) => {
        await client.notify(channel, payload);
      },
      copyIn: async (table, columns, text) => {
        const query = client.unsafe(copySql(table, columns, 'stdin'));
        const writable = await query.writable();
        await new Promise<void>((resolve, reject) => {
          writable.once('error', reject);
          writable.once('finish', resolve);
          writable.end(text);
        });
        // 'finish' comes once the bytes are queued on the socket; the query settles when the server
        // has loaded them. Waiting for it keeps a fast reader from queueing a whole file in memory.
        await query;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Db;
  const bus = new EventEmitter();
  bus.setMaxListeners(100);
  return {
    db,
    driver: 'pglite',
    exec: async (s) => {
      await client.exec(s);
    },
    listen: async (channel, handler) => {
      bus.on(channel, handler);
    },
    notify: async (channel, payload) => {
      bus.emit(channel, payload);
    },
    copyIn: async (table, columns, text) => {
      await client.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
    },
    close: () => client.close(),
  };
}

/** Applies the one migration history to either driver. */
export async function migrate(database: Database): Promise<void> {
  const folder = migrationsFolder();
  if (database.driver === 'postgres') {
    const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
    // biome-ignore lint/suspicious/noExplicitAny: the migrator is typed per driver; the handle is the same object.
    await run(database.db as any, { migrationsFolder: folder });
  } else {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    await run(database.db as any, { migrationsFolder: folder });
  }
}
