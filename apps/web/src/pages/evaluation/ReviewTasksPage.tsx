import { WarningOutlined } from '@ant-design/icons';
import { api, type ReviewTask } from '@chanjiao/contracts';
import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { DueDate } from './RoundsPage';
import { AssignmentStatusTag, RoundKindTag, RoundStatusTag, roundOptions } from './roundLabels';

/** 我的评审: the reviewer's assignments, the ones still to score first, overdue ones marked. */
export default function ReviewTasksPage() {
  const { t } = useTranslation();
  const filters: FilterDef[] = [
    {
      kind: 'select',
      key: 'status',
      placeholder: t('evaluation.assign.status'),
      options: roundOptions('assignmentStatus'),
      width: 130,
    },
  ];
  const columns: ColumnsType<ReviewTask> = [
    {
      title: t('evaluation.entry.consortium'),
      dataIndex: 'consortiumName',
      render: (v: string, r) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/evaluation/entries/${r.entryId}`} data-testid="review-task-link">
            {v}
          </Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {r.roundName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('evaluation.round.kind'),
      dataIndex: 'roundKind',
      render: (v: ReviewTask['roundKind']) => <RoundKindTag kind={v} />,
    },
    {
      title: t('evaluation.round.status'),
      dataIndex: 'roundStatus',
      render: (v: ReviewTask['roundStatus']) => <RoundStatusTag status={v} />,
    },
    {
      title: t('evaluation.assign.status'),
      dataIndex: 'status',
      render: (v: ReviewTask['status'], r) => (
        <Space size={4} wrap>
          <AssignmentStatusTag status={v} />
          {r.overdue ? (
            <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }} data-testid="review-overdue">
              {t('evaluation.entry.overdue')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('evaluation.round.reviewDueOn'),
      dataIndex: 'reviewDueOn',
      render: (v: string, r) => <DueDate on={v} pending={r.overdue} />,
    },
    {
      title: t('evaluation.review.submittedAt'),
      dataIndex: 'submittedAt',
      render: (v: string | null) => formatTime(v),
    },
  ];
  return (
    <PageContainer title={t('evaluation.menu.reviews')}>
      <PagedTable
        descriptor={api.listReviewTasks}
        columns={columns}
        rowKey="id"
        searchPlaceholder={t('evaluation.review.search')}
        filters={filters}
        testId="review-tasks-table"
        emptyText={t('evaluation.review.empty')}
      />
    </PageContainer>
  );
}
