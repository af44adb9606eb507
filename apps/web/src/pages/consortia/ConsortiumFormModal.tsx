import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  api,
  type ConsortiumDetail,
  type ConsortiumLevel,
  consortiumLevels,
  createConsortiumBody,
  leadKinds,
  updateConsortiumBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Flex, Form, Input, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import { queryKeyOf, routeKey } from '../../api/queries';
import { request } from '../../api/request';
import { dayOf, isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { validateWith } from '../../components/formErrors';
import { codeOptions } from '../../components/labels';
import { OrgLookupSelect } from '../../components/registry/OrgLookupSelect';
import { useClusters } from '../../components/registry/refs';
import { useModalForm } from '../../components/useModalForm';

type LeadKind = (typeof leadKinds)[number];
interface LeadRow {
  leadKind?: LeadKind;
  orgId?: string | null;
}
interface Values {
  name?: string;
  level?: ConsortiumLevel;
  foundedOn?: Dayjs | null;
  region?: string;
  clusterCodes?: string[];
  leads?: LeadRow[];
  parkOrgIds?: string[];
  description?: string;
}

const fields = ['name', 'level', 'foundedOn', 'region', 'clusterCodes', 'leads', 'parkOrgIds', 'description'] as const;

const orNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** 登记联合体 (consortium === null, officials) or edit one (its secretariat). */
export function ConsortiumFormModal({
  open,
  consortium,
  onClose,
}: {
  open: boolean;
  consortium: ConsortiumDetail | null;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const clusters = useClusters();
  const { t, message, form, formError, setFormError, showServerError } = useModalForm<Values>(
    open,
    () =>
      consortium
        ? {
            name: consortium.name,
            level: consortium.level,
            foundedOn: dayOf(consortium.foundedOn),
            region: consortium.region ?? '',
            clusterCodes: consortium.clusterCodes,
            leads: consortium.leads.length
              ? consortium.leads.map((l) => ({ leadKind: l.leadKind, orgId: l.orgId }))
              : [{}],
            parkOrgIds: consortium.parks.map((p) => p.orgId),
            description: consortium.description ?? '',
          }
        : {},
    { deps: [consortium] },
  );
  const level = Form.useWatch('level', form);
  const leads = Form.useWatch('leads', form) ?? [];
  const editing = consortium !== null;
  const known = consortium
    ? [
        ...consortium.leads.map((l) => ({ id: l.orgId, name: l.orgName })),
        ...consortium.parks.map((p) => ({ id: p.orgId, name: p.orgName })),
      ]
    : [];

  const save = useMutation({
    mutationFn: (body: z.output<typeof updateConsortiumBody>) =>
      consortium
        ? request(api.updateConsortium, { params: { id: consortium.id }, body })
        : request(api.createConsortium, { body: body as z.output<typeof createConsortiumBody> }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeyOf(api.getConsortium, { params: { id: saved.id } }), saved);
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listConsortia) });
      message.success(
        editing ? t('consortia.updated', { name: saved.name }) : t('consortia.created', { name: saved.name }),
      );
      onClose();
      if (!editing) navigate(`/consortia/${saved.id}`);
    },
    onError: (error) => {
      showServerError(error, fields, true);
    },
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as Values;
    const rows = v.leads ?? [];
    // A started lead row needs both halves; say which is missing under it. Empty rows are ignored.
    const rowErrors = rows.flatMap((r, i) =>
      !r.leadKind && !r.orgId
        ? []
        : [
            ...(r.leadKind ? [] : [{ name: ['leads', i, 'leadKind'], errors: [t('consortia.leadKindRequired')] }]),
            ...(r.orgId ? [] : [{ name: ['leads', i, 'orgId'], errors: [t('consortia.leadOrgRequired')] }]),
          ],
    );
    const leadsBody = rows.filter((r) => r.leadKind && r.orgId).map((r) => ({ leadKind: r.leadKind, orgId: r.orgId }));
    const body = {
      name: v.name ?? '',
      level: v.level,
      foundedOn: isoDay(v.foundedOn),
      region: orNull(v.region),
      clusterCodes: v.clusterCodes ?? [],
      // Editing a consortium registered without lead units: leave them alone until some are given.
      ...(editing && leadsBody.length === 0 && consortium.leads.length === 0 ? {} : { leads: leadsBody }),
      parkOrgIds: v.parkOrgIds ?? [],
      description: orNull(v.description),
    };
    const result = validateWith(form, editing ? updateConsortiumBody : createConsortiumBody, body, fields);
    form.setFields(rowErrors as never);
    if (editing && body.level === 'cross_region' && !body.region) {
      form.setFields([{ name: 'region', errors: [t('consortia.regionRequired')] }]);
      return;
    }
    if (result.rest.length > 0) setFormError(result.rest.join('；'));
    if (result.data && rowErrors.length === 0) save.mutate(result.data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('consortia.editTitle', { name: consortium.name }) : t('consortia.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      submitTestId="cf-submit"
      width={760}
      testId="consortium-form-modal"
      initialValues={{ leads: [{}], clusterCodes: [], parkOrgIds: [] }}
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24}>
          <Form.Item name="name" label={t('consortia.name')} required>
            <Input maxLength={100} data-testid="cf-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="level" label={t('consortia.level')} required>
            <Select options={codeOptions('consortiumLevel', consortiumLevels)} data-testid="cf-level" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="foundedOn" label={t('consortia.foundedOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly data-testid="cf-foundedOn" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="region"
            label={t('consortia.region')}
            required={level === 'cross_region'}
            extra={t('consortia.regionHint')}
          >
            <Input maxLength={50} data-testid="cf-region" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="clusterCodes" label={t('orgs.clusters')}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              options={clusters.options}
              data-testid="cf-clusters"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('consortia.leads')} required extra={t('consortia.leadsHint')}>
        <Form.List name="leads">
          {(rows, { add, remove }, { errors }) => (
            <Flex vertical gap={0}>
              {rows.map(({ key, name }) => (
                <Flex key={key} gap={8} align="start" className="lead-row" data-testid={`cf-lead-${name}`}>
                  <Form.Item name={[name, 'leadKind']} style={{ width: 130, flex: 'none' }}>
                    <Select
                      placeholder={t('consortia.leadKind')}
                      options={codeOptions('leadKind', leadKinds)}
                      onSelect={(kind: LeadKind) => {
                        // Another lead kind means another type of organization: the chosen one no longer fits.
                        if (kind !== leads[name]?.leadKind) form.setFieldValue(['leads', name, 'orgId'], null);
                        form.setFields([{ name: ['leads', name, 'leadKind'], errors: [] }]);
                      }}
                      data-testid={`cf-lead-kind-${name}`}
                    />
                  </Form.Item>
                  <Form.Item name={[name, 'orgId']} style={{ flex: 1, minWidth: 0 }}>
                    <OrgLookupSelect
                      type={leads[name]?.leadKind}
                      onChange={() => form.setFields([{ name: ['leads', name, 'orgId'], errors: [] }])}
                      known={known}
                      placeholder={t('consortia.leadOrgPlaceholder')}
                      testId={`cf-lead-org-${name}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    disabled={rows.length <= 1}
                    onClick={() => remove(name)}
                    aria-label={t('common.delete')}
                  />
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                disabled={rows.length >= 10}
                data-testid="cf-lead-add"
              >
                {t('consortia.addLead')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name="parkOrgIds" label={t('consortia.parks')}>
        <OrgLookupSelect
          multiple
          type="park"
          known={known}
          placeholder={t('consortia.parksPlaceholder')}
          testId="cf-parks"
        />
      </Form.Item>
      <Form.Item name="description" label={t('consortia.description')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="cf-description" />
      </Form.Item>
    </FormModal>
  );
}
