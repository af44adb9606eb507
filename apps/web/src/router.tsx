import { createBrowserRouter, type RouteObject } from 'react-router';
import { AccessGate } from './components/AccessGate';
import { BasicLayout } from './components/layout/BasicLayout';
import { RequireAuth } from './components/RequireAuth';
import NotFoundPage from './pages/exception/NotFoundPage';
import LoginPage from './pages/login/LoginPage';
import { leafRoutes } from './routes';

/** Pages from the route table, each behind its permission, inside the signed-in layout. */
function pageRoutes(): RouteObject[] {
  return leafRoutes().map((r) => {
    const Page = r.component!;
    return {
      path: r.path,
      element: (
        <AccessGate access={r.access}>
          <Page />
        </AccessGate>
      ),
    };
  });
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      element: (
        <RequireAuth>
          <BasicLayout />
        </RequireAuth>
      ),
      children: [...pageRoutes(), { path: '*', element: <NotFoundPage /> }],
    },
  ]);
}
