import {
  api,
  certificationInput,
  certificationKinds,
  certificationLevels,
  contactInput,
  type OrgDetail,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Col, DatePicker, Form, Input, Row, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import { queryKeyOf, routeKey } from '../../api/queries';
import { request } from '../../api/request';
import { isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { codeOptions } from '../../components/labels';
import { useModalForm } from '../../components/useModalForm';

const orNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** After a change the server answers the whole organization: put it in the cache. */
export function useOrgSaved() {
  const queryClient = useQueryClient();
  return (saved: OrgDetail) => {
    queryClient.setQueryData(queryKeyOf(api.getOrg, { params: { id: saved.id } }), saved);
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listOrgs) });
  };
}

interface CertValues {
  kind?: string;
  level?: string;
  grantedOn?: Dayjs | null;
  expiresOn?: Dayjs | null;
  issuer?: string;
  note?: string;
}
const certFields = ['kind', 'level', 'grantedOn', 'expiresOn', 'issuer', 'note'] as const;

/** 添加资质认定: kind, level, dates, issuer. */
export function CertificationModal({ org, open, onClose }: { org: OrgDetail; open: boolean; onClose: () => void }) {
  const saved = useOrgSaved();
  const { t, message, form, formError, showServerError, check } = useModalForm<CertValues>(open, () => ({}));

  const add = useMutation({
    mutationFn: (body: z.input<typeof certificationInput>) =>
      request(api.addCertification, { params: { id: org.id }, body }),
    onSuccess: (o) => {
      saved(o);
      message.success(t('orgs.certAdded'));
      onClose();
    },
    onError: (error) => {
      showServerError(error, certFields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as CertValues;
    const data = check(
      certificationInput,
      {
        kind: v.kind,
        level: v.level,
        grantedOn: isoDay(v.grantedOn) ?? '',
        expiresOn: isoDay(v.expiresOn),
        issuer: orNull(v.issuer),
        note: orNull(v.note),
      },
      certFields,
    );
    if (data) add.mutate(data);
  };

  return (
    <FormModal<CertValues>
      open={open}
      title={t('orgs.certAdd')}
      onClose={onClose}
      onSubmit={submit}
      pending={add.isPending}
      submitTestId="cert-submit"
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="kind" label={t('orgs.certKind')} required>
            <Select options={codeOptions('certificationKind', certificationKinds)} data-testid="cert-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="level" label={t('orgs.certLevel')} required>
            <Select options={codeOptions('certificationLevel', certificationLevels)} data-testid="cert-level" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="grantedOn" label={t('orgs.grantedOn')} required>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="cert-grantedOn" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="expiresOn" label={t('orgs.expiresOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="cert-expiresOn" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="issuer" label={t('orgs.issuer')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="note" label={t('common.note')}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}

interface ContactValues {
  name?: string;
  title?: string;
  phone?: string;
  email?: string;
  isPrimary?: boolean;
}
const contactFields = ['name', 'title', 'phone', 'email', 'isPrimary'] as const;

/** 添加联系人: the phone is stored encrypted and shown masked. */
export function ContactModal({ org, open, onClose }: { org: OrgDetail; open: boolean; onClose: () => void }) {
  const saved = useOrgSaved();
  const { t, message, form, formError, showServerError, check } = useModalForm<ContactValues>(open, () => ({}));

  const add = useMutation({
    mutationFn: (body: z.input<typeof contactInput>) => request(api.addContact, { params: { id: org.id }, body }),
    onSuccess: (o) => {
      saved(o);
      message.success(t('orgs.contactAdded'));
      onClose();
    },
    onError: (error) => {
      showServerError(error, contactFields);
    },
  });

  const submit = () => {
    const v = form.getFieldsValue(true) as ContactValues;
    const data = check(
      contactInput,
      {
        name: v.name ?? '',
        title: orNull(v.title),
        phone: orNull(v.phone),
        email: orNull(v.email),
        isPrimary: v.isPrimary ?? false,
      },
      contactFields,
    );
    if (data) add.mutate(data);
  };

  return (
    <FormModal<ContactValues>
      open={open}
      title={t('orgs.contactAdd')}
      onClose={onClose}
      onSubmit={submit}
      pending={add.isPending}
      submitTestId="contact-submit"
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('orgs.contactName')} required>
            <Input maxLength={50} data-testid="contact-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="title" label={t('orgs.contactTitle')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('orgs.phone')}>
            <Input inputMode="tel" maxLength={13} data-testid="contact-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="email" label={t('orgs.email')}>
            <Input inputMode="email" maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="isPrimary" label={t('orgs.primaryContact')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
