import { DashboardOutlined, ProjectOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

// Lazy: the big screen (map, ECharts map/pie/line) and the dashboard load only when opened.
const ScreenPage = lazy(() => import('./ScreenPage'));
const ConsortiumPage = lazy(() => import('./ConsortiumPage'));

/** 数据大屏 and 联合体看板 (issue 6), appended to the cockpit's routes. */
export const screenRoutes: AppRoute[] = [
  {
    path: '/cockpit/screen',
    name: 'cockpit.screen.menu',
    icon: <DashboardOutlined />,
    access: 'cockpit.read',
    description: 'cockpit.screen.menuDesc',
    component: ScreenPage,
  },
  {
    // A secretariat or council member lands on its own consortium; an official picks one.
    path: '/cockpit/consortium',
    name: 'cockpit.consortium.menu',
    icon: <ProjectOutlined />,
    access: 'cockpit.read',
    description: 'cockpit.consortium.menuDesc',
    component: ConsortiumPage,
  },
  {
    path: '/cockpit/consortium/:id',
    name: 'cockpit.consortium.title',
    access: 'cockpit.read',
    hideInMenu: true,
    parent: '/cockpit/consortium',
    component: ConsortiumPage,
  },
];
