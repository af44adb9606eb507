import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { peekLastAuthFailure, useMe } from '../api/session';
import { useErrorText } from './useShowError';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Where the login page should send the user back to afterwards. */
export function loginPath(pathname: string, search: string, expired: boolean): string {
  const sp = new URLSearchParams();
  const target = pathname + search;
  if (target !== '/') sp.set('redirect', target);
  if (expired) sp.set('expired', '1');
  const s = sp.toString();
  return s ? `/login?${s}` : '/login';
}

/** Renders children only with a session; otherwise goes to /login?redirect=… */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError)
    return (
      <Result
        status="500"
        title={t('error.serverUnavailable')}
        subTitle={errorText(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  if (!me.data)
    return (
      <Navigate
        to={loginPath(location.pathname, location.search, peekLastAuthFailure() === 'SESSION_EXPIRED')}
        replace
      />
    );
  return children;
}
