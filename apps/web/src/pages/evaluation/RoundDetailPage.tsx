import { CheckOutlined, EditOutlined, StarFilled, WarningOutlined } from '@ant-design/icons';
import { api, type EntryItem, hasPermission, PROVINCE_RECOMMENDATION_CAP, type RoundDetail } from '@chanjiao/contracts';
import { Alert, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useApiQuery } from '../../api/queries';
import { download, request } from '../../api/request';
import { useMe } from '../../api/session';
import { DataTable, QueryError } from '../../components/DataTable';
import { ExportButton } from '../../components/ExportButton';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { formatTime } from '../../components/labels';
import { useRecordName } from '../../components/layout/recordName';
import { PageContainer } from '../../components/PageContainer';
import { FullPageSpin } from '../../components/RequireAuth';
import { useAction } from '../../components/useAction';
import { useErrorText } from '../../components/useShowError';
import { EntryActions, type EntryModalKind } from './EntryActions';
import { AssignModal, ConsolidateModal, DecisionModal, DeductionModal, ReturnModal } from './EntryModals';
import { RoundFormModal } from './RoundFormModal';
import { DueDate } from './RoundsPage';
import {
  DecisionTag,
  EntryStatusTag,
  RoundKindTag,
  RoundStatusTag,
  roundLabel,
  scoreText,
  useRoundsChanged,
} from './roundLabels';

const tabKeys = ['entries', 'points', 'history'] as const;
type TabKey = (typeof tabKeys)[number];
type Modal = { kind: EntryModalKind; entry: EntryItem } | null;

/**
 * 评价轮次详情: the round's settings and the consortia taking part with their progress, scores
 * and results; officials move the round on, assign reviewers, enter deductions, consolidate,
 * mark 推荐 and decide 验收通过 / 撤销; the result sheet, each entry's report and the history.
 */
export default function RoundDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const errorText = useErrorText();
  const me = useMe().data!.user;
  // As on the server: only officials without an organization (市教委/工作专班) run rounds.
  const canManage = hasPermission(me, 'evaluation.manage') && !me.orgId;
  const [sp, setSp] = useSearchParams();
  const query = useApiQuery(api.getEvaluationRound, { params: { id } });
  const r = query.data;
  useRecordName(location.pathname, r?.name);
  const [editing, setEditing] = useState(false);
  const [consolidating, setConsolidating] = useState(false);
  const raw = sp.get('tab');
  const tab: TabKey = tabKeys.includes(raw as TabKey) ? (raw as TabKey) : 'entries';

  if (query.isPending) return <FullPageSpin />;
  if (query.isError || !r)
    return (
      <PageContainer title={t('evaluation.menu.roundDetail')}>
        <Alert type="error" showIcon title={errorText(query.error)} />
      </PageContainer>
    );

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          {r.name}
          <RoundKindTag kind={r.kind} />
          <RoundStatusTag status={r.status} />
        </Space>
      }
      extra={
        <>
          <ExportButton
            testId="round-results-export"
            run={() =>
              download(
                api.exportEvaluationResults,
                { params: { id } },
                `${r.name}-${t('evaluation.round.results')}.xlsx`,
              )
            }
          />
          {canManage ? (
            <RoundActions round={r} onEdit={() => setEditing(true)} onConsolidate={() => setConsolidating(true)} />
          ) : null}
        </>
      }
    >
      <RoundSummary round={r} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp(k === 'entries' ? {} : { tab: k }, { replace: false })}
        items={[
          {
            key: 'entries',
            label: `${t('evaluation.round.entriesTab')} (${r.entries.length})`,
            children: <EntriesTable round={r} canManage={canManage} />,
          },
          {
            key: 'points',
            label: `${t('evaluation.round.pointsTab')} (${r.points.length})`,
            children: <PointsTable round={r} />,
          },
          { key: 'history', label: t('evaluation.round.historyTab'), children: <History id={r.id} /> },
        ]}
        destroyOnHidden
        data-testid="round-tabs"
      />
      {canManage && r.can.edit ? (
        <RoundFormModal open={editing} round={r} onClose={() => setEditing(false)} onDone={() => setEditing(false)} />
      ) : null}
      {canManage ? <ConsolidateModal round={r} open={consolidating} onClose={() => setConsolidating(false)} /> : null}
    </PageContainer>
  );
}

