import type { route } from '../descriptor';

/** Routes of this area; filled in by its module. */
export const talentReportApi = {} satisfies Record<string, ReturnType<typeof route>>;
