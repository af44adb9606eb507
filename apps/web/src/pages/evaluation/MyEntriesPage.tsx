import { WarningOutlined } from '@ant-design/icons';
import { api, type EntryItem } from '@chanjiao/contracts';
import { Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTime } from '../../components/labels';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { DueDate } from './RoundsPage';
import { DecisionTag, EntryStatusTag, RoundKindTag, roundOptions, scoreText } from './roundLabels';

/** 本联合体自评: the secretariat's entries in every round, the ones to fill first. */
export default function MyEntriesPage() {
  const { t } = useTranslation();
  const filters: FilterDef[] = [
    {
      kind: 'select',
      key: 'status',
      placeholder: t('evaluation.entry.status'),
      options: roundOptions('entryStatus'),
      width: 130,
    },
    {
      kind: 'segmented',
      key: 'overdue',
      options: [
        { value: 'all', label: t('evaluation.entry.all') },
        { value: 'true', label: t('evaluation.entry.overdue') },
      ],
    },
  ];
  const columns: ColumnsType<EntryItem> = [
    {
      title: t('evaluation.entry.round'),
      dataIndex: 'roundName',
      render: (v: string, e) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/evaluation/entries/${e.id}`} data-testid="my-entry-link">
            {v}
          </Link>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {e.consortiumName}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('evaluation.round.kind'),
      dataIndex: 'roundKind',
      render: (v: EntryItem['roundKind']) => <RoundKindTag kind={v} />,
    },
    {
      title: t('evaluation.entry.status'),
      dataIndex: 'status',
      render: (v: EntryItem['status'], e) => (
        <Space size={4} wrap>
          <EntryStatusTag status={v} />
          {e.overdue ? (
            <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
              {t('evaluation.entry.overdue')}
            </Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('evaluation.round.selfDueOn'),
      dataIndex: 'selfDueOn',
      render: (v: string, e) => <DueDate on={v} pending={e.overdue} />,
    },
    { title: t('evaluation.entry.submittedAt'), dataIndex: 'submittedAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('evaluation.entry.selfTotal'),
      dataIndex: 'selfTotal',
      align: 'right',
      render: (v: number) => scoreText(v),
    },
    {
      title: t('evaluation.entry.total'),
      dataIndex: 'total',
      align: 'right',
      render: (v: number | null) => scoreText(v),
    },
    {
      title: t('evaluation.entry.result'),
      key: 'result',
      render: (_, e) => (
        <Space size={4} wrap>
          {e.resultLabel ?? '—'}
          {e.decision ? <DecisionTag decision={e.decision} /> : null}
        </Space>
      ),
    },
  ];
  return (
    <PageContainer title={t('evaluation.menu.myEntries')}>
      <PagedTable
        descriptor={api.listEvaluationEntries}
        columns={columns}
        rowKey="id"
        searchPlaceholder={t('evaluation.entry.search')}
        filters={filters}
        testId="my-entries-table"
        emptyText={t('evaluation.entry.emptyMine')}
      />
    </PageContainer>
  );
}
