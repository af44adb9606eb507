import { CheckCircleOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { api, hasPermission, type JobItem, type SessionUser } from '@chanjiao/contracts';
import { Alert, Button, Card, Descriptions, Flex, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { useMe } from '../../api/session';
import { formatTime } from '../../components/labels';
import { useRecordName } from '../../components/layout/recordName';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { useErrorText } from '../../components/useShowError';
import { ApplyButton } from './ApplyButton';
import { JobApplicationsTab } from './JobApplicationsTab';
import { JobFormModal } from './JobFormModal';
import { useJobActions } from './jobActions';
import { RecommendedStudents } from './RecommendedStudents';
import { jobStatusColor, salaryText, talentLabel, windowText } from './talentLabels';

/**
 * Who sees a job's recommended students — the server's rule (matching.policy): the job's own
 * enterprise, the secretariat of its consortium, officials.
 */
export function canRecommend(user: SessionUser, job: Pick<JobItem, 'orgId' | 'consortiumId'>): boolean {
  if (user.roles.includes('official')) return true;
  if (user.roles.includes('enterprise') && user.orgId === job.orgId) return true;
  return user.roles.includes('secretariat') && !!user.consortiumId && user.consortiumId === job.consortiumId;
}

const tabKeys = ['info', 'recommend', 'applications'] as const;
type TabKey = (typeof tabKeys)[number];

function TagList({ items, color }: { items: readonly string[]; color?: string }) {
  if (items.length === 0) return <>—</>;
  return (
    <Flex wrap gap={4}>
      {items.map((s) => (
        <Tag key={s} color={color} style={{ marginInlineEnd: 0 }}>
          {s}
        </Tag>
      ))}
    </Flex>
  );
}

function JobInfo({ job }: { job: JobItem }) {
  const { t } = useTranslation();
  const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
  return (
    <Card size="small" data-testid="job-info">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, xl: 3 }}
        items={[
          { key: 'org', label: t('work.job.org'), children: job.orgName },
          { key: 'consortium', label: t('work.job.consortium'), children: dash(job.consortiumName) },
          { key: 'kind', label: t('work.job.kind'), children: talentLabel('jobKind', job.kind) },
          {
            key: 'occupation',
            label: t('work.job.occupation'),
            children: job.occupationCode ? `${job.occupationName ?? ''}（${job.occupationCode}）` : '—',
          },
          { key: 'cluster', label: t('work.job.cluster'), children: dash(job.clusterName) },
          {
            key: 'industry',
            label: t('work.job.industry'),
            children: job.industryCode ? `${job.industryName ?? ''}（${job.industryCode}）` : '—',
          },
          { key: 'headCount', label: t('work.job.headCount'), children: job.headCount },
          { key: 'minLevel', label: t('work.job.minLevel'), children: talentLabel('level', job.minLevel) },
          { key: 'grad', label: t('work.job.gradWindow'), children: windowText(job.gradFrom, job.gradTo) },
          { key: 'district', label: t('work.job.district'), children: dash(job.districtName) },
          { key: 'salary', label: t('work.job.salary'), children: salaryText(job.salaryMin, job.salaryMax) },
          { key: 'validUntil', label: t('work.job.validUntil'), children: dash(job.validUntil) },
          {
            key: 'majors',
            label: t('work.job.majors'),
            span: 'filled' as const,
            children:
              job.majorLabels.length === 0 ? (
                t('work.job.anyMajor')
              ) : (
                <Flex wrap gap={4} data-testid="job-majors">
                  {job.majorLabels.map((m) => (
                    <Tag key={m.code} color={m.scope === 'major' ? 'blue' : m.scope === 'class' ? 'purple' : 'magenta'}>
                      {m.scope === 'major' ? '' : `${t(`work.majorScope.${m.scope}`)} · `}
                      {m.name}（{m.code}）
                    </Tag>
                  ))}
                </Flex>
              ),
          },
          {
            key: 'skills',
            label: t('work.job.skills'),
            span: 'filled' as const,
            children: <TagList items={job.skills} color="cyan" />,
          },
          {
            key: 'certs',
            label: t('work.job.certificates'),
            span: 'filled' as const,
            children: <TagList items={job.certificates} color="purple" />,
          },
          {
            key: 'description',
            label: t('work.job.description'),
            span: 'filled' as const,
            children: <div className="pre-wrap">{job.description || '—'}</div>,
          },
          { key: 'publishedAt', label: t('work.job.publishedAt'), children: formatTime(job.publishedAt) },
          { key: 'year', label: t('work.job.year'), children: job.year },
          { key: 'updatedAt', label: t('common.updatedAt'), children: formatTime(job.updatedAt) },
        ]}
      />
    </Card>
  );
}

