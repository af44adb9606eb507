import { ArrowLeftOutlined, LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { api, type LoginBody, loginBody } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Form, Input, type InputRef, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { forcedPage } from '../../access';
import { ApiError, request } from '../../api/request';
import { meKey, setLastAuthFailure, useHealth, useMe } from '../../api/session';
import { DemoBanner } from '../../components/DemoBanner';
import { clearErrorsOnChange, validateWith } from '../../components/formErrors';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { formatTime, roleLabel } from '../../components/labels';
import { normalizeCode, OtpInput } from '../../components/OtpInput';
import { useErrorText } from '../../components/useShowError';
import { demoAccounts, demoPassword } from './demoAccounts';

/** Only same-site paths, never back to /login. */
export function safeRedirect(target: string | null): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return '/';
  return target;
}

const fields = ['username', 'password', 'totpCode'] as const;
/** Answers that mean "the password was right; now the authenticator code". */
const codeStepErrors = new Set(['TOTP_REQUIRED', 'TOTP_INVALID']);

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
  // Second step for accounts with two-factor authentication: the username and password stay in
  // the (hidden) fields and are sent again with the code.
  const [codeStep, setCodeStep] = useState(false);
  const codeInput = useRef<InputRef>(null);

  const login = useMutation({
    mutationFn: (body: LoginBody) => request(api.login, { body }),
    onSuccess: (res) => {
      setLastAuthFailure(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      queryClient.setQueryData(meKey, res);
      navigate(forcedPage(res.user) ?? redirect, { replace: true });
    },
    onError: (e) => {
      const needsCode = e instanceof ApiError && codeStepErrors.has(e.code);
      setCodeStep(needsCode);
      if (needsCode) {
        form.setFieldValue('totpCode', '');
        setTimeout(() => codeInput.current?.focus(), 0);
      }
    },
  });

  if (me.data && !login.isPending) return <Navigate to={forcedPage(me.data.user) ?? redirect} replace />;

  const submit = () => {
    const v = form.getFieldsValue(true) as LoginBody;
    const body = { username: v.username, password: v.password, ...(codeStep ? { totpCode: v.totpCode ?? '' } : {}) };
    const { data } = validateWith(form, loginBody, body, fields);
    if (data) login.mutate(data);
  };

  const backToPassword = () => {
    setCodeStep(false);
    login.reset();
    form.setFieldValue('totpCode', undefined);
  };

  // TOTP_REQUIRED is the prompt for the code step, not a failure to show in red.
  const error = login.error instanceof ApiError && login.error.code === 'TOTP_REQUIRED' ? null : login.error;
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
          {sp.get('expired') === '1' && !error && !codeStep && (
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
          {demoMode && !codeStep && <DemoBanner />}
        </Space>
        <Form<LoginBody>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={clearErrorsOnChange(form)}
          requiredMark={false}
          size="large"
        >
          <Form.Item name="username" label={t('login.username')} hidden={codeStep}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} hidden={codeStep}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {codeStep && (
            <div data-testid="login-totp-step">
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                <SafetyCertificateOutlined style={{ color: '#1677ff', marginInlineEnd: 8 }} />
                {t('login.totpTitle')}
              </Typography.Title>
              <Typography.Paragraph type="secondary">
                {t('login.totpHint', { username: form.getFieldValue('username') as string })}
              </Typography.Paragraph>
              <Form.Item name="totpCode" label={t('login.totpCode')} normalize={normalizeCode}>
                <OtpInput ref={codeInput} data-testid="login-totp" />
              </Form.Item>
            </div>
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {codeStep ? t('login.totpSubmit') : t('login.submit')}
          </Button>
          {codeStep && (
            <Button
              type="link"
              block
              icon={<ArrowLeftOutlined />}
              onClick={backToPassword}
              style={{ marginTop: 8 }}
              data-testid="login-totp-back"
            >
              {t('login.totpBack')}
            </Button>
          )}
        </Form>
        {demoMode && !codeStep && (
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
