import type { FastifyBaseLogger } from 'fastify';
import { type Deps, systemCtx } from './lib/context';
import { startCockpit } from './modules/cockpit';
import { remindEvaluation } from './modules/evaluation';
import { disableInactiveAccounts } from './modules/identity';
import { sweepImports } from './modules/imports';
import { remindLedger } from './modules/ledger';
import { startMatching } from './modules/matching';

// Hourly: deadline reminders should not wait long; the other jobs are cheap and idempotent.
const EVERY_MS = 3_600_000;

/**
 * Periodic jobs in this process (with several API processes each runs them; advisory locks make
 * one do the work). Returns a stop function for shutdown.
 */
export function startScheduler(deps: Deps, log: FastifyBaseLogger): () => void {
  const run = async () => {
    try {
      const disabled = await disableInactiveAccounts(systemCtx(deps, 'job-inactive-accounts'));
      if (disabled.length) log.warn({ disabled }, 'disabled inactive accounts');
    } catch (err) {
      log.error({ err }, 'inactive-account job failed');
    }
    // Deadline reminders (in-app notifications); each is written once per user, however often this runs.
    for (const [name, remind] of [
      ['evaluation', remindEvaluation],
      ['ledger', remindLedger],
    ] as const) {
      try {
        const written = await remind(systemCtx(deps, `job-remind-${name}`), new Date());
        if (written) log.info({ written }, `${name} reminders written`);
      } catch (err) {
        log.error({ err }, `${name} reminder job failed`);
      }
    }
  };
  void run();
  sweepImports(systemCtx(deps, 'job-import-sweep')).catch((err) => log.error({ err }, 'import sweep failed'));
  // The matching index loads in the background (routes answer 503 until ready), then follows the feed.
  const matching = startMatching(deps, log);
  // The cockpit's read models: computed at start, then kept fresh from the source tables' change feed.
  const cockpit = startCockpit(deps, log);
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    void matching.stop();
    void cockpit.stop();
  };
}
