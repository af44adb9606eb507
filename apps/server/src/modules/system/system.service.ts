import type { Ctx } from '../../lib/context';
import { VERSION } from '../../version';
import * as repo from './system.repository';

/** Health: database reachability and latency, version, demo mode. Never throws. */
export async function health(ctx: Ctx) {
  const { database, config, db } = ctx.deps;
  const t0 = performance.now();
  let reachable = true;
  try {
    await repo.ping(db);
  } catch {
    reachable = false;
  }
  return {
    status: reachable ? ('ok' as const) : ('degraded' as const),
    database: { reachable, driver: database.driver, latencyMs: Math.round((performance.now() - t0) * 100) / 100 },
    version: VERSION,
    demoMode: config.demoMode,
  };
}
