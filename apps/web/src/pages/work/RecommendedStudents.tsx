import { ReloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { api, hasPermission, type JobItem, type StudentRecommendation } from '@chanjiao/contracts';
import { Alert, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/queries';
import { request } from '../../api/request';
import { useMe } from '../../api/session';
import { DataTable, QueryError } from '../../components/DataTable';
import { useAction } from '../../components/useAction';
import { useApplicationsChanged } from './applications';
import { FactorTags, reasonOf, ScoreBar } from './MatchExplain';
import { talentLabel } from './talentLabels';

/** The student card of a recommendation: school, major, level, graduation, district, skills (the job's in colour). */
function StudentCard({ r, jobSkills }: { r: StudentRecommendation; jobSkills: Set<string> }) {
  const { t } = useTranslation();
  const s = r.student;
  return (
    <div style={{ minWidth: 220, maxWidth: 340, whiteSpace: 'normal' }} data-testid="rec-student">
      <Typography.Text strong>{s.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {s.schoolName}
      </Typography.Text>
      <Typography.Text style={{ display: 'block', fontSize: 12 }}>
        {s.majorName ?? s.majorCode}（{s.majorCode}）· {talentLabel('level', s.level)}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {s.expectedGraduation ? t('work.graduates', { month: s.expectedGraduation }) : t('work.graduationUnknown')}
        {s.districtName ? ` · ${s.districtName}` : ''}
        {s.internshipAvailable ? ` · ${t('work.rec.internshipOk')}` : ''}
      </Typography.Text>
      {(s.skills.length > 0 || s.certificates.length > 0) && (
        <Flex wrap gap={4} style={{ marginTop: 4 }}>
          {s.skills.map((k) => (
            <Tag key={k} color={jobSkills.has(k) ? 'cyan' : undefined} style={{ marginInlineEnd: 0, fontSize: 12 }}>
              {k}
            </Tag>
          ))}
          {s.certificates.map((c) => (
            <Tag key={c} color="purple" bordered={false} style={{ marginInlineEnd: 0, fontSize: 12 }}>
              {c}
            </Tag>
          ))}
        </Flex>
      )}
    </div>
  );
}

/**
 * 推荐学生: the matching engine's top 20 consenting students for the job, best first, each with its
 * score, the points per factor and the reason; the job's enterprise invites them (邀请投递).
 */
export function RecommendedStudents({ job }: { job: JobItem }) {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  const changed = useApplicationsChanged();
  const recs = useApiQuery(api.recommendStudents, { params: { id: job.id }, query: { k: 20 } });
  const canInvite = hasPermission(me, 'application.write') && me.roles.includes('enterprise') && me.orgId === job.orgId;
  const apps = useApiQuery(
    api.listApplications,
    { query: { jobId: job.id, pageSize: 200 } },
    { enabled: canInvite && hasPermission(me, 'application.read') },
  );
  const engaged = new Map<string, string>();
  for (const a of apps.data?.items ?? [])
    if (a.stage !== 'withdrawn' && a.stage !== 'rejected') engaged.set(a.studentId, a.stage);
  const invite = useAction(
    (r: StudentRecommendation) => request(api.apply, { body: { jobId: job.id, studentId: r.student.id } }),
    {
      after: () => changed(),
      done: (a) => t('work.rec.invited', { name: a.studentName }),
    },
  );
  const jobSkills = new Set(job.skills);
  const published = job.status === 'published';

  const columns: ColumnsType<StudentRecommendation> = [
    {
      title: '#',
      key: 'rank',
      width: 48,
      render: (_, __, i) => <Typography.Text type="secondary">{i + 1}</Typography.Text>,
    },
    { title: t('work.rec.student'), key: 'student', render: (_, r) => <StudentCard r={r} jobSkills={jobSkills} /> },
    { title: t('work.rec.score'), key: 'score', render: (_, r) => <ScoreBar m={r} /> },
    {
      title: t('work.rec.why'),
      key: 'why',
      render: (_, r) => (
        <Flex vertical gap={6} style={{ minWidth: 220, maxWidth: 320 }}>
          <Typography.Text data-testid="rec-reason" style={{ whiteSpace: 'normal' }}>
            {reasonOf(r) || t('work.rec.noReason')}
          </Typography.Text>
          <FactorTags factors={r.factors} />
        </Flex>
      ),
    },
  ];
  if (canInvite)
    columns.push({
      title: t('common.actions'),
      key: 'invite',
      render: (_, r) => {
        const stage = engaged.get(r.student.id);
        if (stage)
          return (
            <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid={`invited-${r.student.id}`}>
              {t('work.rec.engaged', { stage: talentLabel('stage', stage) })}
            </Tag>
          );
        return (
          <Popconfirm
            title={t('work.rec.inviteConfirm', { name: r.student.name })}
            description={t('work.rec.inviteHint')}
            okText={t('work.rec.invite')}
            cancelText={t('common.cancel')}
            disabled={!published}
            onConfirm={() => invite.mutateAsync(r).catch(() => undefined)}
          >
            <Button
              size="small"
              icon={<UserAddOutlined />}
              disabled={!published}
              title={published ? undefined : t('work.rec.publishFirst')}
              data-testid={`invite-${r.student.id}`}
            >
              {t('work.rec.invite')}
            </Button>
          </Popconfirm>
        );
      },
    });

  const data = recs.data;
  return (
    <Card
      size="small"
      title={t('work.rec.title')}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void recs.refetch()} loading={recs.isFetching}>
          {t('work.rec.refresh')}
        </Button>
      }
      data-testid="job-recommendations"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('work.rec.explain')}
        {data ? ` ${t('work.rec.asOf', { month: data.asOf })}` : ''}
      </Typography.Paragraph>
      {canInvite && !published && (
        <Alert type="info" showIcon title={t('work.rec.publishFirst')} style={{ marginBottom: 12 }} />
      )}
      <QueryError query={recs} retry />
      <DataTable<StudentRecommendation>
        rowKey={(r) => r.student.id}
        columns={columns}
        dataSource={data?.items ?? []}
        query={recs}
        pagination={false}
        emptyText={t('work.rec.empty')}
        testId="rec-table"
      />
    </Card>
  );
}
