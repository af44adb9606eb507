import { api, type ResetPasswordBody, resetPasswordBody, type UserItem } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../../../api/request';
import { applyServerErrors, clearErrorsOnChange, validateWith } from '../../../components/formErrors';
import { useShowError } from '../../../components/useShowError';

type Values = { newPassword?: string; confirm?: string };
const fields = ['newPassword', 'confirm'] as const;

/** An administrator sets a temporary password; the user must change it at next login. */
export function ResetPasswordModal({ user, onClose }: { user: UserItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);

  const reset = useMutation({
    mutationFn: (body: ResetPasswordBody) => request(api.resetPassword, { params: { id: user!.id }, body }),
    onSuccess: () => {
      message.success(t('users.resetDone', { name: user?.username }));
      onClose();
    },
    onError: (error) => {
      if (!applyServerErrors(form, error, fields)) showError(error);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const { data } = validateWith(form, resetPasswordBody, { newPassword: v.newPassword ?? '' }, fields);
    if (v.newPassword !== v.confirm) {
      form.setFields([{ name: 'confirm', errors: [t('password.mismatch')] }]);
      return;
    }
    if (data) reset.mutate(data);
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.resetTitle', { name: user?.username ?? '' })}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      okButtonProps={{ 'data-testid': 'rp-submit' } as never}
      forceRender
      data-testid="reset-password-modal"
    >
      <Typography.Paragraph type="secondary">{t('users.resetHint')}</Typography.Paragraph>
      <Form<Values> form={form} layout="vertical" onFinish={submit} onValuesChange={clearErrorsOnChange(form)}>
        <Form.Item name="newPassword" label={t('password.new')} required extra={t('password.rules')}>
          <Input.Password autoComplete="new-password" data-testid="rp-new" />
        </Form.Item>
        <Form.Item name="confirm" label={t('password.confirm')} required>
          <Input.Password autoComplete="new-password" data-testid="rp-confirm" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
