import { api, type ConsortiumDetail } from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeyOf, routeKey } from '../../api/queries';

/** After a write: the new detail (when the server answered it) into the cache, lists refetched. */
export function useConsortiumChanged(id: string) {
  const queryClient = useQueryClient();
  return (saved?: ConsortiumDetail) => {
    const key = queryKeyOf(api.getConsortium, { params: { id } });
    if (saved) queryClient.setQueryData(key, saved);
    else void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listConsortia) });
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listMembers) });
  };
}
