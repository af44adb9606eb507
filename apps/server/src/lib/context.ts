import type { Locale, Permission, Role } from '@chanjiao/contracts';
import type { Database, Db } from '@chanjiao/db';
import type { Config } from '../env';
import type { FieldCipher } from './crypto';

/** The signed-in caller, resolved from the session cookie on every request. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Set<Permission>;
  orgId: string | null;
  consortiumId: string | null;
  mustChangePassword: boolean;
  /** The role needs a second factor and none is enrolled: only session routes until enrolled. */
  mustEnrollTotp: boolean;
  sessionId: string;
  csrfToken: string;
}

/** What every service function receives: who, from where, and the shared handles. */
export interface Ctx {
  actor: Actor | null;
  ip: string | null;
  requestId: string;
  locale: Locale;
  deps: Deps;
}

export interface Deps {
  config: Config;
  database: Database;
  db: Db;
  cipher: FieldCipher;
}

export function systemCtx(deps: Deps, requestId = 'system'): Ctx {
  return { actor: null, ip: null, requestId, locale: 'zh-CN', deps };
}
