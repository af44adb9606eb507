import {
  api,
  type CreateOrgBody,
  createOrgBody,
  type OrgDetail,
  type OrgType,
  orgTypes,
  schoolLevels,
  type UpdateOrgBody,
  updateOrgBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Col, Form, Input, Row, Select, Switch } from 'antd';
import { useNavigate } from 'react-router';
import { queryKeyOf, routeKey } from '../../api/queries';
import { request } from '../../api/request';
import { FormModal } from '../../components/FormModal';
import { validateWith } from '../../components/formErrors';
import { codeOptions } from '../../components/labels';
import { checkCreditCodeField } from '../../components/registry/creditCodeField';
import { IndustrySelect } from '../../components/registry/IndustrySelect';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { useModalForm } from '../../components/useModalForm';

interface Values {
  name?: string;
  abbreviation?: string;
  type?: OrgType;
  schoolLevel?: string | null;
  creditCode?: string;
  districtCode?: string | null;
  address?: string;
  clusterCodes?: string[];
  industryCodes?: string[];
  aboveScale?: boolean;
  website?: string;
}

const fields = [
  'name',
  'abbreviation',
  'type',
  'schoolLevel',
  'creditCode',
  'districtCode',
  'address',
  'clusterCodes',
  'industryCodes',
  'aboveScale',
  'website',
] as const;

const orNull = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** Registers an organization (org === null) or edits one; validated with the contract's schema. */
export function OrgFormModal({ open, org, onClose }: { open: boolean; org: OrgDetail | null; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { t, message, form, formError, setFormError, showServerError } = useModalForm<Values>(
    open,
    () =>
      org
        ? {
            name: org.name,
            abbreviation: org.abbreviation ?? '',
            type: org.type,
            schoolLevel: org.schoolLevel,
            creditCode: org.creditCode ?? '',
            districtCode: org.districtCode,
            address: org.address ?? '',
            clusterCodes: org.clusterCodes,
            industryCodes: org.industryCodes,
            aboveScale: org.aboveScale,
            website: org.website ?? '',
          }
        : {},
    { deps: [org] },
  );
  const districts = useDistrictOptions();
  const clusters = useClusters();
  const type = Form.useWatch('type', form);
  const editing = org !== null;

  const save = useMutation({
    mutationFn: (body: CreateOrgBody | UpdateOrgBody) =>
      org
        ? request(api.updateOrg, { params: { id: org.id }, body: body as UpdateOrgBody })
        : request(api.createOrg, { body: body as CreateOrgBody }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeyOf(api.getOrg, { params: { id: saved.id } }), saved);
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listOrgs) });
      message.success(editing ? t('orgs.updated', { name: saved.name }) : t('orgs.created', { name: saved.name }));
      onClose();
      if (!editing) navigate(`/orgs/${saved.id}`);
    },
    onError: (error) => {
      // A clash (same name or credit code) names the registered organization: show that under the field.
      showServerError(error, fields, true);
    },
  });

  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as Values;
    const body = {
      name: v.name ?? '',
      abbreviation: orNull(v.abbreviation),
      type: v.type,
      schoolLevel: v.type === 'school' ? (v.schoolLevel ?? null) : null,
      creditCode: orNull(v.creditCode),
      districtCode: v.districtCode ?? null,
      address: orNull(v.address),
      clusterCodes: v.clusterCodes ?? [],
      industryCodes: v.industryCodes ?? [],
      aboveScale: v.aboveScale ?? false,
      website: orNull(v.website),
    };
    const result = validateWith(form, editing ? updateOrgBody : createOrgBody, body, fields);
    if (editing && body.type === 'school' && !body.schoolLevel) {
      form.setFields([{ name: 'schoolLevel', errors: [t('orgs.schoolLevelRequired')] }]);
      return;
    }
    if (result.rest.length > 0) setFormError(result.rest.join('；'));
    if (result.data) save.mutate(result.data);
  };

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('orgs.editTitle', { name: org.name }) : t('orgs.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      pending={save.isPending}
      submitTestId="of-submit"
      width={720}
      testId="org-form-modal"
      initialValues={{ aboveScale: false, clusterCodes: [], industryCodes: [] }}
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Form.Item name="name" label={t('orgs.name')} required>
            <Input maxLength={100} data-testid="of-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="abbreviation" label={t('orgs.abbreviation')}>
            <Input maxLength={30} data-testid="of-abbreviation" />
          </Form.Item>
        </Col>
        <Col xs={24} md={type === 'school' ? 12 : 24}>
          <Form.Item name="type" label={t('orgs.type')} required>
            <Select options={codeOptions('orgType', orgTypes)} data-testid="of-type" />
          </Form.Item>
        </Col>
        {type === 'school' && (
          <Col xs={24} md={12}>
            <Form.Item name="schoolLevel" label={t('orgs.schoolLevel')} required>
              <Select options={codeOptions('schoolLevel', schoolLevels)} data-testid="of-schoolLevel" />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={12}>
          <Form.Item name="creditCode" label={t('orgs.creditCode')} extra={t('orgs.creditCodeHint')}>
            <Input
              maxLength={24}
              className="mono"
              autoComplete="off"
              onBlur={() => checkCreditCodeField(form, 'creditCode')}
              data-testid="of-creditCode"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="districtCode" label={t('orgs.district')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={districts}
              data-testid="of-district"
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="address" label={t('orgs.address')}>
            <Input maxLength={200} data-testid="of-address" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="clusterCodes" label={t('orgs.clusters')}>
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              options={clusters.options}
              data-testid="of-clusters"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="industryCodes" label={t('orgs.industries')}>
            <IndustrySelect testId="of-industries" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="website" label={t('orgs.website')}>
            <Input inputMode="url" placeholder="https://" maxLength={200} data-testid="of-website" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="aboveScale" label={t('orgs.aboveScale')} valuePropName="checked">
            <Switch data-testid="of-aboveScale" />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
