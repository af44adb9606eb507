import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, type LoginBody, loginBody } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Form, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, request } from '../../api/request';
import { meKey, setLastAuthFailure, useHealth, useMe } from '../../api/session';
import { DemoBanner } from '../../components/DemoBanner';
import { clearErrorsOnChange, validateWith } from '../../components/formErrors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { formatTime, roleLabel } from '../../components/labels';
import { useErrorText } from '../../components/useShowError';
import { demoAccounts, demoPassword } from './demoAccounts';

/** Only same-site paths, never back to /login. */
export function safeRedirect(target: string | null): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}

const fields = ['username', 'password'] as const;

export default function LoginPage() {
  const { t } = useTranslation();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const health = useHealth();
  const errorText = useErrorText();
  const [form] = Form.useForm<LoginBody>();
  const redirect = safeRedirect(sp.get('redirect'));

  const login = useMutation({
    mutationFn: (body: LoginBody) => request(api.login, { body }),
    onSuccess: (res) => {
      setLastAuthFailure(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, res);
      navigate(res.user.mustChangePassword ? '/password' : redirect, { replace: true });
    },
  });

  if (me.data && !login.isPending)
    return <Navigate to={me.data.user.mustChangePassword ? '/password' : redirect} replace />;

  const submit = (values: LoginBody) => {
    const { data } = validateWith(form, loginBody, values, fields);
    if (data) login.mutate(data);
  };

  const error = login.error;
  const lockedUntil =
    error instanceof ApiError && error.code === 'ACCOUNT_LOCKED'
      ? (error.details as { lockedUntil?: string } | undefined)?.lockedUntil
      : undefined;
  const demoMode = health.data?.demoMode ?? false;

  return (
    <div className="login-page">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <Card className="login-card" data-testid="login-card">
        <div className="login-title">
          <Space align="center" size={10}>
            <span className="brand-logo" style={{ width: 36, height: 36, fontSize: 20 }}>
              产
            </span>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('app.subtitle')}
          </Typography.Paragraph>
        </div>
        <Space orientation="vertical" size={12} style={{ width: '100%', marginBottom: 16 }}>
          {sp.get('expired') === '1' && !error && (
            <Alert type="info" showIcon title={t('login.expired')} data-testid="login-expired" />
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={errorText(error)}
              description={lockedUntil ? t('login.lockedUntil', { time: formatTime(lockedUntil) }) : undefined}
              data-testid="login-error"
            />
          )}
          {demoMode && <DemoBanner />}
        </Space>
        <Form<LoginBody>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={clearErrorsOnChange(form)}
          requiredMark={false}
          size="large"
        >
          <Form.Item name="username" label={t('login.username')}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
        {demoMode && (
          <Collapse
            ghost
            size="small"
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'demo',
                label: t('login.demoAccounts'),
                children: (
                  <Space orientation="vertical" size={6} style={{ width: '100%' }} data-testid="demo-accounts">
                    <Typography.Text type="secondary">
                      {t('login.demoHint', { password: demoPassword })}
                    </Typography.Text>
                    <Space wrap size={[6, 6]}>
                      {demoAccounts.map((a) => (
                        <Tag.CheckableTag
                          key={a.username}
                          checked={false}
                          onChange={() => form.setFieldsValue({ username: a.username, password: demoPassword })}
                          style={{ border: '1px solid #d9d9d9' }}
                        >
                          {a.username} · {roleLabel(a.role)}
                        </Tag.CheckableTag>
                      ))}
                    </Space>
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('app.footer')}
      </Typography.Text>
    </div>
  );
}
