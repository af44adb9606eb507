import { z } from 'zod';

/** All configuration, parsed once from the environment. Nothing else reads process.env. */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  /** Demo mode loads demo data and demo accounts; default on only with the embedded database. */
  DEMO_MODE: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 64 hex characters: the master key for field encryption (SM4). Generated in DATA_DIR/keys when absent and embedded. */
  FIELD_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'FIELD_ENCRYPTION_KEY must be 64 hex characters')
    .optional(),
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Only for `npm run admin:create` without a terminal. */
  ADMIN_PASSWORD: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demoMode: boolean;
  logLevel: string;
  fieldKey: string | undefined;
  cookieSecure: boolean;
  nodeEnv: 'development' | 'production' | 'test';
  dbPoolSize: number;
  adminPassword: string | undefined;
}

/** A configuration problem: printed as a message without a stack trace. */
export class ConfigError extends Error {}

export function parseEnv(env: NodeJS.ProcessEnv): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = r.data;
  const demoMode = e.DEMO_MODE ? e.DEMO_MODE === 'true' : !e.DATABASE_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    demoMode,
    logLevel: e.LOG_LEVEL,
    fieldKey: e.FIELD_ENCRYPTION_KEY,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : false,
    nodeEnv: e.NODE_ENV,
    dbPoolSize: e.DB_POOL_SIZE,
    adminPassword: e.ADMIN_PASSWORD,
  };
}

/** Reads the process environment, exiting with a clear message when it is invalid. */
export function loadConfig(): Config {
  try {
    return parseEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
