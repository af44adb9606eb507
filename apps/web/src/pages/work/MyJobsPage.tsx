import { EyeInvisibleOutlined, EyeOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import {
  type ApplicationItem,
  api,
  type JobRecommendation,
  type StudentItem,
  studentIntents,
  updateMyProfileBody,
} from '@chanjiao/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Grid,
  List,
  Row,
  Select,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queryKeyOf, routeKey, useApiQuery } from '../../api/queries';
import { ApiError, request } from '../../api/request';
import { DataTable, QueryError } from '../../components/DataTable';
import { validateWith } from '../../components/formErrors';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { useDistrictOptions } from '../../components/registry/refs';
import { TagsInput } from '../../components/TagsInput';
import { useErrorText, useShowError } from '../../components/useShowError';
import { ApplyButton, useMyOpenJobs } from './ApplyButton';
import { applicationColumns, useApplicationActions } from './applications';
import { reasonOf, ScoreBar } from './MatchExplain';
import { salaryText, talentLabel, talentOptions } from './talentLabels';

interface ProfileValues {
  skills?: string[];
  certificates?: string[];
  preferredDistricts?: string[];
  intent?: StudentItem['intent'];
  internshipAvailable?: boolean;
}
const profileFields = ['skills', 'certificates', 'preferredDistricts', 'intent', 'internshipAvailable'] as const;

/** The student's own profile: school data read-only, job-seeking data editable. */
function ProfileCard({ p }: { p: StudentItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const districts = useDistrictOptions();
  const [form] = Form.useForm<ProfileValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    form.setFieldsValue({
      skills: p.skills,
      certificates: p.certificates,
      preferredDistricts: p.preferredDistricts,
      intent: p.intent,
      internshipAvailable: p.internshipAvailable,
    });
    setDirty(false);
  }, [p, form]);
  const save = useMutation({
    mutationFn: (body: ProfileValues) => request(api.updateMyProfile, { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeyOf(api.myProfile), saved);
      void queryClient.invalidateQueries({ queryKey: routeKey(api.myRecommendations) });
      message.success(t('work.me.saved'));
    },
    onError: (e) => setFormError(errorText(e)),
  });
  const submit = () => {
    setFormError(null);
    const v = form.getFieldsValue(true) as ProfileValues;
    const { data, rest } = validateWith(form, updateMyProfileBody, v, profileFields);
    if (rest.length) setFormError(rest.join('；'));
    if (data) save.mutate(data);
  };

  return (
    <Card size="small" title={t('work.me.profile')} data-testid="my-profile">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'name', label: t('work.me.name'), children: p.name },
          { key: 'school', label: t('work.me.school'), children: p.schoolName },
          {
            key: 'major',
            label: t('work.me.major'),
            children: `${p.majorName ?? ''}（${p.majorCode}）· ${talentLabel('level', p.level)}`,
          },
          { key: 'grade', label: t('work.me.grade'), children: t('work.me.gradeOf', { year: p.grade }) },
          { key: 'graduation', label: t('work.me.graduation'), children: p.expectedGraduation ?? '—' },
          { key: 'district', label: t('work.me.district'), children: p.districtName ?? '—' },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('work.me.schoolData')}
      </Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<ProfileValues>
        form={form}
        layout="vertical"
        onValuesChange={() => setDirty(true)}
        onFinish={submit}
        requiredMark={false}
      >
        <Form.Item name="skills" label={t('work.me.skills')} extra={t('work.job.tagsHint')}>
          <TagsInput suffixIcon={null} data-testid="me-skills" />
        </Form.Item>
        <Form.Item name="certificates" label={t('work.me.certificates')}>
          <TagsInput suffixIcon={null} data-testid="me-certificates" />
        </Form.Item>
        <Form.Item name="preferredDistricts" label={t('work.me.preferredDistricts')} extra={t('work.me.districtsHint')}>
          <Select
            mode="multiple"
            maxCount={3}
            showSearch={{ optionFilterProp: 'label' }}
            options={districts}
            data-testid="me-districts"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="intent" label={t('work.me.intent')}>
              <Select options={talentOptions('intent', studentIntents)} data-testid="me-intent" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="internshipAvailable" label={t('work.me.internship')} valuePropName="checked">
              <Switch data-testid="me-internship" />
            </Form.Item>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={save.isPending}
          disabled={!dirty}
          data-testid="me-save"
        >
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

