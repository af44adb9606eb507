import { api, roles, type SecurityPolicy, securityPolicy } from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Spin } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { queryKeyOf, useApiQuery } from '../../../api/queries';
import { request } from '../../../api/request';
import { applyServerErrors, clearErrorsOnChange, validateWith } from '../../../components/formErrors';
import { roleLabel } from '../../../components/labels';
import { PageContainer } from '../../../components/PageContainer';
import { useErrorText, useShowError } from '../../../components/useShowError';

const fields = [
  ['maxFailedLogins', 'times'],
  ['lockoutMinutes', 'minutes'],
  ['idleTimeoutMinutes', 'minutes'],
  ['passwordMaxAgeDays', 'days'],
  ['passwordHistory', 'count'],
  ['inactiveDisableDays', 'days'],
] as const satisfies readonly (readonly [keyof SecurityPolicy, string])[];
const names = [...fields.map(([n]) => n), 'totpRequiredRoles'] as const;

/**
 * 安全策略: login lockout, idle timeout, password age and history, roles that must use a second
 * factor, and when unused accounts are disabled (security administrator).
 */
export default function SecurityPolicyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SecurityPolicy>();
  const policy = useApiQuery(api.getSecurityPolicy);

  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);

  const save = useMutation({
    mutationFn: (body: SecurityPolicy) => request(api.updateSecurityPolicy, { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeyOf(api.getSecurityPolicy), saved);
      message.success(t('security.saved'));
    },
    onError: (error) => {
      if (!applyServerErrors(form, error, names)) showError(error);
    },
  });

  const submit = () => {
    const { data } = validateWith(form, securityPolicy, form.getFieldsValue(true), names);
    if (data) save.mutate(data);
  };

  return (
    <PageContainer title={t('menu.security')}>
      <Card className="narrow-form" data-testid="security-page">
        {policy.isError ? (
          <Alert type="error" showIcon title={errorText(policy.error)} />
        ) : (
          <Spin spinning={policy.isPending}>
            <Form<SecurityPolicy>
              form={form}
              layout="vertical"
              onFinish={submit}
              onValuesChange={clearErrorsOnChange(form)}
            >
              {fields.map(([name, unit]) => (
                <Form.Item key={name} name={name} label={t(`security.${name}`)} extra={t(`security.${name}Hint`)}>
                  <InputNumber<number>
                    precision={0}
                    style={{ width: 200, maxWidth: '100%' }}
                    suffix={t(`security.unit.${unit}`)}
                    data-testid={`sp-${name}`}
                  />
                </Form.Item>
              ))}
              <Form.Item
                name="totpRequiredRoles"
                label={t('security.totpRequiredRoles')}
                extra={t('security.totpRequiredRolesHint')}
              >
                <Select
                  mode="multiple"
                  allowClear
                  options={roles.map((r) => ({ value: r, label: roleLabel(r) }))}
                  optionFilterProp="label"
                  placeholder={t('security.totpRequiredRolesNone')}
                  data-testid="sp-totpRequiredRoles"
                />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="sp-save">
                  {t('common.save')}
                </Button>
                <Button onClick={() => policy.data && form.setFieldsValue(policy.data)}>{t('common.reset')}</Button>
              </Space>
            </Form>
          </Spin>
        )}
      </Card>
    </PageContainer>
  );
}
