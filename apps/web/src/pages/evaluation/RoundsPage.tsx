import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { api, hasPermission, type RoundItem } from '@chanjiao/contracts';
import { Button, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { download } from '../../api/request';
import { useMe } from '../../api/session';
import { ExportButton } from '../../components/ExportButton';
import { PageContainer } from '../../components/PageContainer';
import type { FilterDef } from '../../components/paged/FilterBar';
import { PagedTable } from '../../components/paged/PagedTable';
import { exportQuery } from '../../components/paged/usePagedQuery';
import { RoundFormModal } from './RoundFormModal';
import { RoundKindTag, RoundStatusTag, roundOptions } from './roundLabels';

/** A due date, red once it has passed while the round still waits for it. */
export function DueDate({ on, pending }: { on: string; pending: boolean }) {
  const late = pending && dayjs(on).isBefore(dayjs(), 'day');
  return (
    <Typography.Text type={late ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {on}
    </Typography.Text>
  );
}

/**
 * 评价轮次: the rounds the caller may see (officials all; secretariats those their consortium takes
 * part in; reviewers those they review), with filters and export; officials create rounds.
 */
export default function RoundsPage() {
  const { t } = useTranslation();
  const me = useMe().data!.user;
  // As on the server: only officials without an organization (市教委/工作专班) run rounds.
  const canManage = hasPermission(me, 'evaluation.manage') && !me.orgId;
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const thisYear = dayjs().year();

  const filters: FilterDef[] = [
    { kind: 'select', key: 'kind', placeholder: t('evaluation.round.kind'), options: roundOptions('roundKind') },
    {
      kind: 'select',
      key: 'status',
      placeholder: t('evaluation.round.status'),
      options: roundOptions('roundStatus'),
      width: 120,
    },
    {
      kind: 'select',
      key: 'year',
      placeholder: t('evaluation.round.year'),
      options: [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map((y) => ({
        value: String(y),
        label: String(y),
      })),
      width: 100,
    },
  ];

  const columns: ColumnsType<RoundItem> = [
    {
      title: t('evaluation.round.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/evaluation/rounds/${r.id}`} data-testid="round-link">
            {v}
          </Link>
        </div>
      ),
    },
    {
      title: t('evaluation.round.kind'),
      dataIndex: 'kind',
      render: (v: RoundItem['kind']) => <RoundKindTag kind={v} />,
    },
    { title: t('evaluation.round.year'), dataIndex: 'year' },
    {
      title: t('evaluation.round.status'),
      dataIndex: 'status',
      render: (v: RoundItem['status']) => <RoundStatusTag status={v} />,
    },
    {
      title: t('evaluation.round.framework'),
      key: 'framework',
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.frameworkName}{' '}
          <Typography.Text type="secondary">
            {t('evaluation.framework.versionN', { version: r.frameworkVersion })}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('evaluation.round.selfDueOn'),
      dataIndex: 'selfDueOn',
      render: (v: string, r) => <DueDate on={v} pending={r.status === 'open' && r.submittedCount < r.entryCount} />,
    },
    {
      title: t('evaluation.round.reviewDueOn'),
      dataIndex: 'reviewDueOn',
      render: (v: string, r) => <DueDate on={v} pending={r.status === 'reviewing'} />,
    },
    {
      title: t('evaluation.round.submitted'),
      key: 'submitted',
      align: 'right',
      render: (_, r) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {r.submittedCount} / {r.entryCount}
        </span>
      ),
    },
    {
      title: t('evaluation.round.overdue'),
      dataIndex: 'overdueCount',
      render: (n: number) =>
        n > 0 ? (
          <Tag color="red" icon={<WarningOutlined />} data-testid="round-overdue">
            {t('evaluation.round.overdueN', { count: n })}
          </Tag>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <PageContainer
      title={t('evaluation.menu.rounds')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="round-create">
            {t('evaluation.round.create')}
          </Button>
        ) : null
      }
    >
      <PagedTable
        descriptor={api.listEvaluationRounds}
        columns={columns}
        rowKey="id"
        searchPlaceholder={t('evaluation.round.search')}
        filters={filters}
        testId="rounds-table"
        emptyText={canManage ? t('evaluation.round.emptyManage') : t('evaluation.round.empty')}
        emptyAction={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('evaluation.round.create')}
            </Button>
          ) : null
        }
        actions={(state) => (
          <ExportButton
            testId="rounds-export"
            run={() =>
              download(api.exportEvaluationRounds, { query: exportQuery(state) }, `${t('evaluation.menu.rounds')}.xlsx`)
            }
          />
        )}
      />
      {canManage ? (
        <RoundFormModal
          open={creating}
          round={null}
          onClose={() => setCreating(false)}
          onDone={(r) => {
            setCreating(false);
            navigate(`/evaluation/rounds/${r.id}`);
          }}
        />
      ) : null}
    </PageContainer>
  );
}
