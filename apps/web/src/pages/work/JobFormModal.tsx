import {
  api,
  type CreateJobBody,
  createJobBody,
  educationLevels,
  type JobItem,
  jobFieldKeys,
  jobKinds,
  type UpdateJobBody,
  updateJobBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { queryKeyOf, routeKey, useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { useMe } from '../../api/session';
import { dayOf, isoDay } from '../../components/dates';
import { FormModal } from '../../components/FormModal';
import { IndustrySelect } from '../../components/registry/IndustrySelect';
import { useClusters, useDistrictOptions } from '../../components/registry/refs';
import { TagsInput } from '../../components/TagsInput';
import { useModalForm } from '../../components/useModalForm';
import { MajorCodesSelect, OccupationSelect } from './RefSelects';
import { talentOptions } from './talentLabels';

interface Values {
  orgId?: string | null;
  consortiumId?: string | null;
  title?: string;
  description?: string;
  occupationCode?: string | null;
  clusterCode?: string | null;
  industryCode?: string | null;
  acceptedMajors?: string[];
  skills?: string[];
  certificates?: string[];
  headCount?: number | null;
  minLevel?: string;
  gradFrom?: Dayjs | null;
  gradTo?: Dayjs | null;
  districtCode?: string | null;
  salaryMin?: number | null;
  salaryMax?: number | null;
  kind?: string;
  validUntil?: Dayjs | null;
}

const fields = jobFieldKeys;

const month = (d: Dayjs | null | undefined) => (d?.isValid() ? d.format('YYYY-MM') : null);
const monthOf = (v: string | null) => (v ? dayjs(`${v}-01`) : null);

/** The contract's body from the form values (empty optional fields as null). */
function bodyOf(v: Values) {
  return {
    consortiumId: v.consortiumId ?? undefined,
    title: v.title ?? '',
    description: v.description ?? '',
    occupationCode: v.occupationCode ?? null,
    clusterCode: v.clusterCode ?? null,
    industryCode: v.industryCode ?? null,
    acceptedMajors: v.acceptedMajors ?? [],
    skills: v.skills ?? [],
    certificates: v.certificates ?? [],
    headCount: v.headCount ?? undefined,
    minLevel: v.minLevel,
    gradFrom: month(v.gradFrom),
    gradTo: month(v.gradTo),
    districtCode: v.districtCode ?? undefined,
    salaryMin: v.salaryMin ?? null,
    salaryMax: v.salaryMax ?? null,
    kind: v.kind,
    validUntil: isoDay(v.validUntil),
  };
}

/** One GB/T 4754 industry through the shared multi-select: a new choice replaces the old one. */
function SingleIndustry({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  return (
    <IndustrySelect
      value={value ? [value] : []}
      onChange={(list) => onChange?.(list[list.length - 1] ?? null)}
      testId="jf-industry"
    />
  );
}

/**
 * 发布岗位 / 编辑岗位: the whole job demand, validated with the contract's schema; a new job is
 * saved as a draft or published at once. The consortium is one the enterprise is a member of.
 */
export function JobFormModal({ open, job, onClose }: { open: boolean; job: JobItem | null; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data!.user;
  const editing = job !== null;
  const consortia = useApiQuery(api.listConsortia, { query: { pageSize: 200 } }, { enabled: open, staleTime: 60_000 });
  const consortiumOptions = (consortia.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  const { t, message, form, formError, showServerError, check } = useModalForm<Values>(
    open,
    () =>
      job
        ? {
            consortiumId: job.consortiumId,
            title: job.title,
            description: job.description,
            occupationCode: job.occupationCode,
            clusterCode: job.clusterCode,
            industryCode: job.industryCode,
            acceptedMajors: job.acceptedMajors,
            skills: job.skills,
            certificates: job.certificates,
            headCount: job.headCount,
            minLevel: job.minLevel,
            gradFrom: monthOf(job.gradFrom),
            gradTo: monthOf(job.gradTo),
            districtCode: job.districtCode,
            salaryMin: job.salaryMin,
            salaryMax: job.salaryMax,
            kind: job.kind,
            validUntil: dayOf(job.validUntil),
          }
        : {
            consortiumId: me.consortiumId,
            headCount: 1,
            kind: 'fulltime',
            minLevel: 'associate',
          },
    { deps: [job] },
  );
  // The only consortium of the enterprise is chosen for it (once the list has loaded).
  const onlyConsortium = consortiumOptions.length === 1 ? consortiumOptions[0]!.value : null;
  useEffect(() => {
    if (open && !editing && onlyConsortium && !form.getFieldValue('consortiumId'))
      form.setFieldsValue({ consortiumId: onlyConsortium });
  }, [open, editing, onlyConsortium, form]);
  const districts = useDistrictOptions();
  const clusters = useClusters();
  // A secretariat publishes for one of its member enterprises; an enterprise for itself.
  const picksOrg = !editing && !me.orgId;
  const consortiumId = Form.useWatch('consortiumId', form);
  const members = useApiQuery(
    api.listMembers,
    { params: { id: consortiumId ?? '' }, query: { type: 'enterprise', pageSize: 200 } },
    { enabled: open && picksOrg && !!consortiumId, staleTime: 60_000 },
  );

  const save = useMutation({
    mutationFn: ({ body, publish }: { body: CreateJobBody | UpdateJobBody; publish: boolean }) =>
      job
        ? request(api.updateJob, { params: { id: job.id }, body: body as UpdateJobBody })
        : request(api.createJob, { body: { ...(body as CreateJobBody), publish } }),
    onSuccess: (saved, { publish }) => {
      queryClient.setQueryData(queryKeyOf(api.getJob, { params: { id: saved.id } }), saved);
      void queryClient.invalidateQueries({ queryKey: routeKey(api.listJobs) });
      void queryClient.invalidateQueries({ queryKey: routeKey(api.recommendStudents) });
      message.success(
        editing
          ? t('work.job.updated', { title: saved.title })
          : publish
            ? t('work.job.published', { title: saved.title })
            : t('work.job.drafted', { title: saved.title }),
      );
      onClose();
      if (!editing) navigate(`/talent/jobs/${saved.id}`);
    },
    onError: (error) => showServerError(error, fields, true),
  });

  const submit = (publish: boolean) => {
    const v = form.getFieldsValue(true) as Values;
    const body = { ...bodyOf(v), ...(picksOrg ? { orgId: v.orgId ?? undefined } : {}) };
    const data = check(editing ? updateJobBody : createJobBody, body, fields);
    // The contract's messages name a wrong code; an empty choice gets a plain 「请选择…」 instead.
    const missing = [
      ...(!v.consortiumId ? [{ name: 'consortiumId' as const, errors: [t('work.job.consortiumRequired')] }] : []),
      ...(!v.districtCode ? [{ name: 'districtCode' as const, errors: [t('work.job.districtRequired')] }] : []),
    ];
    if (missing.length) form.setFields(missing);
    if (picksOrg && !v.orgId) {
      form.setFields([{ name: 'orgId', errors: [t('work.job.orgRequired')] }]);
      return;
    }
    if (data) save.mutate({ body: data, publish });
  };

  const half = { xs: 24, md: 12 } as const;
  const third = { xs: 24, md: 8 } as const;

  return (
    <FormModal<Values>
      open={open}
      title={editing ? t('work.job.editTitle', { title: job.title }) : t('work.job.createTitle')}
      onClose={onClose}
      width={880}
      testId="job-form-modal"
      footer={
        <Space wrap style={{ justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {editing ? (
            <Button type="primary" loading={save.isPending} onClick={() => submit(false)} data-testid="jf-save">
              {t('common.save')}
            </Button>
          ) : (
            <>
              <Button loading={save.isPending} onClick={() => submit(false)} data-testid="jf-draft">
                {t('work.job.saveDraft')}
              </Button>
              <Button type="primary" loading={save.isPending} onClick={() => submit(true)} data-testid="jf-publish">
                {t('work.job.publishNow')}
              </Button>
            </>
          )}
        </Space>
      }
      onSubmit={() => submit(false)}
      form={form}
      formError={formError}
    >
      <Row gutter={16}>
        <Col {...half}>
          <Form.Item name="consortiumId" label={t('work.job.consortium')} required extra={t('work.job.consortiumHint')}>
            <Select
              options={consortiumOptions}
              loading={consortia.isFetching}
              disabled={editing}
              notFoundContent={t('work.job.noConsortium')}
              data-testid="jf-consortium"
            />
          </Form.Item>
        </Col>
        {picksOrg && (
          <Col {...half}>
            <Form.Item name="orgId" label={t('work.job.org')} required>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(members.data?.items ?? []).map((m) => ({ value: m.orgId, label: m.orgName }))}
                loading={members.isFetching}
                data-testid="jf-org"
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={picksOrg ? 24 : 12}>
          <Form.Item name="title" label={t('work.job.title')} required>
            <Input maxLength={100} placeholder={t('work.job.titlePlaceholder')} data-testid="jf-title" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="description" label={t('work.job.description')}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={5000}
              showCount
              data-testid="jf-description"
            />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="kind" label={t('work.job.kind')} required>
            <Select options={talentOptions('jobKind', jobKinds)} data-testid="jf-kind" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="headCount" label={t('work.job.headCount')} required>
            <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} data-testid="jf-headCount" />
          </Form.Item>
        </Col>
        <Col {...third}>
          <Form.Item name="minLevel" label={t('work.job.minLevel')} required>
            <Select options={talentOptions('level', educationLevels)} data-testid="jf-minLevel" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="occupationCode" label={t('work.job.occupation')}>
            <OccupationSelect knownName={job?.occupationName} testId="jf-occupation" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="clusterCode" label={t('work.job.cluster')}>
            <Select allowClear options={clusters.options} data-testid="jf-cluster" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="industryCode" label={t('work.job.industry')}>
            <SingleIndustry />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="districtCode" label={t('work.job.district')} required>
            <Select showSearch={{ optionFilterProp: 'label' }} options={districts} data-testid="jf-district" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="acceptedMajors" label={t('work.job.majors')} extra={t('work.job.majorsHint')}>
            <MajorCodesSelect known={job?.majorLabels} testId="jf-majors" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="skills" label={t('work.job.skills')} extra={t('work.job.tagsHint')}>
            <TagsInput suffixIcon={null} data-testid="jf-skills" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="certificates" label={t('work.job.certificates')} extra={t('work.job.certsHint')}>
            <TagsInput suffixIcon={null} data-testid="jf-certificates" />
          </Form.Item>
        </Col>
        {(['gradFrom', 'gradTo', 'salaryMin', 'salaryMax'] as const).map((name) => (
          <Col xs={12} md={6} key={name}>
            <Form.Item name={name} label={t(`work.job.${name}`)}>
              {name === 'gradFrom' || name === 'gradTo' ? (
                <DatePicker picker="month" style={{ width: '100%' }} inputReadOnly data-testid={`jf-${name}`} />
              ) : (
                <InputNumber
                  min={0}
                  max={1000000}
                  step={500}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid={`jf-${name}`}
                />
              )}
            </Form.Item>
          </Col>
        ))}
        <Col {...half}>
          <Form.Item name="validUntil" label={t('work.job.validUntil')}>
            <DatePicker
              style={{ width: '100%' }}
              inputReadOnly
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              data-testid="jf-validUntil"
            />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
