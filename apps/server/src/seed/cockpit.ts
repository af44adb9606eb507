import type { Ctx } from '../lib/context';

/** Demo statistical returns and KPI history (issue 6). */
export async function seedDemoCockpit(_ctx: Ctx): Promise<{ seeded: boolean }> {
  return { seeded: false };
}
