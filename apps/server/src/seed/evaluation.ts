import type { Ctx } from '../lib/context';

/** Demo evaluation rounds (issue 5). */
export async function seedDemoEvaluation(_ctx: Ctx): Promise<{ seeded: boolean }> {
  return { seeded: false };
}
