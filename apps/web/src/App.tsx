import type { MeResponse } from '@chanjiao/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError, onAuthProblem } from './api/request';
import { meKey, setLastAuthFailure } from './api/session';
import { createAppRouter } from './router';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // A 4xx answer will not change on retry.
      retry: (count, error) => !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
    },
  },
});

onAuthProblem((error) => {
  if (error.status === 401) {
    // Session gone: drop the user; RequireAuth then sends the browser to /login?redirect=…
    setLastAuthFailure(error.code);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
    queryClient.setQueryData(meKey, null);
  } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
    queryClient.setQueryData<MeResponse | null>(meKey, (old) =>
      old ? { ...old, user: { ...old.user, mustChangePassword: true } } : old,
    );
  } else if (error.code === 'TOTP_ENROLLMENT_REQUIRED') {
    // E.g. an administrator removed this user's authenticator while the session was open.
    queryClient.setQueryData<MeResponse | null>(meKey, (old) =>
      old ? { ...old, user: { ...old.user, mustEnrollTotp: true, totpEnabled: false } } : old,
    );
  }
});

const router = createAppRouter();

export function App() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en-US' ? enUS : zhCN;
  const theme = useMemo(() => ({ token: { colorPrimary: '#1677ff', borderRadius: 6 } }), []);
  return (
    <ConfigProvider locale={locale} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