/** 岗位详情: the job; for its enterprise (and secretariat, officials) the recommended students and the applications. */
export default function JobDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const errorText = useErrorText();
  const me = useMe().data!.user;
  const [sp, setSp] = useSearchParams();
  const query = useApiQuery(api.getJob, { params: { id } });
  const job = query.data;
  useRecordName(location.pathname, job?.title);
  const actions = useJobActions();
  const [editing, setEditing] = useState(false);

  if (query.isPending) return <FullPageSpin />;
  if (query.isError || !job)
    return (
      <PageContainer title={t('work.menu.jobDetail')}>
        <Alert type="error" showIcon title={errorText(query.error)} />
      </PageContainer>
    );

  const isStudent = hasPermission(me, 'student.self');
  const showRecommend = canRecommend(me, job) && !job.deletedAt;
  const showApplications = hasPermission(me, 'application.read') && !isStudent && !job.deletedAt;
  const available: TabKey[] = [
    'info',
    ...(showRecommend ? (['recommend'] as const) : []),
    ...(showApplications ? (['applications'] as const) : []),
  ];
  const raw = sp.get('tab') as TabKey | null;
  const tab: TabKey = raw && available.includes(raw) ? raw : 'info';
  const content: Record<TabKey, React.ReactNode> = {
    info: <JobInfo job={job} />,
    recommend: <RecommendedStudents job={job} />,
    applications: <JobApplicationsTab job={job} />,
  };

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span data-testid="job-title">{job.title}</span>
          <Tag color={jobStatusColor[job.status]} data-testid="job-status">
            {talentLabel('jobStatus', job.status)}
          </Tag>
          <Tag color="geekblue">{talentLabel('jobKind', job.kind)}</Tag>
          {job.deletedAt && <Tag color="red">{t('work.job.deletedTag')}</Tag>}
        </Space>
      }
      extra={
        <>
          {isStudent && job.status === 'published' && <ApplyButton jobId={job.id} jobTitle={job.title} />}
          {job.canEdit && !job.deletedAt && (
            <>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="job-edit">
                {t('common.edit')}
              </Button>
              {job.status === 'published' ? (
                <Popconfirm
                  title={t('work.job.closeConfirm', { title: job.title })}
                  description={t('work.job.closeHint')}
                  okText={t('work.job.close')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => actions.close(job)}
                >
                  <Button icon={<StopOutlined />} data-testid="job-close">
                    {t('work.job.close')}
                  </Button>
                </Popconfirm>
              ) : (
                <Button
                  type="primary"
                  icon={<CheckCircleOutlined />}
                  loading={actions.busy}
                  onClick={() => actions.publish(job)}
                  data-testid="job-publish"
                >
                  {t('work.job.publish')}
                </Button>
              )}
            </>
          )}
        </>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {job.orgName}
        {job.districtName ? ` · ${job.districtName}` : ''} · {salaryText(job.salaryMin, job.salaryMax)}
      </Typography.Paragraph>
      {available.length === 1 ? (
        content.info
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setSp(k === 'info' ? {} : { tab: k }, { replace: false })}
          items={available.map((k) => ({ key: k, label: t(`work.job.tabs.${k}`), children: content[k] }))}
          destroyOnHidden
          data-testid="job-tabs"
        />
      )}
      {job.canEdit && <JobFormModal open={editing} job={job} onClose={() => setEditing(false)} />}
    </PageContainer>
  );
}
