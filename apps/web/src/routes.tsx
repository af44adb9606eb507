import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  HomeOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Permission } from '@chanjiao/contracts';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { matchPath } from 'react-router';
import { cockpitRoutes } from './pages/cockpit/routes';
import { evaluationRoutes } from './pages/evaluation/routes';
import { insightRoutes } from './pages/insight/routes';
import { ledgerRoutes } from './pages/ledger/routes';
import { workRoutes } from './pages/work/routes';

/**
 * The route table, in the manner of ant-design-pro's config/routes.ts: `name` is an i18n key
 * (menu + breadcrumb), `access` the permission needed to see and open the route.
 */
export interface AppRoute {
  path: string;
  name: string;
  icon?: ReactNode;
  access?: Permission;
  /** Left out of the menu for holders of this permission (they have a page of their own for it). */
  hideWith?: Permission;
  hideInMenu?: boolean;
  /** A detail page's list page: shown before it in the breadcrumb and selected in the menu. */
  parent?: string;
  /** i18n key of the one-line description on the home page card. */
  description?: string;
  component?: LazyExoticComponent<ComponentType>;
  routes?: AppRoute[];
}

const HomePage = lazy(() => import('./pages/home/HomePage'));
const UsersPage = lazy(() => import('./pages/admin/users/UsersPage'));
const SecurityPolicyPage = lazy(() => import('./pages/admin/security/SecurityPolicyPage'));
const AuditPage = lazy(() => import('./pages/audit/AuditPage'));
const ReferencePage = lazy(() => import('./pages/reference/ReferencePage'));
const OrgsPage = lazy(() => import('./pages/orgs/OrgsPage'));
const OrgDetailPage = lazy(() => import('./pages/orgs/OrgDetailPage'));
const ConsortiaPage = lazy(() => import('./pages/consortia/ConsortiaPage'));
const ConsortiumDetailPage = lazy(() => import('./pages/consortia/ConsortiumDetailPage'));
const ChangePasswordPage = lazy(() => import('./pages/password/ChangePasswordPage'));
const TotpPage = lazy(() => import('./pages/totp/TotpPage'));

export const appRoutes: AppRoute[] = [
  { path: '/', name: 'menu.home', icon: <HomeOutlined />, component: HomePage },
  {
    path: '/admin',
    name: 'menu.admin',
    icon: <SettingOutlined />,
    routes: [
      {
        path: '/admin/users',
        name: 'menu.users',
        icon: <TeamOutlined />,
        access: 'user.read',
        description: 'menu.usersDesc',
        component: UsersPage,
      },
      {
        path: '/admin/security',
        name: 'menu.security',
        icon: <SafetyOutlined />,
        access: 'security.policy',
        description: 'menu.securityDesc',
        component: SecurityPolicyPage,
      },
    ],
  },
  {
    path: '/audit',
    name: 'menu.audit',
    icon: <AuditOutlined />,
    access: 'audit.read',
    description: 'menu.auditDesc',
    component: AuditPage,
  },
  {
    path: '/reference',
    name: 'menu.reference',
    icon: <BookOutlined />,
    access: 'reference.read',
    description: 'menu.referenceDesc',
    component: ReferencePage,
  },
  {
    path: '/orgs',
    name: 'menu.orgs',
    icon: <BankOutlined />,
    access: 'org.read',
    description: 'menu.orgsDesc',
    component: OrgsPage,
  },
  {
    path: '/orgs/:id',
    name: 'menu.orgDetail',
    access: 'org.read',
    hideInMenu: true,
    parent: '/orgs',
    component: OrgDetailPage,
  },
  {
    path: '/consortia',
    name: 'menu.consortia',
    icon: <ApartmentOutlined />,
    access: 'consortium.read',
    description: 'menu.consortiaDesc',
    component: ConsortiaPage,
  },
  {
    path: '/consortia/:id',
    name: 'menu.consortiumDetail',
    access: 'consortium.read',
    hideInMenu: true,
    parent: '/consortia',
    component: ConsortiumDetailPage,
  },
  ...workRoutes,
  ...insightRoutes,
  ...evaluationRoutes,
  ...ledgerRoutes,
  ...cockpitRoutes,
  { path: '/password', name: 'menu.password', hideInMenu: true, component: ChangePasswordPage },
  { path: '/totp', name: 'menu.totp', hideInMenu: true, component: TotpPage },
];

/** Every route that renders a page, groups flattened away. */
export function leafRoutes(routes: readonly AppRoute[] = appRoutes): AppRoute[] {
  return routes.flatMap((r) => (r.routes ? leafRoutes(r.routes) : [r]));
}

/**
 * The chain of routes from the top to the one matching `pathname` (for the breadcrumb); a
 * detail page's chain goes through its list page.
 */
export function routeTrail(pathname: string, routes: readonly AppRoute[] = appRoutes): AppRoute[] {
  for (const r of routes) {
    if (r.routes) {
      const sub = routeTrail(pathname, r.routes);
      // A detail page's parent trail already starts with this group.
      if (sub.length > 0) return sub[0] === r ? sub : [r, ...sub];
    } else if (matchPath(r.path, pathname)) {
      return r.parent ? [...routeTrail(r.parent), r] : [r];
    }
  }
  return [];
}
