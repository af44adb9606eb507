import { api } from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { request, setCsrfToken } from '../../api/request';
import { meKey, setLastAuthFailure } from '../../api/session';

/** Ends the session on the server (best effort) and forgets everything cached. */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await request(api.logout);
    } catch {
      // the session may be gone already; the user is signed out either way
    }
    setCsrfToken(null);
    setLastAuthFailure(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
    queryClient.setQueryData(meKey, null);
    navigate('/login', { replace: true });
  }, [queryClient, navigate]);
}
