import { OrderedListOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const FrameworksPage = lazy(() => import('./FrameworksPage'));

/** The evaluation pages' routes (issue 5), spread into the app's route table. */
export const evaluationRoutes: AppRoute[] = [
  {
    path: '/evaluation/frameworks',
    name: 'evaluation.menu.frameworks',
    icon: <OrderedListOutlined />,
    access: 'indicator.read',
    description: 'evaluation.menu.frameworksDesc',
    component: FrameworksPage,
  },
];
