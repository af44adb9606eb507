import { api, type ConsortiumDetail, platformInput } from '@chanjiao/contracts';
import { useMutation } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { request } from '../../api/request';
import { dayOf, isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { checkCreditCodeField } from '../../components/registry/creditCodeField';
import { useModalForm } from '../../components/useModalForm';
import { useConsortiumChanged } from './useConsortium';

interface Values {
  legalEntityName?: string;
  creditCode?: string;
  entityType?: string;
  managerName?: string;
  managerPhone?: string;
  establishedOn?: Dayjs | null;
  note?: string;
}
const fields = [
  'legalEntityName',
  'creditCode',
  'entityType',
  'managerName',
  'managerPhone',
  'establishedOn',
  'note',
] as const;
const orNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** 运营平台: the legal entity that runs the consortium's platform. The server stores what is sent (a PUT), so the
 * manager's phone, shown masked, must be typed again or it is cleared. */
export function PlatformModal({
  consortium: c,
  open,
  onClose,
}: {
  consortium: ConsortiumDetail;
  open: boolean;
  onClose: () => void;
}) {
  const changed = useConsortiumChanged(c.id);
  const p = c.platform;
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      p
        ? {
            legalEntityName: p.legalEntityName,
            creditCode: p.creditCode ?? '',
            entityType: p.entityType ?? '',
            managerName: p.managerName ?? '',
            establishedOn: dayOf(p.establishedOn),
            note: p.note ?? '',
          }
        : {},
    { deps: [p] },
  );

  const save = useMutation({
    mutationFn: (body: z.output<typeof platformInput>) => request(api.putPlatform, { params: { id: c.id }, body }),
    onSuccess: () => {
      changed();
      message.success(t('platform.saved'));
      onClose();
    },
    onError: (error) => {
      showServerError(error, fields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as Values;
    const phone = orNull(v.managerPhone);
    const data = check(
      platformInput,
      {
        legalEntityName: v.legalEntityName ?? '',
        creditCode: orNull(v.creditCode),
        entityType: orNull(v.entityType),
        managerName: orNull(v.managerName),
        ...(phone ? { managerPhone: phone } : {}),
        establishedOn: isoDay(v.establishedOn),
        note: orNull(v.note),
      },
      fields,
    );
    if (data) save.mutate(data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={t('platform.title')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      submitTestId="platform-submit"
      width={680}
      testId="platform-modal"
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name="legalEntityName" label={t('platform.legalEntityName')} required>
            <Input maxLength={100} data-testid="pf-legalEntityName" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="creditCode" label={t('orgs.creditCode')}>
            <Input
              maxLength={24}
              className="mono"
              autoComplete="off"
              onBlur={() => checkCreditCodeField(form, 'creditCode')}
              data-testid="pf-creditCode"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="entityType" label={t('platform.entityType')} extra={t('platform.entityTypeHint')}>
            <Input maxLength={30} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="managerName" label={t('platform.managerName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="managerPhone"
            label={t('platform.managerPhone')}
            extra={p?.managerPhone ? t('platform.phoneKeep', { phone: p.managerPhone }) : undefined}
          >
            <Input inputMode="tel" maxLength={13} data-testid="pf-managerPhone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="establishedOn" label={t('platform.establishedOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="note" label={t('common.note')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}
