import { Alert, Form, type FormInstance, type FormProps, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { clearErrorsOnChange } from './formErrors';

export interface FormModalProps<V> {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  /** The OK button, and Enter in a field (see `enter`). */
  onSubmit: () => void;
  /** The save is under way: the OK button spins. */
  pending?: boolean;
  /** `form` and `formError` of `useModalForm`. */
  form: FormInstance<V>;
  formError: string | null;
  /** Text of the OK button; 保存 unless told. */
  okText?: string;
  /** A destructive OK button (red). */
  danger?: boolean;
  width?: number;
  /** Test id of the modal and of its OK button. */
  testId?: string;
  submitTestId?: string;
  /** Test id of the error line above the form. */
  errorTestId?: string;
  /** Buttons instead of 取消 + OK (e.g. 存为草稿 and 立即发布). */
  footer?: ReactNode;
  /** Shown between the error line and the form (e.g. the current state of what is changed). */
  intro?: ReactNode;
  /**
   * What Enter in a field does: `button` (the default) submits from any field; `form` leaves it
   * to the browser (a one-field form submits); `none` never submits.
   */
  enter?: 'button' | 'form' | 'none';
  /** antd's `requiredMark`; 「(可选)」 after the optional fields unless told. */
  requiredMark?: FormProps<V>['requiredMark'];
  initialValues?: FormProps<V>['initialValues'];
  /** Clears the errors of the changed fields unless told otherwise. */
  onValuesChange?: FormProps<V>['onValuesChange'];
  children: ReactNode;
}

/**
 * The shell every form in a modal shares: 取消 / OK (or an own footer), the form-level error line
 * and a vertical antd form over `useModalForm`'s state; rendered while closed so the form
 * instance is always connected.
 */
export function FormModal<V>({
  open,
  title,
  onClose,
  onSubmit,
  pending,
  form,
  formError,
  okText,
  danger,
  width,
  testId,
  submitTestId,
  errorTestId,
  footer,
  intro,
  enter = 'button',
  requiredMark = 'optional',
  initialValues,
  onValuesChange,
  children,
}: FormModalProps<V>) {
  const { t } = useTranslation();
  const okButtonProps = {
    ...(danger ? { danger: true } : {}),
    ...(submitTestId ? { 'data-testid': submitTestId } : {}),
  };
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      width={width}
      forceRender
      data-testid={testId}
      {...(footer === undefined
        ? {
            onOk: onSubmit,
            okText: okText ?? t('common.save'),
            cancelText: t('common.cancel'),
            confirmLoading: pending,
            okButtonProps: okButtonProps as never,
          }
        : { footer })}
    >
      {formError && (
        <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid={errorTestId} />
      )}
      {intro}
      <Form<V>
        form={form}
        layout="vertical"
        requiredMark={requiredMark}
        initialValues={initialValues}
        onFinish={enter === 'none' ? undefined : onSubmit}
        onValuesChange={onValuesChange ?? clearErrorsOnChange(form)}
      >
        {children}
        {enter === 'button' && <button type="submit" hidden aria-hidden />}
      </Form>
    </Modal>
  );
}
