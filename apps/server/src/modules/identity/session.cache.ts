import type { Actor, Deps } from '../../lib/context';

/**
 * Sessions resolved in the last few seconds, so a request needs no SQL to know its caller.
 * Entries are re-read from the database every REFRESH_MS; a revocation (logout, lock, reset,
 * role change) drops them at once here and, through the change feed, in every other process.
 */
export const REFRESH_MS = 10_000;
const CHANNEL = 'chanjiao_sessions';
const MAX_ENTRIES = 50_000;

export interface CachedSession {
  actor: Actor;
  expiresAt: number;
  /** Last activity seen by this process (ms). */
  lastActivity: number;
  /** Last time last_seen_at was written to the database (ms). */
  dbLastSeen: number;
  fetchedAt: number;
}

export class SessionCache {
  private readonly map = new Map<string, CachedSession>();

  get(id: string): CachedSession | undefined {
    return this.map.get(id);
  }

  set(id: string, entry: CachedSession): void {
    if (this.map.size >= MAX_ENTRIES) {
      const oldest = this.map.keys().next().value;
      if (oldest) this.map.delete(oldest);
    }
    this.map.delete(id);
    this.map.set(id, entry);
  }

  drop(id: string): void {
    this.map.delete(id);
  }

  dropUser(userId: string): void {
    for (const [id, e] of this.map) if (e.actor.userId === userId) this.map.delete(id);
  }
}

const caches = new WeakMap<Deps, SessionCache>();

/** This app's cache, subscribed to the change feed on first use. */
export function sessionCache(deps: Deps): SessionCache {
  let cache = caches.get(deps);
  if (!cache) {
    const c = new SessionCache();
    caches.set(deps, c);
    void deps.database
      .listen(CHANNEL, (payload) => {
        try {
          const msg = JSON.parse(payload) as { userId?: string; sessionId?: string };
          if (msg.userId) c.dropUser(msg.userId);
          if (msg.sessionId) c.drop(msg.sessionId);
        } catch {
          // A malformed notice cannot name a session; ignore it.
        }
      })
      .catch(() => {});
    cache = c;
  }
  return cache;
}

/** Call after the revoking transaction commits. */
export async function forgetUserSessions(deps: Deps, userId: string): Promise<void> {
  sessionCache(deps).dropUser(userId);
  await deps.database.notify(CHANNEL, JSON.stringify({ userId }));
}

export async function forgetSession(deps: Deps, sessionId: string): Promise<void> {
  sessionCache(deps).drop(sessionId);
  await deps.database.notify(CHANNEL, JSON.stringify({ sessionId }));
}
