import type { Permission, SessionUser } from '@chanjiao/contracts';
import type { AppRoute } from './routes';

/** What the signed-in user may open, from the `permissions` the server sent with the session. */
export interface Access {
  can: (permission: Permission | undefined) => boolean;
}

export function accessOf(user: Pick<SessionUser, 'permissions'> | null | undefined): Access {
  const granted = new Set<Permission>(user?.permissions ?? []);
  return { can: (permission) => permission === undefined || granted.has(permission) };
}

/** The route tree with routes the user may not open removed; empty groups disappear too. */
export function visibleRoutes(routes: readonly AppRoute[], access: Access): AppRoute[] {
  const out: AppRoute[] = [];
  for (const r of routes) {
    if (!access.can(r.access)) continue;
    if (r.hideWith && access.can(r.hideWith)) continue;
    if (r.routes) {
      const children = visibleRoutes(r.routes, access);
      if (children.length === 0) continue;
      out.push({ ...r, routes: children });
    } else out.push(r);
  }
  return out;
}

/**
 * The page a signed-in user must finish before anything else: a forced password change first,
 * then the second-factor enrolment their role requires; null when there is none.
 */
export function forcedPage(user: Pick<SessionUser, 'mustChangePassword' | 'mustEnrollTotp'>): string | null {
  if (user.mustChangePassword) return '/password';
  if (user.mustEnrollTotp) return '/totp';
  return null;
}
