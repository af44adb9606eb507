import { Navigate, useParams, useSearchParams } from 'react-router';

/**
 * /ledger/tasks/:id (the link of the server's ledger notifications): the ledger with that task's
 * drawer open, at ?quarter= when given.
 */
export default function TaskLink() {
  const { id } = useParams();
  const [sp] = useSearchParams();
  const next = new URLSearchParams({ task: id ?? '' });
  const quarter = sp.get('quarter');
  if (quarter) next.set('quarter', quarter);
  return <Navigate to={`/ledger?${next.toString()}`} replace />;
}
