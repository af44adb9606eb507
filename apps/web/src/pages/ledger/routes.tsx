import { FileSearchOutlined, FlagOutlined, ProjectOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const LedgerPage = lazy(() => import('./LedgerPage'));
const CompetitionPage = lazy(() => import('./CompetitionPage'));
const PolicyItemsPage = lazy(() => import('./PolicyItemsPage'));
const TaskLink = lazy(() => import('./TaskLink'));

/** The ledger, 赛马比拼 and policy-item pages' routes (issue 5), spread into the app's route table. */
export const ledgerRoutes: AppRoute[] = [
  {
    // A menu group only (no page): its key must differ from the pages' paths.
    path: '/ledger-group',
    name: 'ledger.menu.group',
    icon: <FlagOutlined />,
    routes: [
      {
        path: '/ledger',
        name: 'ledger.menu.ledger',
        icon: <ProjectOutlined />,
        access: 'ledger.read',
        description: 'ledger.menu.ledgerDesc',
        component: LedgerPage,
      },
      {
        path: '/ledger/tasks/:id',
        name: 'ledger.task.detail',
        access: 'ledger.read',
        hideInMenu: true,
        parent: '/ledger',
        component: TaskLink,
      },
      {
        path: '/ledger/competition',
        name: 'ledger.menu.competition',
        icon: <TrophyOutlined />,
        access: 'ledger.read',
        description: 'ledger.menu.competitionDesc',
        component: CompetitionPage,
      },
      {
        path: '/ledger/policy-items',
        name: 'ledger.menu.policyItems',
        icon: <FileSearchOutlined />,
        access: 'ledger.read',
        description: 'ledger.menu.policyItemsDesc',
        component: PolicyItemsPage,
      },
    ],
  },
];
