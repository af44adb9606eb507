import type { route } from '../descriptor';

/** Routes of this area; filled in by its module. */
export const studentApi = {} satisfies Record<string, ReturnType<typeof route>>;