/** The official's buttons that move the round on: 编辑, 开始自评, 开始评审, 汇总评分, 结束. */
function RoundActions({
  round: r,
  onEdit,
  onConsolidate,
}: {
  round: RoundDetail;
  onEdit: () => void;
  onConsolidate: () => void;
}) {
  const { t } = useTranslation();
  const changed = useRoundsChanged();
  const step = useAction(
    (which: 'open' | 'review' | 'close') =>
      request(
        which === 'open'
          ? api.openEvaluationRound
          : which === 'review'
            ? api.startEvaluationReview
            : api.closeEvaluationRound,
        { params: { id: r.id } },
      ),
    { after: changed, done: (next) => t('evaluation.round.moved', { status: roundLabel('roundStatus', next.status) }) },
  );
  const confirm = (which: 'open' | 'review' | 'close', label: string, hint: string, testId: string, primary = true) => (
    <Popconfirm
      title={t('evaluation.round.moveConfirm', { action: label })}
      description={<div style={{ maxWidth: 320 }}>{hint}</div>}
      okText={label}
      cancelText={t('common.cancel')}
      onConfirm={() => step.mutateAsync(which)}
    >
      <Button
        type={primary ? 'primary' : 'default'}
        loading={step.isPending && step.variables === which}
        data-testid={testId}
      >
        {label}
      </Button>
    </Popconfirm>
  );
  return (
    <>
      {r.can.edit ? (
        <Button icon={<EditOutlined />} onClick={onEdit} data-testid="round-edit">
          {t('common.edit')}
        </Button>
      ) : null}
      {r.can.open ? confirm('open', t('evaluation.round.open'), t('evaluation.round.openHint'), 'round-open') : null}
      {r.can.startReview
        ? confirm(
            'review',
            t('evaluation.round.startReview'),
            t('evaluation.round.startReviewHint'),
            'round-start-review',
          )
        : null}
      {r.can.consolidate ? (
        <Button type="primary" icon={<CheckOutlined />} onClick={onConsolidate} data-testid="round-consolidate">
          {t('evaluation.consolidate.title')}
        </Button>
      ) : null}
      {r.can.close
        ? confirm('close', t('evaluation.round.close'), t('evaluation.round.closeHint'), 'round-close', false)
        : null}
    </>
  );
}

function RoundSummary({ round: r }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const overdue = r.entries.filter((e) => e.overdue);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="round-summary">
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
        <Descriptions.Item label={t('evaluation.round.year')}>{r.year}</Descriptions.Item>
        <Descriptions.Item label={t('evaluation.round.framework')}>
          {r.frameworkName} {t('evaluation.framework.versionN', { version: r.frameworkVersion })}
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.round.selfDueOn')}>
          <DueDate on={r.selfDueOn} pending={r.status === 'open' && r.submittedCount < r.entryCount} />
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.round.reviewDueOn')}>
          <DueDate on={r.reviewDueOn} pending={r.status === 'reviewing'} />
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.round.method')} span={{ xs: 1, sm: 2, lg: 2 }}>
          {roundLabel('method', r.method)}
        </Descriptions.Item>
        <Descriptions.Item label={t('evaluation.round.submitted')}>
          <span data-testid="round-submitted">
            {r.submittedCount} / {r.entryCount}
          </span>
        </Descriptions.Item>
        {r.kind === 'recommendation' ? (
          <Descriptions.Item label={t('evaluation.round.recommended')}>
            <span data-testid="round-recommended">
              {r.recommendedCount} / {PROVINCE_RECOMMENDATION_CAP}
            </span>
          </Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('evaluation.round.consolidatedAt')}>
            {formatTime(r.consolidatedAt)}
          </Descriptions.Item>
        )}
      </Descriptions>
      {overdue.length > 0 ? (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          style={{ marginTop: 8 }}
          title={t('evaluation.round.overdueAlert', {
            count: overdue.length,
            names: overdue.map((e) => e.consortiumName).join('、'),
          })}
          data-testid="round-overdue-alert"
        />
      ) : null}
    </Card>
  );
}

