import { AreaChartOutlined, FormOutlined, FundOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';
import { screenRoutes } from './ScreenRoutes';

const CockpitPage = lazy(() => import('./CockpitPage'));
const KpiDetailPage = lazy(() => import('./KpiDetailPage'));
const ReturnsPage = lazy(() => import('./ReturnsPage'));

/** The cockpit pages' routes (issue 6), spread into the app's route table. */
export const cockpitRoutes: AppRoute[] = [
  {
    // A menu group only (no page): its key must differ from the pages' paths.
    path: '/cockpit-group',
    name: 'cockpit.menu.group',
    icon: <AreaChartOutlined />,
    routes: [
      {
        path: '/cockpit',
        name: 'cockpit.menu.overview',
        icon: <FundOutlined />,
        access: 'cockpit.read',
        description: 'cockpit.menu.overviewDesc',
        component: CockpitPage,
      },
      {
        path: '/cockpit/kpis/:code',
        name: 'cockpit.menu.kpi',
        access: 'cockpit.read',
        hideInMenu: true,
        parent: '/cockpit',
        component: KpiDetailPage,
      },
      {
        path: '/cockpit/returns',
        name: 'cockpit.menu.returns',
        icon: <FormOutlined />,
        access: 'kpi.return',
        description: 'cockpit.menu.returnsDesc',
        component: ReturnsPage,
      },
      // K4's pages (大屏, 联合体看板): keep this spread at the end of the group.
      ...screenRoutes,
    ],
  },
];
