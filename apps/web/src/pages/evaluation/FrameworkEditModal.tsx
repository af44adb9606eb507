import {
  api,
  type IndicatorFrameworkDetail,
  newFrameworkVersionBody,
  type UpdateFrameworkBody,
  updateFrameworkBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Form, Input, Typography } from 'antd';
import { request } from '../../api/request';
import { FormModal } from '../../components/FormModal';
import { useModalForm } from '../../components/useModalForm';

interface Values {
  name?: string;
  note?: string;
}

/**
 * 编辑草稿 (`edit`): the name and the note of a draft version (published versions never change);
 * 复制为新版本 (`copy`): a draft copy of a published version, with an optional note on what changes.
 */
export function FrameworkModal({
  kind,
  framework,
  onClose,
  onDone,
}: {
  kind: 'edit' | 'copy';
  /** The version edited or copied; the modal is open while it is set. */
  framework: IndicatorFrameworkDetail | null;
  onClose: () => void;
  onDone: (next: IndicatorFrameworkDetail) => void;
}) {
  const edit = kind === 'edit';
  const fields = edit ? (['name', 'note'] as const) : (['note'] as const);
  const { t, message, form, formError, check, showServerError } = useModalForm<Values>(framework?.id, () =>
    edit ? { name: framework?.name ?? '', note: framework?.note ?? '' } : { note: '' },
  );
  const run = useMutation({
    mutationFn: (body: UpdateFrameworkBody) =>
      edit
        ? request(api.updateIndicatorFramework, { params: { id: framework!.id }, body })
        : request(api.newIndicatorFrameworkVersion, {
            params: { id: framework!.id },
            body: { note: body.note ?? undefined },
          }),
    onSuccess: (next) => {
      message.success(edit ? t('evaluation.edit.done') : t('evaluation.copy.done', { version: next.version }));
      onDone(next);
    },
    onError: (e) => showServerError(e, fields),
  });
  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const body = edit
      ? check(updateFrameworkBody, { name: v.name ?? '', note: v.note?.trim() ? v.note.trim() : null }, fields)
      : check(newFrameworkVersionBody, { note: v.note?.trim() || undefined }, fields);
    if (body) run.mutate(body);
  };
  return (
    <FormModal<Values>
      open={framework !== null}
      title={edit ? t('evaluation.edit.title') : t('evaluation.detail.copy')}
      onClose={onClose}
      onSubmit={submit}
      pending={run.isPending}
      form={form}
      formError={formError}
      okText={edit ? undefined : t('evaluation.copy.ok')}
      testId={edit ? 'framework-edit-modal' : 'copy-modal'}
      submitTestId={edit ? 'framework-edit-ok' : 'copy-modal-ok'}
      enter="none"
      intro={
        !edit && framework ? (
          <Typography.Paragraph type="secondary">
            {t('evaluation.copy.intro', { name: framework.name, version: framework.version })}
          </Typography.Paragraph>
        ) : null
      }
    >
      {edit ? (
        <Form.Item name="name" label={t('evaluation.framework.name')} required>
          <Input maxLength={100} data-testid="framework-edit-name" />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t('evaluation.copy.note')}>
        <Input.TextArea
          maxLength={edit ? 1000 : undefined}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={edit ? undefined : t('evaluation.copy.notePlaceholder')}
          data-testid={edit ? 'framework-edit-note' : undefined}
        />
      </Form.Item>
    </FormModal>
  );
}
