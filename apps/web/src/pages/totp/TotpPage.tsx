import { SafetyCertificateOutlined } from '@ant-design/icons';
import { api, totpCodeBody } from '@chanjiao/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, QRCode, Result, Row, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { queryKeyOf } from '../../api/queries';
import { ApiError, request } from '../../api/request';
import { meKey, useMe } from '../../api/session';
import { applyServerErrors, clearErrorsOnChange, validateWith } from '../../components/formErrors';
import { normalizeCode, OtpInput } from '../../components/OtpInput';
import { PageContainer } from '../../components/PageContainer';
import { useErrorText, useShowError } from '../../components/useShowError';

type Values = { code?: string };
const fields = ['code'] as const;

/** The secret in groups of four, easier to type into an authenticator by hand. */
export function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * 双因素认证: binds an authenticator app (TOTP). Forced after sign-in when the user's role
 * requires a second factor; otherwise reached from the user menu.
 */
export default function TotpPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const user = me.user;
  const forced = user.mustEnrollTotp;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();

  // Each setup call makes a new secret, so it is cached (one call per visit, StrictMode included)
  // and dropped once enrolment succeeds. Not called once enrolled: the server answers 409 then.
  const setupKey = [...queryKeyOf(api.totpSetup), user.id] as const;
  const setup = useQuery({
    queryKey: setupKey,
    queryFn: () => request(api.totpSetup),
    enabled: !user.totpEnabled,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });

  const enable = useMutation({
    mutationFn: (code: string) => request(api.totpEnable, { body: { code } }),
    onSuccess: async () => {
      message.success(t('totp.enabled'));
      queryClient.removeQueries({ queryKey: setupKey });
      await queryClient.refetchQueries({ queryKey: meKey });
      navigate('/', { replace: true });
    },
    onError: (error) => {
      if (applyServerErrors(form, error, fields)) return;
      if (error instanceof ApiError && error.code === 'TOTP_INVALID') {
        form.setFields([{ name: 'code', errors: [error.message] }]);
        return;
      }
      showError(error);
    },
  });

  const submit = () => {
    const { data } = validateWith(form, totpCodeBody, { code: form.getFieldValue('code') ?? '' }, fields);
    if (data) enable.mutate(data.code);
  };

  if (user.totpEnabled)
    return (
      <PageContainer title={t('totp.title')}>
        <Card className="narrow-form" data-testid="totp-page">
          <Result
            status="success"
            title={t('totp.on')}
            subTitle={t('totp.onHint')}
            extra={
              <Button type="primary" onClick={() => navigate('/')}>
                {t('exception.backHome')}
              </Button>
            }
            data-testid="totp-on"
          />
        </Card>
      </PageContainer>
    );

  const secret = setup.data?.secret;
  return (
    <PageContainer title={t('totp.title')}>
      <Card className="totp-card" data-testid="totp-page">
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {forced && (
            <Alert
              type="warning"
              showIcon
              icon={<SafetyCertificateOutlined />}
              title={t('totp.forced')}
              description={t('totp.forcedHint')}
              data-testid="totp-forced"
            />
          )}
          {setup.isError && (
            <Alert
              type="error"
              showIcon
              title={errorText(setup.error)}
              action={
                <Button size="small" onClick={() => void setup.refetch()}>
                  {t('common.retry')}
                </Button>
              }
            />
          )}
          <Row gutter={[32, 16]} align="top">
            <Col xs={24} md={10} className="totp-qr-col">
              <QRCode
                value={setup.data?.otpauthUri ?? 'otpauth://totp/'}
                status={setup.isPending ? 'loading' : 'active'}
                size={200}
                errorLevel="M"
                data-testid="totp-qr"
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('totp.account', { username: user.username })}
              </Typography.Text>
            </Col>
            <Col xs={24} md={14}>
              <Steps
                orientation="vertical"
                size="small"
                current={-1}
                items={[
                  {
                    title: <Typography.Text strong>{t('totp.step1')}</Typography.Text>,
                    description: t('totp.step1Hint'),
                  },
                  {
                    title: <Typography.Text strong>{t('totp.step2')}</Typography.Text>,
                    description: (
                      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                        <span>{t('totp.step2Hint')}</span>
                        <Typography.Text
                          copyable={secret ? { text: secret, tooltips: [t('totp.copy'), t('totp.copied')] } : false}
                          className="totp-secret"
                        >
                          <span data-testid="totp-secret">{secret ? groupSecret(secret) : '…'}</span>
                        </Typography.Text>
                      </Space>
                    ),
                  },
                  {
                    title: <Typography.Text strong>{t('totp.step3')}</Typography.Text>,
                    description: t('totp.step3Hint'),
                  },
                ]}
              />
              <Form<Values>
                form={form}
                layout="vertical"
                onFinish={submit}
                onValuesChange={clearErrorsOnChange(form)}
                requiredMark={false}
              >
                <Form.Item name="code" label={t('login.totpCode')} normalize={normalizeCode}>
                  <OtpInput style={{ maxWidth: 240 }} disabled={!secret} data-testid="totp-code" />
                </Form.Item>
                <Space wrap>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={enable.isPending}
                    disabled={!secret}
                    data-testid="totp-submit"
                  >
                    {t('totp.submit')}
                  </Button>
                  {!forced && <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>}
                </Space>
              </Form>
            </Col>
          </Row>
        </Space>
      </Card>
    </PageContainer>
  );
}
