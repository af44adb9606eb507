import type { Ctx } from '../lib/context';

/** Demo ledger tasks, reports, best-practice cases and policy-item status (issue 5). */
export async function seedDemoLedger(_ctx: Ctx): Promise<{ seeded: boolean }> {
  return { seeded: false };
}
