import type { RouteDescriptor } from '@chanjiao/contracts';
import { type UseQueryOptions, useQuery } from '@tanstack/react-query';
import { type RequestInput, type ResponseOf, request } from './request';

/** Cache key of a GET route: method, path, then its params and query. Invalidate by the first two. */
export function queryKeyOf<D extends RouteDescriptor>(descriptor: D, input: RequestInput<D> = {}) {
  return [descriptor.method, descriptor.path, input.params ?? null, input.query ?? null] as const;
}

/** Prefix key matching every cached call of one route. */
export function routeKey(descriptor: RouteDescriptor) {
  return [descriptor.method, descriptor.path] as const;
}

export function useApiQuery<D extends RouteDescriptor>(
  descriptor: D,
  input: RequestInput<D> = {},
  options: Omit<UseQueryOptions<ResponseOf<D>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<ResponseOf<D>, Error>({
    queryKey: queryKeyOf(descriptor, input),
    queryFn: () => request(descriptor, input),
    ...options,
  });
}
