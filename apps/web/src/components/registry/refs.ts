import { api } from '@chanjiao/contracts';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeyOf, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';

const forever = { staleTime: Number.POSITIVE_INFINITY } as const;

/** The 38 districts of Chongqing as Select options (code → name). */
export function useDistrictOptions() {
  const list = useApiQuery(api.refDistricts, { query: { pageSize: 200 } }, forever);
  return useMemo(() => (list.data?.items ?? []).map((d) => ({ value: d.code, label: d.name })), [list.data]);
}

/** The 12 industry clusters (C01..C12) as Select options, and their names by code. */
export function useClusters() {
  const list = useApiQuery(api.refClusters, { query: { pageSize: 200 } }, forever);
  return useMemo(() => {
    const items = list.data?.items ?? [];
    return {
      options: items.map((c) => ({ value: c.code, label: c.name })),
      names: new Map(items.map((c) => [c.code, c.name])),
    };
  }, [list.data]);
}

/** Names of GB/T 4754 industry codes, looked up one by one (an organization has a few). */
export function useIndustryNames(codes: readonly string[]): Map<string, string> {
  const results = useQueries({
    queries: codes.map((code) => {
      const input = { query: { q: code, pageSize: 50 } };
      return {
        queryKey: queryKeyOf(api.refIndustries, input),
        queryFn: () => request(api.refIndustries, input),
        ...forever,
      };
    }),
  });
  const names = new Map<string, string>();
  codes.forEach((code, i) => {
    const hit = results[i]?.data?.items.find((r) => r.code === code);
    if (hit) names.set(code, hit.name);
  });
  return names;
}
