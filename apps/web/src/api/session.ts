import { api, type MeResponse } from '@chanjiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { queryKeyOf } from './queries';
import { ApiError, request } from './request';

export const meKey = ['session', 'me'] as const;

/** Why the last session ended, so the login page can say 「登录已超时」. */
let lastAuthFailure: string | null = null;
export function setLastAuthFailure(code: string | null): void {
  lastAuthFailure = code;
}
export function peekLastAuthFailure(): string | null {
  return lastAuthFailure;
}

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery<MeResponse | null, Error>({
    queryKey: meKey,
    queryFn: async () => {
      try {
        return await request(api.me);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          if (e.code === 'SESSION_EXPIRED') setLastAuthFailure(e.code);
          return null;
        }
        throw e;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

export function useHealth() {
  return useQuery({
    queryKey: queryKeyOf(api.health),
    queryFn: () => request(api.health),
    staleTime: 60_000,
    retry: 1,
  });
}
