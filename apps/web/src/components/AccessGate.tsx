import type { Permission } from '@chanjiao/contracts';
import type { ReactNode } from 'react';
import { accessOf } from '../access';
import { useMe } from '../api/session';
import ForbiddenPage from '../pages/exception/ForbiddenPage';

/** Shows the 403 page instead of a route the user's permissions do not grant. */
export function AccessGate({ access, children }: { access: Permission | undefined; children: ReactNode }) {
  const me = useMe();
  if (!accessOf(me.data?.user).can(access)) return <ForbiddenPage />;
  return children;
}
