import { api, type ConsortiumDetail, councilSeatInput, councilSeatKinds, endSeatBody } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { clearErrorsOnChange, validateWith } from '../../components/formErrors';
import { codeLabel, codeOptions } from '../../components/labels';
import { useDebounced } from '../../components/useDebounced';
import { useModalForm } from '../../components/useModalForm';
import type { Seat } from './CouncilTab';
import { useConsortiumChanged } from './useConsortium';

/** An active member of this consortium, searched on the server (api.listMembers). */
function MemberSelect({
  consortiumId,
  value,
  onChange,
}: {
  consortiumId: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const list = useApiQuery(
    api.listMembers,
    { params: { id: consortiumId }, query: { include: 'active', pageSize: 30, ...(q ? { q } : {}) } },
    { staleTime: 15_000 },
  );
  const options = useMemo(
    () =>
      (list.data?.items ?? []).map((m) => ({
        value: m.orgId,
        label: m.orgName,
        hint: `${codeLabel('memberRole', m.memberRole)} · ${codeLabel('orgType', m.orgType)}`,
      })),
    [list.data],
  );
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? null}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      optionRender={(o) => (
        <div>
          <div>{o.data.label}</div>
          <div className="option-hint">{o.data.hint}</div>
        </div>
      )}
      loading={list.isFetching}
      placeholder={t('council.orgPlaceholder')}
      notFoundContent={list.isFetching ? t('common.loading') : t('table.noMatch')}
      data-testid="seat-org"
    />
  );
}

interface SeatValues {
  seat?: string;
  personName?: string;
  personTitle?: string;
  orgId?: string | null;
  termStart?: Dayjs | null;
  termEnd?: Dayjs | null;
}
const seatFields = ['seat', 'personName', 'personTitle', 'orgId', 'termStart', 'termEnd'] as const;

/** 任命: a person of an active member unit to a council seat; the server's rules (one 理事长…) show in the form. */
export function SeatModal({
  consortium: c,
  open,
  onClose,
}: {
  consortium: ConsortiumDetail;
  open: boolean;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, setFormError, showServerError, check } = useModalForm<SeatValues>(open, () => ({
    termStart: dayjs(),
  }));

  const appoint = useMutation({
    mutationFn: (body: z.output<typeof councilSeatInput>) =>
      request(api.addCouncilSeat, { params: { id: c.id }, body }),
    onSuccess: (s) => {
      changed();
      message.success(t('council.appointed', { name: s.personName, seat: codeLabel('councilSeat', s.seat) }));
      onClose();
    },
    onError: (error) => {
      // A rule the server enforces (e.g. 已有在任理事长) is shown in the form, under its field when it names one.
      showServerError(error, seatFields, true);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as SeatValues;
    const data = check(
      councilSeatInput,
      {
        seat: v.seat,
        personName: v.personName ?? '',
        personTitle: v.personTitle?.trim() ? v.personTitle.trim() : null,
        orgId: v.orgId ?? '',
        termStart: isoDay(v.termStart) ?? '',
        termEnd: isoDay(v.termEnd),
      },
      seatFields,
    );
    if (!v.orgId) form.setFields([{ name: 'orgId', errors: [t('council.orgRequired')] }]);
    if (data) appoint.mutate(data);
  };

  return (
    <FormModal<SeatValues>
      open={open}
      title={t('council.appoint')}
      onClose={onClose}
      onSubmit={submit}
      pending={appoint.isPending}
      submitTestId="seat-submit"
      width={640}
      testId="seat-modal"
      errorTestId="seat-error"
      onValuesChange={(changedValues) => {
        clearErrorsOnChange(form)(changedValues);
        setFormError(null);
      }}
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="seat" label={t('council.seat')} required>
            <Select options={codeOptions('councilSeat', councilSeatKinds)} data-testid="seat-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="personName" label={t('council.personName')} required>
            <Input maxLength={50} data-testid="seat-person" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="orgId" label={t('council.org')} required extra={t('council.orgHint')}>
            <MemberSelect consortiumId={c.id} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="personTitle" label={t('council.personTitle')}>
            <Input maxLength={100} data-testid="seat-title" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="termStart" label={t('council.termStart')} required>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="seat-termStart" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="termEnd" label={t('council.termEnd')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="seat-termEnd" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** 结束任期: the seat stays in the history with its end date. */
export function EndSeatModal({
  consortium: c,
  seat,
  onClose,
}: {
  consortium: ConsortiumDetail;
  seat: Seat | null;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const { t, message, form, formError, setFormError, showServerError } = useModalForm<{
    termEnd?: Dayjs | null;
  }>(seat, () => ({ termEnd: dayjs() }), { reset: false });

  const end = useMutation({
    mutationFn: (body: z.output<typeof endSeatBody>) =>
      request(api.endCouncilSeat, { params: { id: c.id, itemId: seat!.id }, body }),
    onSuccess: (s) => {
      changed();
      message.success(t('council.endedDone', { name: s.personName }));
      onClose();
    },
    onError: (error) => {
      showServerError(error, ['termEnd']);
    },
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as { termEnd?: Dayjs | null };
    const { data } = validateWith(form, endSeatBody, { termEnd: isoDay(v.termEnd) ?? '' }, ['termEnd']);
    if (data) end.mutate(data);
  };

  return (
    <FormModal
      open={seat !== null}
      title={t('council.end')}
      onClose={onClose}
      onSubmit={submit}
      okText={t('council.end')}
      danger
      submitTestId="seat-end-submit"
      pending={end.isPending}
      enter="form"
      requiredMark
      form={form}
      formError={formError}
      intro={
        seat && (
          <Typography.Paragraph>
            {t('council.endConfirm', {
              seat: codeLabel('councilSeat', seat.seat),
              name: seat.personName,
              org: seat.orgName,
            })}
          </Typography.Paragraph>
        )
      }
    >
      <Form.Item name="termEnd" label={t('council.termEnd')} required>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
    </FormModal>
  );
}
