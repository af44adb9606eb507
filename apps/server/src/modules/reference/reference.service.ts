import type { Paged, PageQuery } from '@chanjiao/contracts';
import type { SQL } from 'drizzle-orm';
import type { Ctx } from '../../lib/context';
import * as repo from './reference.repository';

/** Reference lists are city-wide (no data scope); searchable by code and name, paginated. */
export async function listReference<T>(
  ctx: Ctx,
  name: repo.RefList,
  q: PageQuery,
  filters: SQL[] = [],
): Promise<Paged<T>> {
  const { items, total } = await repo.list(ctx.deps.db, name, {
    q: q.q,
    filters,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items as T[], total, page: q.page, pageSize: q.pageSize };
}

export const referenceFilters = repo.filters;
