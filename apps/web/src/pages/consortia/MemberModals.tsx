import { api, type ConsortiumDetail, leaveBody, memberInput, memberRoles } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { DatePicker, Form, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { codeLabel, codeOptions } from '../../components/labels';
import { OrgLookupSelect } from '../../components/registry/OrgLookupSelect';
import { useModalForm } from '../../components/useModalForm';
import type { Member } from './MembersTab';
import { useConsortiumChanged } from './useConsortium';

interface AddValues {
  orgId?: string | null;
  memberRole?: string;
  joinedOn?: Dayjs | null;
}
const addFields = ['orgId', 'memberRole', 'joinedOn'] as const;

/** 添加成员: any registered organization (city-wide lookup), as 理事单位 or 成员单位. */
export function AddMemberModal({
  consortium: c,
  open,
  onClose,
}: {
  consortium: ConsortiumDetail;
  open: boolean;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, setFormError, showServerError, check } = useModalForm<AddValues>(open, () => ({
    joinedOn: dayjs(),
    memberRole: 'member_unit',
  }));

  const add = useMutation({
    mutationFn: (body: z.output<typeof memberInput>) => request(api.addMember, { params: { id: c.id }, body }),
    onSuccess: (m) => {
      changed();
      message.success(t('members.added', { name: m.orgName, role: codeLabel('memberRole', m.memberRole) }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, addFields, true);
    },
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as AddValues;
    if (!v.orgId) {
      form.setFields([{ name: 'orgId', errors: [t('members.orgRequired')] }]);
      return;
    }
    const data = check(
      memberInput,
      { orgId: v.orgId, memberRole: v.memberRole, joinedOn: isoDay(v.joinedOn) ?? '' },
      addFields,
    );
    if (data) add.mutate(data);
  };

  return (
    <FormModal<AddValues>
      open={open}
      title={t('members.add')}
      onClose={onClose}
      onSubmit={submit}
      pending={add.isPending}
      submitTestId="member-submit"
      testId="member-modal"
      enter="form"
      form={form}
      formError={formError}
    >
      <Form.Item name="orgId" label={t('members.org')} required extra={t('members.orgHint')}>
        <OrgLookupSelect placeholder={t('members.orgPlaceholder')} testId="member-org" />
      </Form.Item>
      <Form.Item name="memberRole" label={t('members.role')} required>
        <Select options={codeOptions('memberRole', memberRoles)} data-testid="member-role" />
      </Form.Item>
      <Form.Item name="joinedOn" label={t('members.joinedOn')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="member-joinedOn" />
      </Form.Item>
    </FormModal>
  );
}

interface LeaveValues {
  leftOn?: Dayjs | null;
  reason?: string;
}
const leaveFields = ['leftOn', 'reason'] as const;

/** 退出: the membership ends on a date, with a reason; the history keeps it. */
export function LeaveModal({
  consortium: c,
  member,
  onClose,
}: {
  consortium: ConsortiumDetail;
  member: Member | null;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, showServerError, check } = useModalForm<LeaveValues>(member, () => ({
    leftOn: dayjs(),
  }));

  const leave = useMutation({
    mutationFn: (body: z.output<typeof leaveBody>) =>
      request(api.memberLeave, { params: { id: c.id, itemId: member!.id }, body }),
    onSuccess: (m) => {
      changed();
      message.success(t('members.leftDone', { name: m.orgName }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, leaveFields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as LeaveValues;
    const data = check(leaveBody, { leftOn: isoDay(v.leftOn) ?? '', reason: v.reason ?? '' }, leaveFields);
    if (data) leave.mutate(data);
  };

  return (
    <FormModal<LeaveValues>
      open={member !== null}
      title={t('members.leaveTitle', { name: member?.orgName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      okText={t('members.leave')}
      danger
      submitTestId="leave-submit"
      pending={leave.isPending}
      testId="leave-modal"
      enter="form"
      form={form}
      formError={formError}
      intro={<Typography.Paragraph type="secondary">{t('members.leaveHint')}</Typography.Paragraph>}
    >
      <Form.Item name="leftOn" label={t('members.leftOn')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name="reason" label={t('members.leftReason')} required>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="leave-reason" />
      </Form.Item>
    </FormModal>
  );
}