/** 同意向企业展示: what enterprises see and what they never see, and the switch. */
function ConsentCard({ p }: { p: StudentItem }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const set = useMutation({
    mutationFn: (consent: boolean) => request(api.setMyConsent, { body: { consent } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeyOf(api.myProfile), saved);
      message.success(saved.consent ? t('work.me.consentOn') : t('work.me.consentOff'));
    },
    onError: showError,
  });
  const change = (consent: boolean) => {
    if (consent) set.mutate(true);
    else
      modal.confirm({
        title: t('work.me.consentOffConfirm'),
        content: t('work.me.consentOffHint'),
        okText: t('work.me.consentOffOk'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => set.mutateAsync(false).catch(() => undefined),
      });
  };
  return (
    <Card
      size="small"
      title={
        <Flex align="center" gap={8}>
          {p.consent ? <EyeOutlined /> : <EyeInvisibleOutlined />}
          {t('work.me.consent')}
        </Flex>
      }
      extra={
        <Switch
          checked={p.consent}
          loading={set.isPending}
          onChange={change}
          checkedChildren={t('work.me.consentYes')}
          unCheckedChildren={t('work.me.consentNo')}
          data-testid="me-consent"
        />
      }
      style={{ marginTop: 16 }}
      data-testid="my-consent"
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {p.consent ? t('work.me.consentStateOn') : t('work.me.consentStateOff')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
        {t('work.me.consentSees')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 4 }}>
        {t('work.me.consentNever')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 0 }}>
        {t('work.me.consentApplied')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 推荐岗位: the engine's top jobs for the student, with the reason, salary and an 投递 button. */
function Recommendations() {
  const { t } = useTranslation();
  const recs = useApiQuery(api.myRecommendations, { query: { k: 20 } });
  const openJobs = useMyOpenJobs();
  const items = recs.data?.items ?? [];
  return (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('work.me.recExplain')}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void recs.refetch()} loading={recs.isFetching}>
          {t('work.rec.refresh')}
        </Button>
      </Flex>
      <QueryError query={recs} />
      <List<JobRecommendation>
        loading={recs.isLoading}
        dataSource={items}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('work.me.recEmpty')} />,
        }}
        data-testid="my-recommendations"
        renderItem={(r) => (
          <List.Item data-testid="my-rec-item" style={{ display: 'block' }}>
            <Flex justify="space-between" gap={12} wrap>
              <div style={{ flex: '1 1 260px', minWidth: 0 }}>
                <Flex align="center" gap={8} wrap>
                  <Link to={`/talent/jobs/${r.job.id}`} style={{ fontWeight: 600 }} data-testid="my-rec-job">
                    {r.job.title}
                  </Link>
                  <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
                    {talentLabel('jobKind', r.job.kind)}
                  </Tag>
                </Flex>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {r.job.orgName}
                  {r.job.districtName ? ` · ${r.job.districtName}` : ''} ·{' '}
                  {salaryText(r.job.salaryMin, r.job.salaryMax)}
                  {r.job.validUntil ? ` · ${t('work.me.validUntil', { date: r.job.validUntil })}` : ''}
                </Typography.Text>
                <Typography.Text style={{ display: 'block', marginTop: 4 }} data-testid="my-rec-reason">
                  {reasonOf(r) || t('work.rec.noReason')}
                </Typography.Text>
              </div>
              <Flex align="center" gap={16}>
                <ScoreBar m={r} width={120} />
                <ApplyButton jobId={r.job.id} jobTitle={r.job.title} applied={openJobs.has(r.job.id)} />
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </>
  );
}

/** 我的投递: the student's applications and invitations, with history and 撤回. */
function MyApplications() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [page, setPage] = useState(1);
  const list = useApiQuery(api.listApplications, { query: { page, pageSize: 20 } });
  const { actions, dialogs } = useApplicationActions();
  const columns = applicationColumns(t, { job: true, student: false, actions }).filter((c) => c.key !== 'match');
  return (
    <>
      <QueryError query={list} />
      <DataTable<ApplicationItem>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        query={list}
        emptyText={t('work.me.appsEmpty')}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          hideOnSinglePage: true,
          simple: !screens.sm,
          onChange: setPage,
        }}
        testId="my-applications"
      />
      {dialogs}
    </>
  );
}

/** 我的求职: the student's profile and consent, recommended jobs with reasons, and applications. */
export default function MyJobsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const profile = useApiQuery(api.myProfile, {}, { retry: false });
  const apps = useApiQuery(api.listApplications, { query: { page: 1, pageSize: 20 } });
  const [tab, setTab] = useState('recommend');

  if (profile.isPending) return <FullPageSpin />;
  if (profile.isError) {
    const unlinked = profile.error instanceof ApiError && profile.error.status === 404;
    return (
      <PageContainer title={t('work.menu.me')}>
        {unlinked ? (
          <Card>
            <Empty description={t('work.me.unlinked')} />
          </Card>
        ) : (
          <Alert type="error" showIcon title={errorText(profile.error)} />
        )}
      </PageContainer>
    );
  }
  const p = profile.data;
  return (
    <PageContainer title={t('work.menu.me')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xxl={7}>
          <ProfileCard p={p} />
          <ConsentCard p={p} />
        </Col>
        <Col xs={24} lg={15} xxl={17}>
          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                { key: 'recommend', label: t('work.me.recTab'), children: <Recommendations /> },
                {
                  key: 'applications',
                  label:
                    apps.data && apps.data.total > 0
                      ? `${t('work.me.appsTab')} (${apps.data.total})`
                      : t('work.me.appsTab'),
                  children: <MyApplications />,
                },
              ]}
              data-testid="my-tabs"
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
