import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export interface PagedQueryState {
  page: number;
  pageSize: number;
  /** Filter and search values from the URL (`q` plus the page's filter keys). */
  values: Record<string, string | undefined>;
  /** The query to send: page, pageSize and every non-empty value. */
  query: Record<string, string | number>;
  /** Changes filters; the page goes back to 1 unless `page` is part of the patch. */
  set: (patch: Record<string, string | number | undefined | null>) => void;
  reset: (keep?: Record<string, string>) => void;
}

const pageSizes = [10, 20, 50, 100];

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

/**
 * List state (page, pageSize, q and filters) kept in the URL search params, so a list can be
 * bookmarked, shared and restored with the back button.
 */
export function usePagedQuery(keys: readonly string[], defaultPageSize = 20): PagedQueryState {
  const [sp, setSp] = useSearchParams();
  const keyList = keys.join(',');

  const page = positiveInt(sp.get('page'), 1);
  const rawSize = positiveInt(sp.get('pageSize'), defaultPageSize);
  const pageSize = pageSizes.includes(rawSize) ? rawSize : defaultPageSize;

  const values = useMemo(() => {
    const out: Record<string, string | undefined> = {};
    for (const k of ['q', ...keyList.split(',').filter(Boolean)]) out[k] = sp.get(k) || undefined;
    return out;
  }, [sp, keyList]);

  const query = useMemo(() => {
    const out: Record<string, string | number> = { page, pageSize };
    for (const [k, v] of Object.entries(values)) if (v) out[k] = v;
    return out;
  }, [values, page, pageSize]);

  const set = useCallback(
    (patch: Record<string, string | number | undefined | null>) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!('page' in patch)) next.delete('page');
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (next.get('page') === '1') next.delete('page');
          if (next.get('pageSize') === String(defaultPageSize)) next.delete('pageSize');
          return next;
        },
        { replace: false },
      );
    },
    [setSp, defaultPageSize],
  );

  const reset = useCallback((keep: Record<string, string> = {}) => setSp(new URLSearchParams(keep)), [setSp]);

  return { page, pageSize, values, query, set, reset };
}

export { pageSizes };

/** The list query without paging: what an export of the same list sends. */
export function exportQuery(state: PagedQueryState): Record<string, string | number> {
  const { page: _page, pageSize: _pageSize, ...rest } = state.query;
  return rest;
}
