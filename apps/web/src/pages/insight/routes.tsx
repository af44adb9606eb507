import {
  AlertOutlined,
  BarChartOutlined,
  FundOutlined,
  IdcardOutlined,
  NodeIndexOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../routes';

const StudentsPage = lazy(() => import('./students/StudentsPage'));
const MajorsPage = lazy(() => import('./majors/MajorsPage'));
const CataloguePage = lazy(() => import('./reports/CataloguePage'));
const FitPage = lazy(() => import('./reports/FitPage'));
const WarningsPage = lazy(() => import('./reports/WarningsPage'));

/** The insight pages' routes (menu entries and detail pages), spread into the app's route table. */
export const insightRoutes: AppRoute[] = [
  {
    path: '/talent/students',
    name: 'insight.menu.students',
    icon: <IdcardOutlined />,
    access: 'student.read',
    description: 'insight.menu.studentsDesc',
    component: StudentsPage,
  },
  {
    // Schools: the only role that writes student profiles.
    path: '/talent/majors',
    name: 'insight.menu.majors',
    icon: <NodeIndexOutlined />,
    access: 'student.write',
    description: 'insight.menu.majorsDesc',
    component: MajorsPage,
  },
  {
    path: '/talent/reports',
    name: 'insight.menu.reports',
    icon: <BarChartOutlined />,
    routes: [
      {
        path: '/talent/reports/catalogue',
        name: 'insight.menu.catalogue',
        icon: <ProfileOutlined />,
        access: 'talent.report',
        description: 'insight.menu.catalogueDesc',
        component: CataloguePage,
      },
      {
        path: '/talent/reports/fit',
        name: 'insight.menu.fit',
        icon: <FundOutlined />,
        access: 'talent.supply',
        description: 'insight.menu.fitDesc',
        component: FitPage,
      },
      {
        path: '/talent/reports/warnings',
        name: 'insight.menu.warnings',
        icon: <AlertOutlined />,
        access: 'talent.supply',
        description: 'insight.menu.warningsDesc',
        component: WarningsPage,
      },
    ],
  },
];
