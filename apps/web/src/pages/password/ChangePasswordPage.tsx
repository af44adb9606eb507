import { api, type ChangePasswordBody, changePasswordBody, passwordProblems } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, request } from '../../api/request';
import { meKey, useMe } from '../../api/session';
import { applyServerErrors, validateWith } from '../../components/formErrors';
import { PageContainer } from '../../components/PageContainer';
import { useShowError } from '../../components/useShowError';

type Values = ChangePasswordBody & { confirm: string };
const fields = ['currentPassword', 'newPassword', 'confirm'] as const;

/** Own password change; forced on first login or after an administrator reset. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const forced = useMe().data?.user.mustChangePassword ?? false;
  const [form] = Form.useForm<Values>();

  const change = useMutation({
    mutationFn: (body: ChangePasswordBody) => request(api.changePassword, { body }),
    onSuccess: async () => {
      message.success(t('password.changed'));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: meKey });
      // Next comes the 2FA enrolment if the role requires it (the layout redirects there).
      navigate('/', { replace: true });
    },
    onError: (error) => {
      if (applyServerErrors(form, error, fields)) return;
      if (error instanceof ApiError) {
        const field =
          error.code === 'INVALID_CREDENTIALS'
            ? 'currentPassword'
            : error.code === 'PASSWORD_POLICY' || error.code === 'PASSWORD_REUSED'
              ? 'newPassword'
              : null;
        if (field) {
          form.setFields([{ name: field, errors: [error.message] }]);
          return;
        }
      }
      showError(error);
    },
  });

  const submit = (values: Values) => {
    const { data } = validateWith(form, changePasswordBody, values, fields);
    if (values.newPassword !== values.confirm) {
      form.setFields([{ name: 'confirm', errors: [t('password.mismatch')] }]);
      return;
    }
    if (data) change.mutate(data);
  };

  return (
    <PageContainer title={t('password.title')}>
      <Card className="narrow-form" data-testid="password-page">
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {forced && <Alert type="warning" showIcon title={t('password.forced')} data-testid="password-forced" />}
          <Typography.Text type="secondary">{t('password.rules')}</Typography.Text>
          <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item
              name="currentPassword"
              label={t('password.current')}
              rules={[{ required: true, message: t('password.currentRequired') }]}
            >
              <Input.Password autoComplete="current-password" data-testid="pw-current" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('password.new')}
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    const problems = passwordProblems(v ?? '');
                    if (problems.length > 0) throw new Error(problems.join('；'));
                  },
                },
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="pw-new" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('password.confirm')}
              dependencies={['newPassword']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, v: string | undefined) => {
                    if (!v) throw new Error(t('password.confirmRequired'));
                    if (v !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="pw-confirm" />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="pw-submit">
                {t('password.submit')}
              </Button>
              {!forced && <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>}
            </Space>
          </Form>
        </Space>
      </Card>
    </PageContainer>
  );
}
