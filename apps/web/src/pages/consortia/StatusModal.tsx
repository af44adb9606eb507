import {
  api,
  type ConsortiumDetail,
  type ConsortiumStatus,
  consortiumTransitions,
  type StatusChangeBody,
  statusChangeBody,
} from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { DatePicker, Form, Input, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { codeLabel } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';
import { StatusTag } from './StatusTag';
import { useConsortiumChanged } from './useConsortium';

interface Values {
  toStatus?: ConsortiumStatus;
  decidedOn?: Dayjs | null;
  reason?: string;
  documentNo?: string;
}
const fields = ['toStatus', 'decidedOn', 'reason', 'documentNo'] as const;

/** 状态决定: the next stages the lifecycle allows from the current one, with the decision's date, reason and 文号. */
export function StatusModal({
  consortium: c,
  open,
  onClose,
}: {
  consortium: ConsortiumDetail;
  open: boolean;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const next = consortiumTransitions[c.status];
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () => ({ decidedOn: dayjs(), toStatus: next.length === 1 ? next[0] : undefined }),
    { deps: [next] },
  );

  const decide = useMutation({
    mutationFn: (body: StatusChangeBody) => request(api.changeConsortiumStatus, { params: { id: c.id }, body }),
    onSuccess: (saved) => {
      changed(saved);
      message.success(t('consortia.statusChanged', { status: codeLabel('consortiumStatus', saved.status) }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, fields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const data = check(
      statusChangeBody,
      {
        toStatus: v.toStatus,
        decidedOn: isoDay(v.decidedOn) ?? '',
        reason: v.reason ?? '',
        documentNo: v.documentNo?.trim() ? v.documentNo.trim() : null,
      },
      fields,
    );
    if (data) decide.mutate(data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={t('consortia.decideStatus')}
      onClose={onClose}
      onSubmit={submit}
      okText={t('common.confirm')}
      pending={decide.isPending}
      submitTestId="status-submit"
      testId="status-modal"
      enter="form"
      form={form}
      formError={formError}
      intro={
        <Typography.Paragraph>
          {t('consortia.currentStatus')}：<StatusTag status={c.status} />
        </Typography.Paragraph>
      }
    >
      <Form.Item name="toStatus" label={t('consortia.toStatus')} required>
        <Radio.Group
          options={next.map((s) => ({ value: s, label: codeLabel('consortiumStatus', s) }))}
          data-testid="status-to"
        />
      </Form.Item>
      <Form.Item name="decidedOn" label={t('consortia.decidedOn')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="status-decidedOn" />
      </Form.Item>
      <Form.Item name="reason" label={t('consortia.reason')} required>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 3, maxRows: 6 }} data-testid="status-reason" />
      </Form.Item>
      <Form.Item name="documentNo" label={t('consortia.documentNo')} extra={t('consortia.documentNoHint')}>
        <Input maxLength={100} data-testid="status-documentNo" />
      </Form.Item>
    </FormModal>
  );
}
