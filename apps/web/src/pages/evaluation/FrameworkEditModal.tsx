import { api, type IndicatorFrameworkDetail, type UpdateFrameworkBody, updateFrameworkBody } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Form, Input } from 'antd';
import { request } from '../../api/request';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';

interface Values {
  name?: string;
  note?: string;
}
const fields = ['name', 'note'] as const;

/** 编辑草稿: the name and the note of a draft version (published versions never change). */
export function FrameworkEditModal({
  framework,
  onClose,
  onDone,
}: {
  /** The draft edited; the modal is open while it is set. */
  framework: IndicatorFrameworkDetail | null;
  onClose: () => void;
  onDone: (next: IndicatorFrameworkDetail) => void;
}) {
  const { t, message, form, formError, check, showServerError } = useModalForm<Values>(framework?.id, () => ({
    name: framework?.name ?? '',
    note: framework?.note ?? '',
  }));
  const run = useMutation({
    mutationFn: (body: UpdateFrameworkBody) =>
      request(api.updateIndicatorFramework, { params: { id: framework!.id }, body }),
    onSuccess: (next) => {
      message.success(t('evaluation.edit.done'));
      onDone(next);
    },
    onError: (e) => showServerError(e, fields),
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const body = check(
      updateFrameworkBody,
      { name: v.name ?? '', note: v.note?.trim() ? v.note.trim() : null },
      fields,
    );
    if (body) run.mutate(body);
  };
  return (
    <FormModal<Values>
      open={framework !== null}
      title={t('evaluation.edit.title')}
      onClose={onClose}
      onSubmit={submit}
      pending={run.isPending}
      form={form}
      formError={formError}
      testId="framework-edit-modal"
      submitTestId="framework-edit-ok"
      enter="none"
    >
      <Form.Item name="name" label={t('evaluation.framework.name')} required>
        <Input maxLength={100} data-testid="framework-edit-name" />
      </Form.Item>
      <Form.Item name="note" label={t('evaluation.copy.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="framework-edit-note" />
      </Form.Item>
    </FormModal>
  );
}
