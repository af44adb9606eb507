import { AuditOutlined, FormOutlined, OrderedListOutlined, TrophyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const FrameworksPage = lazy(() => import('./FrameworksPage'));
const RoundsPage = lazy(() => import('./RoundsPage'));
const RoundDetailPage = lazy(() => import('./RoundDetailPage'));
const EntryPage = lazy(() => import('./EntryPage'));
const MyEntriesPage = lazy(() => import('./MyEntriesPage'));
const ReviewTasksPage = lazy(() => import('./ReviewTasksPage'));

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
  {
    path: '/evaluation/rounds',
    name: 'evaluation.menu.rounds',
    icon: <TrophyOutlined />,
    access: 'evaluation.read',
    description: 'evaluation.menu.roundsDesc',
    component: RoundsPage,
  },
  {
    path: '/evaluation/rounds/:id',
    name: 'evaluation.menu.roundDetail',
    access: 'evaluation.read',
    hideInMenu: true,
    parent: '/evaluation/rounds',
    component: RoundDetailPage,
  },
  {
    path: '/evaluation/self-assessments',
    name: 'evaluation.menu.myEntries',
    icon: <FormOutlined />,
    access: 'evaluation.self',
    description: 'evaluation.menu.myEntriesDesc',
    component: MyEntriesPage,
  },
  {
    path: '/evaluation/reviews',
    name: 'evaluation.menu.reviews',
    icon: <AuditOutlined />,
    access: 'evaluation.review',
    description: 'evaluation.menu.reviewsDesc',
    component: ReviewTasksPage,
  },
  {
    path: '/evaluation/entries/:id',
    name: 'evaluation.menu.entry',
    access: 'evaluation.read',
    hideInMenu: true,
    parent: '/evaluation/rounds',
    component: EntryPage,
  },
];