function EntriesTable({ round: r, canManage }: { round: RoundDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const _changed = useRoundsChanged();
  const [modal, setModal] = useState<Modal>(null);
  const consolidated = r.status === 'consolidated' || r.status === 'closed';
  const active = r.status === 'open' || r.status === 'reviewing';

  const columns: ColumnsType<EntryItem> = [
    {
      title: t('evaluation.entry.consortium'),
      dataIndex: 'consortiumName',
      render: (v: string, e) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          <Link to={`/evaluation/entries/${e.id}`} data-testid="entry-link">
            {v}
          </Link>
          {e.overdue ? (
            <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineStart: 6 }} data-testid="entry-overdue">
              {t('evaluation.entry.overdue')}
            </Tag>
          ) : null}
        </div>
      ),
    },
    {
      title: t('evaluation.entry.status'),
      dataIndex: 'status',
      render: (v: EntryItem['status']) => <EntryStatusTag status={v} />,
    },
    {
      title: t('evaluation.entry.submittedAt'),
      dataIndex: 'submittedAt',
      render: (v: string | null) =>
        v ? formatTime(v) : <Typography.Text type="secondary">{t('evaluation.entry.notSubmitted')}</Typography.Text>,
    },
    {
      title: t('evaluation.entry.selfTotal'),
      dataIndex: 'selfTotal',
      align: 'right',
      render: (v: number) => scoreText(v),
    },
    {
      title: t('evaluation.entry.flags'),
      dataIndex: 'flagCount',
      render: (n: number) =>
        n > 0 ? (
          <Tag color="orange" icon={<WarningOutlined />}>
            {t('evaluation.entry.flagsN', { count: n })}
          </Tag>
        ) : (
          '—'
        ),
    },
    {
      title: t('evaluation.entry.reviews'),
      key: 'reviews',
      render: (_, e) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="entry-reviews">
          {e.reviewsSubmitted} / {e.reviewerCount}
        </span>
      ),
    },
    {
      title: t('evaluation.entry.total'),
      dataIndex: 'total',
      align: 'right',
      render: (v: number | null) => (
        <Typography.Text strong data-testid="entry-total">
          {scoreText(v)}
        </Typography.Text>
      ),
    },
    {
      title: t('evaluation.entry.result'),
      key: 'result',
      render: (_, e) => (
        <Space size={4} wrap>
          {e.resultLabel ? <span data-testid="entry-result">{e.resultLabel}</span> : '—'}
          {e.rank ? (
            <Typography.Text type="secondary">{t('evaluation.entry.rankN', { rank: e.rank })}</Typography.Text>
          ) : null}
          {e.recommended ? (
            <Tag color="gold" icon={<StarFilled />} data-testid="entry-recommended">
              {t('evaluation.recommend.tag')}
            </Tag>
          ) : null}
          {e.decision ? <DecisionTag decision={e.decision} /> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, e) => (
        <Space size={0} wrap style={{ minWidth: 120 }}>
          <EntryActions
            inTable
            entry={e}
            can={{
              assign: canManage && active,
              deduct: canManage && active,
              return: canManage && r.status === 'open' && e.status === 'submitted',
              recommend: canManage && consolidated && r.kind === 'recommendation',
              decide: canManage && consolidated && r.kind === 'acceptance' && !e.decision,
            }}
            onOpen={(kind) => setModal({ kind, entry: e })}
          />
        </Space>
      ),
    },
  ];

  return (
    <>
      <DataTable<EntryItem>
        query={{ isLoading: false, isFetching: false }}
        rowKey="id"
        columns={columns}
        dataSource={r.entries}
        emptyText={canManage ? t('evaluation.entry.emptyManage') : t('evaluation.entry.empty')}
        pagination={r.entries.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={(e) => ({ style: e.overdue ? { background: '#fff1f0' } : undefined })}
        testId="entries-table"
      />
      <AssignModal entry={modal?.kind === 'assign' ? modal.entry : null} onClose={() => setModal(null)} />
      <DeductionModal entry={modal?.kind === 'deduct' ? modal.entry : null} onClose={() => setModal(null)} />
      <ReturnModal entry={modal?.kind === 'return' ? modal.entry : null} onClose={() => setModal(null)} />
      <DecisionModal round={r} entry={modal?.kind === 'decide' ? modal.entry : null} onClose={() => setModal(null)} />
    </>
  );
}

type PointRow = RoundDetail['points'][number];

/** The observation points of the pinned version with their weights (the round never sees a later version). */
function PointsTable({ round: r }: { round: RoundDetail }) {
  const { t } = useTranslation();
  const columns: ColumnsType<PointRow> = [
    {
      title: t('evaluation.point.code'),
      dataIndex: 'pointCode',
      width: 80,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('evaluation.point.groupName'),
      dataIndex: 'groupName',
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span>,
    },
    {
      title: t('evaluation.point.name'),
      dataIndex: 'name',
      render: (v: string) => <div style={{ minWidth: 240, maxWidth: 560, whiteSpace: 'normal' }}>{v}</div>,
    },
    {
      title: t('evaluation.point.weight'),
      dataIndex: 'weight',
      align: 'right',
      render: (v: number, p) =>
        p.kind === 'deduction' ? <Tag color="red">{t('evaluation.point.deductionWeight', { weight: v })}</Tag> : v,
    },
  ];
  return (
    <Table<PointRow>
      rowKey="pointCode"
      size="small"
      columns={columns}
      dataSource={r.points}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evaluation.detail.empty')} /> }}
    />
  );
}

/** 历史记录: every change of the round and its entries, newest first. */
function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const history = useApiQuery(api.evaluationRoundHistory, { params: { id } });
  const items = history.data?.items ?? [];
  if (history.isError) return <QueryError query={history} retry />;
  if (history.isPending) return <Card loading size="small" />;
  const timeline = (
    <HistoryTimeline
      testId="round-history"
      emptyText={t('evaluation.round.noHistory')}
      steps={items.map((e) => ({
        id: e.id,
        at: e.at,
        title: e.kindLabel,
        tag: e.consortiumName,
        actorName: e.actorName,
        note: e.note,
      }))}
    />
  );
  return items.length === 0 ? timeline : <Card size="small">{timeline}</Card>;
}
