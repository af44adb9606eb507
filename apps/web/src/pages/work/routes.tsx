import { FileDoneOutlined, IdcardOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const JobsPage = lazy(() => import('./JobsPage'));
const JobDetailPage = lazy(() => import('./JobDetailPage'));
const MyJobsPage = lazy(() => import('./MyJobsPage'));
const ApplicationsPage = lazy(() => import('./ApplicationsPage'));

/** The work pages' routes (menu entries and detail pages), spread into the app's route table. */
export const workRoutes: AppRoute[] = [
  {
    path: '/talent/jobs',
    name: 'work.menu.jobs',
    icon: <SolutionOutlined />,
    access: 'job.read',
    description: 'work.menu.jobsDesc',
    component: JobsPage,
  },
  {
    path: '/talent/jobs/:id',
    name: 'work.menu.jobDetail',
    access: 'job.read',
    hideInMenu: true,
    parent: '/talent/jobs',
    component: JobDetailPage,
  },
  {
    path: '/talent/me',
    name: 'work.menu.me',
    icon: <IdcardOutlined />,
    access: 'student.self',
    description: 'work.menu.meDesc',
    component: MyJobsPage,
  },
  {
    path: '/talent/applications',
    name: 'work.menu.applications',
    icon: <FileDoneOutlined />,
    access: 'application.read',
    // A student follows his applications under 我的求职.
    hideWith: 'student.self',
    description: 'work.menu.applicationsDesc',
    component: ApplicationsPage,
  },
];
