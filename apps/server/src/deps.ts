import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Database, migrate, openDatabase } from '@chanjiao/db';
import { type Config, ConfigError } from './env';
import type { Deps } from './lib/context';
import { FieldCipher } from './lib/crypto';

/**
 * The field-encryption key lives outside the database: FIELD_ENCRYPTION_KEY, or for the embedded
 * database a key file created once in DATA_DIR/keys (mode 0600).
 */
export function fieldKey(config: Config): string {
  if (config.fieldKey) return config.fieldKey;
  if (config.databaseUrl && config.nodeEnv === 'production' && !config.demoMode)
    throw new ConfigError('FIELD_ENCRYPTION_KEY is required with DATABASE_URL outside demo mode (64 hex characters).');
  const dir = join(resolve(config.dataDir), 'keys');
  const file = join(dir, 'field.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl, max: config.dbPoolSize });
  const dir = join(resolve(config.dataDir), 'pglite');
  mkdirSync(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

export function makeDeps(config: Config, database: Database): Deps {
  return { config, database, db: database.db, cipher: new FieldCipher(fieldKey(config)) };
}

export async function openAndMigrate(config: Config): Promise<Database> {
  const database = await openConfiguredDatabase(config);
  await migrate(database);
  return database;
}
